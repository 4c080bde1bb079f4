import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../../main/features/catalog/node/catalog.js';
import { CATALOG_SCHEMA_VERSION } from '../../../main/features/catalog/node/catalog-db.js';
import { RosterError } from '../../../main/kernel/common/errors.js';
import { catalogDump } from '../../support/catalog-fixtures.js';

let dir: string;
let data: string;
let catalog: Catalog;

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof RosterError ? error.code : `not a RosterError: ${String(error)}`;
  }
  return undefined;
}

function newCatalog(): Catalog {
  return new Catalog({ file: join(data, 'catalog.db'), trashDir: join(data, 'trash') });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'roster-catalog-'));
  data = join(dir, 'data');
  catalog = newCatalog();
});
afterEach(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

function workspaceFile(name: string, content = 'SQLite format 3\0 stand-in'): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('Catalog', () => {
  it('starts empty, creating an owner-only catalog.db at the current schema version', () => {
    expect(catalog.list()).toEqual([]);
    expect(statSync(catalog.file).mode & 0o777).toBe(0o600);
    expect(statSync(data).mode & 0o777).toBe(0o700);
    const entry = catalog.add(workspaceFile('team.roster'));
    expect(entry.name).toBe('team');
    const dump = catalogDump(catalog.file);
    expect(dump.userVersion).toBe(CATALOG_SCHEMA_VERSION);
    expect(dump.workspaces).toHaveLength(1);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(catalog.file + suffix)) expect(statSync(catalog.file + suffix).mode & 0o777).toBe(0o600);
    }
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

  it('renames, touches and forgets without touching the file; a second instance sees every change', () => {
    const file = workspaceFile('b.roster');
    const entry = catalog.add(file);
    const other = newCatalog();
    expect(catalog.rename(entry.id, '  Board  ').name).toBe('Board');
    expect(other.get(entry.id).name).toBe('Board');
    expect(catalog.get(entry.id).lastOpenedAt).toBeNull();
    other.touch(entry.id);
    expect(catalog.get(entry.id).lastOpenedAt).not.toBeNull();
    catalog.forget(entry.id);
    expect(other.list()).toEqual([]);
    expect(existsSync(file)).toBe(true);
    other.close();
  });

  it('refuses bad names and unknown ids with typed errors, writing nothing', () => {
    const entry = catalog.add(workspaceFile('c.roster'));
    const before = catalogDump(catalog.file);
    expect(errorCode(() => catalog.rename(entry.id, '   '))).toBe('INVALID_INPUT');
    expect(errorCode(() => catalog.rename(entry.id, 'x'.repeat(121)))).toBe('INVALID_INPUT');
    expect(errorCode(() => catalog.rename(entry.id, 'tab\there'))).toBe('INVALID_INPUT');
    expect(errorCode(() => catalog.rename('00000000-0000-4000-8000-000000000000', 'Name'))).toBe('WORKSPACE_NOT_LISTED');
    expect(errorCode(() => catalog.forget('00000000-0000-4000-8000-000000000000'))).toBe('WORKSPACE_NOT_LISTED');
    expect(errorCode(() => catalog.getByPath(join(dir, 'nowhere.roster')))).toBe('WORKSPACE_NOT_LISTED');
    expect(catalogDump(catalog.file)).toEqual(before);
  });

  it('closes and reopens on the next call', () => {
    catalog.add(workspaceFile('reopen.roster'));
    catalog.close();
    expect(catalog.list()).toHaveLength(1);
  });
});

describe('trash', () => {
  it('moves a deleted workspace to an owner-only trash and restores it with its old permissions', () => {
    const file = workspaceFile('d.roster', 'workspace bytes');
    const entry = catalog.add(file, 'Delta');
    const trashed = catalog.moveToTrash(entry.id);
    expect(existsSync(file)).toBe(false);
    expect(catalog.list()).toEqual([]);
    expect(catalog.listTrash()).toEqual([trashed]);
    expect(trashed).toMatchObject({ name: 'Delta', originalPath: entry.path });
    const inTrash = join(data, 'trash', trashed.trashId, 'd.roster');
    expect(statSync(inTrash).mode & 0o777).toBe(0o600);
    expect(statSync(join(data, 'trash', trashed.trashId)).mode & 0o777).toBe(0o700);
    expect(catalogDump(catalog.file).trash).toMatchObject([{ trash_id: trashed.trashId, state: 'trashed', owner_pid: null }]);

    const restored = catalog.restoreFromTrash(trashed.trashId);
    expect(restored).toMatchObject({ name: 'Delta', path: entry.path });
    expect(readFileSync(file, 'utf8')).toBe('workspace bytes');
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(catalog.listTrash()).toEqual([]);
    expect(readdirSync(join(data, 'trash'))).toEqual([]);
  });

  it('forgets a workspace whose file is already gone, with nothing to restore', () => {
    const file = workspaceFile('gone.roster');
    const entry = catalog.add(file, 'Gone');
    rmSync(file);
    expect(catalog.moveToTrash(entry.id)).toMatchObject({ name: 'Gone' });
    expect(catalog.list()).toEqual([]);
    expect(catalog.listTrash()).toEqual([]);
  });

  it.each(['-wal', '-shm', '-journal'])(
    'refuses to delete a workspace with a %s file beside it (open elsewhere), moving nothing',
    (suffix) => {
      const file = workspaceFile('busy.roster', 'workspace bytes');
      writeFileSync(`${file}${suffix}`, 'sidecar');
      const entry = catalog.add(file, 'Busy');
      const before = catalogDump(catalog.file);
      expect(errorCode(() => catalog.moveToTrash(entry.id))).toBe('WORKSPACE_BUSY');
      expect(readFileSync(file, 'utf8')).toBe('workspace bytes');
      expect(catalogDump(catalog.file)).toEqual(before);
      expect(catalog.listTrash()).toEqual([]);
    },
  );

  it('refuses to restore over a file that took the old place, and over a symlink there', () => {
    const file = workspaceFile('e.roster', 'original');
    const trashed = catalog.moveToTrash(catalog.add(file).id);
    writeFileSync(file, 'newcomer');
    expect(errorCode(() => catalog.restoreFromTrash(trashed.trashId))).toBe('FILE_EXISTS');
    expect(readFileSync(file, 'utf8')).toBe('newcomer');
    rmSync(file);
    symlinkSync(join(dir, 'nowhere'), file);
    expect(errorCode(() => catalog.restoreFromTrash(trashed.trashId))).toBe('FILE_EXISTS');
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
    expect(catalog.listTrash()).toHaveLength(1);
    rmSync(file);
    expect(readFileSync(catalog.restoreFromTrash(trashed.trashId).path, 'utf8')).toBe('original');
  });

  it('a move that fails leaves the file in place, still listed, and no trash record', () => {
    const file = workspaceFile('stuck.roster', 'stuck bytes');
    const entry = catalog.add(file, 'Stuck');
    catalog.close();
    writeFileSync(join(dir, 'not-a-folder'), '');
    const blocked = new Catalog({ file: join(data, 'catalog.db'), trashDir: join(dir, 'not-a-folder', 'trash') });
    expect(errorCode(() => blocked.moveToTrash(entry.id))).toBe('BAD_PATH');
    expect(readFileSync(file, 'utf8')).toBe('stuck bytes');
    expect(blocked.list()).toMatchObject([{ id: entry.id }]);
    expect(catalogDump(blocked.file).trash).toEqual([]);
    blocked.close();
  });

  it('refuses to restore into a folder that no longer exists', () => {
    mkdirSync(join(dir, 'folder'));
    const file = join(dir, 'folder', 'f.roster');
    writeFileSync(file, 'bytes');
    const trashed = catalog.moveToTrash(catalog.add(file).id);
    rmSync(join(dir, 'folder'), { recursive: true });
    expect(errorCode(() => catalog.restoreFromTrash(trashed.trashId))).toBe('BAD_PATH');
    expect(catalog.listTrash()).toHaveLength(1);
  });

  it('finishes a restore that was killed after the file was linked back', () => {
    const file = workspaceFile('g.roster', 'bytes');
    const trashed = catalog.moveToTrash(catalog.add(file, 'Golf').id);
    // What restoreFromTrash does first, then "killed".
    linkSync(join(data, 'trash', trashed.trashId, 'g.roster'), file);
    catalog.close();
    const next = newCatalog();
    expect(next.listTrash()).toEqual([]);
    expect(next.list()).toMatchObject([{ name: 'Golf', path: file }]);
    expect(readFileSync(file, 'utf8')).toBe('bytes');
    expect(existsSync(join(data, 'trash', trashed.trashId))).toBe(false);
    next.close();
  });
});

/** A folder on another file system than the data folder (tmpfs /dev/shm on Linux), or null. */
function otherDiskFolder(): string | null {
  try {
    if (statSync('/dev/shm').dev === statSync(tmpdir()).dev) return null;
    return mkdtempSync(join('/dev/shm', 'roster-xdev-'));
  } catch {
    return null;
  }
}

describe('trash across disks (workspace and data folder on different file systems)', () => {
  const other = otherDiskFolder();
  afterEach(() => {
    if (other) rmSync(other, { recursive: true, force: true });
  });

  it.skipIf(other === null)('copies into the trash, then restores by copying beside the target and linking it in', () => {
    const file = join(other as string, 'far.roster');
    writeFileSync(file, 'far bytes', { mode: 0o640 });
    const trashed = catalog.moveToTrash(catalog.add(file, 'Far').id);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(join(data, 'trash', trashed.trashId))).toEqual(['far.roster']);

    writeFileSync(file, 'newcomer');
    expect(errorCode(() => catalog.restoreFromTrash(trashed.trashId))).toBe('FILE_EXISTS');
    expect(readFileSync(file, 'utf8')).toBe('newcomer');
    expect(readdirSync(other as string)).toEqual(['far.roster']);
    rmSync(file);

    expect(catalog.restoreFromTrash(trashed.trashId)).toMatchObject({ name: 'Far', path: file });
    expect(readFileSync(file, 'utf8')).toBe('far bytes');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(other as string)).toEqual(['far.roster']);
    expect(catalog.listTrash()).toEqual([]);
  });
});

