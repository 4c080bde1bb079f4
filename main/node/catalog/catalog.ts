// The catalog: the workspaces Roster knows about, kept in <data folder>/catalog.json.
//
// It is a list of pointers, not the data: forgetting a workspace leaves its file
// alone, and a file that has gone missing is reported as missing rather than failing
// the whole list. Deleting moves the file into Roster's trash folder, from which it
// can be restored.
//
// Every change re-reads the file and writes it back atomically (atomic-file.ts), so a
// crash mid-write never loses the catalog, and the CLI and the app can both use it.
// Two processes changing it at the same instant is last-writer-wins.

import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { z } from 'zod';
import { CatalogEntry, DisplayName, TrashEntry, type WorkspaceId } from '../../common/catalog-contract.js';
import { RosterError } from '../../common/errors.js';
import { canonicalPath } from '../sqlite/sqlite-file.js';
import { writeFileAtomic } from './atomic-file.js';

const CATALOG_VERSION = 1;

const StoredTrashEntry = TrashEntry.extend({ fileName: z.string() });
type StoredTrashEntry = z.infer<typeof StoredTrashEntry>;

const CatalogFile = z.object({
  version: z.literal(CATALOG_VERSION),
  workspaces: z.array(CatalogEntry),
  trash: z.array(StoredTrashEntry).default([]),
});
type CatalogFile = z.infer<typeof CatalogFile>;

export interface CatalogOptions {
  /** The catalog JSON file, normally <data folder>/catalog.json. */
  readonly file: string;
  /** Where deleted workspace files wait, normally <data folder>/trash. */
  readonly trashDir: string;
}

/** Files SQLite keeps beside a workspace while it is open (and after a crash). */
const SIDECARS = ['-wal', '-shm'] as const;

function now(): string {
  return new Date().toISOString();
}

function displayName(raw: string): string {
  const result = DisplayName.safeParse(raw);
  if (!result.success) throw new RosterError('INVALID_INPUT', result.error.issues[0]?.message ?? 'That name cannot be used.');
  return result.data;
}

/** A default display name: the file name without its extension. */
export function nameFromPath(path: string): string {
  const stem = basename(path, extname(path)).trim();
  return stem === '' ? 'Workspace' : stem.slice(0, 120);
}

/** Moves a file, falling back to copy + delete across file systems. */
function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    copyFileSync(from, to);
    rmSync(from);
  }
}

export class Catalog {
  readonly #file: string;
  readonly #trashDir: string;

  constructor(options: CatalogOptions) {
    this.#file = options.file;
    this.#trashDir = options.trashDir;
  }

  get file(): string {
    return this.#file;
  }

  list(): CatalogEntry[] {
    return this.#read().workspaces;
  }

  get(id: WorkspaceId): CatalogEntry {
    const entry = this.#read().workspaces.find((w) => w.id === id);
    if (!entry) throw new RosterError('NOT_FOUND', 'That workspace is not in the list of workspaces.', { id });
    return entry;
  }

  findByPath(path: string): CatalogEntry | undefined {
    const canonical = canonicalPath(path);
    return this.#read().workspaces.find((w) => w.path === canonical);
  }

  /** The entry for `path`, or NOT_FOUND in words that name the path. */
  getByPath(path: string): CatalogEntry {
    const entry = this.findByPath(path);
    if (!entry) throw new RosterError('NOT_FOUND', `${canonicalPath(path)} is not in the list of workspaces.`, { path });
    return entry;
  }

