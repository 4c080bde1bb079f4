// Keeps Person.nameKey equal to foldName(name) for every row, whoever wrote it.
//
// SQL cannot fold Unicode, so the work is split (see the third migration):
//   - a trigger queues in PersonKeyQueue every row inserted or renamed by anything but
//     Roster's own bulk writes, and gives a row without a key a provisional lower(name);
//   - Roster drains the queue: on open, when another process commits while a window is
//     open (the change feed), and after its own single writes (which go through Prisma
//     and are queued like anyone's, then found already right).
// RosterState.foldVersion records the fold that computed the stored keys (fold-id.ts).
// When the rule changes (FOLD_VERSION), every row is queued again and refolded in the
// background; when only the runtime's Unicode data does (Node for the CLI, Electron for
// the app), nothing is queued if this runtime folds alike (same fingerprint), and only
// names outside printable ASCII otherwise.

import type Database from 'better-sqlite3';
import { foldName } from '../../common/name-fold.js';
import { storedText } from '../stored-text.js';
import { currentFoldId, refoldScope } from './fold-id.js';
import { assertAdvanced } from '../../../../kernel/node/sqlite/paging.js';

export { currentFoldId } from './fold-id.js';

/**
 * Runs `task` as Roster's own trusted writer: the key trigger leaves the queue alone
 * because Roster writes folded keys itself. Needs an open write transaction; the flag
 * is set and cleared inside it, so no other connection ever sees it set, and a crash
 * rolls it back with everything else.
 */
export function asRosterWriter<T>(db: Database.Database, task: () => T, level: 1 | 2 = 1): T {
  if (!db.inTransaction) throw new Error('asRosterWriter needs an open write transaction');
  const flag = db.prepare('UPDATE "RosterState" SET "writer" = ? WHERE "id" = 1');
  flag.run(level);
  try {
    return task();
  } finally {
    flag.run(0);
  }
}

const REFOLD_CHUNK = 5000;

/**
 * A bulk insert as Roster's trusted writer that also keeps RosterState.personCount
 * itself (writer = 2: the per-row count trigger stands aside), adding the rows it
 * inserted before the transaction commits.
 */
export async function asBulkWriter<T extends { inserted: number }>(db: Database.Database, task: () => Promise<T>): Promise<T> {
  if (!db.inTransaction) throw new Error('asBulkWriter needs an open write transaction');
  const flag = db.prepare('UPDATE "RosterState" SET "writer" = ? WHERE "id" = 1');
  flag.run(2);
  const result = await task();
  db.prepare('UPDATE "RosterState" SET "personCount" = "personCount" + ? WHERE "id" = 1').run(result.inserted);
  flag.run(0);
  return result;
}