describe('settling moves left half-way by a process that died', () => {
  const DEAD_PID = 2 ** 22 + 12345; // above Linux's pid_max default: never a live process

  /** Writes a 'moving' record as moveToTrash does before it moves the file. */
  function recordMoving(path: string, entryId: string, pid: number, deletedAt = new Date().toISOString()): string {
    const trashId = '11111111-2222-4333-8444-555555555555';
    const db = new Database(catalog.file);
    db.prepare(
      `INSERT INTO trash (trash_id, name, original_path, file_name, deleted_at, state, owner_pid, workspace_id, file_mode)
       VALUES (?, 'Half', ?, 'half.roster', ?, 'moving', ?, ?, 420)`,
    ).run(trashId, path, deletedAt, pid, entryId);
    db.close();
    return trashId;
  }

  it('a file already in the trash folder becomes a restorable record and leaves the list', () => {
    const file = workspaceFile('half.roster', 'half bytes');
    const entry = catalog.add(file, 'Half');
    catalog.close();
    const trashId = recordMoving(file, entry.id, DEAD_PID);
    mkdirSync(join(data, 'trash', trashId), { recursive: true });
    linkSync(file, join(data, 'trash', trashId, 'half.roster'));
    rmSync(file);
    const next = newCatalog();
    expect(next.listTrash()).toMatchObject([{ trashId, name: 'Half', originalPath: file }]);
    expect(next.list()).toEqual([]);
    next.restoreFromTrash(trashId);
    expect(readFileSync(file, 'utf8')).toBe('half bytes');
    next.close();
  });

  it('a file still at its path means nothing moved: the record goes, the entry stays', () => {
    const file = workspaceFile('half.roster', 'half bytes');
    const entry = catalog.add(file, 'Half');
    catalog.close();
    const trashId = recordMoving(file, entry.id, DEAD_PID);
    mkdirSync(join(data, 'trash', trashId), { recursive: true });
    writeFileSync(join(data, 'trash', trashId, '.half.roster.copying'), 'partial');
    const next = newCatalog();
    expect(next.listTrash()).toEqual([]);
    expect(next.list()).toMatchObject([{ id: entry.id }]);
    expect(catalogDump(next.file).trash).toEqual([]);
    expect(existsSync(join(data, 'trash', trashId))).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('half bytes');
    next.close();
  });

  it('a move by a live process is left alone, unless it is stale (the pid was reused)', () => {
    const file = workspaceFile('half.roster', 'half bytes');
    const entry = catalog.add(file, 'Half');
    catalog.close();
    recordMoving(file, entry.id, process.ppid);
    let next = newCatalog();
    expect(next.listTrash()).toEqual([]);
    expect(catalogDump(next.file).trash).toMatchObject([{ state: 'moving' }]);
    expect(errorCode(() => next.moveToTrash(entry.id))).toBe('WORKSPACE_BUSY');
    next.close();

    const db = new Database(catalog.file);
    db.prepare('UPDATE trash SET deleted_at = ?').run(new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString());
    db.close();
    next = newCatalog();
    expect(next.listTrash()).toEqual([]);
    expect(catalogDump(next.file).trash).toEqual([]);
    expect(next.list()).toHaveLength(1);
    next.close();
  });
});

