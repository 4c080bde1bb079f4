// A workspace window is told when its file stops being writable (issue 8): damage found
// in the background, a read-only file, a file replaced underneath. In plain words, with
// what to do, and never a path.
import { copyFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthNotice } from '../../../main/node/app/health-notice.js';
import { createAppFixture, createWorkspaceFileAt, type AppFixture } from '../../support/app-fixture.js';
import { removeTempDirs } from '../../support/workspace-fixtures.js';

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
    for (const notice of notices) expect(notice.message).not.toMatch(/\/home|quick_check|\.roster/);
  });

  it('a window hears that its file was replaced underneath it, and workspace:health says the same', async () => {
    const path = await createWorkspaceFileAt(app, 'team.roster');
    const other = await createWorkspaceFileAt(app, 'other.roster');
    const win = await app.openWorkspace(path);
    expect(await win.call('workspace:health')).toEqual({ ok: true, data: { state: 'ok', message: null } });

    copyFileSync(other, join(app.files, 'replacement.roster'));
    renameSync(join(app.files, 'replacement.roster'), path); // `mv replacement.roster team.roster`
    expect(await win.call('people:create', { name: 'Typed by the person' })).toMatchObject({ ok: false, error: { code: 'WORKSPACE_REPLACED' } });

    const heard = win.events.filter((event) => event.channel === 'workspace:health-changed').map((event) => event.payload);
    expect(heard).toEqual([{ state: 'replaced', message: expect.stringMatching(/moved, replaced or deleted by another program/) as unknown }]);
    expect(await win.call('workspace:health')).toMatchObject({ ok: true, data: heard[0] });
  });
});
