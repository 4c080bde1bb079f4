// Main-process cost of one IPC request, for `npm run bench` (run.ts loads this file
// and calls benchIpc). What is timed is everything main does for a request except
// Electron's own message passing: structured-clone of the arguments (what arrives
// from the renderer), the session's routing and input validation, the query through
// the Person service, output validation, and structured-clone of the result (what
// goes back). Beside it, raw better-sqlite3 runs the same query on a copy of the same
// workspace. The ratio is what Roster's layers cost per request.
//
// Playwright's exposeBinding (3.7 ms a round trip) is not used: it measures
// Playwright, not IPC.

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRosterCore } from '../main/app/node/roster-core.js';
import { PersonService } from '../main/features/people/node/person-service.js';
import { createRosterContext } from '../main/app/node/roster-context.js';
import { foldName, makeWorkspace, personNames, rawConnection, repoMigrations } from './fixtures.js';
import { medianMicrosPerCall } from './measure.js';
import type { BenchContext, BenchRow } from './registry.js';

const PEOPLE = 100_000;

function unexpected(): never {
  throw new Error('the IPC bench does not open dialogs or windows');
}

export async function benchIpc(context: BenchContext): Promise<BenchRow[]> {
  const migrations = repoMigrations(context.root);
  context.log(`making a workspace of ${PEOPLE.toLocaleString('en')} people`);
  const path = await makeWorkspace(join(context.dir, 'ipc.roster'), personNames(PEOPLE), migrations, join(context.dir, 'backups'));
  const rawPath = join(context.dir, 'raw.roster');
  copyFileSync(path, rawPath);

  const roster = createRosterContext({ dataDir: join(context.dir, 'data'), migrationsDir: migrations.dir });
  const core = createRosterCore({
    context: roster,
    dialogs: {
      chooseNewWorkspacePath: unexpected,
      chooseExistingWorkspace: unexpected,
      chooseImportFile: unexpected,
      chooseExportFile: unexpected,
    },
    windows: { showWorkspace: unexpected },
    log: () => undefined,
  });
  const session = await core.openWorkspaceSession(path);
  const request = async (channel: string, payload: unknown): Promise<unknown> => {
    const result = await session.invoke(channel, structuredClone(payload));
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return structuredClone(result);
  };
  // The same service the session uses, on the same connection, without the IPC layer.
  const lease = await roster.connections.acquire(path);
  const service = new PersonService(lease);
  const db = rawConnection(rawPath);
  const ids = Array.from({ length: 1000 }, (_, i) => 1 + ((i * 7919) % PEOPLE));
  const rows: BenchRow[] = [];
  try {
    context.log('people:get');
    const get = db.prepare('SELECT "id", "name", "createdAt", "updatedAt" FROM "Person" WHERE "id" = ?');
    const rosterGet = await medianMicrosPerCall(15, 200, (i) => request('people:get', { id: ids[i % ids.length] }));
    const rawGet = await medianMicrosPerCall(15, 200, (i) => get.get(ids[i % ids.length]));
    const serviceGet = await medianMicrosPerCall(15, 200, (i) => service.get({ id: ids[i % ids.length] as number }));
    rows.push({
      operation: 'IPC people:get (one person by id)',
      unit: 'µs',
      roster: rosterGet,
      raw: rawGet,
      target: null,
      note: `15 × 200 requests; the Person service alone (Prisma findUnique) takes ${serviceGet.toFixed(0)} µs of it`,
    });

    context.log('people:list');
    const page = db.prepare(
      'SELECT "id", "name", "nameKey", "createdAt", "updatedAt" FROM "Person" ORDER BY "nameKey" ASC, "id" ASC LIMIT ? OFFSET ?',
    );
    const offsets = Array.from({ length: 50 }, (_, i) => (i * 1999) % (PEOPLE - 100));
    const rosterList = await medianMicrosPerCall(15, 20, (i) =>
      request('people:list', { sort: 'name', limit: 100, offset: offsets[i % offsets.length] }),
    );
    const rawList = await medianMicrosPerCall(15, 20, (i) => page.all(101, offsets[i % offsets.length]));
    const serviceList = await medianMicrosPerCall(15, 20, (i) =>
      service.list({ sort: 'name', direction: 'asc', limit: 100, offset: offsets[i % offsets.length] as number }),
    );
    rows.push({
      operation: `IPC people:list (page of 100 among ${PEOPLE.toLocaleString('en')}, by name, offset)`,
      unit: 'µs',
      roster: rosterList,
      raw: rawList,
      target: null,
      note: `15 × 20 requests at offsets spread over the list; the Person service alone takes ${serviceList.toFixed(0)} µs of it`,
    });

    context.log('people:create');
    const insert = db.prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)');
    const rosterCreate = await medianMicrosPerCall(10, 50, (i) => request('people:create', { name: `Bench Person ${i}` }));
    const rawCreate = await medianMicrosPerCall(10, 50, (i) => {
      const name = `Bench Person ${i}`;
      const now = Date.now();
      return insert.run(name, foldName(name), now, now);
    });
    rows.push({
      operation: 'IPC people:create (autocommit)',
      unit: 'µs',
      roster: rosterCreate,
      raw: rawCreate,
      target: null,
      note: '10 × 50 requests; both durable (synchronous=FULL)',
    });
  } finally {
    db.close();
    await lease.release();
    await session.close();
    await core.shutdown();
  }
  return rows;
}
