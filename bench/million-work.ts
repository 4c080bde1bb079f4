// The million-row work of a million-person workspace: import and export a whole file, the main thread's
// longest block while they run, and the v2 → v3 upgrade, each beside raw better-sqlite3.

import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import { foldName } from '../main/features/workspace/common/name-fold.js';
import { prismaTimestamp } from '../main/features/workspace/node/migrations/migration-history.js';
import { PersonService } from '../main/features/people/node/person-service.js';
import { PeopleFileService } from '../main/features/import-export/node/people-file-service.js';
import { InlineTaskRunner } from '../main/kernel/node/tasks/inline-runner.js';
import type { TaskRunner } from '../main/kernel/node/tasks/task.js';
import { WorkerTaskRunner } from '../main/kernel/node/tasks/worker-runner.js';
import { appTaskRegistry } from '../main/app/node/task-registry.js';
import { WorkspaceConnections } from '../main/features/workspace/node/workspace-connections.js';
import { personNames, repoMigrations } from './fixtures.js';
import { interleaved, longestBlock } from './measure.js';
import type { BenchContext, BenchRow } from './registry.js';
import { cachedCsv, cachedV2Workspace, cachedWorkspace, copyOf } from './scale-fixtures.js';
import { COLUMNS, rawOpen, row, scale } from './scale-helpers.js';
import { TASK_WORKER } from '../test/support/build-cli.js';

/** What every part of the million-row bench works from. */
interface Million {
  readonly context: BenchContext;
  readonly count: number;
  readonly migrations: ReturnType<typeof repoMigrations>;
  readonly csv: string;
  readonly lastName: string;
  /** An empty current workspace to copy. */
  readonly empty: string;
  readonly worker: TaskRunner;
}

/** The files and the open Roster workspace the export and the event-loop rows share. */
interface ExportSide {
  readonly source: string;
  readonly rawFile: string;
  readonly out: string;
  readonly connections: WorkspaceConnections;
  readonly people: PeopleFileService;
}

export async function millionWork(context: BenchContext): Promise<BenchRow[]> {
  const count = 1_000_000;
  const migrations = repoMigrations(context.root);
  const empty = join(context.dir, 'empty-template.roster');
  {
    const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups') });
    await (await connections.create(empty)).release();
    await connections.closeAll();
  }
  const worker: TaskRunner = new WorkerTaskRunner({ script: TASK_WORKER, registry: appTaskRegistry() });
  const million: Million = {
    context,
    count,
    migrations,
    csv: cachedCsv(count),
    lastName: personNames(count).at(-1) as string,
    empty,
    worker,
  };
  const rows: BenchRow[] = [await importRow(million)];
  const side = await exportSide(million);
  rows.push(await exportRow(side));
  rows.push(await blocksRow(million, side));
  await side.connections.closeAll();
  rows.push(await upgradeRow(million));
  await worker.close();
  return rows;
}

async function importRow({ context, count, migrations, csv, lastName, empty, worker }: Million): Promise<BenchRow> {
  // Import: Roster streams the file in a worker, in one transaction; raw parses the
  // simple lines of this file by hand and inserts them in one transaction.
  context.log('1M: import');
  let round = 0;
  const target = (side: string): string => join(context.dir, `import-${side}-${round}.roster`);
  const importResult = await interleaved(
    3,
    {
      roster: async () => {
        const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups'), tasks: worker });
        const lease = await connections.acquire(target('roster'));
        const imported = await new PeopleFileService(lease).importFile({ file: csv, format: 'csv' });
        if (imported !== count) throw new Error(`imported ${imported}`);
        // "Until every person is listed": the last person is found by search at once.
        const last = await new PersonService(lease).list({ sort: 'name', direction: 'asc', search: lastName, limit: 5 });
        if (last.items.length === 0) throw new Error('the imported people are not all listed');
        await connections.closeAll();
      },
      raw: () => {
        const db = rawOpen(target('raw'));
        const insert = db.prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)');
        const now = prismaTimestamp();
        const lines = readFileSync(csv, 'utf8').split('\r\n');
        db.transaction(() => {
          for (let i = 1; i < lines.length; i++) {
            const line = lines[i] as string;
            if (line === '') continue;
            const name = line
              .slice(line.indexOf(',"') + 2, line.lastIndexOf('",'))
              .replaceAll('""', '"')
              .trim();
            insert.run(name, foldName(name), now, now);
          }
        })();
        db.close();
      },
    },
    {
      warmup: 0,
      setup: (side) => {
        if (side === 'roster') round++;
        copyOf(empty, target(side));
      },
    },
  );
  return row(
    'import 1M from CSV, until every person is listed',
    's',
    { roster: scale(importResult.roster, 1000), raw: scale(importResult.raw, 1000) },
    8,
    'Roster: streamed in a worker, validated, one transaction, search exact at ' +
      'once (the index catches up in the background); raw: split lines, fold, INSERT',
  );
}

