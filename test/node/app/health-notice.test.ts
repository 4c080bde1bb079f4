// A workspace window is told when its file stops being writable: damage found
// in the background, a read-only file, a file replaced underneath. In plain words, with
// what to do, and never a path.
import { copyFileSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthNotice } from '../../../main/features/workspace/node/health-notice.js';
import { readHistory } from '../../../main/features/workspace/node/migrations/migration-history.js';
import { takeBackup } from '../../../main/features/workspace/node/backups.js';
import { createAppFixture, createWorkspaceFileAt, type AppFixture, type TestWindow } from '../../support/app-fixture.js';
import { halfUpgrade } from '../../support/upgrade-fixtures.js';
import { foreignWal } from '../../support/hostile-files.js';
import { makeV1File, queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';

let app: AppFixture;
beforeEach(() => {
  app = createAppFixture();
});
afterEach(async () => {
  await app.dispose();
  removeTempDirs();
});

describe('health notices', () => {
  it('say what happened and what to do, for every state, and never name a file', () => {
    expect(healthNotice({ state: 'ok' })).toEqual({ state: 'ok', message: null });
    const notices = [
      healthNotice({ state: 'read-only', reason: 'the file is read-only' }),
      healthNotice({ state: 'damaged', reason: 'quick_check: row 5 missing from index' }),
      healthNotice({ state: 'replaced', recoveryPath: '/home/ada/.config/Roster/recovered/team-1.roster' }),
      healthNotice({ state: 'replaced', recoveryPath: null }),
    ];
    expect(notices[0]?.message).toMatch(/read-only here \(the file is read-only\).*search and export/);
    expect(notices[1]?.message).toMatch(/found damage.*stopped saving changes.*Export your people now/);
    expect(notices[2]?.message).toMatch(/moved, replaced or deleted.*“recovered” folder.*Reopen/);
    const restored = healthNotice(
      { state: 'ok' },
      {
        backupPath: '/home/ada/.config/Roster/backups/team-1.roster-backup',
        takenAt: '2026-11-20T09:30:00.000Z',
        interruptedMigration: 'm',
        skipped: [{ path: '/home/ada/x.roster-backup', reason: 'it does not verify' }],
      },
    );
    expect(restored.state).toBe('restored');
    expect(restored.message).toMatch(
      /from its automatic backup of 2026-11-20 09:30 UTC.*not in it\. The newest backup could not be used, so an older one was\.$/,
    );
    notices.push(restored);
    const setAside = healthNotice({ state: 'ok' }, null, [
      { from: '/home/ada/team.roster-wal', to: '/home/ada/team.roster-wal.set-aside-x', reason: 'it is older than the file' },
    ]);
    expect(setAside.state).toBe('set-aside');
    expect(setAside.message).toMatch(/cannot be its own \(it is older than the file\) and set them aside, unread.*“set-aside”/);
    notices.push(setAside);
    for (const notice of notices) expect(notice.message).not.toMatch(/\/home|quick_check|\.roster/);
  });

  it("a window opened beside another workspace's WAL says it was set aside, and shows only its own people", async () => {
    const path = await createWorkspaceFileAt(app, 'team.roster'); // opened and closed cleanly: sealed
    foreignWal(app.files, path);
    const win = await app.openWorkspace(path);
    const health = await win.call('workspace:health');
    expect(health).toMatchObject({ ok: true, data: { state: 'set-aside' } });
    expect(JSON.stringify(health)).not.toContain(app.files);
    expect(readdirSync(app.files).filter((name) => name.startsWith('team.roster-wal.set-aside-'))).toHaveLength(1);
    expect(await win.call('people:count', {})).toEqual({ ok: true, data: 0 });
  });

  it('a window hears that its file was replaced underneath it, and workspace:health says the same', async () => {
    const path = await createWorkspaceFileAt(app, 'team.roster');
    const other = await createWorkspaceFileAt(app, 'other.roster');
    const win = await app.openWorkspace(path);
    expect(await win.call('workspace:health')).toEqual({ ok: true, data: { state: 'ok', message: null } });

    copyFileSync(other, join(app.files, 'replacement.roster'));
    renameSync(join(app.files, 'replacement.roster'), path); // `mv replacement.roster team.roster`
    expect(await win.call('people:create', { name: 'Typed by the person' })).toMatchObject({
      ok: false,
      error: { code: 'WORKSPACE_REPLACED' },
    });

    const heard = win.events.filter((event) => event.channel === 'workspace:onHealthChanged').map((event) => event.payload);
    expect(heard).toEqual([
      { state: 'replaced', message: expect.stringMatching(/moved, replaced or deleted by another program/) as unknown },
    ]);
    expect(await win.call('workspace:health')).toMatchObject({ ok: true, data: heard[0] });
  });
});

describe('reopening a workspace whose file was replaced', () => {
  /** Replaces the file at `path` with a copy of `other`, as `mv` would, and waits until the window hears it. */
  async function replace(win: TestWindow, path: string, other: string): Promise<void> {
    copyFileSync(other, join(app.files, 'replacement.roster'));
    renameSync(join(app.files, 'replacement.roster'), path);
    expect(await win.call('people:create', { name: 'Typed after the replacement' })).toMatchObject({
      ok: false,
      error: { code: 'WORKSPACE_REPLACED' },
    });
  }

  it(
    'workspace:reopen opens the file now at the path: ' +
      'the window shows its people, takes changes again, and hears it; what Roster held stays saved',
    async () => {
      const path = await createWorkspaceFileAt(app, 'team.roster');
      const other = await createWorkspaceFileAt(app, 'other.roster');
      const seed = await app.openWorkspace(other);
      await seed.call('people:create', { name: 'Grace Hopper' });
      await seed.close();
      const win = await app.openWorkspace(path);
      const sibling = await app.openWorkspace(path); // a second window on the same file
      await win.call('people:create', { name: 'Ada Lovelace' });
      await replace(win, path, other);
      expect(await win.call('workspace:health')).toMatchObject({ ok: true, data: { state: 'replaced' } });

      const before = win.events.length;
      expect(await win.call('workspace:reopen')).toEqual({ ok: true, data: { state: 'ok', message: null } });
      const heard = win.events.slice(before).map((event) => event.channel);
      expect(heard).toEqual(expect.arrayContaining(['workspace:onHealthChanged', 'people:onChanged']));
      expect(
        win.events
          .slice(before)
          .filter((event) => event.channel === 'workspace:onHealthChanged')
          .at(-1)?.payload,
      ).toEqual({ state: 'ok', message: null });
      const listed = (await win.call('people:list', {})) as { ok: true; data: { items: { name: string }[] } };
      expect(listed.data.items.map((person) => person.name)).toEqual(['Grace Hopper']);
      expect(await win.call('people:create', { name: 'Katherine Johnson' })).toMatchObject({ ok: true });
      expect(queryFile<{ name: string }>(path, 'SELECT name FROM "Person" ORDER BY id').map((row) => row.name)).toEqual([
        'Grace Hopper',
        'Katherine Johnson',
      ]);

      // The other window still says what happened to it, until it reopens too (onto the same workspace).
      expect(await sibling.call('workspace:health')).toMatchObject({ ok: true, data: { state: 'replaced' } });
      expect(await sibling.call('workspace:reopen')).toMatchObject({ ok: true, data: { state: 'ok' } });
      expect(app.context.connections.users(path)).toBe(2);
      const recovered = readdirSync(join(app.context.paths.root, 'recovered'));
      expect(recovered).toHaveLength(1);
      expect(
        queryFile<{ name: string }>(join(app.context.paths.root, 'recovered', recovered[0] as string), 'SELECT name FROM "Person"'),
      ).toEqual([{ name: 'Ada Lovelace' }]);
    },
  );

  it('when nothing is at the path any more, reopen says so and the window stays as it was; once the file is back it reopens', async () => {
    const path = await createWorkspaceFileAt(app, 'team.roster');
    const win = await app.openWorkspace(path);
    renameSync(path, join(app.files, 'moved.roster'));
    expect(await win.call('people:create', { name: 'Lost?' })).toMatchObject({ ok: false, error: { code: 'WORKSPACE_REPLACED' } });
    const refused = (await win.call('workspace:reopen')) as { ok: false; error: { code: string; message: string } };
    expect(refused).toMatchObject({ ok: false, error: { code: 'WORKSPACE_NOT_FOUND' } });
    expect(refused.error.message).not.toContain(app.files);
    expect(await win.call('workspace:health')).toMatchObject({ ok: true, data: { state: 'replaced' } });
    renameSync(join(app.files, 'moved.roster'), path);
    expect(await win.call('workspace:reopen')).toEqual({ ok: true, data: { state: 'ok', message: null } });
    expect(await win.call('people:create', { name: 'Back again' })).toMatchObject({ ok: true });
  });
});

describe('a workspace restored from a backup when it was opened', () => {
  it('the window is told in plain words which backup (by its time) and that later changes are not in it, without any path', async () => {
    const path = join(app.files, 'half.roster');
    makeV1File(path, ['Ada Lovelace']);
    const backupDir = app.context.paths.backupsDir;
    const reader = new Database(path, { readonly: true });
    const history = readHistory(reader);
    reader.close();
    const backup = await takeBackup(path, backupDir, history, new Date('2026-11-20T09:30:00Z'));
    halfUpgrade(path);

    const win = await app.openWorkspace(path);
    const notice = (await win.call('workspace:health')) as { ok: true; data: { state: string; message: string } };
    expect(notice.data.state).toBe('restored');
    expect(notice.data.message).toBe(
      'Roster restored this workspace from its automatic backup of 2026-11-20 09:30 UTC, because an upgrade by ' +
        'an older version of Roster had not finished. People added or changed after that backup are not in it.',
    );
    expect(notice.data.message).not.toContain(backup);
    expect(await win.call('people:count', {})).toEqual({ ok: true, data: 1 });
  });
});
