// Find a person in every workspace, through the real find service over 50
// real workspace files in every state a catalog can hold: current ones (one open in
// this process, with a change still in its WAL), first- and second-release files,
// one a newer Roster wrote, foreign, damaged, missing, blank, changed by another
// program, left half-open by a crash, and rows another program wrote whose keys
// Roster has not folded yet. The groups must be exactly what each workspace's own
// PersonService search answers; no file's bytes change and nothing is left beside one.

import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindGroup, FindState } from '../../../main/features/find/common/find-contract.js';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { findEverywhere, type FindSource } from '../../../main/features/find/node/find-service.js';
import { findInFile } from '../../../main/features/find/node/find-file.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { createRosterContext, type RosterContext } from '../../../main/app/node/roster-context.js';
import { WorkerTaskRunner } from '../../../main/kernel/node/tasks/worker-runner.js';
import { appTaskRegistry } from '../../../main/app/node/task-registry.js';
import type { WorkspaceLease } from '../../../main/features/workspace/node/workspace-connections.js';
import { TASK_WORKER } from '../../support/build-cli.js';
import {
  execOnFile,
  makeCurrentFile,
  makeTempDir,
  makeV1File,
  makeV2File,
  removeTempDirs,
  repoMigrations,
  REPO_MIGRATIONS,
  sha256OfFile,
} from '../../support/workspace-fixtures.js';
import { listQuery } from '../../support/people-fixtures.js';

const FIRST = ['Ada', 'Émile', 'Zoë', 'José', 'Łukasz', 'Grace', 'Søren', 'Chloé', 'Ngozi', 'Straße'];
const LAST = ['Lovelace', 'Zola', 'Hopper', 'Núñez', 'Müller', 'Okafor', '100% Real', 'O_Brien', 'Dubois', 'Kowalski'];

/** Known, different people per workspace: some shared names, accents, %, _ and numbers. */
function namesFor(w: number): string[] {
  const count = 5 + ((w * 7) % 30);
  return Array.from({ length: count }, (_, i) => `${FIRST[(w + i) % FIRST.length]} ${LAST[(w * 3 + i) % LAST.length]} ${w}-${i}`);
}

const TERMS = ['ada', 'emile', 'ZOE', 'lukasz', 'strasse', 'muller', '100%', 'o_b', 'e', 'zz', '7-1', 'nobody at all'];

interface Made {
  readonly source: FindSource;
  readonly state: FindState;
}

let dir: string;
let context: RosterContext;
let made: Made[];
let openLease: WorkspaceLease;
let before: Map<string, { sha: string; sidecars: string[] }>;

function sidecars(path: string): string[] {
  return ['-wal', '-shm', '-journal'].filter((suffix) => existsSync(path + suffix));
}

function add(path: string, name: string, state: FindState): void {
  const entry = context.catalog.add(path, name);
  made.push({ source: { id: entry.id, name: entry.name, path: entry.path }, state });
}

