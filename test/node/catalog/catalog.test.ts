import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../../main/node/catalog/catalog.js';
import { RosterError } from '../../../main/common/errors.js';

let dir: string;
let catalog: Catalog;

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof RosterError ? error.code : `not a RosterError: ${String(error)}`;
  }
  return undefined;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'roster-catalog-'));
  catalog = new Catalog({ file: join(dir, 'data', 'catalog.json'), trashDir: join(dir, 'data', 'trash') });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function workspaceFile(name: string, content = 'SQLite format 3\0 stand-in'): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('Catalog', () => {
  it('starts empty when no catalog file exists, and creates it on the first change', () => {
    expect(catalog.list()).toEqual([]);
    expect(existsSync(catalog.file)).toBe(false);
    const entry = catalog.add(workspaceFile('team.roster'));
    expect(entry.name).toBe('team');
    expect(JSON.parse(readFileSync(catalog.file, 'utf8')).workspaces).toHaveLength(1);
  });

  it('adds by canonical path, so two paths to one file are one entry', () => {
    const file = workspaceFile('a.roster');
    mkdirSync(join(dir, 'sub'));
    symlinkSync(file, join(dir, 'link.roster'));
    const first = catalog.add(file, 'Alpha');
    const viaLink = catalog.add(join(dir, 'link.roster'), 'Other name');
    const viaDots = catalog.add(join(dir, 'sub', '..', 'a.roster'));
    expect(viaLink.id).toBe(first.id);
    expect(viaDots.id).toBe(first.id);
    expect(catalog.list()).toHaveLength(1);
    expect(catalog.findByPath(join(dir, 'link.roster'))?.name).toBe('Alpha');
  });

  it('renames, touches and forgets without touching the file', () => {
    const file = workspaceFile('b.roster');
    const entry = catalog.add(file);
    expect(catalog.rename(entry.id, '  Board  ').name).toBe('Board');
    expect(catalog.get(entry.id).lastOpenedAt).toBeNull();
    catalog.touch(entry.id);
    expect(catalog.get(entry.id).lastOpenedAt).not.toBeNull();
    catalog.forget(entry.id);
    expect(catalog.list()).toEqual([]);
    expect(existsSync(file)).toBe(true);
  });

  it('refuses bad names and unknown ids with typed errors, writing nothing', () => {
    const entry = catalog.add(workspaceFile('c.roster'));
    const before = readFileSync(catalog.file);
    expect(errorCode(() => catalog.rename(entry.id, '   '))).toBe('INVALID_INPUT');
    expect(errorCode(() => catalog.rename(entry.id, 'x'.repeat(121)))).toBe('INVALID_INPUT');
    expect(errorCode(() => catalog.rename(entry.id, 'tab\there'))).toBe('INVALID_INPUT');
    expect(errorCode(() => catalog.rename('00000000-0000-4000-8000-000000000000', 'Name'))).toBe('NOT_FOUND');
    expect(errorCode(() => catalog.forget('00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
    expect(errorCode(() => catalog.getByPath(join(dir, 'nowhere.roster')))).toBe('NOT_FOUND');
    expect(readFileSync(catalog.file)).toEqual(before);
  });

  it('moves a deleted workspace to the trash and restores it', () => {
    const file = workspaceFile('d.roster', 'workspace bytes');
    const entry = catalog.add(file, 'Delta');
    const trashed = catalog.moveToTrash(entry.id);
    expect(existsSync(file)).toBe(false);
    expect(catalog.list()).toEqual([]);
    expect(catalog.listTrash()).toEqual([trashed]);
    expect(trashed).toMatchObject({ name: 'Delta', originalPath: entry.path });

    const restored = catalog.restoreFromTrash(trashed.trashId);
    expect(restored).toMatchObject({ name: 'Delta', path: entry.path });
    expect(readFileSync(file, 'utf8')).toBe('workspace bytes');
    expect(catalog.listTrash()).toEqual([]);
    expect(readdirSync(join(dir, 'data', 'trash'))).toEqual([]);
  });

  it.each(['-wal', '-shm'])('refuses to delete a workspace with a %s file beside it (open elsewhere), moving nothing', (suffix) => {
    const file = workspaceFile('busy.roster', 'workspace bytes');
    writeFileSync(`${file}${suffix}`, 'sidecar');
    const entry = catalog.add(file, 'Busy');
    const before = readFileSync(catalog.file);
    expect(errorCode(() => catalog.moveToTrash(entry.id))).toBe('WORKSPACE_BUSY');
    expect(readFileSync(file, 'utf8')).toBe('workspace bytes');
    expect(readFileSync(catalog.file)).toEqual(before);
    expect(catalog.listTrash()).toEqual([]);
  });

  it('refuses to restore over a file that took the old place', () => {
    const file = workspaceFile('e.roster', 'original');
    const trashed = catalog.moveToTrash(catalog.add(file).id);
    writeFileSync(file, 'newcomer');
    expect(errorCode(() => catalog.restoreFromTrash(trashed.trashId))).toBe('FILE_EXISTS');
    expect(readFileSync(file, 'utf8')).toBe('newcomer');
    expect(catalog.listTrash()).toHaveLength(1);
  });

  it('sets a damaged catalog aside instead of failing or deleting it', () => {
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(catalog.file, '{"version":1,"workspaces":[{"id":');
    expect(catalog.list()).toEqual([]);
    const kept = readdirSync(join(dir, 'data')).filter((name) => name.startsWith('catalog.json.damaged-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dir, 'data', kept[0] as string), 'utf8')).toBe('{"version":1,"workspaces":[{"id":');
  });

  it('refuses a catalog written by a newer Roster without changing it', () => {
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(catalog.file, '{"version":2,"workspaces":[]}');
    expect(errorCode(() => catalog.list())).toBe('WORKSPACE_TOO_NEW');
    expect(errorCode(() => catalog.add(workspaceFile('f.roster')))).toBe('WORKSPACE_TOO_NEW');
    expect(readFileSync(catalog.file, 'utf8')).toBe('{"version":2,"workspaces":[]}');
  });
});

describe('relocate', () => {
  it('points an entry at the file’s new place, keeping its id and name; refuses a file listed under another entry', () => {
    const first = catalog.add(join(dir, 'old.roster'), 'Team');
    const other = catalog.add(join(dir, 'other.roster'), 'Other');
    writeFileSync(join(dir, 'moved.roster'), '');
    const moved = catalog.relocate(first.id, join(dir, 'moved.roster'));
    expect(moved).toEqual({ ...first, path: join(realpathSync(dir), 'moved.roster') });
    expect(catalog.get(first.id)).toEqual(moved);
    expect(() => catalog.relocate(first.id, join(dir, 'other.roster'))).toThrow(expect.objectContaining({ code: 'FILE_EXISTS', message: 'That file is already in the list as “Other”.' }));
    expect(catalog.get(first.id)).toEqual(moved);
    expect(catalog.get(other.id).path).toBe(join(realpathSync(dir), 'other.roster'));
    expect(() => catalog.relocate('00000000-0000-0000-0000-000000000000', join(dir, 'x.roster'))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
