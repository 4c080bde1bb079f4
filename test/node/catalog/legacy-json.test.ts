// A catalog.json from an earlier Roster is moved into catalog.db once: its entries and
// trash records carry over, bad entries are kept aside instead of sinking the list,
// and the old file is kept, renamed.

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RosterError } from '../../../main/kernel/common/errors.js';
import { Catalog } from '../../../main/features/catalog/node/catalog.js';
import { catalogDump } from '../../support/catalog-fixtures.js';

let dir: string;
let data: string;
const open: Catalog[] = [];

function newCatalog(): Catalog {
  const catalog = new Catalog({ file: join(data, 'catalog.db'), trashDir: join(data, 'trash') });
  open.push(catalog);
  return catalog;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'roster-legacy-'));
  data = join(dir, 'data');
  mkdirSync(data);
});
afterEach(() => {
  for (const catalog of open.splice(0)) catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

const ALPHA = {
  id: 'aaaaaaaa-0000-4000-8000-000000000001',
  name: 'Alpha',
  path: '/srv/alpha.roster',
  createdAt: '2026-11-01T10:00:00.000Z',
  lastOpenedAt: '2026-11-20T10:00:00.000Z',
};
const BRAVO = {
  id: 'aaaaaaaa-0000-4000-8000-000000000002',
  name: 'Bravo',
  path: '/srv/bravo.roster',
  createdAt: '2026-11-02T10:00:00.000Z',
  lastOpenedAt: null,
};
const TRASHED = {
  trashId: 'bbbbbbbb-0000-4000-8000-000000000001',
  name: 'Old',
  originalPath: '/srv/old.roster',
  deletedAt: '2026-11-03T10:00:00.000Z',
  fileName: 'old.roster',
};

function writeLegacy(content: unknown): string {
  const file = join(data, 'catalog.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

describe('migrating catalog.json', () => {
  it('imports every entry and trash record once, and keeps the old file as catalog.json.migrated', () => {
    const file = writeLegacy({ version: 1, workspaces: [ALPHA, BRAVO], trash: [TRASHED] });
    const original = readFileSync(file, 'utf8');
    const catalog = newCatalog();
    expect(catalog.list()).toEqual([ALPHA, BRAVO]);
    const { fileName: _fileName, ...publicTrash } = TRASHED;
    expect(catalog.listTrash()).toEqual([publicTrash]);
    expect(catalogDump(catalog.file).trash).toMatchObject([{ file_name: 'old.roster', state: 'trashed' }]);
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(`${file}.migrated`, 'utf8')).toBe(original);
    expect(catalog.listQuarantined()).toEqual([]);

    // A later start (or a second process) does not import again.
    catalog.forget(ALPHA.id);
    catalog.close();
    expect(newCatalog().list()).toEqual([BRAVO]);
  });

  it('a kill after the import committed but before the rename only finishes the rename next time', () => {
    const file = writeLegacy({ version: 1, workspaces: [ALPHA], trash: [] });
    const catalog = newCatalog();
    expect(catalog.list()).toEqual([ALPHA]);
    catalog.forget(ALPHA.id);
    catalog.close();
    // As if the process died between the commit and the rename.
    copyFileSync(`${file}.migrated`, file);
    expect(newCatalog().list()).toEqual([]);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(data).filter((name) => name.startsWith('catalog.json.migrated'))).toHaveLength(2);
  });

  it('keeps the good entries when one is bad or has an unknown field, and keeps the rest for inspection', () => {
    writeLegacy({
      version: 1,
      workspaces: [
        ALPHA,
        { ...BRAVO, colour: 'blue' },
        { id: 'not-an-id', name: 'Broken', path: '/srv/broken.roster', createdAt: 'yesterday', lastOpenedAt: null },
        { ...ALPHA, id: 'aaaaaaaa-0000-4000-8000-000000000003' },
        42,
      ],
      trash: [TRASHED, { trashId: 'nope' }],
      extra: { note: 'from a plugin' },
    });
    const catalog = newCatalog();
    expect(catalog.list()).toEqual([ALPHA, BRAVO]);
    expect(catalog.listTrash()).toHaveLength(1);
    const quarantined = catalog.listQuarantined();
    expect(quarantined.every((entry) => entry.source === 'catalog.json')).toBe(true);
    const reasons = quarantined.map((entry) => entry.reason);
    expect(reasons).toEqual([
      'unknown fields at the top level: extra',
      'workspace entry imported; its unknown fields were left out: colour',
      expect.stringMatching(/^workspace entry: /),
      'workspace entry: a duplicate of an entry already in the list',
      expect.stringMatching(/^workspace entry: /),
      expect.stringMatching(/^trash entry: /),
    ]);
    expect(JSON.parse(quarantined[2]?.content ?? '')).toMatchObject({ name: 'Broken' });
    expect(JSON.parse(quarantined[4]?.content ?? '')).toBe(42);
  });

  it('keeps a file that is not JSON at all in the quarantine and starts an empty list', () => {
    writeLegacy('{"version":1,"workspaces":[{"id":');
    const catalog = newCatalog();
    expect(catalog.list()).toEqual([]);
    expect(catalog.listQuarantined()).toMatchObject([{ source: 'catalog.json', content: '{"version":1,"workspaces":[{"id":' }]);
    expect(readFileSync(join(data, 'catalog.json.migrated'), 'utf8')).toBe('{"version":1,"workspaces":[{"id":');
  });

  it('refuses a catalog.json of a newer format without changing it or importing anything', () => {
    const file = writeLegacy({ version: 2, workspaces: [ALPHA] });
    const catalog = newCatalog();
    let caught: unknown;
    try {
      catalog.list();
    } catch (error) {
      caught = error;
    }
    expect((caught as RosterError).code).toBe('WORKSPACE_TOO_NEW');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 2, workspaces: [ALPHA] });
    expect(catalogDump(catalog.file).workspaces).toEqual([]);
  });
});
