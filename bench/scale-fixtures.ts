// Workspaces of 100,000 and 1,000,000 people for the scale bench, built once through
// Roster's own import and kept outside the repository (they are 20 and 200 MB):
// $ROSTER_BENCH_CACHE, or ~/.cache/roster-bench. A file's name carries a digest of the
// migrations, the fold and the name generator, so a change to any of them builds new
// ones instead of measuring stale files.

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FOLD_VERSION } from '../main/features/workspace/common/name-fold.js';
import { prismaTimestamp } from '../main/features/workspace/node/migrations/migration-history.js';
import { applyMigrations } from '../main/features/workspace/node/migrations/migrator.js';
import type { MigrationSet } from '../main/features/workspace/node/migrations/migration-set.js';
import { PeopleFileService } from '../main/features/import-export/node/people-file-service.js';
import { applyWorkspacePragmas } from '../main/kernel/node/sqlite/pragmas.js';
import { InlineTaskRunner } from '../main/kernel/node/tasks/inline-runner.js';
import { catchUpSearchTask } from '../main/features/workspace/node/search/search-catch-up.js';
import { WorkspaceConnections } from '../main/features/workspace/node/workspace-connections.js';
import { foldName, personNames } from './fixtures.js';

export function benchCache(): string {
  const dir = process.env['ROSTER_BENCH_CACHE'] ?? join(homedir(), '.cache', 'roster-bench');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Changes when anything that shapes the files changes. */
export function digest(migrations: MigrationSet): string {
  const hash = createHash('sha256');
  for (const migration of migrations.migrations) hash.update(migration.checksum);
  hash.update(`fold ${FOLD_VERSION}; names v1; ${personNames(50).join('|')}`);
  return hash.digest('hex').slice(0, 10);
}

function csvLine(name: string, i: number): string {
  return `${i + 1},"${name.replaceAll('"', '""')}",p${i}@example.org\r\n`;
}

/** A CSV of `count` generated people (id, name, email), cached. */
export function cachedCsv(count: number): string {
  const path = join(benchCache(), `people-${count}.csv`);
  if (!existsSync(path)) {
    const names = personNames(count);
    const partial = `${path}.partial`;
    writeFileSync(partial, `id,name,email\r\n${names.map(csvLine).join('')}`);
    renameSync(partial, path);
  }
  return path;
}

/** A current workspace of `count` people made by Roster's import, index caught up, closed cleanly; cached. */
export async function cachedWorkspace(count: number, migrations: MigrationSet, log: (message: string) => void): Promise<string> {
  const path = join(benchCache(), `people-${count}-${digest(migrations)}.roster`);
  if (existsSync(path)) return path;
  log(`building ${path} (${count.toLocaleString('en-US')} people, once)`);
  const building = `${path}.building.roster`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
  const tasks = new InlineTaskRunner();
  const connections = new WorkspaceConnections({ migrations, backupDir: join(benchCache(), 'backups'), tasks });
  try {
    const lease = await connections.create(building);
    await new PeopleFileService(lease).importFile({ file: cachedCsv(count), format: 'csv' });
    await tasks.run(catchUpSearchTask, { path: lease.path });
    await lease.release();
  } finally {
    await connections.closeAll();
  }
  renameSync(building, path);
  return path;
}

/** A workspace as the second release left it (two migrations), `count` people; cached. */
export function cachedV2Workspace(count: number, migrations: MigrationSet, log: (message: string) => void): string {
  const path = join(benchCache(), `people-${count}-v2-${digest(migrations)}.roster`);
  if (existsSync(path)) return path;
  log(`building ${path} (a v2 file of ${count.toLocaleString('en-US')} people, once)`);
  const building = `${path}.building`;
  rmSync(building, { force: true });
  const db = new Database(building);
  try {
    applyWorkspacePragmas(db);
    applyMigrations(db, migrations.migrations.slice(0, 2));
    const insert = db.prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)');
    const now = prismaTimestamp();
    db.transaction(() => {
      for (const name of personNames(count)) insert.run(name, foldName(name), now, now);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  renameSync(building, path);
  return path;
}

/** A private copy of a cached file for one side of a measurement. */
export function copyOf(source: string, target: string): string {
  for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
  copyFileSync(source, target);
  return target;
}