beforeAll(async () => {
  dir = makeTempDir('find');
  context = createRosterContext({ dataDir: join(dir, 'data'), migrationsDir: REPO_MIGRATIONS });
  made = [];
  // 36 current workspaces, closed, as Roster's own writes leave them.
  for (let w = 0; w < 36; w++) {
    const path = join(dir, `current-${w}.roster`);
    makeCurrentFile(path, namesFor(w), foldName);
    add(path, `Current ${w}`, 'ok');
  }
  // One open in this process, with a person added that is still only in its WAL.
  const openPath = join(dir, 'open.roster');
  makeCurrentFile(openPath, namesFor(40), foldName);
  add(openPath, 'Open here', 'ok');
  openLease = await context.connections.acquire(openPath);
  await new PersonService(openLease).create({ name: 'Ada Newcomer' });
  // Rows another program wrote: provisional keys (lower() of ASCII only), queued.
  const outside = join(dir, 'outside.roster');
  makeCurrentFile(outside, namesFor(41), foldName);
  execOnFile(outside, `INSERT INTO "Person" ("name") VALUES ('ÉMILE Outsider'), ('Zoë Outsider')`);
  add(outside, 'Written by another program', 'ok');
  // A blank file the catalog lists: a workspace someone emptied, refused as opening refuses it.
  const blank = join(dir, 'blank.roster');
  writeFileSync(blank, '');
  add(blank, 'Blank', 'emptied');
  // Older releases: only read, never upgraded.
  for (let i = 0; i < 2; i++) {
    const v1 = join(dir, `v1-${i}.roster`);
    makeV1File(v1, ['Ada Lovelace', 'Émile Zola']);
    add(v1, `First release ${i}`, 'needs-upgrade');
  }
  const v2 = join(dir, 'v2.roster');
  makeV2File(v2, ['Ada Lovelace'], foldName);
  add(v2, 'Second release', 'needs-upgrade');
  // A newer Roster's file: a finished migration this build does not know.
  const newer = join(dir, 'newer.roster');
  makeCurrentFile(newer, ['Ada Future'], foldName);
  execOnFile(
    newer,
    `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
     VALUES ('future', 'abc', '2030-01-01T00:00:00.000+00:00', '20300101000000_from_the_future', NULL, NULL,
       '2030-01-01T00:00:00.000+00:00', 1)`,
  );
  add(newer, 'From a newer Roster', 'too-new');
  const foreign = join(dir, 'foreign.db');
  execOnFile(foreign, `CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('Ada');`);
  add(foreign, 'Someone else’s database', 'foreign');
  const text = join(dir, 'text.roster');
  writeFileSync(text, 'Ada Lovelace\n'.repeat(40));
  add(text, 'Not SQLite', 'corrupt');
  // SQLite's header, then garbage where the schema should be.
  const damaged = join(dir, 'damaged.roster');
  makeCurrentFile(damaged, ['Ada Damaged'], foldName);
  const bytes = Buffer.from(sha256OfFile(damaged).repeat(2000));
  const original = readFileSync(damaged);
  bytes.copy(original, 100, 0, Math.min(bytes.length, original.length - 100));
  writeFileSync(damaged, original);
  add(damaged, 'Damaged', 'corrupt');
  const changed = join(dir, 'changed.roster');
  makeCurrentFile(changed, ['Ada Changed'], foldName);
  execOnFile(
    changed,
    `CREATE TRIGGER "meddler" AFTER INSERT ON "Person" BEGIN UPDATE "Person" SET "name" = "name" WHERE "id" = NEW."id"; END;`,
  );
  add(changed, 'Changed by a tool', 'schema-changed');
  // A crash left a -wal without its -shm: reading it would create one.
  const crashed = join(dir, 'crashed.roster');
  makeCurrentFile(crashed, ['Ada Crashed'], foldName);
  writeFileSync(`${crashed}-wal`, '');
  add(crashed, 'Crashed', 'busy');
  for (let i = 0; i < 2; i++) {
    const gone = join(dir, `gone-${i}.roster`);
    makeCurrentFile(gone, ['Ada Gone'], foldName);
    add(gone, `Gone ${i}`, 'missing');
    rmSync(gone);
  }
  expect(made).toHaveLength(50);
  before = new Map(
    made
      .filter(({ source }) => existsSync(source.path))
      .map(({ source }) => [source.path, { sha: sha256OfFile(source.path), sidecars: sidecars(source.path) }]),
  );
});

afterAll(async () => {
  await openLease?.release();
  await context?.close();
  removeTempDirs();
});

async function find(text: string, options: Partial<Parameters<typeof findEverywhere>[2]> = {}): Promise<Map<string, FindGroup>> {
  const groups = new Map<string, FindGroup>();
  await findEverywhere(
    made.map(({ source }) => source),
    text,
    {
      tasks: context.tasks,
      migrationsDir: context.migrations.dir,
      connections: context.connections,
      onGroup: (group) => {
        expect(groups.has(group.workspaceId), `one answer per workspace (${group.name})`).toBe(false);
        groups.set(group.workspaceId, group);
      },
      ...options,
    },
  );
  return groups;
}

