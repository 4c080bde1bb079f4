// Undo of a whole import of 10k, 100k and 1M people (main/features/history/node/
// import-undo-task.ts): the copy into the step's side file, then slices of deletes, each
// its own write transaction checked row by row against the copy. Interleaved round by
// round with the raw better-sqlite3 equivalent: one transaction that deletes the same id
// range (no copy, no check, the same triggers), on a fresh copy of the same file.
//
// Two figures per size: the whole undo, and the longest time one slice held the write
// lock (what another writer waits for at most); for raw, its one transaction is both.
//
//   UNDO_BENCH_SIZES=10k,100k npm run bench -- --only undo     (default: 10k,100k,1M)

import { closeSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { importUndoTask } from '../main/features/history/node/import-undo-task.js';
import { rawConnection, repoMigrations } from './fixtures.js';
import { interleaved, summarize, type Summary } from './measure.js';
import type { Bench, BenchRow } from './registry.js';
import { cachedWorkspace, copyOf } from './scale-fixtures.js';
import { label, row } from './scale-helpers.js';

const SIZES: Readonly<Record<string, number>> = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };

/** Rounds per size: a 1M round copies 270 MB twice and deletes a million rows twice, so it runs once. */
function roundsFor(count: number): number {
  return count >= 1_000_000 ? 1 : count >= 100_000 ? 3 : 7;
}

function sizes(): number[] {
  const asked = (process.env['UNDO_BENCH_SIZES'] ?? '10k,100k,1m').toLowerCase().split(',');
  return asked.map((size) => {
    const count = SIZES[size.trim()];
    if (count === undefined) throw new Error(`UNDO_BENCH_SIZES: unknown size "${size}" (use 10k, 100k or 1M)`);
    return count;
  });
}

interface Imported {
  readonly first: number;
  readonly last: number;
  readonly stamp: string;
}

/** The cached file is one import into an empty workspace: ids 1..N, all stamped with the import's time. */
function importedRange(path: string): Imported {
  const db = rawConnection(path);
  try {
    const [first, last, stamp] = db.prepare('SELECT min("id"), max("id"), min("createdAt") FROM "Person"').raw().get() as [
      number,
      number,
      string,
    ];
    return { first, last, stamp };
  } finally {
    db.close();
  }
}

/** When an undo removes at least this many people and most of the file, Roster empties the search index instead. */
const RESTART_INDEX_FROM = 50_000;

/** The raw program: one transaction, the same id range, the same triggers (and the same index restart when Roster makes one). */
function rawUndo(path: string, range: Imported): void {
  const db = rawConnection(path);
  try {
    db.exec('BEGIN IMMEDIATE');
    const count = range.last - range.first + 1;
    const everyone = Number(db.prepare('SELECT count(*) FROM "Person"').pluck().get());
    if (count >= RESTART_INDEX_FROM && count * 2 > everyone) {
      db.exec(`INSERT INTO "PersonSearch" ("PersonSearch") VALUES ('delete-all')`);
      db.exec('UPDATE "RosterState" SET "searchPendingFrom" = 0 WHERE "id" = 1');
    }
    db.exec('UPDATE "RosterState" SET "writer" = 2 WHERE "id" = 1');
    const removed = db.prepare('DELETE FROM "Person" WHERE "id" BETWEEN ? AND ?').run(range.first, range.last).changes;
    db.prepare('UPDATE "RosterState" SET "personCount" = "personCount" - ?, "writer" = 0 WHERE "id" = 1').run(removed);
    db.exec('COMMIT');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

async function measureSize(count: number, dir: string, root: string, log: (message: string) => void): Promise<BenchRow[]> {
  const source = await cachedWorkspace(count, repoMigrations(root), log);
  const range = importedRange(source);
  if (range.last - range.first + 1 !== count) throw new Error(`${source} is not one import of ${count} people`);
  const paths = { roster: join(dir, `undo-${count}-roster.roster`), raw: join(dir, `undo-${count}-raw.roster`) };
  const side = join(dir, `undo-${count}-side.db`);
  const longest: number[] = [];
  const rounds = roundsFor(count);
  log(`undo of an import of ${label(count)} (${rounds} round${rounds === 1 ? '' : 's'})...`);
  const result = await interleaved(
    rounds,
    {
      roster: async () => {
        let last = 0;
        let worst = 0;
        await importUndoTask.handler(
          {
            ...{ workspace: paths.roster, side, action: 'undo', firstId: range.first, lastId: range.last, count, stamp: range.stamp },
            // The bench imports names only: no row kept a time from its file.
            ...{ keptTimes: 0, keptAfterStamp: 0, keptLatest: range.stamp },
          },
          {
            signal: new AbortController().signal,
            progress: (progress) => {
              const now = performance.now();
              // The first report comes after the copy; every later one ends a slice.
              if (progress.done > 0) worst = Math.max(worst, now - last);
              last = now;
            },
          },
        );
        longest.push(worst);
      },
      raw: () => rawUndo(paths.raw, range),
    },
    {
      warmup: count >= 1_000_000 ? 0 : 1,
      setup: (which) => {
        copyOf(source, paths[which]);
        for (const suffix of ['', '-journal']) rmSync(side + suffix, { force: true });
        closeSync(openSync(side, 'wx', 0o600));
      },
    },
  );
  const lock: { roster: Summary; raw: Summary } = { roster: summarize(longest.slice(-rounds)), raw: result.raw };
  const runs = `${rounds} round${rounds === 1 ? '' : 's'}`;
  const note = `${runs}, interleaved; a workspace that is one import of ${label(count)} people, search index built`;
  return [
    row(`undo an import of ${label(count)} people`, 'ms', result, count >= 1_000_000 ? 10_000 : null, note),
    row(
      `longest write lock while undoing ${label(count)} (raw: its one transaction)`,
      'ms',
      lock,
      1000,
      'Roster: the longest slice, from the end of one to the end of the next',
    ),
  ];
}

export const undoBench: Bench = {
  name: 'Undo of an import',
  async run(context) {
    const rows: BenchRow[] = [];
    for (const count of sizes()) rows.push(...(await measureSize(count, context.dir, context.root, context.log)));
    return rows;
  },
};
