// Every keyboard shortcut of Roster's two windows, declared once. The keyboard-help
// sheet (keyboard-help.ts) lists a window's entries and the workspace window's shortcut
// bar (shortcut-hints.ts) shows those marked `bar`, so the two cannot disagree. The key
// handlers themselves stay next to what they drive; a key added there belongs here too.

/** Which window a shortcut works in. */
export type ShortcutWindow = 'workspace' | 'launcher';

export interface Shortcut {
  /** The keys as shown ("Ctrl Shift F"); alternatives are separate entries of `keys`. */
  readonly keys: readonly string[];
  /** What it does, short enough for the bar ("rename"). */
  readonly label: string;
  readonly where: ShortcutWindow;
  /** Shown in the workspace window's shortcut bar too. */
  readonly bar?: boolean;
}

const WORKSPACE: readonly Omit<Shortcut, 'where'>[] = [
  { keys: ['↑ ↓'], label: 'move', bar: true },
  { keys: ['Shift ↑ ↓'], label: 'select', bar: true },
  { keys: ['Page Up', 'Page Down'], label: 'move a page' },
  { keys: ['Home', 'End'], label: 'first or last person' },
  { keys: ['Space'], label: 'select or unselect' },
  { keys: ['Ctrl A'], label: 'select all' },
  { keys: ['Enter', 'F2'], label: 'rename', bar: true },
  { keys: ['Delete', 'Backspace'], label: 'delete', bar: true },
  { keys: ['Ctrl C'], label: 'copy', bar: true },
  { keys: ['Ctrl V'], label: 'paste names' },
  { keys: ['Ctrl Z'], label: 'undo', bar: true },
  { keys: ['Ctrl Y', 'Ctrl Shift Z'], label: 'redo' },
  { keys: ['Ctrl F', '/'], label: 'search', bar: true },
  { keys: ['Ctrl N'], label: 'add', bar: true },
  { keys: ['Ctrl Shift D'], label: 'likely duplicates (names held more than once)' },
  { keys: ['Shift F10', 'Menu'], label: 'menu', bar: true },
  { keys: ['Escape'], label: 'clear the add field or the selection, cancel an import or export' },
  { keys: ['F1', '?'], label: 'help', bar: true },
];

const LAUNCHER: readonly Omit<Shortcut, 'where'>[] = [
  { keys: ['Ctrl N'], label: 'new workspace' },
  { keys: ['Ctrl O'], label: 'open a workspace file' },
  { keys: ['Ctrl F'], label: 'filter the list' },
  { keys: ['Ctrl Shift F'], label: 'find a person in all workspaces' },
  { keys: ['↑ ↓'], label: 'move between workspaces' },
  { keys: ['Shift F10', 'Menu'], label: 'actions for a workspace' },
  { keys: ['F2'], label: 'rename a workspace' },
  { keys: ['Ctrl Z'], label: 'undo the last removal or deletion' },
  { keys: ['Escape'], label: 'close a panel or clear the find' },
  { keys: ['F1', '?'], label: 'keyboard help' },
];

/** The shortcuts of one window, in the order the sheet lists them. */
export function shortcutsFor(where: ShortcutWindow): readonly Shortcut[] {
  return (where === 'workspace' ? WORKSPACE : LAUNCHER).map((shortcut) => ({ ...shortcut, where }));
}