async function exportSide({ context, count, migrations, worker }: Million): Promise<ExportSide> {
  // Export: every person to CSV.
  context.log('1M: export');
  const source = await cachedWorkspace(count, migrations, context.log);
  const rosterFile = copyOf(source, join(context.dir, 'export-roster.roster'));
  const rawFile = copyOf(source, join(context.dir, 'export-raw.roster'));
  const out = join(context.dir, 'out');
  mkdirSync(out, { recursive: true });
  const connections = new WorkspaceConnections({ migrations, backupDir: join(context.dir, 'backups'), tasks: worker });
  const lease = await connections.acquire(rosterFile);
  const people = new PeopleFileService(lease);
  return { source, rawFile, out, connections, people };
}

async function exportRow({ rawFile, out, people }: ExportSide): Promise<BenchRow> {
  const exportResult = await interleaved(
    3,
    {
      roster: async (i) => {
        await people.exportFile({ out: join(out, `roster-${i}.csv`), format: 'csv' });
      },
      raw: async (i) => {
        const db = rawOpen(rawFile);
        const stream = createWriteStream(join(out, `raw-${i}.csv`));
        stream.write('id,name,createdAt,updatedAt\r\n');
        let chunk = '';
        for (const person of db.prepare(`SELECT ${COLUMNS} FROM "Person" ORDER BY "id"`).iterate() as IterableIterator<{
          id: number;
          name: string;
          createdAt: string;
          updatedAt: string;
        }>) {
          chunk += `${person.id},"${person.name.replaceAll('"', '""')}",${person.createdAt},${person.updatedAt}\r\n`;
          if (chunk.length > 1 << 20) {
            if (!stream.write(chunk)) await once(stream, 'drain');
            chunk = '';
          }
        }
        stream.end(chunk);
        await once(stream, 'finish');
        db.close();
      },
    },
    { warmup: 0 },
  );
  return row('export 1M to CSV', 's', { roster: scale(exportResult.roster, 1000), raw: scale(exportResult.raw, 1000) }, 3);
}

async function blocksRow({ context, csv, empty }: Million, { source, rawFile, out, connections, people }: ExportSide): Promise<BenchRow> {
  // The main thread while the heavy work runs: Roster (work on a worker) beside the same
  // work done on the main thread, as a plain program would.
  context.log('1M: event loop during open, import and export');
  const unsealed = copyOf(source, join(context.dir, 'unsealed.roster'));
  const blocks = {
    roster: [
      await longestBlock(async () => {
        const opened = await connections.acquire(unsealed); // no seal: quick_check before the first rows, on the worker
        await new PersonService(opened).list({ sort: 'name', direction: 'asc', limit: 100 });
        await opened.release();
      }),
      await longestBlock(async () => {
        const target = copyOf(empty, join(context.dir, 'block-import.roster'));
        const opened = await connections.acquire(target);
        await new PeopleFileService(opened).importFile({ file: csv, format: 'csv' });
        await opened.release();
      }),
      await longestBlock(() => people.exportFile({ out: join(out, 'block.csv'), format: 'csv' })),
    ],
    raw: [
      await longestBlock(() => {
        const db = rawOpen(rawFile);
        db.pragma('quick_check');
        db.close();
      }),
      await longestBlock(() => {
        const db = rawOpen(copyOf(empty, join(context.dir, 'block-raw.roster')));
        const insert = db.prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)');
        const lines = readFileSync(csv, 'utf8').split('\r\n').slice(1, 200_001);
        db.transaction(() => {
          for (const line of lines) if (line) insert.run(line, line, '', '');
        })();
        db.close();
      }),
    ],
  };
  return {
    operation: 'longest main-thread event-loop block during open (with check), import and export, 1M',
    unit: 'ms',
    roster: Math.max(...blocks.roster),
    raw: Math.max(...blocks.raw),
    target: 50,
    note:
      `Roster per step (open, import, export): ${blocks.roster.map((b) => b.toFixed(0)).join(' / ')} ms; ` +
      `raw (quick_check, 200k inserts) on the main thread: ${blocks.raw.map((b) => b.toFixed(0)).join(' / ')} ms`,
  };
}

async function upgradeRow({ context, count, migrations }: Million): Promise<BenchRow> {
  // Upgrading a 1M-person file from the second release (search index, triggers, refold).
  context.log('1M: upgrade a v2 file');
  const v2 = cachedV2Workspace(count, migrations, context.log);
  const upgrade = await interleaved(
    2,
    {
      roster: async () => {
        const upgrading = new WorkspaceConnections({
          migrations,
          backupDir: join(context.dir, 'upgrade-backups'),
          tasks: new InlineTaskRunner(),
        });
        await (await upgrading.acquire(join(context.dir, 'upgrade-roster.roster'))).release();
        await upgrading.closeAll();
      },
      raw: () => {
        const db = new Database(join(context.dir, 'upgrade-raw.roster'));
        db.pragma('foreign_keys = OFF');
        db.exec('BEGIN');
        db.exec(migrations.migrations[2]?.sql ?? '');
        db.exec('COMMIT');
        db.close();
      },
    },
    {
      warmup: 0,
      setup: (side) => copyOf(v2, join(context.dir, `upgrade-${side}.roster`)),
    },
  );
  return row(
    'upgrade a 1M-person file from the second release',
    's',
    { roster: scale(upgrade.roster, 1000), raw: scale(upgrade.raw, 1000) },
    null,
    'Roster: quick_check, verified backup, migration and refold in one transaction; raw: the migration SQL only. ' +
      'The search index then fills in the background (about as long as the import bench’s catch-up).',
  );
}
