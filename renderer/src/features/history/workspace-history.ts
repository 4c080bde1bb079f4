// Undo and redo in the workspace window: the workspace's history in main, shared by
// every window on this file. The commands' labels say what the next undo or redo will
// do, and follow history:onHistoryChanged; Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z) and Edit ▸
// Undo / Redo from the application menu run them too.

import type { EventPayload, RosterApi } from '../../../../main/app/common/roster-api.js';
import { settle } from '../../kernel/api.js';
import type { Disposables } from '../../kernel/disposables.js';
import { isCommand, isInDialog } from '../../kernel/dom.js';
import type { Toaster } from '../../kernel/toast.js';
import type { Commands } from '../../kernel/commands.js';

type HistoryState = EventPayload<'history:onHistoryChanged'>;

/** What an undo or redo did ("undo", "Delete 5 people"). */
interface HistoryStepOutcome {
  readonly action: 'undo' | 'redo';
  readonly label: string;
}

export interface HistoryOptions {
  readonly api: RosterApi;
  /** The window's owner: the keys and subscriptions go when it closes. */
  readonly owner: Disposables;
  readonly commands: Commands;
  readonly toaster: Toaster;
  /** An undo or redo changed the people: show them again. */
  refresh(): void;
  /** Told when an undo or redo from this window succeeded (after refresh): where focus goes next is its business. */
  readonly follower?: { afterHistoryStep(outcome: HistoryStepOutcome): void };
}

export interface WorkspaceHistory {
  /**
   * Reads the history's state from main now: an action's reply can overtake the event
   * that announces its new step, and an Undo pressed in between must not find nothing.
   */
  sync(): Promise<string | null>;
  /**
   * Undo or redo straight in main, whose history decides (the keys use this): the
   * window's copy of the history may be a moment behind a change just made in another
   * window, and a key must not be dropped.
   */
  step(action: 'undo' | 'redo'): Promise<void>;
}

/** Registers the undo and redo commands and keeps their labels up to date. */
export function installHistory(options: HistoryOptions): WorkspaceHistory {
  const { api, owner, commands, toaster } = options;
  let history: HistoryState = { undoLabel: null, redoLabel: null };
  const setHistory = (state: HistoryState): void => {
    history = state;
    commands.changed();
  };
  async function step(action: 'undo' | 'redo'): Promise<void> {
    const result = await settle(action === 'undo' ? api.history.undo() : api.history.redo());
    if (result.ok) {
      toaster.show({ message: `${action === 'undo' ? 'Undone' : 'Redone'}: ${result.data.label}.`, timeout: 4000 });
      options.refresh();
      options.follower?.afterHistoryStep(result.data);
    } else if (result.error.code === 'NOTHING_TO_UNDO') {
      // Long enough to read "…Undo the move in the window of “Club”." too.
      toaster.show({ message: result.error.message, timeout: 6000 });
    } else {
      toaster.show({ message: result.error.message, tone: 'error' });
    }
  }
  commands.register('undo', {
    label: () => (history.undoLabel ? `Undo ${history.undoLabel}` : 'Undo'),
    keys: { label: 'Ctrl+Z', aria: 'Control+Z' },
    enabled: () => history.undoLabel !== null,
    run: () => void step('undo'),
  });
  commands.register('redo', {
    label: () => (history.redoLabel ? `Redo ${history.redoLabel}` : 'Redo'),
    keys: { label: 'Ctrl+Shift+Z', aria: 'Control+Shift+Z' },
    enabled: () => history.redoLabel !== null,
    run: () => void step('redo'),
  });
  owner.add(api.history.onHistoryChanged(setHistory));
  // Edit ▸ Undo / Redo from the application menu: a focused text field's own undo,
  // otherwise the workspace's history (the same split as the keys). The add field
  // right after an add hands its Undo to the history, as its Ctrl+Z does (add-person.ts).
  owner.add(
    api.app.onMenuCommand(({ command }) => {
      const focused = document.activeElement;
      const ownUndo = !(command === 'undo' && focused instanceof HTMLElement && focused.dataset['undoIsWindows'] === 'true');
      if ((focused instanceof HTMLInputElement || focused instanceof HTMLTextAreaElement) && ownUndo) document.execCommand(command);
      else commands.run(command);
    }),
  );
  installHistoryKeys(owner, step);
  /** Returns what Undo would now undo (its label), or null. */
  const sync = async (): Promise<string | null> => {
    const result = await settle(api.history.history());
    if (result.ok) setHistory(result.data);
    return history.undoLabel;
  };
  void sync();
  return { sync, step };
}

function installHistoryKeys(owner: Disposables, step: (action: 'undo' | 'redo') => Promise<void>): void {
  owner.listen(document, 'keydown', (event) => {
    // A modal dialog (the import preview) handles its own keys; nothing behind it runs.
    if (event.defaultPrevented || isInDialog(event.target)) return;
    const key = event.key.toLowerCase();
    if (!isCommand(event) || event.altKey || (key !== 'z' && key !== 'y')) return;
    // In a text field, Ctrl+Z is that field's own undo. Anywhere else it is Roster's,
    // and never the browser's text undo, which would edit a field nobody is looking at.
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    event.preventDefault();
    // Straight to main, whose history decides: the window's copy of it may be a moment
    // behind a change just made in another window, and a key must not be dropped.
    void step(key === 'y' || event.shiftKey ? 'redo' : 'undo');
  });
}