describe('damaged, newer and hand-edited catalogs', () => {
  it('sets a damaged catalog.db aside instead of failing or deleting it', () => {
    mkdirSync(data, { recursive: true });
    writeFileSync(catalog.file, 'x'.repeat(4096));
    expect(catalog.list()).toEqual([]);
    const kept = readdirSync(data).filter((name) => name.startsWith('catalog.db.damaged-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(data, kept[0] as string), 'utf8')).toBe('x'.repeat(4096));
    catalog.add(workspaceFile('after.roster'));
    expect(catalog.list()).toHaveLength(1);
  });

  it('refuses a catalog written by a newer Roster (a higher user_version) without changing it', () => {
    catalog.add(workspaceFile('f.roster'));
    catalog.close();
    const db = new Database(catalog.file);
    db.pragma(`user_version = ${CATALOG_SCHEMA_VERSION + 1}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = readFileSync(catalog.file);
    const next = newCatalog();
    expect(errorCode(() => next.list())).toBe('WORKSPACE_TOO_NEW');
    expect(errorCode(() => next.add(workspaceFile('g.roster')))).toBe('WORKSPACE_TOO_NEW');
    expect(readFileSync(catalog.file)).toEqual(before);
    expect(existsSync(`${catalog.file}-wal`)).toBe(false);
  });

  it('keeps the good entries when one row is bad, and keeps the bad one in the quarantine', () => {
    const good = catalog.add(workspaceFile('good.roster'), 'Good');
    catalog.close();
    const db = new Database(catalog.file);
    db.prepare("INSERT INTO workspaces VALUES ('not-a-uuid', 'Bad id', '/x/bad.roster', '2026-01-01T00:00:00.000Z', NULL)").run();
    db.prepare(
      "INSERT INTO workspaces VALUES ('22222222-2222-4222-8222-222222222222', 'Relative', 'rel.roster', '2026-01-01T00:00:00.000Z', NULL)",
    ).run();
    db.prepare(
      "INSERT INTO workspaces VALUES ('33333333-3333-4333-8333-333333333333', 'Bad date', '/x/date.roster', 'yesterday', NULL)",
    ).run();
    db.prepare(
      "INSERT INTO trash VALUES ('44444444-4444-4444-8444-444444444444', 'Escape', '/x/e.roster', " +
        "'../../etc/passwd', '2026-01-01T00:00:00.000Z', 'trashed', NULL, NULL, NULL)",
    ).run();
    // A column a later Roster might add: ignored, not misread.
    db.exec("ALTER TABLE workspaces ADD COLUMN colour TEXT DEFAULT 'blue'");
    db.close();
    const next = newCatalog();
    expect(next.list()).toEqual([good]);
    expect(next.listTrash()).toEqual([]);
    const quarantined = next.listQuarantined();
    expect(quarantined.map((entry) => [entry.source, JSON.parse(entry.content).name])).toEqual([
      ['workspaces', 'Bad id'],
      ['workspaces', 'Relative'],
      ['workspaces', 'Bad date'],
      ['trash', 'Escape'],
    ]);
    expect(quarantined.map((entry) => entry.reason).join('\n')).toMatch(/not a workspace id[\s\S]*absolute[\s\S]*fileName/);
    next.close();
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
    expect(() => catalog.relocate(first.id, join(dir, 'other.roster'))).toThrow(
      expect.objectContaining({ code: 'FILE_EXISTS', message: 'That file is already in the list as “Other”.' }),
    );
    expect(catalog.get(first.id)).toEqual(moved);
    expect(catalog.get(other.id).path).toBe(join(realpathSync(dir), 'other.roster'));
    expect(() => catalog.relocate('00000000-0000-0000-0000-000000000000', join(dir, 'x.roster'))).toThrow(
      expect.objectContaining({ code: 'WORKSPACE_NOT_LISTED' }),
    );
  });
});