  /** Adds a workspace file; if it is already listed, returns the existing entry. */
  add(path: string, name?: string): CatalogEntry {
    const canonical = canonicalPath(path);
    const chosen = displayName(name ?? nameFromPath(canonical));
    return this.#update((data) => {
      const existing = data.workspaces.find((w) => w.path === canonical);
      if (existing) return existing;
      const entry: CatalogEntry = { id: randomUUID(), name: chosen, path: canonical, createdAt: now(), lastOpenedAt: null };
      data.workspaces.push(entry);
      return entry;
    });
  }

  rename(id: WorkspaceId, name: string): CatalogEntry {
    const chosen = displayName(name);
    return this.#update((data) => {
      const entry = this.#find(data, id);
      const renamed = { ...entry, name: chosen };
      data.workspaces[data.workspaces.indexOf(entry)] = renamed;
      return renamed;
    });
  }

  /** Records that the workspace was just opened (the launcher sorts by this). */
  touch(id: WorkspaceId): void {
    this.#update((data) => {
      const entry = this.#find(data, id);
      data.workspaces[data.workspaces.indexOf(entry)] = { ...entry, lastOpenedAt: now() };
    });
  }

  /**
   * Points the entry at the file's new place (the person found a moved workspace).
   * Refused when another entry already lists that file. The caller checks that the
   * file is a workspace.
   */
  relocate(id: WorkspaceId, newPath: string): CatalogEntry {
    const canonical = canonicalPath(newPath);
    return this.#update((data) => {
      const entry = this.#find(data, id);
      const other = data.workspaces.find((w) => w.path === canonical && w.id !== id);
      if (other) throw new RosterError('FILE_EXISTS', `That file is already in the list as “${other.name}”.`, { path: canonical });
      const moved = { ...entry, path: canonical };
      data.workspaces[data.workspaces.indexOf(entry)] = moved;
      return moved;
    });
  }

  /** Removes the workspace from the list; its file stays where it is. */
  forget(id: WorkspaceId): CatalogEntry {
    return this.#update((data) => {
      const entry = this.#find(data, id);
      data.workspaces.splice(data.workspaces.indexOf(entry), 1);
      return entry;
    });
  }

  /**
   * Moves the workspace file into Roster's trash and removes it from the list. A
   * missing file is simply forgotten, with nothing to restore.
   *
   * A workspace with a -wal or -shm file beside it is refused (WORKSPACE_BUSY): SQLite
   * keeps those while any process has the file open, and moving a file another
   * process is writing would send its later writes to the trash. (They also remain
   * after a crash; opening and closing the workspace once tidies them up.) The caller
   * still checks its own process, where it knows exactly what is open.
   */
  moveToTrash(id: WorkspaceId): TrashEntry {
    return this.#update((data) => {
      const entry = this.#find(data, id);
      const trashId = randomUUID();
      const fileName = basename(entry.path);
      const trashed: StoredTrashEntry = { trashId, name: entry.name, originalPath: entry.path, deletedAt: now(), fileName };
      if (SIDECARS.some((suffix) => existsSync(entry.path + suffix))) {
        throw new RosterError(
          'WORKSPACE_BUSY',
          `“${entry.name}” is open in Roster or another program, or was not closed properly. Close it (or open and close it once), then delete it.`,
          { path: entry.path },
        );
      }
      if (existsSync(entry.path)) {
        const folder = join(this.#trashDir, trashId);
        mkdirSync(folder, { recursive: true });
        moveFile(entry.path, join(folder, fileName));
        data.trash.push(trashed);
      }
      data.workspaces.splice(data.workspaces.indexOf(entry), 1);
      const { fileName: _omit, ...publicEntry } = trashed;
      return publicEntry;
    });
  }

  listTrash(): TrashEntry[] {
    return this.#read().trash.map(({ fileName: _omit, ...entry }) => entry);
  }

  /** Moves a trashed workspace back to where it was and lists it again. */
  restoreFromTrash(trashId: string): CatalogEntry {
    return this.#update((data) => {
      const trashed = data.trash.find((t) => t.trashId === trashId);
      if (!trashed) throw new RosterError('NOT_FOUND', 'That workspace is not in the trash.', { trashId });
      if (existsSync(trashed.originalPath)) {
        throw new RosterError('FILE_EXISTS', `A file already exists at ${trashed.originalPath}; move it away to restore the workspace.`);
      }
      if (!existsSync(dirname(trashed.originalPath))) {
        throw new RosterError('BAD_PATH', `The folder ${dirname(trashed.originalPath)} no longer exists.`);
      }
      const folder = join(this.#trashDir, trashId);
      moveFile(join(folder, trashed.fileName), trashed.originalPath);
      rmSync(folder, { recursive: true, force: true });
      data.trash.splice(data.trash.indexOf(trashed), 1);
      const entry: CatalogEntry = { id: randomUUID(), name: trashed.name, path: trashed.originalPath, createdAt: now(), lastOpenedAt: null };
      data.workspaces.push(entry);
      return entry;
    });
  }

  #find(data: CatalogFile, id: WorkspaceId): CatalogEntry {
    const entry = data.workspaces.find((w) => w.id === id);
    if (!entry) throw new RosterError('NOT_FOUND', 'That workspace is not in the list of workspaces.', { id });
    return entry;
  }

  #read(): CatalogFile {
    let text: string;
    try {
      text = readFileSync(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: CATALOG_VERSION, workspaces: [], trash: [] };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.#quarantine('it is not valid JSON');
    }
    const version = (json as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > CATALOG_VERSION) {
      throw new RosterError('WORKSPACE_TOO_NEW', 'The list of workspaces was saved by a newer version of Roster. Update Roster to use it.');
    }
    const parsed = CatalogFile.safeParse(json);
    if (!parsed.success) return this.#quarantine('its contents are not a workspace list');
    return parsed.data;
  }

  /**
   * A damaged catalog (written by something else, or edited by hand) is set aside,
   * never deleted, and Roster starts with an empty list: the workspace files
   * themselves are untouched and can be opened again.
   */
  #quarantine(reason: string): CatalogFile {
    const aside = `${this.#file}.damaged-${now().replace(/[:.]/g, '')}`;
    try {
      renameSync(this.#file, aside);
    } catch {
      // Another process set it aside first.
    }
    process.emitWarning(`Roster's workspace list could not be read (${reason}); it was kept as ${aside}.`);
    return { version: CATALOG_VERSION, workspaces: [], trash: [] };
  }

  #update<T>(change: (data: CatalogFile) => T): T {
    const data = this.#read();
    const result = change(data);
    mkdirSync(dirname(this.#file), { recursive: true });
    writeFileAtomic(this.#file, `${JSON.stringify(data, null, 2)}\n`);
    return result;
  }
}
