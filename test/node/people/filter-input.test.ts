// Date filters that cannot mean anything are refused where they enter, through the same
// IPC path a window uses, with a typed code and a message naming the field; nothing is
// deleted by a bulk delete carrying one. The CLI's date flags refuse the same values.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { createAppFixture, type AppFixture, type TestWindow } from '../../support/app-fixture.js';
import { runRoster, jsonOut } from '../../support/cli.js';
import { queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';

let app: AppFixture;
let win: TestWindow;
let path: string;

beforeAll(async () => {
  app = createAppFixture();
  const lease = await app.context.connections.create(join(app.files, 'filters.roster'));
  path = lease.path;
  try {
    await new PersonService(lease).insertValidated(['Ada', 'Bo', 'Cy']);
  } finally {
    await lease.release();
  }
  win = await app.openWorkspace(path);
});

afterAll(async () => {
  await app.dispose();
  removeTempDirs();
});

const BAD: readonly [string, unknown, RegExp][] = [
  ['from after to', { added: { from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' } }, /^filter\.added\.to: .*ends before it starts/],
  ['a date, not an instant', { changed: { from: '2026-12-01' } }, /^filter\.changed\.from: /],
  ['a local time without a zone', { added: { to: '2026-12-01T10:00:00' } }, /^filter\.added\.to: /],
  ['an offset instead of UTC', { added: { from: '2026-12-01T10:00:00+02:00' } }, /^filter\.added\.from: /],
  ['not text', { added: { from: 1764547200000 } }, /^filter\.added\.from: /],
  ['an unknown column', { deleted: { from: '2026-12-01T00:00:00Z' } }, /^filter: /],
  ['an unknown end', { added: { since: '2026-12-01T00:00:00Z' } }, /^filter\.added: /],
];

type Envelope = { ok: boolean; error?: { code: string; message: string } };

describe('bad date filters', () => {
  for (const [label, filter, message] of BAD) {
    it(`${label}: list, count and a bulk delete answer INVALID_INPUT, and nobody is deleted`, async () => {
      for (const [channel, payload] of [
        ['people:list', { filter }],
        ['people:count', { filter }],
        ['history:deleteSelected', { selection: { kind: 'matching', filter } }],
      ] as const) {
        const result = (await win.call(channel, payload)) as Envelope;
        expect(result.ok, channel).toBe(false);
        expect(result.error?.code, channel).toBe('INVALID_INPUT');
        const shown = channel === 'history:deleteSelected' ? message.source.replace('^filter', '^selection\\.filter') : message.source;
        expect(result.error?.message, channel).toMatch(new RegExp(shown));
      }
      expect(queryFile<{ n: number }>(path, 'SELECT count(*) AS n FROM "Person"')).toEqual([{ n: 3 }]);
    });
  }

  it('a good filter passes: from equal to to is an empty range', async () => {
    const at = '2026-12-01T00:00:00Z';
    expect(await win.call('people:count', { filter: { added: { from: at, to: at } } })).toEqual({ ok: true, data: 0 });
    expect(await win.call('people:count', { filter: { added: {}, changed: { from: '2000-01-01T00:00:00.000Z' } } })).toEqual({
      ok: true,
      data: 3,
    });
  });

  it("Copy of all matching carries the filter: exactly the people it keeps, in the window's order", async () => {
    // Bo's rename makes him the only one changed after the others were added.
    const renamed = (await win.call('people:update', { id: 2, name: 'Bo B' })) as { ok: boolean; data: { updatedAt: string } };
    expect(renamed.ok).toBe(true);
    const filter = { changed: { from: renamed.data.updatedAt } };
    const selection = { kind: 'matching', filter, except: [] };
    const copied = await win.call('people:copySelection', { selection, sort: 'updated', direction: 'desc' });
    expect(copied).toEqual({ ok: true, data: { copied: 1, total: 1 } });
    expect(app.clipboard.at(-1)?.split(/\r?\n/)[1]?.split('\t')[0]).toBe('Bo B');
    expect(await win.call('people:count', { filter })).toEqual({ ok: true, data: 1 });
    expect(await win.call('people:count', { filter: { changed: { to: renamed.data.updatedAt } } })).toEqual({ ok: true, data: 2 });
  });

  it('the CLI refuses the same values before opening the file, and lists by a good one', async () => {
    const dataDir = join(app.root, 'cli-data');
    const bad = await runRoster(['people', 'list', path, '--added-from', '2026-12-02T00:00:00Z', '--added-to', '2026-12-01T00:00:00Z'], {
      dataDir,
    });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/ends before it starts/);
    const good = await runRoster(['people', 'list', path, '--changed-from', '2000-01-01T00:00:00Z', '--sort', 'updated', '--json'], {
      dataDir,
    });
    // By last change: Bo's rename (the test before) is the newest.
    expect(jsonOut<{ name: string }[]>(good).map((person) => person.name)).toEqual(['Ada', 'Cy', 'Bo B']);
    const none = await runRoster(['people', 'list', path, '--added-to', '2000-01-01T00:00:00Z', '--json'], { dataDir });
    expect(jsonOut(none)).toEqual([]);
  });
});
