// Rows of the catalog database and the checks that turn them into entries. A row that
// fails its check (edited by hand, written by a broken tool) is not allowed to take
// the rest of the list down with it: it is left out and set aside in the quarantine
// table, with the reason, for a person to inspect.

import { basename, isAbsolute } from 'node:path';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { CatalogEntry, TrashEntry } from '../common/catalog-contract.js';
import { RosterError } from '../../../kernel/common/errors.js';

export interface WorkspaceRow {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly created_at: string;
  readonly last_opened_at: string | null;
}

type TrashState = 'moving' | 'trashed';

export interface TrashRow {
  readonly trash_id: string;
  readonly name: string;
  readonly original_path: string;
  readonly file_name: string;
  readonly deleted_at: string;
  readonly state: TrashState;
  readonly owner_pid: number | null;
  readonly workspace_id: string | null;
  readonly file_mode: number | null;
}

/** A trash record as the catalog uses it: the public entry plus where its file is. */
export interface StoredTrash extends TrashEntry {
  readonly fileName: string;
  readonly state: TrashState;
  readonly ownerPid: number | null;
  readonly workspaceId: string | null;
  readonly fileMode: number | null;
}

// Named columns only: a column added by a later Roster is ignored, never misread.
export const WORKSPACE_COLUMNS = 'id, name, path, created_at, last_opened_at';
export const TRASH_COLUMNS = 'trash_id, name, original_path, file_name, deleted_at, state, owner_pid, workspace_id, file_mode';

const AbsolutePath = z.string().refine((path) => isAbsolute(path), 'not an absolute path');
/** A file name inside trash/<id>/: never a path, so a tampered row cannot point elsewhere. */
const PlainFileName = z
  .string()
  .refine(
    (name) => name !== '' && name !== '.' && name !== '..' && basename(name) === name && !name.includes('\\'),
    'not a plain file name',
  );

// Built once: extending a schema per row would cost more than reading the row.
const StoredWorkspace = CatalogEntry.extend({ path: AbsolutePath });
const StoredTrashEntry = TrashEntry.extend({ originalPath: AbsolutePath });

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;
}

export function checkWorkspaceRow(row: WorkspaceRow): Checked<CatalogEntry> {
  const parsed = StoredWorkspace.safeParse({
    id: row.id,
    name: row.name,
    path: row.path,
    createdAt: row.created_at,
    lastOpenedAt: row.last_opened_at,
  });
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: firstIssue(parsed.error) };
}

export function checkTrashRow(row: TrashRow): Checked<StoredTrash> {
  const parsed = StoredTrashEntry.safeParse({
    trashId: row.trash_id,
    name: row.name,
    originalPath: row.original_path,
    deletedAt: row.deleted_at,
  });
  if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error) };
  const fileName = PlainFileName.safeParse(row.file_name);
  if (!fileName.success) return { ok: false, reason: `fileName: ${firstIssue(fileName.error)}` };
  return {
    ok: true,
    value: {
      ...parsed.data,
      fileName: fileName.data,
      state: row.state,
      ownerPid: row.owner_pid,
      workspaceId: row.workspace_id,
      fileMode: row.file_mode,
    },
  };
}

export function publicTrash(stored: StoredTrash): TrashEntry {
  return { trashId: stored.trashId, name: stored.name, originalPath: stored.originalPath, deletedAt: stored.deletedAt };
}

export function insertWorkspace(db: Database.Database, entry: CatalogEntry): void {
  db.prepare('INSERT INTO workspaces (id, name, path, created_at, last_opened_at) VALUES (?, ?, ?, ?, ?)').run(
    entry.id,
    entry.name,
    entry.path,
    entry.createdAt,
    entry.lastOpenedAt,
  );
}

/** Inserts or completes a trash record (an upsert, so a finished move is never lost). */
export function putTrash(db: Database.Database, trash: StoredTrash): void {
  db.prepare(
    `INSERT INTO trash (${TRASH_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (trash_id) DO UPDATE SET state = excluded.state, owner_pid = excluded.owner_pid`,
  ).run(
    trash.trashId,
    trash.name,
    trash.originalPath,
    trash.fileName,
    trash.deletedAt,
    trash.state,
    trash.ownerPid,
    trash.workspaceId,
    trash.fileMode,
  );
}

export interface QuarantinedEntry {
  readonly source: string;
  readonly reason: string;
  /** The entry as it was found (JSON text). */
  readonly content: string;
  readonly setAsideAt: string;
}

/** Keeps something that could not be used, with the reason, for inspection. */
export function quarantine(db: Database.Database, source: string, reason: string, content: unknown): void {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  db.prepare('INSERT INTO quarantine (source, reason, content, set_aside_at) VALUES (?, ?, ?, ?)').run(
    source,
    reason,
    text ?? 'undefined',
    new Date().toISOString(),
  );
}

export function listQuarantine(db: Database.Database): QuarantinedEntry[] {
  return (
    db.prepare('SELECT source, reason, content, set_aside_at FROM quarantine ORDER BY seq').all() as {
      source: string;
      reason: string;
      content: string;
      set_aside_at: string;
    }[]
  ).map((row) => ({ source: row.source, reason: row.reason, content: row.content, setAsideAt: row.set_aside_at }));
}

// ------------------------------------------------------------ reading (bad rows left out)

export function readWorkspaces(db: Database.Database): CatalogEntry[] {
  const rows = db.prepare(`SELECT ${WORKSPACE_COLUMNS} FROM workspaces ORDER BY rowid`).all() as WorkspaceRow[];
  return rows.flatMap((row) => {
    const checked = checkWorkspaceRow(row);
    return checked.ok ? [checked.value] : [];
  });
}

export function readTrash(db: Database.Database): StoredTrash[] {
  const rows = db.prepare(`SELECT ${TRASH_COLUMNS} FROM trash ORDER BY rowid`).all() as TrashRow[];
  return rows.flatMap((row) => {
    const checked = checkTrashRow(row);
    return checked.ok ? [checked.value] : [];
  });
}

/** The entry with this id, or WORKSPACE_NOT_LISTED. */
export function findWorkspace(db: Database.Database, id: string): CatalogEntry {
  const row = db.prepare(`SELECT ${WORKSPACE_COLUMNS} FROM workspaces WHERE id = ?`).get(id) as WorkspaceRow | undefined;
  const checked = row ? checkWorkspaceRow(row) : undefined;
  if (!checked?.ok) throw new RosterError('WORKSPACE_NOT_LISTED', 'That workspace is not in the list of workspaces.', { id });
  return checked.value;
}

export function workspaceByPath(db: Database.Database, canonical: string): CatalogEntry | undefined {
  const row = db.prepare(`SELECT ${WORKSPACE_COLUMNS} FROM workspaces WHERE path = ?`).get(canonical) as WorkspaceRow | undefined;
  const checked = row ? checkWorkspaceRow(row) : undefined;
  return checked?.ok ? checked.value : undefined;
}
