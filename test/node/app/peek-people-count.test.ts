import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { peekPeopleCount } from '../../../main/features/catalog/node/peek-people-count.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { WorkspaceConnections } from '../../../main/features/workspace/node/workspace-connections.js';
import { makeTempDir, removeTempDirs, repoMigrations } from '../../support/workspace-fixtures.js';

afterAll(() => removeTempDirs());

describe('peekPeopleCount (launcher counts for workspaces no window has open)', () => {
  it('counts people and leaves no -wal/-shm behind, so the file still looks closed', async () => {
    const dir = makeTempDir();
    const connections = new WorkspaceConnections({ migrations: repoMigrations(), backupDir: join(dir, 'backups') });
    const lease = await connections.create(join(dir, 'peek.roster'));
    await new PersonService(lease).createMany({ names: ['Ada', 'Grace', 'Edsger'] });
    await lease.release();
    const path = lease.path;
    const before = readFileSync(path);

    expect(peekPeopleCount(path)).toBe(3);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}-shm`)).toBe(false);
    expect(readFileSync(path)).toEqual(before);
  });

  it('answers null for files that are not readable workspaces', () => {
    const dir = makeTempDir();
    const text = join(dir, 'notes.roster');
    writeFileSync(text, 'not a database');
    expect(peekPeopleCount(text)).toBeNull();
    expect(peekPeopleCount(join(dir, 'missing.roster'))).toBeNull();
    expect(readFileSync(text, 'utf8')).toBe('not a database');
  });
});
