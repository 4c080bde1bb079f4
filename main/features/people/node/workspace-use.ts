// Using a workspace from a command, as the app's windows do: a lease from the shared
// connections and, once the command's work succeeded, the list of workspaces told it
// was used, so that `workspace list` (and the launcher) sort it by its last use whether
// that was in the app or here. A command that fails writes nothing, not even that.
// Only a workspace already in the list is marked; a command never adds one to it.
// `migrate` and `people find` go through every workspace of the list and do not count
// as use (they would make every entry "last opened" at once).

import { PersonService } from './person-service.js';
import type { RosterCommandContext, RosterContext } from '../../catalog/node/roster-context.js';
import type { WorkspaceLease } from '../../workspace/node/workspace-connections.js';

/** Marks the listed workspace at `path` as just used. Never fails the command. */
function markUsed(roster: RosterContext, path: string): void {
  try {
    const entry = roster.catalog.findByPath(path);
    if (entry) roster.catalog.touch(entry.id);
  } catch {
    // The list being busy or read-only must not fail a command that did its work.
  }
}

/** Runs `task` with a lease on the workspace at `path`; counts as a use of it when `task` succeeds. */
export async function useWorkspace<T>(
  context: RosterCommandContext,
  path: string,
  task: (lease: WorkspaceLease) => Promise<T>,
): Promise<T> {
  const roster = context.roster();
  const lease = await roster.connections.acquire(path);
  try {
    const result = await task(lease);
    markUsed(roster, lease.path);
    return result;
  } finally {
    await lease.release();
  }
}

/** Runs `task` with the people of the workspace at `path`, then lets the workspace go. */
export function withPeople<T>(context: RosterCommandContext, path: string, task: (people: PersonService) => Promise<T>): Promise<T> {
  return useWorkspace(context, path, (lease) => task(new PersonService(lease)));
}
