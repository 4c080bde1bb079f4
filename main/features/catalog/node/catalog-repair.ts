// Repairs run whenever a process opens the catalog: rows that fail their checks go to
// the quarantine, and trash moves or restores that a killed process left half-way are
// settled (see the comment on settleTrash, and docs/user/data.md "The trash").

import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { writeTransaction } from './catalog-db.js';
import {
  checkTrashRow,
  checkWorkspaceRow,
  insertWorkspace,
  putTrash,
  quarantine,
  readTrash,
  TRASH_COLUMNS,
  WORKSPACE_COLUMNS,
  workspaceByPath,
  type TrashRow,
  type WorkspaceRow,
} from './catalog-rows.js';
import { sameFile } from './trash-files.js';

/**
 * A 'moving' record whose process is still alive is left alone (it is mid-move)
 * unless it is older than this: then the pid must have been reused by another
 * program, and the move is settled anyway.
 */
const STALE_MOVE_MS = 60 * 60 * 1000;

function now(): string {
  return new Date().toISOString();
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Rows that fail their checks leave the tables for the quarantine (never deleted outright). */
export function quarantineBadRows(db: Database.Database): void {
  writeTransaction(db, () => {
    for (const row of db.prepare(`SELECT rowid AS row_id, ${WORKSPACE_COLUMNS} FROM workspaces`).all() as (WorkspaceRow & {
      row_id: number;
    })[]) {
      const checked = checkWorkspaceRow(row);
      if (checked.ok) continue;
      const { row_id: rowId, ...content } = row;
      quarantine(db, 'workspaces', checked.reason, content);
      db.prepare('DELETE FROM workspaces WHERE rowid = ?').run(rowId);
    }
    for (const row of db.prepare(`SELECT rowid AS row_id, ${TRASH_COLUMNS} FROM trash`).all() as (TrashRow & { row_id: number })[]) {
      const checked = checkTrashRow(row);
      if (checked.ok) continue;
      const { row_id: rowId, ...content } = row;
      quarantine(db, 'trash', checked.reason, content);
      db.prepare('DELETE FROM trash WHERE rowid = ?').run(rowId);
    }
  });
}

/**
 * Settles trash records left half-way by a process that died:
 *  - 'moving', file in the trash folder   → 'trashed' (restorable); the entry leaves
 *                                           the list unless a file is at its path too;
 *  - 'moving', file not in the trash      → no record (nothing was moved; a partial
 *                                           copy in the trash folder is removed);
 *  - 'trashed', the trash copy and the file at the old path are one file (a restore
 *    was killed after linking it back)    → the restore is finished.
 * Each record is decided inside a write transaction, so two processes settling at
 * once agree.
 */
export function settleTrash(db: Database.Database, trashDir: string): void {
  const folders: string[] = [];
  writeTransaction(db, () => {
    for (const trash of readTrash(db)) {
      const folder = join(trashDir, trash.trashId);
      const inTrash = join(folder, trash.fileName);
      if (trash.state === 'moving') {
        const owner = trash.ownerPid;
        const age = Date.now() - Date.parse(trash.deletedAt);
        const ownerMayBeMoving = owner !== null && owner !== process.pid && processAlive(owner);
        if (ownerMayBeMoving && age < STALE_MOVE_MS) continue;
        const atPath = existsSync(trash.originalPath);
        if (existsSync(inTrash)) {
          // Restorable. If a file is at the old path too (a copy across disks killed
          // before removing the original, or a new file made there since), both are
          // kept: the entry stays listed and restoring says FILE_EXISTS until one goes.
          putTrash(db, { ...trash, state: 'trashed', ownerPid: null });
          if (!atPath && trash.workspaceId !== null) {
            db.prepare('DELETE FROM workspaces WHERE id = ? AND path = ?').run(trash.workspaceId, trash.originalPath);
          }
        } else {
          // Nothing reached the trash (or the file is gone from both places): no
          // record, and any partial copy in the trash folder goes.
          db.prepare('DELETE FROM trash WHERE trash_id = ?').run(trash.trashId);
          folders.push(folder);
        }
      } else if (existsSync(trash.originalPath) && sameFile(inTrash, trash.originalPath)) {
        db.prepare('DELETE FROM trash WHERE trash_id = ?').run(trash.trashId);
        if (!workspaceByPath(db, trash.originalPath)) {
          insertWorkspace(db, { id: randomUUID(), name: trash.name, path: trash.originalPath, createdAt: now(), lastOpenedAt: null });
        }
        folders.push(folder);
      }
    }
  });
  // Only once the records are committed: a folder is never removed while a record needs it.
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
