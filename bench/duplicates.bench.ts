// Likely duplicates at a million people (the bench fixture: about one name in six is
// shared), as the workspace window asks for them, beside raw better-sqlite3 doing the
// same work on a copy of the same file, the two interleaved round by round:
//   - the first page of groups (50 names, each with its first 10 people) and the totals,
//     with the group list kept: what every page after the first costs, on the main
//     thread. Raw runs the GROUP BY over the (nameKey, id) index for the page, counts
//     the groups with another GROUP BY, and reads each group's people;
//   - the same after a commit (a person added between rounds): Roster lists the groups
//     again on a worker thread; also the longest block of the main thread meanwhile;
//   - "already here?" for a typed name (the add field's note): one index seek.
//
// ROSTER_DUPLICATES_SIZE sets the number of people (default 1,000,000).

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import { DuplicatesService } from '../main/features/duplicates/node/duplicates-service.js';
import { PEOPLE_PER_GROUP } from '../main/features/duplicates/common/duplicates-contract.js';
import { PersonService } from '../main/features/people/node/person-service.js';
import { WorkspaceConnections } from '../main/features/workspace/node/workspace-connections.js';
import { WorkerTaskRunner } from '../main/kernel/node/tasks/worker-runner.js';
import { appTaskRegistry } from '../main/app/node/task-registry.js';
import { TASK_WORKER } from '../test/support/build-cli.js';
import { foldName, rawConnection, repoMigrations } from './fixtures.js';
import { interleaved, longestBlock, summarize } from './measure.js';
import type { Bench, BenchContext, BenchRow } from './registry.js';
import { cachedWorkspace, copyOf } from './scale-fixtures.js';
import { label, row } from './scale-helpers.js';

const PAGE = 50;
const ROUNDS = 15;
/** Names typed in the add field: one shared by many, one held once, one nobody has. */
const TYPED = ['Ada Lovelace', 'Grace A. Hopper 7', 'Nobody Here Yet'];

/** Raw better-sqlite3: the page of groups, their count and each group's people, all on this thread. */
function rawPage(db: Database.Database): number {
  const groups = db
    .prepare('SELECT "nameKey", count(*) AS n FROM "Person" GROUP BY "nameKey" HAVING count(*) > 1 ORDER BY "nameKey" LIMIT ?')
    .all(PAGE) as { nameKey: string; n: number }[];
  const total = db.prepare('SELECT count(*) FROM (SELECT 1 FROM "Person" GROUP BY "nameKey" HAVING count(*) > 1)').pluck().get() as number;
  const people = db.prepare('SELECT "id", "name", "createdAt" FROM "Person" WHERE "nameKey" = ? ORDER BY "id" LIMIT ?');
  for (const group of groups) people.all(group.nameKey, PEOPLE_PER_GROUP);
  return total;
}

function rawSameName(db: Database.Database, name: string): number {
  const key = foldName(name.trim());
  const count = db.prepare('SELECT count(*) FROM "Person" WHERE "nameKey" = ?').pluck().get(key) as number;
  db.prepare('SELECT "id", "name", "createdAt" FROM "Person" WHERE "nameKey" = ? ORDER BY "id" LIMIT 1').get(key);
  return count;
}

export const duplicatesBench: Bench = {
  name: 'Likely duplicates at a million people',
  async run(context: BenchContext): Promise<BenchRow[]> {
    const count = Number(process.env['ROSTER_DUPLICATES_SIZE'] ?? 1_000_000);
    const migrations = repoMigrations(context.root);
    const source = await cachedWorkspace(count, migrations, context.log);
    const rosterFile = copyOf(source, join(context.dir, 'duplicates-roster.roster'));
    const rawFile = copyOf(source, join(context.dir, 'duplicates-raw.roster'));
    const tasks = new WorkerTaskRunner({ script: TASK_WORKER, registry: appTaskRegistry() });
    const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups'), tasks, background: true });
    const raw = rawConnection(rawFile);
    try {
      const lease = await connections.acquire(rosterFile);
      await lease.workspace.upkeep.idle();
      const duplicates = new DuplicatesService(lease);
      const people = new PersonService(lease);
      const first = { offset: 0, limit: PAGE };
      const n = label(count);
      context.log(`${n}: duplicates, first page with the list kept`);
      const { total } = await duplicates.groups(first);
      const warm = await interleaved(ROUNDS, { roster: () => duplicates.groups(first), raw: () => rawPage(raw) }, { warmup: 2 });

      context.log(`${n}: duplicates, first page after a commit`);
      let added = 0;
      const blocks: number[] = [];
      const coldTimes: number[] = [];
      const cold = await interleaved(
        5,
        {
          // Timed inside: the block meter's own settling time is not the page's.
          roster: async () =>
            blocks.push(
              await longestBlock(async () => {
                const start = performance.now();
                await duplicates.groups(first);
                coldTimes.push(performance.now() - start);
              }),
            ),
          raw: () => rawPage(raw),
        },
        {
          setup: async (side) => {
            if (side === 'roster') await people.create({ name: `Bench Person ${++added}` });
          },
        },
      );
      const block = summarize(blocks);
      const coldRoster = summarize(coldTimes.slice(-cold.roster.samples));

      context.log(`${n}: duplicates, already here?`);
      let typed = 0;
      const lookup = await interleaved(
        30,
        {
          roster: () => duplicates.sameName({ name: TYPED[typed++ % TYPED.length] ?? '' }),
          raw: () => rawSameName(raw, TYPED[typed % TYPED.length] ?? ''),
        },
        { warmup: 3 },
      );
      await lease.release();
      const groupsNote = `${total.toLocaleString('en-US')} groups at ${n}; ${ROUNDS} rounds`;
      return [
        row(`first page of groups (${PAGE}) + count, list kept, ${n}`, 'ms', warm, 20, groupsNote),
        row(
          `first page of groups + count after a commit (list made again on a worker), ${n}`,
          'ms',
          { roster: coldRoster, raw: cold.raw },
          null,
          '5 rounds',
        ),
        row(`longest main-thread block while the list is made again, ${n}`, 'ms', { roster: block, raw: null }, 50, '5 rounds'),
        row(`"already here?" for a typed name, ${n}`, 'ms', lookup, 20, '30 rounds over 3 names'),
      ];
    } finally {
      raw.close();
      await connections.closeAll();
      await tasks.close();
    }
  },
};
