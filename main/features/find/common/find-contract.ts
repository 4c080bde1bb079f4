// The shapes of "Find a person in every workspace": what the launcher asks,
// the groups main streams back (one per catalogued workspace), and what a workspace
// window asks to show the person that was opened from a result.
//
// A group names its workspace by catalog id and display name only, never by path, and
// carries at most FIND_PEOPLE_PER_GROUP people ({id, name}) with the group's full count.

import { z } from 'zod';
import { WorkspaceId } from '../../catalog/common/catalog-contract.js';
import { PersonId, SearchText } from '../../people/common/people-contract.js';

/** People listed per workspace; the group's count says how many matched in all. */
export const FIND_PEOPLE_PER_GROUP = 20;

/**
 * What reading a workspace file for a find gave:
 *   ok              searched; `count` and `people` are the matches
 *   needs-upgrade   made by an older Roster: opening it upgrades it (find never does)
 *   too-new         made by a newer Roster
 *   foreign         an SQLite database of another program
 *   corrupt         damaged, or not an SQLite file at all
 *   schema-changed  another program changed its tables in a way Roster refuses
 *   missing         no file at the catalogued path
 *   emptied         the catalogued file is empty (0 bytes): opening it is refused
 *                   (WORKSPACE_EMPTIED) and names its backups; find never treats it as
 *                   a workspace with nobody in it
 *   busy            locked by another program, or left unfinished by one that stopped
 *                   (a -wal without its -shm): open it once so Roster can recover it
 *   unreadable      anything else (permissions, a folder, a device)
 */
export const FindState = z.enum([
  'ok',
  'needs-upgrade',
  'too-new',
  'foreign',
  'corrupt',
  'schema-changed',
  'missing',
  'emptied',
  'busy',
  'unreadable',
]);
export type FindState = z.infer<typeof FindState>;

export const FoundPerson = z.strictObject({ id: PersonId, name: z.string() });
export type FoundPerson = z.infer<typeof FoundPerson>;

export const FindGroup = z.strictObject({
  workspaceId: WorkspaceId,
  /** The catalog's display name. */
  name: z.string(),
  state: FindState,
  /** Matching people in the workspace (0 unless state is 'ok'). */
  count: z.number().int().nonnegative(),
  /** The first matches by name (as the workspace window sorts them), at most FIND_PEOPLE_PER_GROUP. */
  people: z.array(FoundPerson).max(FIND_PEOPLE_PER_GROUP),
});
export type FindGroup = z.infer<typeof FindGroup>;

/** Chosen by the launcher, one per keystroke; events carry it so stale ones can be ignored. */
const FindQueryId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const FindInput = z.strictObject({ queryId: FindQueryId, text: SearchText });
export const FindStarted = z.strictObject({
  queryId: FindQueryId,
  /** How many workspaces will answer (one find-group event each). */
  workspaces: z.number().int().nonnegative(),
});
export const FindCancelInput = z.strictObject({ queryId: FindQueryId });

export const FindGroupEvent = z.strictObject({ queryId: FindQueryId, group: FindGroup });
export const FindDoneEvent = z.strictObject({
  queryId: FindQueryId,
  /** Workspaces that answered (every one, whatever its state). */
  searched: z.number().int().nonnegative(),
  /** Matching people across every workspace that could be searched. */
  matches: z.number().int().nonnegative(),
});

/** "Open this workspace with this person selected." */
export const OpenPersonInput = z.strictObject({ id: WorkspaceId, personId: PersonId });

/** A person the window should show and select (taken once: see find:takeReveal). */
export const RevealRequest = z.strictObject({ id: PersonId }).nullable();

// Showing the person a find opened asks where they are in the window's list: a question
// of the people feature, answered there.
export { PersonPosition, PositionInput } from '../../people/common/people-contract.js';
