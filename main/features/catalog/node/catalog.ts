// The catalog: the workspaces Roster knows about, kept in <data folder>/catalog.db.
//
// It is a list of pointers, not the data: forgetting a workspace leaves its file
// alone, and a file that has gone missing is reported as missing rather than failing
// the whole list. Deleting moves the file into Roster's trash folder, from which it
// can be restored.
//
// Several processes use it at once (the app, any number of `roster` commands): every
// change is one SQLite write transaction (catalog-db.ts), so none is lost. The API is
// synchronous, like the JSON catalog it replaces; a change takes well under a
// millisecond unless another process holds the lock.
//
// Moving a file to the trash cannot be inside a database transaction, so it is made
// recoverable instead (docs/user/data.md, "The trash"): the trash record is written first
// as 'moving', then the file moves, then the record becomes 'trashed' and the entry
// leaves the list. Whoever opens the catalog next settles a move whose process died:
// file in the trash → a restorable record; file still at its path → no record.

import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { DisplayName, type CatalogEntry, type TrashEntry, type WorkspaceId } from '../common/catalog-contract.js';
import { RosterError } from '../../../kernel/common/errors.js';
import { ensurePrivateDir } from '../../../kernel/node/paths/data-folder.js';
import { canonicalPath } from '../../../kernel/node/sqlite/sqlite-file.js';
import { catalogError, openCatalogDb, writeTransaction } from './catalog-db.js';
import { quarantineBadRows, settleTrash } from './catalog-repair.js';
import {
  findWorkspace,
  insertWorkspace,
  listQuarantine,
  publicTrash,
  putTrash,
  readTrash,
  readWorkspaces,
  workspaceByPath,
  type QuarantinedEntry,
  type StoredTrash,
} from './catalog-rows.js';
import { importLegacyJson } from './legacy-json.js';
import { fileMoveError, modeOf, moveIntoTrash, placeWithoutReplacing, SIDECARS } from './trash-files.js';

export type { QuarantinedEntry } from './catalog-rows.js';
import type { FileIdentity } from '../../../kernel/node/files/file-identity.js';
export interface CatalogOptions {
  /** The catalog database, normally <data folder>/catalog.db. */
  readonly file: string;
  /** Where deleted workspace files wait, normally <data folder>/trash. */
  readonly trashDir: string;
  /** A catalog.json to migrate once; defaults to catalog.json beside `file`. */
  readonly legacyFile?: string;
}

function now(): string {
  return new Date().toISOString();
}

function displayName(raw: string): string {
  const result = DisplayName.safeParse(raw);
  if (!result.success) throw new RosterError('INVALID_INPUT', result.error.issues[0]?.message ?? 'That name cannot be used.');
  return result.data;
}

/** Tidying up after a failure must not hide the failure itself. */
function removeQuietly(folder: string): void {
  try {
    rmSync(folder, { recursive: true, force: true });
  } catch {
    // Left for the next settle; the error that matters is rethrown by the caller.
  }
}

/** A default display name: the file name without its extension. */
export function nameFromPath(path: string): string {
  const stem = basename(path, extname(path)).trim();
  return stem === '' ? 'Workspace' : stem.slice(0, 120);
}

export class Catalog {
  readonly #file: string;
  readonly #trashDir: string;
  readonly #legacyFile: string;
  #connection: Database.Database | undefined;

  constructor(options: CatalogOptions) {
    this.#file = options.file;
    this.#trashDir = options.trashDir;
    this.#legacyFile = options.legacyFile ?? join(dirname(options.file), 'catalog.json');
  }

  get file(): string {
    return this.#file;
  }

  /** Closes the database connection; the next call opens it again. */
  close(): void {
    this.#connection?.close();
    this.#connection = undefined;
  }

  list(): CatalogEntry[] {
    return this.#use((db) => readWorkspaces(db));
  }

  get(id: WorkspaceId): CatalogEntry {
    return this.#use((db) => findWorkspace(db, id));
  }

  findByPath(path: string): CatalogEntry | undefined {
    const canonical = canonicalPath(path);
    return this.#use((db) => workspaceByPath(db, canonical));
  }

  /** The entry for `path`, or WORKSPACE_NOT_LISTED in words that name the path. */
  getByPath(path: string): CatalogEntry {
    const entry = this.findByPath(path);
    if (!entry) throw new RosterError('WORKSPACE_NOT_LISTED', `${canonicalPath(path)} is not in the list of workspaces.`, { path });
    return entry;
  }

