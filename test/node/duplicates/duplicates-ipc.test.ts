// The duplicates channels as a workspace window calls them, through the fake Electron
// transport and the real session: answers, and bad input refused with a typed code
// before anything runs (nothing is written, the window keeps working).

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppFixture, createWorkspaceFileAt, type AppFixture, type TestWindow } from '../../support/app-fixture.js';
import { okAny as ok, refused } from '../../support/ipc-envelopes.js';
import { removeTempDirs, sha256OfFile } from '../../support/workspace-fixtures.js';

let app: AppFixture;
let path: string;
let win: TestWindow;
beforeEach(async () => {
  app = createAppFixture();
  path = await createWorkspaceFileAt(app, 'team.roster');
  win = await app.openWorkspace(path);
  for (const name of ['Ada Lovelace', 'Bo', 'ada lovelace']) await ok(win, 'people:create', { name });
});
afterEach(async () => {
  await app.dispose();
  removeTempDirs();
});

describe('duplicates channels', () => {
  it('answer a workspace window: who has a typed name, and the groups with their people', async () => {
    const same = await ok(win, 'duplicates:sameName', { name: 'ADA LOVELACE' });
    expect(same).toMatchObject({ count: 2, first: { id: 1, name: 'Ada Lovelace' } });
    const page = await ok(win, 'duplicates:groups', { offset: 0, limit: 10 });
    expect(page).toMatchObject({ total: 1, people: 2, groups: [{ name: 'Ada Lovelace', count: 2 }] });
    expect(page.groups[0].people.map((person: { id: number }) => person.id)).toEqual([1, 3]);
  });

  it('refuse bad input with a typed code (INVALID_QUERY for paging, INVALID_INPUT otherwise), writing nothing', async () => {
    await win.close();
    const before = sha256OfFile(path);
    win = await app.openWorkspace(path);
    const bad: [string, unknown, string][] = [
      ['duplicates:groups', { limit: 0 }, 'INVALID_QUERY'],
      ['duplicates:groups', { limit: 201 }, 'INVALID_QUERY'],
      ['duplicates:groups', { offset: -1 }, 'INVALID_QUERY'],
      ['duplicates:groups', { offset: 1.5 }, 'INVALID_QUERY'],
      ['duplicates:groups', { nameKey: 'ada lovelace' }, 'INVALID_INPUT'],
      ['duplicates:groups', 'all', 'INVALID_INPUT'],
      ['duplicates:sameName', {}, 'INVALID_INPUT'],
      ['duplicates:sameName', { name: 42 }, 'INVALID_INPUT'],
      ['duplicates:sameName', { name: 'x'.repeat(100_000) }, 'INVALID_INPUT'],
      ['duplicates:sameName', { name: 'Ada', key: 'ada' }, 'INVALID_INPUT'],
    ];
    for (const [channel, input, code] of bad) {
      const error = await refused(win, channel, input);
      expect(error.code, `${channel} ${JSON.stringify(input).slice(0, 40)}`).toBe(code);
    }
    expect(await ok(win, 'people:count', {})).toBe(3);
    await win.close();
    expect(sha256OfFile(path)).toBe(before);
  });

  it('are refused to the launcher, which has no workspace', async () => {
    const launcher = app.openLauncher();
    expect((await refused(launcher, 'duplicates:groups', {})).code).toBe('INVALID_INPUT');
  });
});