function hasRosterState(db: Database.Database): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'RosterState'`).get() !== undefined;
}

/**
 * Recomputes every key that differs from the current fold. `withState`: the file has
 * the third migration's tables, so also record the fold and empty the queue. Runs in
 * the caller's transaction (a migration's) or its own.
 */
export function refoldAllKeys(db: Database.Database, options: { withState: boolean }): number {
  const run = (): number => {
    const select = db
      .prepare('SELECT "id", "name", "nameKey" FROM "Person" WHERE "id" > ? ORDER BY "id" LIMIT ?')
      .raw()
      .safeIntegers(false);
    const update = db.prepare('UPDATE "Person" SET "nameKey" = ? WHERE "id" = ?');
    let changed = 0;
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      // In chunks: better-sqlite3 cannot write while a statement is iterating, and a
      // million rows read at once would hold them all in memory.
      const rows = select.all(after, REFOLD_CHUNK) as [number, unknown, string][];
      for (const [id, name, key] of rows) {
        const folded = foldName(storedText(name));
        if (folded !== key) changed += update.run(folded, id).changes;
      }
      const last = rows.at(-1);
      if (!last || rows.length < REFOLD_CHUNK) break;
      assertAdvanced('refold keys', after, last[0]);
      after = last[0];
    }
    if (options.withState) {
      db.prepare('UPDATE "RosterState" SET "foldVersion" = ? WHERE "id" = 1').run(currentFoldId());
      db.prepare('DELETE FROM "PersonKeyQueue"').run();
    }
    return changed;
  };
  const trusted = (): number => (options.withState && hasRosterState(db) ? asRosterWriter(db, run) : run());
  return db.inTransaction ? trusted() : db.transaction(trusted).immediate();
}

export interface DrainResult {
  /** Queued rows looked at. */
  readonly processed: number;
  /** Rows whose key was wrong and was rewritten. */
  readonly changed: number;
  /** Rows still queued after this call. */
  readonly remaining: number;
}

/**
 * Folds up to `limit` queued rows in one short write transaction and removes them from
 * the queue. Call again while `remaining` > 0 (the caller decides how to pace it: the
 * main process yields between calls so no slice blocks its event loop for long).
 */
export function drainKeyQueue(db: Database.Database, limit = 2000): DrainResult {
  return db
    .transaction((): DrainResult => {
      const rows = db
        .prepare(
          `SELECT q."personId" AS id, p."name" AS name, p."nameKey" AS key
             FROM "PersonKeyQueue" q LEFT JOIN "Person" p ON p."id" = q."personId"
            ORDER BY q."personId" LIMIT ?`,
        )
        .safeIntegers(false)
        .all(limit) as { id: number; name: unknown; key: string | null }[];
      if (rows.length === 0) return { processed: 0, changed: 0, remaining: 0 };
      let changed = 0;
      asRosterWriter(db, () => {
        const update = db.prepare('UPDATE "Person" SET "nameKey" = ? WHERE "id" = ?');
        const dequeue = db.prepare('DELETE FROM "PersonKeyQueue" WHERE "personId" = ?');
        for (const row of rows) {
          if (row.name !== null) {
            // A name another program stored as a BLOB or a number is folded as the text Roster shows for it.
            const key = foldName(storedText(row.name));
            if (key !== row.key) changed += update.run(key, row.id).changes;
          }
          dequeue.run(row.id);
        }
      });
      const remaining = Number(db.prepare('SELECT count(*) FROM "PersonKeyQueue"').pluck().get());
      return { processed: rows.length, changed, remaining };
    })
    .immediate();
}

/**
 * If the stored keys were computed by a fold that may give other keys here (fold-id.ts),
 * queues the rows whose key may change for refolding and records the current fold, in
 * one transaction: from then on "not in the queue" means "key is current". Returns
 * whether it queued anything.
 */
export function requeueIfFoldChanged(db: Database.Database): boolean {
  const stored = db.prepare('SELECT "foldVersion" FROM "RosterState" WHERE "id" = 1').pluck().get();
  // The fingerprint may take a moment: worked out before the write lock is taken.
  if (refoldScope(stored) === 'none') return false;
  return db
    .transaction((): boolean => {
      // Decided again inside the lock: another process may have refolded meanwhile.
      const scope = refoldScope(db.prepare('SELECT "foldVersion" FROM "RosterState" WHERE "id" = 1').pluck().get());
      if (scope === 'none') return false;
      let queued = 0;
      if (scope === 'all') {
        queued = db.prepare('INSERT OR IGNORE INTO "PersonKeyQueue" ("personId") SELECT "id" FROM "Person"').run().changes;
      } else if (scope === 'non-ascii') {
        // foldName lower-cases printable ASCII without Unicode data: those keys cannot change.
        queued = db
          .prepare(`INSERT OR IGNORE INTO "PersonKeyQueue" ("personId") SELECT "id" FROM "Person" WHERE "name" GLOB '*[^ -~]*'`)
          .run().changes;
      }
      db.prepare('UPDATE "RosterState" SET "foldVersion" = ? WHERE "id" = 1').run(currentFoldId());
      return queued > 0;
    })
    .immediate();
}
