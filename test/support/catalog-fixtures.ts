// Reading the catalog database the way an outsider would (a separate read-only
// connection), so tests can say "nothing was written" and look at trash records.

import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface CatalogDump {
  readonly userVersion: number;
  readonly workspaces: Record<string, unknown>[];
  readonly trash: Record<string, unknown>[];
  readonly quarantine: Record<string, unknown>[];
}

/** Every row of the catalog's tables; an empty dump when the file does not exist. */
export function catalogDump(file: string): CatalogDump {
  if (!existsSync(file)) return { userVersion: 0, workspaces: [], trash: [], quarantine: [] };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const all = (table: string): Record<string, unknown>[] =>
      db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[];
    return {
      userVersion: db.pragma('user_version', { simple: true }) as number,
      workspaces: all('workspaces'),
      trash: all('trash'),
      quarantine: all('quarantine'),
    };
  } finally {
    db.close();
  }
}
