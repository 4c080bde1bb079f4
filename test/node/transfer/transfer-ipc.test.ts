// Copy to…, Move to…, drag and drop between windows, undo of both, and Merge into…,
// through the IPC boundary as windows use them. The boundary holds: targets
// by catalog id only, drags by token only, counts and names only in the answers.

import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppFixture, createWorkspaceFileAt, type AppFixture, type TestWindow } from '../../support/app-fixture.js';
import { ok, refused } from '../../support/ipc-envelopes.js';
import { removeTempDirs } from '../../support/workspace-fixtures.js';

function names(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT "name" FROM "Person" ORDER BY "id"').pluck().all() as string[];
  } finally {
    db.close();
  }
}

let app: AppFixture;
beforeEach(() => {
  app = createAppFixture();
});
afterEach(async () => {
  await app.dispose();
  removeTempDirs();
});

interface Target {
  id: string;
  name: string;
  open: boolean;
  missing: boolean;
}

/** Three catalogued workspaces; the window shows Alpha, with people in it. */
async function setUp(): Promise<{
  alpha: TestWindow;
  paths: Record<'alpha' | 'beta' | 'gamma', string>;
  ids: Record<'alpha' | 'beta' | 'gamma', string>;
}> {
  const paths = {
    alpha: await createWorkspaceFileAt(app, 'alpha.roster'),
    beta: await createWorkspaceFileAt(app, 'beta.roster'),
    gamma: await createWorkspaceFileAt(app, 'gamma.roster'),
  };
  const catalog = app.context.catalog;
  const ids = {
    alpha: catalog.add(paths.alpha, 'Alpha').id,
    beta: catalog.add(paths.beta, 'Beta').id,
    gamma: catalog.add(paths.gamma, 'Gamma').id,
  };
  const alpha = await app.openWorkspace(paths.alpha);
  await ok(alpha, 'people:createMany', { names: ['Ada Lovelace', 'Grace Hopper', 'Alan Turing'] });
  return { alpha, paths, ids };
}

