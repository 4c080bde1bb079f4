// Change notifications: a commit by another process on the same file is noticed
// through SQLite's data_version ("external"); our own writes are announced as "window"
// and are not mistaken for external ones.

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import type { ChangeSource } from '../../../main/features/workspace/node/change-feed.js';
import { WorkspaceConnections } from '../../../main/features/workspace/node/workspace-connections.js';
import { makeCurrentFile, makeTempDir, openOptions, REPO_ROOT, removeTempDirs } from '../../support/workspace-fixtures.js';
import { listQuery } from '../../support/people-fixtures.js';

afterAll(removeTempDirs);

/** Another process (as the CLI would be) adds a person to the file and exits. */
function writeFromAnotherProcess(path: string, name: string): Promise<void> {
  const script = `
    import Database from 'better-sqlite3';
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 5000');
    const now = new Date().toISOString().replace('Z', '+00:00');
    db.prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)')
      .run(process.argv[2], process.argv[3], now, now);
    db.close();`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script, path, name, foldName(name)], { cwd: REPO_ROOT }, (error) =>
      error ? reject(error) : resolve(),
    );
  });
}

function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('timed out waiting for a change notification'));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ChangeFeed', () => {
  it('notices another process’s commit as "external", and our own write as "window" only', async () => {
    const dir = makeTempDir('feed');
    const path = join(dir, 'watched.roster');
    makeCurrentFile(path, ['Ada'], foldName);
    const connections = new WorkspaceConnections(openOptions(dir));
    try {
      const lease = await connections.acquire(path);
      const people = new PersonService(lease);
      const seen: ChangeSource[] = [];
      const unsubscribe = lease.workspace.changes.subscribe((source) => seen.push(source));
      await sleep(250);
      expect(seen).toEqual([]); // polling alone reports nothing

      await people.create({ name: 'Émile Ödön' });
      expect(seen).toEqual(['window']);
      await sleep(350); // several polls: our own commit must not come back as external
      expect(seen).toEqual(['window']);

      await writeFromAnotherProcess(path, 'Zoë from the CLI');
      await waitFor(() => seen.includes('external'));
      expect(seen).toEqual(['window', 'external']);
      expect((await people.list(listQuery({ search: 'zoe' }))).items.map((p) => p.name)).toEqual(['Zoë from the CLI']);

      unsubscribe();
      expect(lease.workspace.changes.listenerCount).toBe(0);
      await writeFromAnotherProcess(path, 'Unheard');
      await sleep(300);
      expect(seen).toEqual(['window', 'external']);
      await lease.release();
    } finally {
      await connections.closeAll();
    }
  });

  it('every user of a shared workspace hears the same notifications', async () => {
    const dir = makeTempDir('feed');
    const path = join(dir, 'shared.roster');
    makeCurrentFile(path, [], foldName);
    const connections = new WorkspaceConnections(openOptions(dir));
    try {
      const a = await connections.acquire(path);
      const b = await connections.acquire(path);
      const heardA: ChangeSource[] = [];
      const heardB: ChangeSource[] = [];
      a.workspace.changes.subscribe((source) => heardA.push(source));
      b.workspace.changes.subscribe((source) => heardB.push(source));
      await new PersonService(a).create({ name: 'From window A' });
      await writeFromAnotherProcess(path, 'From outside');
      await waitFor(() => heardA.includes('external') && heardB.includes('external'));
      expect(heardA).toEqual(['window', 'external']);
      expect(heardB).toEqual(['window', 'external']);
    } finally {
      await connections.closeAll();
    }
  });
});
