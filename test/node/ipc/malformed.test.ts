// Every channel fed malformed payloads gets a typed error, the process survives and
// nothing is written: not the workspace's people, not the catalog, not a file.
//
// Payloads go through the fake Electron transport (structured clone) and, for the
// ones V8's serializer refuses to carry (10,000-deep nesting overflows its stack, as
// it would in Electron's renderer), straight into the session as well, so main's own
// validation is tested on them too.

import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../main/kernel/common/errors.js';
import { invokeChannels, type InvokeChannel } from '../../../main/app/common/roster-api.js';
import { createAppFixture, createWorkspaceFileAt, type AppFixture, type TestWindow } from '../../support/app-fixture.js';
import type { Envelope } from '../../support/ipc-envelopes.js';
import { removeTempDirs } from '../../support/workspace-fixtures.js';

const ALL = Object.keys(invokeChannels) as InvokeChannel[];
const WORKSPACE = ALL.filter((c) => invokeChannels[c].role === 'workspace');
const LAUNCHER = ALL.filter((c) => invokeChannels[c].role === 'launcher');
/** Channels whose valid calls change nothing and open no dialog. */
const READ_ONLY = new Set<InvokeChannel>([
  'workspace:info',
  'workspace:health',
  'history:history',
  'people:list',
  'people:count',
  'people:get',
  'importExport:cancelImport',
  // A token nobody was given: false, nothing happens.
  'importExport:discardImport',
  'catalog:list',
  'catalog:trash',
  'workspace:viewState',
  'transfer:transferTargets',
  'transfer:cancelBulk',
  'find:takeReveal',
  'find:position',
  'find:find',
  'find:prepareFind',
  'find:cancelFind',
  'duplicates:sameName',
  'duplicates:groups',
]);
/** The string and number fields each channel takes, to aim bad values at. */
const FIELDS: Record<InvokeChannel, string[]> = {
  'workspace:info': [],
  'workspace:health': [],
  'workspace:reopen': [],
  'workspace:trust': [],
  'workspace:removeForeign': [],
  'people:list': ['sort', 'direction', 'search', 'limit', 'cursor', 'offset'],
  'people:count': ['search'],
  'people:get': ['id'],
  'people:create': ['name'],
  'people:update': ['id', 'name'],
  'people:delete': ['ids'],
  'history:undo': [],
  'history:redo': [],
  'history:history': [],
  'importExport:chooseImport': ['format'],
  'importExport:previewImport': ['token', 'encoding', 'separator', 'column'],
  'importExport:confirmImport': ['token'],
  'importExport:discardImport': ['token'],
  'importExport:cancelImport': [],
  'importExport:export': ['format'],
  'importExport:cancelExport': [],
  'catalog:list': [],
  'catalog:create': ['name'],
  'catalog:openExisting': [],
  'catalog:open': ['id'],
  'catalog:rename': ['id', 'name'],
  'catalog:forget': ['id'],
  'catalog:delete': ['id'],
  'catalog:trash': [],
  'catalog:restore': ['trashId'],
  'people:createMany': ['names'],
  'importExport:chooseDroppedImport': ['paths'],
  'workspace:viewState': [],
  'workspace:setColumnWidths': ['columnWidths'],
  'catalog:openInNewWindow': ['id'],
  'catalog:reveal': ['id'],
  'catalog:locate': ['id'],
  'catalog:openFiles': ['paths'],
  'find:takeReveal': [],
  'find:position': ['id', 'sort', 'direction'],
  'find:find': ['queryId', 'text'],
  'find:prepareFind': [],
  'find:cancelFind': ['queryId'],
  'find:openPerson': ['id', 'personId'],
  'app:reportError': ['kind', 'message', 'stack', 'source'],
  'history:deleteSelected': ['selection'],
  'people:copySelection': ['selection', 'sort', 'direction'],
  'transfer:transferTargets': [],
  'transfer:transfer': ['targetId', 'mode', 'selection'],
  'transfer:cancelBulk': [],
  'transfer:dragStart': ['token', 'selection'],
  'transfer:drop': ['token', 'mode'],
  'transfer:merge': ['id', 'intoId', 'skipDuplicates'],
  'duplicates:sameName': ['name'],
  'duplicates:groups': ['offset', 'limit'],
};
const VALID: Record<InvokeChannel, unknown> = {
  'workspace:info': undefined,
  'workspace:health': undefined,
  'workspace:reopen': undefined,
  'workspace:trust': undefined,
  'workspace:removeForeign': undefined,
  'people:list': { limit: 10 },
  'people:count': {},
  'people:get': { id: 1 },
  'people:create': { name: 'Valid Name' },
  'people:update': { id: 1, name: 'Valid Name' },
  'people:delete': { ids: [1] },
  'history:undo': undefined,
  'history:redo': undefined,
  'history:history': undefined,
  'importExport:chooseImport': { format: 'csv' },
  'importExport:previewImport': { token: '00000000-0000-0000-0000-000000000000' },
  'importExport:confirmImport': { token: '00000000-0000-0000-0000-000000000000' },
  'importExport:discardImport': { token: '00000000-0000-0000-0000-000000000000' },
  'importExport:cancelImport': undefined,
  'importExport:export': { format: 'csv' },
  'importExport:cancelExport': undefined,
  'catalog:list': undefined,
  'catalog:create': { name: 'Valid' },
  'catalog:openExisting': undefined,
  'catalog:open': { id: '00000000-0000-0000-0000-000000000000' },
  'catalog:rename': { id: '00000000-0000-0000-0000-000000000000', name: 'Valid' },
  'catalog:forget': { id: '00000000-0000-0000-0000-000000000000' },
  'catalog:delete': { id: '00000000-0000-0000-0000-000000000000' },
  'catalog:trash': undefined,
  'catalog:restore': { trashId: '00000000-0000-0000-0000-000000000000' },
  'people:createMany': { names: ['Valid Name'] },
  'importExport:chooseDroppedImport': { paths: ['/nonexistent/people.csv'] },
  'workspace:viewState': undefined,
  'workspace:setColumnWidths': { columnWidths: { name: 200 } },
  'catalog:openInNewWindow': { id: '00000000-0000-0000-0000-000000000000' },
  'catalog:reveal': { id: '00000000-0000-0000-0000-000000000000' },
  'catalog:locate': { id: '00000000-0000-0000-0000-000000000000' },
  'catalog:openFiles': { paths: ['/nonexistent/team.roster'] },
  'find:takeReveal': undefined,
  'find:position': { id: 1, sort: 'name', direction: 'asc' },
  'find:find': { queryId: 1, text: 'ana' },
  'find:prepareFind': undefined,
  'find:cancelFind': { queryId: 1 },
  'find:openPerson': { id: '00000000-0000-0000-0000-000000000000', personId: 1 },
  'app:reportError': { kind: 'error', message: 'boom' },
  'history:deleteSelected': { selection: { kind: 'ids', ids: [1] } },
  'people:copySelection': { selection: { kind: 'matching', except: [] }, sort: 'name', direction: 'asc' },
  'transfer:transferTargets': undefined,
  'transfer:transfer': { targetId: '00000000-0000-0000-0000-000000000000', mode: 'copy', selection: { kind: 'ids', ids: [1] } },
  'transfer:cancelBulk': undefined,
  'transfer:dragStart': { token: '00000000-0000-4000-8000-000000000001', selection: { kind: 'matching', search: 'a', except: [] } },
  'transfer:drop': { token: '00000000-0000-0000-0000-000000000000', mode: 'move' },
  'transfer:merge': { id: '00000000-0000-0000-0000-000000000000', intoId: '00000000-0000-0000-0000-000000000001', skipDuplicates: false },
  'duplicates:sameName': { name: 'Ana' },
  'duplicates:groups': { offset: 0, limit: 10 },
};

