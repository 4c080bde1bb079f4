// What opens and initialises: new files, empty files (0 bytes, or SQLite with no
// tables), every accepted extension; and the SQLite settings each connection runs with.

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS } from '../../../main/kernel/node/sqlite/pragmas.js';
import { OPENABLE_EXTENSIONS } from '../../../main/kernel/node/sqlite/sqlite-file.js';
import { createWorkspaceFile, openWorkspaceFile, type OpenedWorkspace } from '../../../main/features/workspace/node/workspace-file.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import {
  execOnFile,
  expectRosterError,
  makeTempDir,
  openOptions,
  queryFile,
  removeTempDirs,
  repoMigrations,
} from '../../support/workspace-fixtures.js';
import { listQuery } from '../../support/people-fixtures.js';

afterAll(removeTempDirs);

const ALL = repoMigrations().migrations.map((m) => m.name);

async function roundTrip(workspace: OpenedWorkspace): Promise<void> {
  const people = new PersonService({ workspace });
  await people.create({ name: 'Émile Ödön' });
  expect((await people.list(listQuery({ search: 'EMILE' }))).items.map((p) => p.name)).toEqual(['Émile Ödön']);
}

describe('opening and creating workspace files', () => {
  it('an empty 0-byte file is initialised (open and create), with no backup', async () => {
    const dir = makeTempDir('open');
    for (const how of ['open', 'create'] as const) {
      const path = join(dir, `empty-${how}.roster`);
      writeFileSync(path, '');
      const workspace =
        how === 'open' ? await openWorkspaceFile(path, openOptions(dir)) : await createWorkspaceFile(path, openOptions(dir));
      expect(workspace.applied).toEqual(ALL);
      expect(workspace.backupPath).toBeNull();
      await roundTrip(workspace);
      await workspace.close();
      expect(statSync(path).size).toBeGreaterThan(0);
    }
    expect(existsSync(openOptions(dir).backupDir)).toBe(false);
  });

  it('an SQLite file with no tables is initialised', async () => {
    const dir = makeTempDir('open');
    const path = join(dir, 'blank.sqlite');
    execOnFile(path, 'PRAGMA user_version = 7;');
    expect(readFileSync(path).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    const workspace = await openWorkspaceFile(path, openOptions(dir));
    expect(workspace.applied).toEqual(ALL);
    await roundTrip(workspace);
    await workspace.close();
  });

  it('opens .roster, .sqlite, .sqlite3 and .db files (any case)', async () => {
    const dir = makeTempDir('open');
    expect(OPENABLE_EXTENSIONS).toEqual(expect.arrayContaining(['.roster', '.sqlite', '.db']));
    for (const extension of [...OPENABLE_EXTENSIONS, '.DB', '.Sqlite']) {
      const path = join(dir, `file-${extension.slice(1)}${extension}`);
      const created = await createWorkspaceFile(path, openOptions(dir));
      await roundTrip(created);
      await created.close();
      const reopened = await openWorkspaceFile(path, openOptions(dir));
      expect(reopened.applied).toEqual([]);
      await reopened.close();
    }
  });

  it('create adds .roster to a name without an extension, and refuses a missing folder', async () => {
    const dir = makeTempDir('open');
    const workspace = await createWorkspaceFile(join(dir, 'Team'), openOptions(dir));
    expect(workspace.path).toBe(join(dir, 'Team.roster'));
    // Readable by its owner only, and so are the -wal/-shm SQLite makes beside it.
    expect(statSync(workspace.path).mode & 0o777).toBe(0o600);
    expect(statSync(`${workspace.path}-wal`).mode & 0o777).toBe(0o600);
    await workspace.close();
    await expectRosterError(createWorkspaceFile(join(dir, 'no-such-folder', 'x.roster'), openOptions(dir)), 'BAD_PATH');
  });

  it('runs with WAL, synchronous FULL, foreign keys on and a busy timeout — on the connection Prisma uses', async () => {
    const dir = makeTempDir('open');
    const workspace = await createWorkspaceFile(join(dir, 'pragmas.roster'), openOptions(dir));
    try {
      const { db } = workspace;
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(Number(db.pragma('synchronous', { simple: true }))).toBe(2); // FULL
      expect(Number(db.pragma('foreign_keys', { simple: true }))).toBe(1);
      expect(Number(db.pragma('busy_timeout', { simple: true }))).toBe(BUSY_TIMEOUT_MS);
      expect(BUSY_TIMEOUT_MS).toBeGreaterThanOrEqual(1000);
      // Prisma's queries go through that same connection, so they see the same settings.
      const viaPrisma = await workspace.prisma.$queryRawUnsafe<{ foreign_keys: bigint | number }[]>('PRAGMA foreign_keys');
      expect(Number(viaPrisma[0]?.foreign_keys)).toBe(1);
      const timeout = await workspace.prisma.$queryRawUnsafe<Record<string, bigint | number>[]>('PRAGMA busy_timeout');
      expect(Number(Object.values(timeout[0] ?? {})[0])).toBe(BUSY_TIMEOUT_MS);
    } finally {
      await workspace.close();
    }
    // WAL mode is stored in the file (header bytes 18 and 19 are 2), so other tools use it too.
    const header = readFileSync(join(dir, 'pragmas.roster')).subarray(18, 20);
    expect([...header]).toEqual([2, 2]);
    expect(queryFile<{ journal_mode: string }>(join(dir, 'pragmas.roster'), 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
  });
});
