// Moving a catalog.json (Roster before the SQLite catalog) into catalog.db, once.
//
// The import runs in one write transaction with a marker row in `meta`, and only
// after that commits is catalog.json renamed to catalog.json.migrated (kept, never
// deleted). A kill before the commit leaves catalog.json to import on the next start;
// a kill after it leaves the marker, so the next start only finishes the rename. Two
// processes starting at once import it once: the second sees the marker under the lock.
//
// Entry by entry: a good entry is imported; an entry with an unknown field is
// imported with its known fields and a copy is kept in the quarantine table; a bad
// entry (or a duplicate) goes to the quarantine table only. One bad entry never sets
// the rest of the list aside.

import { readFileSync, renameSync, existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { CatalogEntry, TrashEntry } from '../common/catalog-contract.js';
import { RosterError } from '../../../kernel/common/errors.js';
import { insertWorkspace, putTrash, quarantine } from './catalog-rows.js';
import { writeTransaction } from './catalog-db.js';

const LEGACY_VERSION = 1;
const IMPORTED_MARKER = 'legacy_json_imported';
const SOURCE = 'catalog.json';

const LooseEntry = z.object(CatalogEntry.shape);
const LooseTrash = z.object({ ...TrashEntry.shape, fileName: z.string().min(1) });

export interface LegacyImport {
  readonly imported: number;
  readonly quarantined: number;
}

function unknownKeys(value: unknown, known: readonly string[]): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.keys(value).filter((key) => !known.includes(key));
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Renames the imported file aside; a name already taken gets a time suffix. */
function setAside(file: string): void {
  let target = `${file}.migrated`;
  if (existsSync(target)) target = `${target}-${new Date().toISOString().replace(/[:.]/g, '')}`;
  try {
    renameSync(file, target);
  } catch (error) {
    // Another process renamed it first.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Imports `file` into the catalog if it exists and has not been imported yet.
 * Throws WORKSPACE_TOO_NEW (changing nothing) for a catalog.json of a later format.
 */
export function importLegacyJson(db: Database.Database, file: string): LegacyImport | null {
  if (readText(file) === null) return null;
  const result = writeTransaction(db, (): LegacyImport | 'done-before' | 'gone' => {
    if (db.prepare('SELECT 1 FROM meta WHERE key = ?').get(IMPORTED_MARKER)) return 'done-before';
    // Re-read under the lock: what another process may have renamed is not imported twice.
    const text = readText(file);
    if (text === null) return 'gone';
    let imported = 0;
    let quarantined = 0;
    const aside = (reason: string, content: unknown): void => {
      quarantine(db, SOURCE, reason, content);
      quarantined++;
    };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
      aside('the file is not valid JSON; nothing could be imported from it', text);
    }
    if (json !== undefined) {
      const record = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
      const version = record?.['version'];
      if (typeof version === 'number' && version > LEGACY_VERSION) {
        throw new RosterError(
          'WORKSPACE_TOO_NEW',
          'The list of workspaces was saved by a newer version of Roster. Update Roster to use it.',
          { file },
        );
      }
      if (!record) {
        aside('the file is not a workspace list (not a JSON object)', text);
      } else {
        const extra = unknownKeys(record, ['version', 'workspaces', 'trash']);
        if (extra.length > 0)
          aside(`unknown fields at the top level: ${extra.join(', ')}`, Object.fromEntries(extra.map((key) => [key, record[key]])));
        if (version !== LEGACY_VERSION)
          aside(`unexpected version ${JSON.stringify(version)}; entries were read as version ${LEGACY_VERSION}`, { version });

        const workspaces = record['workspaces'] ?? [];
        if (!Array.isArray(workspaces)) aside('"workspaces" is not a list', workspaces);
        for (const raw of Array.isArray(workspaces) ? workspaces : []) {
          const parsed = LooseEntry.safeParse(raw);
          if (!parsed.success) {
            aside(`workspace entry: ${parsed.error.issues[0]?.message ?? 'invalid'}`, raw);
            continue;
          }
          const entry = parsed.data;
          const clash = db.prepare('SELECT 1 FROM workspaces WHERE id = ? OR path = ?').get(entry.id, entry.path);
          if (clash) {
            aside('workspace entry: a duplicate of an entry already in the list', raw);
            continue;
          }
          insertWorkspace(db, entry);
          imported++;
          const extraFields = unknownKeys(raw, Object.keys(CatalogEntry.shape));
          if (extraFields.length > 0) aside(`workspace entry imported; its unknown fields were left out: ${extraFields.join(', ')}`, raw);
        }

        const trash = record['trash'] ?? [];
        if (!Array.isArray(trash)) aside('"trash" is not a list', trash);
        for (const raw of Array.isArray(trash) ? trash : []) {
          const parsed = LooseTrash.safeParse(raw);
          if (!parsed.success || db.prepare('SELECT 1 FROM trash WHERE trash_id = ?').get(parsed.data.trashId)) {
            aside(parsed.success ? 'trash entry: a duplicate' : `trash entry: ${parsed.error.issues[0]?.message ?? 'invalid'}`, raw);
            continue;
          }
          const { trashId, name, originalPath, deletedAt, fileName } = parsed.data;
          putTrash(db, {
            trashId,
            name,
            originalPath,
            deletedAt,
            fileName,
            state: 'trashed',
            ownerPid: null,
            workspaceId: null,
            fileMode: null,
          });
          imported++;
          const extraFields = unknownKeys(raw, [...Object.keys(TrashEntry.shape), 'fileName']);
          if (extraFields.length > 0) aside(`trash entry imported; its unknown fields were left out: ${extraFields.join(', ')}`, raw);
        }
      }
    }
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(IMPORTED_MARKER, new Date().toISOString());
    return { imported, quarantined };
  });
  if (result === 'gone') return null;
  setAside(file);
  return result === 'done-before' ? null : result;
}