const MB = 'x'.repeat(1024 * 1024);

function nested(depth: number, kind: 'object' | 'array'): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = kind === 'object' ? { a: value } : [value];
  return value;
}

/** The hand-written bad payloads for one channel: [label, payload]. */
function curated(channel: InvokeChannel): [string, unknown][] {
  const valid = VALID[channel];
  const base = valid !== null && typeof valid === 'object' ? (valid as Record<string, unknown>) : {};
  const cases: [string, unknown][] = [
    ['number', 42],
    ['string', 'people'],
    ['boolean', true],
    ['null', null],
    ['array', [base]],
    ['extra field', { ...base, extra: 1 }],
    ['1 MB key', { ...base, [MB]: 1 }],
    ['__proto__ key', JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(base).slice(1, -1) || '"x": 1'}}`)],
    ['constructor key', { ...base, constructor: { prototype: { polluted: true } } }],
    ['nested 1,000 deep', nested(1000, 'object')],
  ];
  if (valid === undefined) cases.push(['empty object', {}]);
  else cases.push(['missing fields', {}]);
  for (const field of FIELDS[channel]) {
    for (const [label, value] of [
      ['1 MB string', MB],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['-Infinity', Number.NEGATIVE_INFINITY],
      ['wrong type', { nested: true }],
      ['missing', undefined],
      ['1,000 deep', nested(1000, 'array')],
      ['Date', new Date(0)],
      ['Map', new Map([['a', 1]])],
      ['bigint', 10n],
    ] as [string, unknown][]) {
      const payload = { ...base, [field]: value };
      if (value === undefined) delete payload[field];
      cases.push([`${field}: ${label}`, payload]);
    }
  }
  // Drop the few that happen to be valid (every field of people:list is optional).
  return cases.filter(([, payload]) => !invokeChannels[channel].input.safeParse(payload).success);
}

// ---------------------------------------------------------------- random payloads

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(rand: () => number, keys: string[], depth = 0): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const roll = Math.floor(rand() * (depth > 3 ? 8 : 12));
  switch (roll) {
    case 0:
      return pick([0, -1, 1, 1.5, -0, 2 ** 53, -(2 ** 60), Number.NaN, Infinity, -Infinity, Number.MAX_VALUE, 1e-300]);
    case 1:
      return pick([
        '',
        ' ',
        'name',
        'asc',
        'desc',
        'created',
        'csv',
        'json',
        '\u0000',
        '\u202e',
        '\ud800',
        '💥'.repeat(300),
        'a'.repeat(5000),
        '../../etc/passwd',
        'C:\\x',
        '__proto__',
      ]);
    case 2:
      return pick([true, false, null, undefined]);
    case 3:
      return Math.floor(rand() * 1e6) - 1e5;
    case 4:
      return pick([
        new Date(rand() * 1e13),
        new Date(Number.NaN),
        12345678901234567890n,
        new Uint8Array(8),
        new Set([1]),
        new Map(),
        new Error('x'),
        /re/g,
      ]);
    case 5:
      return pick([
        '00000000-0000-0000-0000-000000000000',
        'ffffffff-ffff-ffff-ffff-ffffffffffff',
        '2026-01-01T00:00:00.000Z',
        'not-a-cursor',
      ]);
    case 6:
      return String.fromCodePoint(...Array.from({ length: Math.floor(rand() * 20) }, () => Math.floor(rand() * 0x10ffff) % 0xd800));
    case 7:
      return Math.floor(rand() * 3);
    case 8:
    case 9: {
      const out: Record<string, unknown> = {};
      const count = Math.floor(rand() * 4);
      for (let i = 0; i < count; i++) {
        const key =
          rand() < 0.7 && keys.length > 0
            ? pick(keys)
            : pick(['extra', '__proto__', 'constructor', 'prototype', 'toString', '', 'id ', 'Name']);
        out[key] = randomValue(rand, keys, depth + 1);
      }
      return out;
    }
    default:
      return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, keys, depth + 1));
  }
}

// ---------------------------------------------------------------- fixture

let app: AppFixture;
let workspacePath: string;
let otherPath: string;
let win: TestWindow;
let launcher: TestWindow;
let before: { people: string; other: string; catalog: string; files: string[] };

function peopleChecksum(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare('SELECT id, name, nameKey, createdAt, updatedAt FROM "Person" ORDER BY id').all();
    return `${rows.length}:${createHash('sha256').update(JSON.stringify(rows)).digest('hex')}`;
  } finally {
    db.close();
  }
}

function snapshot(): typeof before {
  return {
    people: peopleChecksum(workspacePath),
    other: peopleChecksum(otherPath),
    catalog: JSON.stringify(app.context.catalog.list()),
    files: readdirSync(app.files).sort(),
  };
}

beforeAll(async () => {
  app = createAppFixture();
  workspacePath = await createWorkspaceFileAt(app, 'fuzzed.roster');
  otherPath = await createWorkspaceFileAt(app, 'other.roster');
  const seed = await app.openWorkspace(workspacePath);
  for (const name of ['Ana', 'Bo', 'Carla']) await seed.call('people:create', { name });
  await seed.close();
  const other = await app.openWorkspace(otherPath);
  await other.call('people:create', { name: 'Dana' });
  await other.close();
  before = snapshot();
  win = await app.openWorkspace(workspacePath);
  launcher = app.openLauncher();
});

afterAll(async () => {
  await app.dispose();
  removeTempDirs();
});

function isTyped(result: unknown): result is Envelope & { ok: false } {
  return (
    typeof result === 'object' &&
    result !== null &&
    (result as Envelope).ok === false &&
    Object.hasOwn(ERROR_CODES, (result as { error: { code: string } }).error.code) &&
    (result as { error: { code: string } }).error.code !== 'INTERNAL'
  );
}

function windowFor(channel: InvokeChannel): TestWindow {
  return invokeChannels[channel].role === 'workspace' ? win : launcher;
}

async function send(channel: InvokeChannel, payload: unknown): Promise<unknown> {
  try {
    return await windowFor(channel).call(channel, payload);
  } catch (error) {
    // The renderer could not serialize it (V8's stack): main never saw it. Main must
    // still refuse it if some renderer could, so hand it to the session directly.
    expect(String(error)).toMatch(/could not be cloned|Maximum call stack/);
    return windowFor(channel).spec.session.invoke(channel, payload);
  }
}

describe('malformed payloads', () => {
  it.each(ALL)('%s refuses every curated bad payload with a typed input error', async (channel) => {
    for (const [label, payload] of curated(channel)) {
      const result = await send(channel, payload);
      expect(isTyped(result), `${channel} ${label}: ${JSON.stringify(result)?.slice(0, 300)}`).toBe(true);
      const code = (result as { error: { code: string } }).error.code;
      expect(['INVALID_INPUT', 'INVALID_QUERY'], `${channel} ${label}`).toContain(code);
      expect((result as { error: { message: string } }).error.message.length).toBeLessThan(600);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses 10,000-deep nesting, which the serializer cannot carry, in main as well', async () => {
    for (const channel of ALL) {
      for (const payload of [
        nested(10_000, 'object'),
        nested(10_000, 'array'),
        { ...(VALID[channel] as object), name: nested(10_000, 'object') },
      ]) {
        await expect(windowFor(channel).call(channel, payload)).rejects.toThrow(/Maximum call stack|could not be cloned/);
        const direct = await windowFor(channel).spec.session.invoke(channel, payload);
        expect(isTyped(direct), channel).toBe(true);
        expect(['INVALID_INPUT', 'INVALID_QUERY']).toContain((direct as { error: { code: string } }).error.code);
      }
    }
  });

  it('names the query problem as INVALID_QUERY and bad names as INVALID_NAME', async () => {
    const query = async (payload: unknown): Promise<unknown> =>
      ((await win.call('people:list', payload)) as { error?: { code: string } }).error?.code;
    expect(await query({ limit: 0 })).toBe('INVALID_QUERY');
    expect(await query({ limit: Number.NaN })).toBe('INVALID_QUERY');
    expect(await query({ sort: 'evil' })).toBe('INVALID_QUERY');
    expect(await query({ cursor: 'garbage' })).toBe('INVALID_QUERY');
    expect(await query({ offset: Number.POSITIVE_INFINITY })).toBe('INVALID_QUERY');
    expect(await query({ search: MB })).toBe('INVALID_INPUT');
    for (const name of ['', '   ', 'a\u0000b', 'tab\there', '\ud800', 'x'.repeat(257)]) {
      expect(await win.call('people:create', { name })).toMatchObject({ ok: false, error: { code: 'INVALID_NAME' } });
      expect(await win.call('people:update', { id: 1, name })).toMatchObject({ ok: false, error: { code: 'INVALID_NAME' } });
    }
    expect(await win.call('people:get', { id: 424242 })).toMatchObject({ ok: false, error: { code: 'PERSON_NOT_FOUND' } });
    expect(await win.call('people:delete', { ids: [1, 424242] })).toMatchObject({ ok: false, error: { code: 'PERSON_NOT_FOUND' } });
    expect(await win.call('people:update', { id: 424242, name: 'Zed' })).toMatchObject({ ok: false, error: { code: 'PERSON_NOT_FOUND' } });
    expect(await win.call('history:redo')).toMatchObject({
      ok: false,
      error: { code: 'NOTHING_TO_UNDO', message: 'There is nothing to redo.' },
    });
    expect(await launcher.call('catalog:open', { id: '00000000-0000-0000-0000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'WORKSPACE_NOT_LISTED' },
    });
    expect(await launcher.call('catalog:create', { name: '   ' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await launcher.call('catalog:rename', { id: '00000000-0000-0000-0000-000000000000', name: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'WORKSPACE_NOT_LISTED' },
    });
  });
});

describe('malformed payloads: extra arguments, random payloads, nothing written', () => {
  it('refuses a second argument and values that cannot be cloned never reach main', async () => {
    expect(await win.call('people:create', { name: 'Two' }, { name: 'Args' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    await expect(win.call('people:create', { name: () => 'x' })).rejects.toThrow('An object could not be cloned.');
    await expect(win.call('people:create', { name: Symbol('x') })).rejects.toThrow('An object could not be cloned.');
  });

  it('survives a few thousand seeded random payloads with typed errors and no writes', async () => {
    const rand = mulberry32(0x5eed);
    let sent = 0;
    let skippedValid = 0;
    let okReads = 0;
    for (let i = 0; i < 3000; i++) {
      const channel = ALL[Math.floor(rand() * ALL.length)] as InvokeChannel;
      const payload =
        rand() < 0.85
          ? randomValue(rand, FIELDS[channel])
          : { ...(VALID[channel] as object), ...(randomValue(rand, FIELDS[channel]) as object) };
      if (!READ_ONLY.has(channel) && invokeChannels[channel].input.safeParse(payload).success) {
        skippedValid++; // a valid write is not malformed; the normal-path tests cover it
        continue;
      }
      sent++;
      const result = await send(channel, payload);
      if ((result as Envelope).ok) {
        expect(READ_ONLY.has(channel), `${channel} accepted ${String(payload)}`).toBe(true);
        okReads++;
      } else {
        expect(isTyped(result), `${channel}: ${JSON.stringify(result)}`).toBe(true);
      }
    }
    expect(sent).toBeGreaterThan(2500);
    expect(skippedValid).toBeLessThan(300);
    expect(okReads).toBeGreaterThan(0);
    // Still serving.
    expect(await win.call('people:count', {})).toEqual({ ok: true, data: 3 });
    expect(await launcher.call('catalog:list')).toMatchObject({ ok: true });
  });

  it('wrote nothing: people, the other workspace, the catalog and the folder are as they were', async () => {
    await win.close();
    await launcher.close();
    const after = snapshot();
    expect(after.people).toBe(before.people);
    expect(after.other).toBe(before.other);
    const idsAndNames = (catalog: string): string[][] => (JSON.parse(catalog) as { id: string; name: string }[]).map((w) => [w.id, w.name]);
    expect(idsAndNames(after.catalog)).toEqual(idsAndNames(before.catalog));
    expect(after.files).toEqual(before.files);
    expect(app.logs.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});

void WORKSPACE;
void LAUNCHER;
