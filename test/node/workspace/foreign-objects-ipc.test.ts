// A workspace window on a file holding a trigger another program added: its health
// notice names the trigger, changes are refused with WORKSPACE_UNTRUSTED, and the two
// ways on (workspace:trust, workspace:removeForeign) reopen it for writing, through the
// fake Electron transport, the production binding and the real core.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppFixture, createWorkspaceFileAt, type AppFixture } from '../../support/app-fixture.js';
import { ok, refused } from '../../support/ipc-envelopes.js';
import { execOnFile, removeTempDirs } from '../../support/workspace-fixtures.js';

const LOGGER = `
  CREATE TABLE "PersonLog" ("name" TEXT);
  CREATE TRIGGER "person_log_ai" AFTER INSERT ON "Person" BEGIN INSERT INTO "PersonLog" VALUES (NEW."name"); END;`;

let app: AppFixture;
beforeEach(() => {
  app = createAppFixture();
});
afterEach(async () => {
  await app.dispose();
  removeTempDirs();
});

async function untrustedWindow(name: string): Promise<{ path: string; win: Awaited<ReturnType<AppFixture['openWorkspace']>> }> {
  const path = await createWorkspaceFileAt(app, name);
  execOnFile(path, LOGGER);
  return { path, win: await app.openWorkspace(path) };
}

function logged(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT "name" FROM "PersonLog" ORDER BY rowid').pluck().all();
  } finally {
    db.close();
  }
}

interface Notice {
  state: string;
  message: string | null;
  untrusted?: string[];
}

describe('a window on a workspace with a foreign trigger', () => {
  it('says so and refuses changes; trusting it lets the change through, and the trigger runs', async () => {
    const { path, win } = await untrustedWindow('trusted.roster');
    const notice = await ok<Notice>(win, 'workspace:health');
    expect(notice).toMatchObject({ state: 'read-only', untrusted: ['"person_log_ai" on Person'] });
    expect(notice.message).toMatch(/another program added \("person_log_ai" on Person\)/);
    expect((await refused(win, 'people:create', { name: 'Grace Hopper' })).code).toBe('WORKSPACE_UNTRUSTED');

    expect(await ok<Notice>(win, 'workspace:trust')).toEqual({ state: 'ok', message: null });
    expect(win.events.some((e) => e.channel === 'workspace:onHealthChanged' && (e.payload as Notice).state === 'ok')).toBe(true);
    await ok(win, 'people:create', { name: 'Grace Hopper' });
    await win.close();
    expect(logged(path)).toEqual(['Grace Hopper']);
  });

  it('removing it drops the trigger; changes go through and nothing runs', async () => {
    const { path, win } = await untrustedWindow('removed.roster');
    expect(await ok<Notice>(win, 'workspace:removeForeign')).toEqual({ state: 'ok', message: null });
    await ok(win, 'people:create', { name: 'Grace Hopper' });
    expect(await ok(win, 'people:count', {})).toBe(1);
    await win.close();
    expect(logged(path)).toEqual([]);
    const db = new Database(join(path), { readonly: true });
    try {
      expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'person_log_ai'`).pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('is refused while something else in Roster holds the same workspace, which stays as it was', async () => {
    const { path, win } = await untrustedWindow('shared.roster');
    const other = await app.context.connections.acquire(path);
    try {
      expect((await refused(win, 'workspace:trust')).code).toBe('WORKSPACE_BUSY');
      expect((await refused(win, 'workspace:removeForeign')).code).toBe('WORKSPACE_BUSY');
    } finally {
      await other.release();
    }
    expect((await ok<Notice>(win, 'workspace:health')).state).toBe('read-only');
    expect((await refused(win, 'people:create', { name: 'Grace Hopper' })).code).toBe('WORKSPACE_UNTRUSTED');
  });
});
