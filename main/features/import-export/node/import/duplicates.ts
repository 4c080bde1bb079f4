// Rows that look like people already here: their folded name (nameKey, the search and
// sort key) is already in the workspace, or came earlier in the same file. The preview
// counts them and an import can skip them.
//
// The workspace is asked once per batch of rows, not once per row: the batch's new keys
// go in sorted, as one JSON array, and SQLite probes the (nameKey, id) index for each in
// that order, so neighbouring keys find their index pages already read. A million-row
// file against a million-person workspace costs a million probes on the worker, never a
// scan, and a few hundred calls into SQLite instead of a million.

import type Database from 'better-sqlite3';
import { foldName } from '../../../workspace/common/name-fold.js';

/** Which of `keys` are already in the workspace `db` reads. */
export type KeysHere = (keys: string[]) => Set<string>;

export function keysInWorkspace(db: Database.Database): KeysHere {
  const query = db
    .prepare('SELECT k."value" FROM json_each(?) AS k WHERE EXISTS (SELECT 1 FROM "Person" WHERE "nameKey" = k."value")')
    .pluck();
  return (keys) => (keys.length === 0 ? new Set() : new Set(query.all(JSON.stringify(keys.sort())) as string[]));
}

/**
 * Splits rows into the new ones (with their keys, so the insert need not fold again) and
 * a count of the others. `seen` holds the keys of the file's earlier rows that the
 * workspace does not show yet; the keys of this batch are added to it.
 */
export function withoutDuplicates<Row extends { readonly name: string }>(
  rows: readonly Row[],
  keysHere: KeysHere,
  seen: Set<string>,
): { fresh: (Row & { nameKey: string })[]; duplicates: number } {
  const firsts: (Row & { nameKey: string })[] = [];
  let duplicates = 0;
  for (const row of rows) {
    const nameKey = foldName(row.name);
    if (seen.has(nameKey)) {
      duplicates++;
      continue;
    }
    seen.add(nameKey);
    firsts.push({ ...row, nameKey });
  }
  const here = keysHere(firsts.map((row) => row.nameKey));
  if (here.size === 0) return { fresh: firsts, duplicates };
  const fresh = firsts.filter((row) => !here.has(row.nameKey));
  return { fresh, duplicates: duplicates + firsts.length - fresh.length };
}
