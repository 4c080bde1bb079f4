// The workspace window's own keys: Ctrl+F searches, Ctrl+N adds, "/" jumps to the
// search box, Escape cancels what is running (an import or export, then an action on
// the selection). Undo and redo keys are the history's (workspace-history.ts).

import type { Commands } from '../../kernel/commands.js';
import type { Disposables } from '../../kernel/disposables.js';
import { isCommand, isInDialog } from '../../kernel/dom.js';

/** Something that runs for a while and can be cancelled. */
interface CancellableJob {
  readonly running: boolean;
  cancel(): void;
}

export interface WorkspaceKeysOptions {
  readonly owner: Disposables;
  readonly commands: Commands;
  readonly focusSearch: () => void;
  /** A control that keeps "/" for itself (the sort control): no jump to the search box from it. */
  readonly ownsSlash: HTMLElement;
  /** Escape cancels the first of these that runs. */
  readonly jobs: readonly CancellableJob[];
}

export function installWorkspaceKeys(options: WorkspaceKeysOptions): void {
  const { commands } = options;
  options.owner.listen(document, 'keydown', (event) => {
    // A modal dialog (the import preview) handles its own keys; nothing behind it runs.
    if (event.defaultPrevented || isInDialog(event.target)) return;
    const target = event.target;
    const inText = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
    const key = event.key.toLowerCase();
    if (isCommand(event) && !event.shiftKey && !event.altKey) {
      if (key === 'f') {
        event.preventDefault();
        commands.run('find');
      } else if (key === 'n') {
        event.preventDefault();
        commands.run('add');
      }
    } else if (event.key === '/' && !inText && target !== options.ownsSlash) {
      event.preventDefault();
      options.focusSearch();
    } else if (event.key === 'Escape') {
      options.jobs.find((job) => job.running)?.cancel();
    }
  });
}