describe('Copy to… and Move to…', () => {
  it('lists the other workspaces, open ones first, never this one', async () => {
    const { alpha, paths } = await setUp();
    await app.openWorkspace(paths.gamma);
    const targets = await ok<Target[]>(alpha, 'transfer:transferTargets');
    expect(targets.map((target) => [target.name, target.open, target.missing])).toEqual([
      ['Gamma', true, false],
      ['Beta', false, false],
    ]);
  });

  it('copies and moves by ids or by search, tells only counts and the name, and undo/redo reverse them in order', async () => {
    const { alpha, paths, ids } = await setUp();
    const beta = await app.openWorkspace(paths.beta);
    await ok(beta, 'people:create', { name: 'GRACE HOPPER' });
    const copied = await ok(alpha, 'transfer:transfer', { targetId: ids.beta, mode: 'copy', selection: { kind: 'ids', ids: [1, 2] } });
    expect(copied).toEqual({ count: 2, duplicates: 1, workspaceName: 'Beta' });
    expect(names(paths.beta)).toEqual(['GRACE HOPPER', 'Ada Lovelace', 'Grace Hopper']);
    // Beta's window was told its people changed; Alpha's window heard the progress.
    expect(beta.events.some((event) => event.channel === 'people:onChanged')).toBe(true);
    expect(alpha.events.filter((event) => event.channel === 'transfer:onBulkProgress').length).toBeGreaterThan(0);

    const moved = await ok(alpha, 'transfer:transfer', {
      targetId: ids.gamma,
      mode: 'move',
      selection: { kind: 'matching', search: 'TURING', except: [] },
    });
    expect(moved).toEqual({ count: 1, duplicates: 0, workspaceName: 'Gamma' });
    expect(names(paths.alpha)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(names(paths.gamma)).toEqual(['Alan Turing']);
    expect(await ok(alpha, 'history:history')).toEqual({ undoLabel: 'Move 1 person to “Gamma”', redoLabel: null });

    // Undo the move (Alan comes back under his old id), then the copy.
    await ok(alpha, 'history:undo');
    expect(names(paths.gamma)).toEqual([]);
    const back = new Database(paths.alpha, { readonly: true });
    expect(back.prepare('SELECT id, name FROM Person ORDER BY id').all()).toEqual([
      { id: 1, name: 'Ada Lovelace' },
      { id: 2, name: 'Grace Hopper' },
      { id: 3, name: 'Alan Turing' },
    ]);
    back.close();
    expect(await ok(alpha, 'history:undo')).toEqual({ action: 'undo', label: 'Copy 2 people to “Beta”' });
    expect(names(paths.beta)).toEqual(['GRACE HOPPER']);
    // Redo both, in order.
    await ok(alpha, 'history:redo');
    expect(names(paths.beta)).toEqual(['GRACE HOPPER', 'Ada Lovelace', 'Grace Hopper']);
    await ok(alpha, 'history:redo');
    expect(names(paths.alpha)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(names(paths.gamma)).toEqual(['Alan Turing']);
  });

  it('undo refuses (UNDO_CONFLICT) when a copy was changed in the other workspace, and changes nothing', async () => {
    const { alpha, paths, ids } = await setUp();
    await ok(alpha, 'transfer:transfer', { targetId: ids.beta, mode: 'move', selection: { kind: 'ids', ids: [1] } });
    const beta = await app.openWorkspace(paths.beta);
    await ok(beta, 'people:update', { id: 1, name: 'Ada King' });
    const error = await refused(alpha, 'history:undo', undefined);
    expect(error.code).toBe('UNDO_CONFLICT');
    expect(names(paths.beta)).toEqual(['Ada King']);
    expect(names(paths.alpha)).toEqual(['Grace Hopper', 'Alan Turing']);
  });

  it('refuses unknown or forgotten targets, this workspace, missing files and unknown ids, with typed errors and no paths', async () => {
    const { alpha, paths, ids } = await setUp();
    app.context.catalog.forget(ids.gamma);
    const cases: [unknown, string][] = [
      [{ targetId: '00000000-0000-0000-0000-000000000000', mode: 'copy', selection: { kind: 'ids', ids: [1] } }, 'WORKSPACE_NOT_LISTED'],
      [{ targetId: ids.gamma, mode: 'move', selection: { kind: 'ids', ids: [1] } }, 'WORKSPACE_NOT_LISTED'],
      [{ targetId: ids.alpha, mode: 'copy', selection: { kind: 'ids', ids: [1] } }, 'INVALID_INPUT'],
      [{ targetId: ids.beta, mode: 'move', selection: { kind: 'ids', ids: [1, 99] } }, 'PERSON_NOT_FOUND'],
      [{ targetId: ids.beta, mode: 'teleport', selection: { kind: 'ids', ids: [1] } }, 'INVALID_INPUT'],
      [{ targetId: ids.beta, mode: 'copy', selection: { kind: 'ids', ids: [] } }, 'INVALID_INPUT'],
      [{ targetId: ids.beta, mode: 'copy', path: paths.beta, selection: { kind: 'ids', ids: [1] } }, 'INVALID_INPUT'],
    ];
    for (const [payload, code] of cases) {
      const error = await refused(alpha, 'transfer:transfer', payload);
      expect(error.code, JSON.stringify(payload)).toBe(code);
      expect(error.message).not.toContain(app.files);
    }
    expect(names(paths.alpha)).toHaveLength(3);
    expect(names(paths.beta)).toEqual([]);
  });
});

describe('drag and drop between two workspace windows', () => {
  it('the drop copies or moves the dragged people; the token is single-use and belongs to the dragging window', async () => {
    const { alpha, paths } = await setUp();
    const beta = await app.openWorkspace(paths.beta);
    const token = randomUUID();
    expect(await ok(alpha, 'transfer:dragStart', { token, selection: { kind: 'ids', ids: [2, 3] } })).toBeNull();
    expect(await ok(beta, 'transfer:drop', { token, mode: 'move' })).toEqual({ count: 2, duplicates: 0, workspaceName: 'Alpha' });
    expect(names(paths.beta)).toEqual(['Grace Hopper', 'Alan Turing']);
    expect(names(paths.alpha)).toEqual(['Ada Lovelace']);
    expect((await refused(beta, 'transfer:drop', { token, mode: 'move' })).code).toBe('NOT_FOUND');
    // The drop is undone from the window it landed in.
    expect(await ok(beta, 'history:history')).toEqual({ undoLabel: 'Move 2 people from “Alpha”', redoLabel: null });
    await ok(beta, 'history:undo');
    expect(names(paths.alpha)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
    // Dropped back on its own window: refused. A closed window's drags are gone.
    const again = { token: randomUUID() };
    await ok(alpha, 'transfer:dragStart', { token: again.token, selection: { kind: 'matching', except: [1] } });
    expect((await refused(alpha, 'transfer:drop', { token: again.token, mode: 'copy' })).code).toBe('INVALID_INPUT');
    const third = { token: randomUUID() };
    await ok(alpha, 'transfer:dragStart', { token: third.token, selection: { kind: 'matching', except: [1] } });
    await alpha.close();
    expect((await refused(beta, 'transfer:drop', { token: third.token, mode: 'copy' })).code).toBe('NOT_FOUND');
    expect(names(paths.beta)).toEqual([]);
  });

  it('a token another window registered cannot be taken over, and an unknown one is refused after a short wait', async () => {
    const { alpha, paths } = await setUp();
    const beta = await app.openWorkspace(paths.beta);
    const token = randomUUID();
    await ok(alpha, 'transfer:dragStart', { token, selection: { kind: 'ids', ids: [1] } });
    expect((await refused(beta, 'transfer:dragStart', { token, selection: { kind: 'matching', except: [] } })).code).toBe('INVALID_INPUT');
    const started = Date.now();
    expect((await refused(beta, 'transfer:drop', { token: randomUUID(), mode: 'copy' })).code).toBe('NOT_FOUND');
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(await ok(beta, 'transfer:drop', { token, mode: 'copy' })).toEqual({ count: 1, duplicates: 0, workspaceName: 'Alpha' });
  });

  it('a launcher cannot take part', async () => {
    const { alpha } = await setUp();
    const launcher = app.openLauncher();
    const token = randomUUID();
    expect(await ok(alpha, 'transfer:dragStart', { token, selection: { kind: 'ids', ids: [1] } })).toBeNull();
    expect((await refused(launcher, 'transfer:drop', { token, mode: 'copy' })).code).toBe('INVALID_INPUT');
    expect((await refused(launcher, 'transfer:transferTargets', undefined)).code).toBe('INVALID_INPUT');
  });
});

describe('Merge into… (launcher)', () => {
  it('moves everyone, reports likely duplicates, trashes the emptied workspace, and refuses one that is open', async () => {
    const { alpha, paths, ids } = await setUp();
    const launcher = app.openLauncher();
    expect((await refused(launcher, 'transfer:merge', { id: ids.alpha, intoId: ids.beta, skipDuplicates: false })).code).toBe(
      'WORKSPACE_BUSY',
    );
    await alpha.close();
    const beta = await app.openWorkspace(paths.beta);
    await ok(beta, 'people:create', { name: 'ada lovelace' });
    const skipped = await ok<{ moved: number; skipped: number; trashed: unknown }>(launcher, 'transfer:merge', {
      id: ids.alpha,
      intoId: ids.beta,
      skipDuplicates: true,
    });
    expect(skipped).toMatchObject({ moved: 2, skipped: 1, duplicates: 1, trashed: null });
    expect(names(paths.alpha)).toEqual(['Ada Lovelace']);
    const merged = await ok<{ trashed: { name: string } | null }>(launcher, 'transfer:merge', {
      id: ids.alpha,
      intoId: ids.beta,
      skipDuplicates: false,
    });
    expect(merged).toMatchObject({ moved: 1, skipped: 0, duplicates: 1 });
    expect(merged.trashed?.name).toBe('Alpha');
    expect(names(paths.beta)).toEqual(['ada lovelace', 'Grace Hopper', 'Alan Turing', 'Ada Lovelace']);
    expect(launcher.events.some((event) => event.channel === 'transfer:onMergeProgress')).toBe(true);
    expect((await refused(launcher, 'transfer:merge', { id: ids.beta, intoId: ids.beta, skipDuplicates: false })).code).toBe(
      'INVALID_INPUT',
    );
  });
});
