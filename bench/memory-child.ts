// Run by scale.bench.ts in its own process (node --expose-gc --import tsx), so each
// side starts from a clean heap: opens N workspace files and prints the extra
// resident memory per open workspace, in MB, as JSON.
//
//   roster: WorkspaceConnections.acquire + the count and first page a window asks for
//   raw:    new better-sqlite3 connection (same pragmas) + the same two queries
//
// One file is opened and closed first on both sides, so that one-time costs (loading
// Prisma's query compiler, better-sqlite3's statement machinery) are not counted as
// per-workspace memory.

import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { PersonService } from '../main/features/people/node/person-service.js';
import { WorkspaceConnections, type WorkspaceLease } from '../main/features/workspace/node/workspace-connections.js';
import { rawConnection, repoMigrations } from './fixtures.js';
import { gc } from './measure.js';

const [mode, dir, countText, root] = process.argv.slice(2) as [string, string, string, string];
const count = Number(countText);
const paths = Array.from({ length: count + 1 }, (_, i) => join(dir, `mem-${i}.roster`));

function rssMB(): number {
  gc();
  return process.memoryUsage().rss / 1024 / 1024;
}

async function main(): Promise<void> {
  if (mode === 'roster') {
    const connections = new WorkspaceConnections({ migrations: repoMigrations(root), backupDir: join(dir, 'backups') });
    const firstView = async (lease: WorkspaceLease): Promise<void> => {
      const people = new PersonService(lease);
      await people.count();
      await people.list({ sort: 'name', direction: 'asc', limit: 100 });
    };
    const warm = await connections.acquire(paths[count] as string);
    await firstView(warm);
    await warm.release();
    const before = rssMB();
    const leases: WorkspaceLease[] = [];
    for (let i = 0; i < count; i++) {
      const lease = await connections.acquire(paths[i] as string);
      await firstView(lease);
      leases.push(lease);
    }
    const after = rssMB();
    process.stdout.write(JSON.stringify({ perWorkspaceMB: (after - before) / count, open: connections.openPaths().length }));
    await connections.closeAll();
  } else {
    const firstView = (db: Database.Database): void => {
      db.prepare('SELECT count(*) FROM "Person"').get();
      db.prepare('SELECT "id", "name", "nameKey", "createdAt", "updatedAt" FROM "Person" ORDER BY "nameKey", "id" LIMIT 101').all();
    };
    const warm = rawConnection(paths[count] as string);
    firstView(warm);
    warm.close();
    const before = rssMB();
    const dbs: Database.Database[] = [];
    for (let i = 0; i < count; i++) {
      const db = rawConnection(paths[i] as string);
      firstView(db);
      dbs.push(db);
    }
    const after = rssMB();
    process.stdout.write(JSON.stringify({ perWorkspaceMB: (after - before) / count, open: dbs.length }));
    for (const db of dbs) db.close();
  }
}

await main();