describe('find in every workspace', () => {
  it('answers once per workspace with its state, and only reads: no byte changes, no sidecar files', async () => {
    for (const term of TERMS) {
      const groups = await find(term);
      expect(groups.size).toBe(50);
      for (const { source, state } of made) {
        const group = groups.get(source.id) as FindGroup;
        expect(group.state, `${source.name} for "${term}"`).toBe(state);
        expect(group.name).toBe(source.name);
        expect(JSON.stringify(group)).not.toContain(dir);
        if (state !== 'ok') expect(group).toMatchObject({ count: 0, people: [] });
      }
    }
    for (const [path, was] of before) {
      expect(sha256OfFile(path), path).toBe(was.sha);
      expect(sidecars(path), path).toEqual(was.sidecars);
    }
    expect(existsSync(join(dir, 'gone-0.roster'))).toBe(false);
  });

  it('finds the same people, in the same order, with the same counts, as each workspace’s own search', async () => {
    const results = new Map<string, Map<string, FindGroup>>();
    for (const term of TERMS) results.set(term, await find(term));
    // The open workspace's change is seen though it is only in its WAL.
    expect(results.get('ada')?.get(made.find(({ source }) => source.name === 'Open here')?.source.id ?? '')?.people).toContainEqual(
      expect.objectContaining({ name: 'Ada Newcomer' }),
    );
    // Rows another program wrote are found by their real fold, as the window will once Roster has folded them.
    expect(
      results
        .get('emile')
        ?.get(made.find(({ source }) => source.name === 'Written by another program')?.source.id ?? '')
        ?.people.map((p) => p.name),
    ).toContain('ÉMILE Outsider');
    // Now open every searchable one the way a window does (this may upgrade or repair them: the comparison comes last).
    let compared = 0;
    for (const { source, state } of made) {
      if (state !== 'ok') continue;
      const lease = await context.connections.acquire(source.path);
      try {
        const service = new PersonService(lease);
        for (const term of TERMS) {
          const page = await service.list(listQuery({ search: term, limit: 20 }));
          const count = await service.count({ search: term });
          const group = results.get(term)?.get(source.id);
          expect(group, `${source.name} "${term}"`).toEqual({
            workspaceId: source.id,
            name: source.name,
            state: 'ok',
            count,
            people: page.items.map(({ id, name }) => ({ id, name })),
          });
          compared += count;
        }
      } finally {
        await lease.release();
      }
    }
    expect(compared).toBeGreaterThan(500);
    // "e" matches more than 20 in some workspaces: the group says how many, lists 20.
    expect([...(results.get('e')?.values() ?? [])].some((group) => group.count > 20 && group.people.length === 20)).toBe(true);
  });
});

describe('find in every workspace: workers, cancelling, changed and busy files', () => {
  it('gives the same groups through worker threads, two batches at a time', async () => {
    const runner = new WorkerTaskRunner({ script: TASK_WORKER, registry: appTaskRegistry() });
    try {
      const inline = await find('ada');
      const workers = await find('ada', { tasks: runner, batchSize: 4 });
      expect(new Map([...workers].sort())).toEqual(new Map([...inline].sort()));
    } finally {
      await runner.close();
    }
  });

  it('stops when cancelled: nothing is delivered after the abort, and the call says CANCELLED', async () => {
    const controller = new AbortController();
    const delivered: string[] = [];
    const running = findEverywhere(
      made.map(({ source }) => source),
      'ada',
      {
        tasks: context.tasks,
        migrationsDir: context.migrations.dir,
        signal: controller.signal,
        batchSize: 5,
        onGroup: (group) => {
          delivered.push(group.name);
          if (delivered.length === 3) controller.abort();
        },
      },
    );
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(delivered).toHaveLength(3);
  });

  it(
    'reads a file again once it changed: ' + 'an older file upgraded since is searched, a workspace written since shows its new people',
    async () => {
      const v1 = made.find(({ source }) => source.name === 'First release 1')?.source as FindSource;
      const current = made.find(({ source }) => source.name === 'Current 3')?.source as FindSource;
      const one = async (source: FindSource, text: string): Promise<FindGroup> => {
        let found: FindGroup | undefined;
        await findEverywhere([source], text, {
          tasks: context.tasks,
          migrationsDir: context.migrations.dir,
          onGroup: (group) => (found = group),
        });
        return found as FindGroup;
      };
      expect((await one(v1, 'lovelace')).state).toBe('needs-upgrade');
      expect((await one(current, 'later')).count).toBe(0);
      for (const source of [v1, current]) {
        const lease = await context.connections.acquire(source.path);
        if (source === current) await new PersonService(lease).create({ name: 'Added Later' });
        await lease.release();
      }
      expect(await one(v1, 'lovelace')).toMatchObject({ state: 'ok', count: 1, people: [{ name: 'Ada Lovelace' }] });
      expect(await one(current, 'later')).toMatchObject({ state: 'ok', count: 1, people: [{ name: 'Added Later' }] });
    },
  );

  it('refuses text with nothing to find, before reading anything', async () => {
    await expect(find('   ')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('reads a file another program is writing through a read-only connection, and sees its committed rows', () => {
    const path = join(dir, 'busy-copy.roster');
    copyFileSync(made[0]?.source.path as string, path);
    const writer = new Database(path);
    try {
      writer.pragma('wal_autocheckpoint = 0');
      writer.exec(`INSERT INTO "Person" ("name", "nameKey") VALUES ('Ada Writer', 'ada writer')`);
      expect(sidecars(path)).toEqual(['-wal', '-shm']);
      const result = findInFile(path, 'ada writer', 20, repoMigrations());
      expect(result.state).toBe('ok');
      expect(result.people.map((person) => person.name)).toEqual(['Ada Writer']);
    } finally {
      writer.close();
    }
    expect(sidecars(path)).toEqual([]);
  });
});
