// Profiling helper for the "open a workspace" figures (see docs/benchmarks.md).
//   node --import tsx bench/profile-open.ts build PEOPLE FILE      make a workspace (not profiled)
//   node --cpu-prof --cpu-prof-dir=DIR --import tsx bench/profile-open.ts open FILE
// The second opens FILE 40 times; each open is followed by a first count and a first
// query through the Prisma client, as the "open" bench row measures.

import { join, dirname } from 'node:path';
import { PersonService } from '../main/node/people/person-service.js';
import { WorkspaceConnections } from '../main/node/workspace/workspace-connections.js';
import { makeWorkspace, personNames, repoMigrations } from './fixtures.js';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const [command, ...rest] = process.argv.slice(2);
const migrations = repoMigrations(root);

if (command === 'build') {
  const [people, file] = rest as [string, string];
  await makeWorkspace(file, personNames(Number(people)), migrations, join(dirname(file), 'backups'));
} else {
  const [file] = rest as [string];
  const connections = new WorkspaceConnections({ migrations, backupDir: join(dirname(file), 'backups') });
  const times: number[] = [];
  for (let i = 0; i < 40; i++) {
    const start = performance.now();
    const lease = await connections.acquire(file);
    const service = new PersonService(lease);
    await service.count();
    await service.get({ id: 1 });
    times.push(performance.now() - start);
    await lease.release();
  }
  times.sort((a, b) => a - b);
  console.log(`median open + first count + first Prisma query: ${times[20]?.toFixed(2)} ms`);
}
