// What the workspace window gets from likely duplicates: the "Duplicates…" button that
// opens the view (and its shortcut, Ctrl+Shift+D, listed in shortcuts.ts), showing a
// person of a group in the table, and the add field's "Already here" note.

import type { RosterApi } from '../../../../main/app/common/roster-api.js';
import { settle } from '../../kernel/api.js';
import type { Disposables } from '../../kernel/disposables.js';
import { h, isCommand, isInDialog } from '../../kernel/dom.js';
import type { Field } from '../../kernel/field.js';
import type { Toaster } from '../../kernel/toast.js';
import type { WorkspaceHistory } from '../history/workspace-history.js';
import type { PeopleTable } from '../people/people-table.js';
import { openDuplicatesView } from './duplicates-view.js';
import { SameNameNote } from './same-name-note.js';

/** The toolbar's "Duplicates…" button; made first, so the window can place it before the rest exists. */
export function duplicatesButton(): HTMLButtonElement {
  return h('button', { type: 'button', 'aria-keyshortcuts': 'Control+Shift+D', 'data-testid': 'duplicates-button' }, 'Duplicates…');
}

/** What every part of the window shares. */
interface WindowShell {
  readonly api: RosterApi;
  readonly owner: Disposables;
  readonly toaster: Toaster;
  readonly announce: (message: string) => void;
}

export interface DuplicatesParts {
  /** From duplicatesButton(). */
  readonly button: HTMLButtonElement;
  readonly table: PeopleTable;
  /** The add field, which gets the note. */
  readonly addField: Field;
  /** The window's undo history: Undo in the view is the window's Undo. */
  readonly history: WorkspaceHistory;
  /** People were deleted from the view: show the table again. */
  refresh(): void;
  /** Empties the search box, so everyone is listed again. */
  clearSearch(): void;
}

/** Installs the note, the key and the button. */
export function installDuplicates(shell: WindowShell, parts: DuplicatesParts): void {
  const { api, owner } = shell;
  const note = new SameNameNote({ api, owner, input: parts.addField.input, announce: shell.announce });
  parts.addField.element.append(note.element);

  const open = (): void =>
    openDuplicatesView({
      api,
      undo: () => parts.history.step('undo'),
      changed: () => {
        parts.refresh();
        void parts.history.sync();
      },
      reveal: (id) => void reveal(shell, parts, id),
    });
  owner.listen(parts.button, 'click', open);
  owner.listen(document, 'keydown', (event) => {
    if (event.defaultPrevented || isInDialog(event.target) || !isCommand(event) || !event.shiftKey || event.altKey) return;
    if (event.key.toLowerCase() !== 'd') return;
    event.preventDefault();
    open();
  });
}

/** Shows the person in the table, in its current order, selected (as the launcher's find does). */
async function reveal(shell: WindowShell, parts: DuplicatesParts, id: number): Promise<void> {
  parts.clearSearch();
  const { sort, direction } = parts.table.query;
  const position = await settle(shell.api.find.position({ id, sort, direction }));
  if (!position.ok) shell.toaster.show({ message: position.error.message });
  else if (position.data === null) shell.toaster.show({ message: 'That person is no longer in this workspace.' });
  else parts.table.reveal(position.data);
}
