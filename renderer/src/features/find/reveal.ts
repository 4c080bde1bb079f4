// Showing a person the launcher's find opened. Main asks the window
// (find:onRevealRequested) and keeps the person until the window takes it
// (find:takeReveal), so a window that is still loading learns it when it first
// asks. The window clears its search, asks where the person is in its current order
// (find:position), scrolls there and selects that person alone.

import { roster, settle } from '../../kernel/api.js';
import type { Disposables } from '../../kernel/disposables.js';
import type { PeopleTable } from '../people/people-table.js';

export interface RevealOptions {
  /** The window's owner: the window stops listening for requests when it closes. */
  readonly owner: Disposables;
  readonly table: PeopleTable;
  /** Empties the search box, so everyone is listed again. */
  clearSearch(): void;
  notify(message: string): void;
}

export function installReveal(options: RevealOptions): void {
  const api = roster().find;
  let asking = false;
  let askAgain = false;
  const ask = async (): Promise<void> => {
    if (asking) {
      askAgain = true;
      return;
    }
    asking = true;
    try {
      const taken = await settle(api.takeReveal());
      if (!taken.ok || taken.data === null) return;
      options.clearSearch();
      const { sort, direction } = options.table.query;
      const position = await settle(api.position({ id: taken.data.id, sort, direction }));
      if (!position.ok) options.notify(position.error.message);
      else if (position.data === null) options.notify('That person is no longer in this workspace.');
      else options.table.reveal(position.data);
    } finally {
      asking = false;
      if (askAgain) {
        askAgain = false;
        void ask();
      }
    }
  };
  options.owner.add(api.onRevealRequested(() => void ask()));
  void ask();
}
