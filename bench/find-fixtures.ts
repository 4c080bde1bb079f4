// The find bench's workspaces (find a person in every workspace): 200 files of 10,000 people each, every file
// with its own people (the name generator continued from file to file), built once
// through Roster's own create, bulk insert and search catch-up, closed cleanly, and
// kept in the bench cache (about 2 MB a file) in a folder named by the same digest as
// the other cached fixtures, so a schema or fold change builds new ones.

import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationSet } from '../main/features/workspace/node/migrations/migration-set.js';
import { PersonService } from '../main/features/people/node/person-service.js';
import { InlineTaskRunner } from '../main/kernel/node/tasks/inline-runner.js';
import { catchUpSearchTask } from '../main/features/workspace/node/search/search-catch-up.js';
import { WorkspaceConnections } from '../main/features/workspace/node/workspace-connections.js';
import { personNames } from './fixtures.js';
import { benchCache, digest } from './scale-fixtures.js';

function fileName(index: number): string {
  return `workspace-${String(index).padStart(3, '0')}.roster`;
}

/** `files` closed workspaces of `people` people each; cached. Returns their paths. */
export async function cachedFindWorkspaces(
  files: number,
  people: number,
  migrations: MigrationSet,
  log: (message: string) => void,
): Promise<string[]> {
  const dir = join(benchCache(), `find-${files}x${people}-${digest(migrations)}`);
  const paths = Array.from({ length: files }, (_, i) => join(dir, fileName(i)));
  if (existsSync(join(dir, 'complete'))) return paths;
  log(`building ${dir} (${files} workspaces of ${people.toLocaleString('en-US')} people, once)`);
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const tasks = new InlineTaskRunner();
  const connections = new WorkspaceConnections({ migrations, backupDir: join(building, 'backups'), tasks });
  try {
    for (let i = 0; i < files; i++) {
      const lease = await connections.create(join(building, fileName(i)));
      await new PersonService(lease).insertValidated(personNames(people, i * people));
      await tasks.run(catchUpSearchTask, { path: lease.path });
      await lease.release();
      if ((i + 1) % 50 === 0) log(`  ${i + 1} of ${files}`);
    }
  } finally {
    await connections.closeAll();
  }
  rmSync(join(building, 'backups'), { recursive: true, force: true });
  writeFileSync(join(building, 'complete'), `${new Date().toISOString()}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  return paths;
}
