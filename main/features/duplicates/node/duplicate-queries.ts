// The SQL of likely duplicates. Every query walks the (nameKey, id) index: a lookup of
// one key is a seek and a short range, and the list of groups is one ordered pass over
// the index (no table rows read), which is why that pass runs in a task
// (duplicate-groups-task.ts) and not on the main thread.

import type Database from 'better-sqlite3';
import type { ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import { storedText } from '../../workspace/node/stored-text.js';
import { storedTimeToIso } from '../../workspace/node/stored-time.js';
import type { DuplicatePerson } from '../common/duplicates-contract.js';

interface PersonSqlRow {
  readonly id: number;
  readonly name: unknown;
  readonly createdAt: unknown;
}

function toPerson(row: PersonSqlRow): DuplicatePerson {
  return { id: row.id, name: storedText(row.name), createdAt: storedTimeToIso(row.createdAt) };
}

/** How many people have this key (a range of the index). */
export function countWithKey(store: ConnectionStore, key: string): number {
  return store.statement('SELECT count(*) FROM "Person" WHERE "nameKey" = ?').pluck().get(key) as number;
}

/** The first `limit` people with this key, in the order they were added (by id). */
export function peopleWithKey(store: ConnectionStore, key: string, limit: number): DuplicatePerson[] {
  const rows = store
    .statement('SELECT "id", "name", "createdAt" FROM "Person" WHERE "nameKey" = ? ORDER BY "id" LIMIT ?')
    .all(key, limit) as PersonSqlRow[];
  return rows.map(toPerson);
}

/** The key of one person (null when there is no such person). */
export function keyOf(store: ConnectionStore, id: number): string | null {
  const key = store.statement('SELECT "nameKey" FROM "Person" WHERE "id" = ?').pluck().get(id) as unknown;
  return typeof key === 'string' ? key : null;
}

/** Every key held by two or more people, in key order: each group's first id and its size. */
export interface GroupList {
  /** The lowest id of each group (it names the group: its key is that person's). */
  readonly firstIds: Float64Array;
  readonly counts: Float64Array;
  /** People in all the groups. */
  readonly people: number;
}

/** The groups, in one ordered pass over the (nameKey, id) index. Heavy at a million people: run it in a task. */
export function groupList(db: Database.Database): GroupList {
  const rows = db
    .prepare('SELECT min("id"), count(*) FROM "Person" GROUP BY "nameKey" HAVING count(*) > 1 ORDER BY "nameKey"')
    .raw()
    .all() as [number, number][];
  const firstIds = new Float64Array(rows.length);
  const counts = new Float64Array(rows.length);
  let people = 0;
  rows.forEach(([first, count], i) => {
    firstIds[i] = first;
    counts[i] = count;
    people += count;
  });
  return { firstIds, counts, people };
}
