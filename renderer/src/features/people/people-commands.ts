// The workspace window's commands on the grid itself: rename, select all, clear the
// selection, find (the search box) and add (the add field). Actions on the selection
// are bulk-actions.ts's, copy is workspace-clipboard.ts's, undo and redo the history's.

import type { Commands } from '../../kernel/commands.js';
import type { PeopleTable } from './people-table.js';

export interface PeopleCommandTargets {
  readonly table: PeopleTable;
  /** Focuses the search box with its text selected. */
  findPeople(): void;
  /** Focuses the add field. */
  addPerson(): void;
}

export function registerPeopleCommands(commands: Commands, { table, findPeople, addPerson }: PeopleCommandTargets): void {
  commands.register('rename', {
    label: () => 'Rename',
    keys: { label: 'F2', aria: 'F2' },
    enabled: () => table.activePerson !== undefined && !table.editing,
    run: () => table.startEditActive(),
  });
  commands.register('select-all', {
    label: () => 'Select all',
    keys: { label: 'Ctrl+A', aria: 'Control+A' },
    enabled: () => (table.count ?? 0) > 0,
    run: () => table.selectAll(),
  });
  commands.register('clear-selection', {
    label: () => 'Clear selection',
    enabled: () => table.selectionSize > 0,
    run: () => table.clearSelection(),
  });
  commands.register('find', { label: () => 'Find', keys: { label: 'Ctrl+F', aria: 'Control+F' }, enabled: () => true, run: findPeople });
  commands.register('add', {
    label: () => 'Add a person',
    keys: { label: 'Ctrl+N', aria: 'Control+N' },
    enabled: () => true,
    run: addPerson,
  });
}
