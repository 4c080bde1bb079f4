// Actions on a selection of any size, through the IPC boundary:
// "all N matching" crosses as the window's search, and delete, clipboard rows and
// export run in main by query, with progress, cancel and one undo step.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { createAppFixture, createWorkspaceFileAt, type AppFixture, type TestWindow } from '../../support/app-fixture.js';
import { ok, type Envelope } from '../../support/ipc-envelopes.js';
import { makeCurrentFile, removeTempDirs } from '../../support/workspace-fixtures.js';

function count(path: string, where = '1'): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(`SELECT count(*) FROM "Person" WHERE ${where}`).pluck().get() as number;
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

const PEOPLE = 120_000;

async function bigWorkspace(): Promise<{ window: TestWindow; path: string }> {
  const path = join(app.files, 'big.roster');
  // Every third person is a "Berg"; the rest are "Lind".
  makeCurrentFile(
    path,
    Array.from({ length: PEOPLE }, (_, i) => `${i % 3 === 0 ? 'Berg' : 'Lind'} ${String(i).padStart(6, '0')}`),
    foldName,
  );
  return { window: await app.openWorkspace(path), path };
}

describe('all matching, by query', () => {
  it('deletes everyone a search matches but the excepted, with progress; undo and redo put them back and take them again', async () => {
    const { window, path } = await bigWorkspace();
    const result = await ok(window, 'history:deleteSelected', { selection: { kind: 'matching', search: 'LIND', except: [2, 3] } });
    expect(result).toEqual({ count: PEOPLE * (2 / 3) - 2 });
    expect(count(path)).toBe(PEOPLE / 3 + 2);
    expect(await ok(window, 'people:count', { search: 'lind' })).toBe(2);
    expect(window.events.filter((event) => event.channel === 'transfer:onBulkProgress').length).toBeGreaterThan(5);
    expect(await ok(window, 'history:history')).toEqual({ undoLabel: 'Delete 79,998 people', redoLabel: null });
    await ok(window, 'history:undo');
    expect(count(path)).toBe(PEOPLE);
    expect(await ok(window, 'people:count', { search: 'lind' })).toBe(PEOPLE * (2 / 3));
    await ok(window, 'history:redo');
    expect(count(path)).toBe(PEOPLE / 3 + 2);
    // The side file of the step is private and goes when the step does.
    const undoFiles = (): string[] => readdirSync(join(app.root, 'data', 'undo'));
    expect(undoFiles()).toHaveLength(1);
  });

  it('explicit ids are all or nothing; a cancelled delete changes nothing', async () => {
    const { window, path } = await bigWorkspace();
    const missing = (await window.call('history:deleteSelected', { selection: { kind: 'ids', ids: [1, PEOPLE + 5] } })) as Envelope;
    expect(missing).toEqual({ ok: false, error: { code: 'PERSON_NOT_FOUND', message: `There is no person with id ${PEOPLE + 5}.` } });
    const deleting = window.call('history:deleteSelected', { selection: { kind: 'matching', except: [] } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await ok(window, 'transfer:cancelBulk')).toBe(true);
    const cancelled = (await deleting) as Envelope;
    expect(cancelled.ok).toBe(false);
    if (!cancelled.ok) expect(cancelled.error.code).toBe('CANCELLED');
    expect(count(path)).toBe(PEOPLE);
    expect(await ok(window, 'history:history')).toEqual({ undoLabel: null, redoLabel: null });
  });

  it('copy: main puts the rows on the clipboard in the window’s order, at most 100,000, and says how many of how many', async () => {
    const { window } = await bigWorkspace();
    expect(
      await ok(window, 'people:copySelection', { selection: { kind: 'matching', except: [] }, sort: 'name', direction: 'desc' }),
    ).toEqual({ copied: 100_000, total: PEOPLE });
    const lines = (app.clipboard.at(-1) ?? '').split('\n');
    expect(lines[0]).toBe('Name\tAdded\tLast changed');
    expect(lines[1]?.split('\t')[0]).toBe('Lind 119999');
    expect(lines).toHaveLength(100_002); // header, rows, and the final newline
    expect(
      await ok(window, 'people:copySelection', { selection: { kind: 'ids', ids: [3, 1, 2] }, sort: 'name', direction: 'asc' }),
    ).toEqual({ copied: 3, total: 3 });
    expect((app.clipboard.at(-1) ?? '').split('\n').map((line) => line.split('\t')[0])).toEqual([
      'Name',
      'Berg 000000',
      'Lind 000001',
      'Lind 000002',
      '',
    ]);
  });

  it('exports only the selected people', async () => {
    const path = await createWorkspaceFileAt(app, 'small.roster');
    const window = await app.openWorkspace(path);
    await ok(window, 'people:createMany', { names: ['Ana Berg', 'Bo Lind', 'Cy Berg'] });
    const out = join(app.files, 'bergs.json');
    app.dialogs.exportFile.push(out);
    expect(
      await ok(window, 'importExport:export', { format: 'json', selection: { kind: 'matching', search: 'berg', except: [3] } }),
    ).toEqual({ status: 'exported', count: 1, fileName: 'bergs.json' });
    expect((JSON.parse(readFileSync(out, 'utf8')) as { name: string }[]).map((p) => p.name)).toEqual(['Ana Berg']);
  });
});