  /** Adds a workspace file; if it is already listed, returns the existing entry. */
  add(path: string, name?: string): CatalogEntry {
    const canonical = canonicalPath(path);
    const chosen = displayName(name ?? nameFromPath(canonical));
    return this.#change((db) => {
      const existing = workspaceByPath(db, canonical);
      if (existing) return existing;
      const entry: CatalogEntry = { id: randomUUID(), name: chosen, path: canonical, createdAt: now(), lastOpenedAt: null };
      insertWorkspace(db, entry);
      return entry;
    });
  }

  rename(id: WorkspaceId, name: string): CatalogEntry {
    const chosen = displayName(name);
    return this.#change((db) => {
      const entry = findWorkspace(db, id);
      db.prepare('UPDATE workspaces SET name = ? WHERE id = ?').run(chosen, id);
      return { ...entry, name: chosen };
    });
  }

  /** Records that the workspace was just opened (the launcher sorts by this). */
  touch(id: WorkspaceId): void {
    this.#change((db) => {
      findWorkspace(db, id);
      db.prepare('UPDATE workspaces SET last_opened_at = ? WHERE id = ?').run(now(), id);
    });
  }

  /**
   * Points the entry at the file's new place (the person found a moved workspace).
   * Refused when another entry already lists that file. The caller checks that the
   * file is a workspace.
   */
  relocate(id: WorkspaceId, newPath: string): CatalogEntry {
    const canonical = canonicalPath(newPath);
    return this.#change((db) => {
      const entry = findWorkspace(db, id);
      const other = readWorkspaces(db).find((w) => w.path === canonical && w.id !== id);
      if (other) throw new RosterError('FILE_EXISTS', `That file is already in the list as “${other.name}”.`, { path: canonical });
      db.prepare('UPDATE workspaces SET path = ? WHERE id = ?').run(canonical, id);
      return { ...entry, path: canonical };
    });
  }

  /** Removes the workspace from the list; its file stays where it is. */
  forget(id: WorkspaceId): CatalogEntry {
    return this.#change((db) => {
      const entry = findWorkspace(db, id);
      db.prepare('DELETE FROM workspaces WHERE id = ?').run(id);
      return entry;
    });
  }

  /**
   * Moves the workspace file into Roster's trash and removes it from the list. A
   * missing file is simply forgotten, with nothing to restore.
   *
   * A workspace with a -wal, -shm or -journal file beside it is refused
   * (WORKSPACE_BUSY): SQLite keeps those while any process has the file open, and
   * moving a file another process is writing would send its later writes to the
   * trash. (They also remain after a crash; opening and closing the workspace once
   * tidies them up.) The caller still checks its own process, where it knows exactly
   * what is open.
   */
  moveToTrash(id: WorkspaceId): TrashEntry {
    const plan = this.#change((db): { trash: StoredTrash; move: boolean } => {
      const entry = findWorkspace(db, id);
      const moving = db.prepare("SELECT 1 FROM trash WHERE original_path = ? AND state = 'moving'").get(entry.path);
      if (moving) {
        throw new RosterError('WORKSPACE_BUSY', `“${entry.name}” is being deleted by another Roster right now.`, { path: entry.path });
      }
      if (SIDECARS.some((suffix) => existsSync(entry.path + suffix))) {
        throw new RosterError(
          'WORKSPACE_BUSY',
          `“${entry.name}” is open in Roster or another program, or was not closed properly. ` +
            `Close it (or open and close it once), then delete it.`,
          { path: entry.path },
        );
      }
      const trash: StoredTrash = {
        trashId: randomUUID(),
        name: entry.name,
        originalPath: entry.path,
        deletedAt: now(),
        fileName: basename(entry.path),
        state: 'moving',
        ownerPid: process.pid,
        workspaceId: entry.id,
        fileMode: modeOf(entry.path),
      };
      if (!existsSync(entry.path)) {
        db.prepare('DELETE FROM workspaces WHERE id = ?').run(id);
        return { trash, move: false };
      }
      // Recorded (and committed) before the file moves: a kill from here on leaves a
      // record that the next start settles.
      putTrash(db, trash);
      return { trash, move: true };
    });
    if (!plan.move) return publicTrash(plan.trash);
    const folder = join(this.#trashDir, plan.trash.trashId);
    try {
      ensurePrivateDir(this.#trashDir);
      moveIntoTrash(plan.trash.originalPath, folder, plan.trash.fileName);
    } catch (error) {
      // Nothing moved: take the record back.
      this.#change((db) => db.prepare("DELETE FROM trash WHERE trash_id = ? AND state = 'moving'").run(plan.trash.trashId));
      if (existsSync(plan.trash.originalPath)) removeQuietly(folder);
      throw catalogError(fileMoveError(error, `move ${plan.trash.originalPath} to its trash`, plan.trash.originalPath), this.#file);
    }
    this.#change((db) => {
      // An upsert: even if another process settled (or dropped) the record meanwhile,
      // the file is in the trash and its record says so.
      putTrash(db, { ...plan.trash, state: 'trashed', ownerPid: null });
      db.prepare('DELETE FROM workspaces WHERE id = ?').run(id);
    });
    return publicTrash(plan.trash);
  }

  listTrash(): TrashEntry[] {
    return this.#use((db) => {
      settleTrash(db, this.#trashDir);
      return readTrash(db)
        .filter((trash) => trash.state === 'trashed')
        .map(publicTrash);
    });
  }

  /**
   * Moves a trashed workspace back to where it was and lists it again. Never
   * replaces a file that appeared at that path meanwhile (FILE_EXISTS), even one that
   * appears while this runs.
   */
  restoreFromTrash(trashId: string): CatalogEntry {
    return this.#use((db) => {
      const trash = readTrash(db).find((t) => t.trashId === trashId);
      if (!trash || trash.state !== 'trashed') throw new RosterError('NOT_IN_TRASH', 'That workspace is not in the trash.', { trashId });
      const folder = join(this.#trashDir, trashId);
      const source = join(folder, trash.fileName);
      if (!existsSync(source)) {
        throw new RosterError('NOT_IN_TRASH', 'The file of that workspace is no longer in the trash folder.', { trashId, source });
      }
      if (!existsSync(dirname(trash.originalPath))) {
        throw new RosterError('BAD_PATH', `The folder ${dirname(trash.originalPath)} no longer exists.`);
      }
      try {
        placeWithoutReplacing(source, trash.originalPath, trash.fileMode);
      } catch (error) {
        throw catalogError(fileMoveError(error, `put the workspace back at ${trash.originalPath}`, trash.originalPath), this.#file);
      }
      const entry = this.#finishRestore(db, trash);
      rmSync(folder, { recursive: true, force: true });
      return entry;
    });
  }

  /** Entries that could not be read and were set aside, oldest first (for inspection and tests). */
  /** The seal recorded for a workspace file (seals.ts), or null. */
  seal(path: string): FileIdentity | null {
    const row = this.#use((db) => db.prepare('SELECT dev, ino, size, mtime_ns, ctime_ns FROM seals WHERE path = ?').get(path)) as
      { dev: string; ino: string; size: string; mtime_ns: string; ctime_ns: string } | undefined;
    return row ? { dev: row.dev, ino: row.ino, size: row.size, mtimeNs: row.mtime_ns, ctimeNs: row.ctime_ns } : null;
  }

  setSeal(path: string, identity: FileIdentity): void {
    this.#change((db) =>
      db
        .prepare(
          `INSERT INTO seals (path, dev, ino, size, mtime_ns, ctime_ns, sealed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (path) DO UPDATE SET dev = excluded.dev, ino = excluded.ino, size = excluded.size,
             mtime_ns = excluded.mtime_ns, ctime_ns = excluded.ctime_ns, sealed_at = excluded.sealed_at`,
        )
        .run(path, identity.dev, identity.ino, identity.size, identity.mtimeNs, identity.ctimeNs, new Date().toISOString()),
    );
  }

  deleteSeal(path: string): void {
    this.#change((db) => db.prepare('DELETE FROM seals WHERE path = ?').run(path));
  }

  listQuarantined(): QuarantinedEntry[] {
    return this.#use((db) => listQuarantine(db));
  }

  /** The file is back at its path: drop the trash record and list it (both at once). */
  #finishRestore(db: Database.Database, trash: StoredTrash): CatalogEntry {
    return writeTransaction(db, () => {
      db.prepare('DELETE FROM trash WHERE trash_id = ?').run(trash.trashId);
      const existing = workspaceByPath(db, trash.originalPath);
      if (existing) return existing;
      const entry: CatalogEntry = { id: randomUUID(), name: trash.name, path: trash.originalPath, createdAt: now(), lastOpenedAt: null };
      insertWorkspace(db, entry);
      return entry;
    });
  }

  // ------------------------------------------------------------ opening and settling

  #use<T>(task: (db: Database.Database) => T): T {
    try {
      return task(this.#db());
    } catch (error) {
      throw catalogError(error, this.#file);
    }
  }

  #change<T>(task: (db: Database.Database) => T): T {
    return this.#use((db) => writeTransaction(db, () => task(db)));
  }

  #db(): Database.Database {
    if (this.#connection?.open) return this.#connection;
    ensurePrivateDir(dirname(this.#file));
    const db = openCatalogDb(this.#file, (aside) =>
      process.emitWarning(`Roster's list of workspaces could not be read; it was kept as ${aside} and a new list was started.`),
    );
    try {
      const imported = importLegacyJson(db, this.#legacyFile);
      if (imported && imported.quarantined > 0) {
        process.emitWarning(
          `${imported.quarantined} parts of ${this.#legacyFile} could not be used as they were; ` +
            `they are kept for inspection in the quarantine table of ${this.#file}.`,
        );
      }
      quarantineBadRows(db);
      settleTrash(db, this.#trashDir);
    } catch (error) {
      db.close();
      throw error;
    }
    this.#connection = db;
    return db;
  }
}
