// One workspace file read for a find across workspaces (issue 13): only read, never
// migrated, repaired or written, and nothing left beside it.
//
// How the file is read depends on what is beside it:
//   - no -wal (and no -journal): nobody has it open, so SQLite's immutable mode
//     (immutableFilename): no lock, no -shm, nothing created. Should another program
//     open it while we read (a -wal appears), the read is done again the next way;
//   - a -wal with its -shm: another program (or this one) has it open, maybe writing:
//     a normal read-only connection, which reads the WAL too. The caller holds this
//     process's own workspace open meanwhile (a lease), so the last connection to
//     close is the read-write one, which tidies -wal/-shm as it always does;
//   - a -wal without a -shm, or a -journal: a program stopped in the middle of
//     something; a read-only connection would have to create the -shm (and leave it),
//     so the file is reported 'busy' until Roster opens (and recovers) it.
//
// Then the file must be a current Roster workspace: an older one reports
// 'needs-upgrade', a newer, foreign, changed or damaged one its state, and nothing
// stops the other files. A current file is searched with the workspace window's own
// functions (people-queries.ts), so a find gives exactly what the window's search
// gives. When Roster still owes the file some upkeep (keys another program wrote and
// Roster has not folded yet, keys of an older fold, a repair), the names are folded
// here instead, which is what the window shows once that upkeep has run.

import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { isRosterError } from '../../common/errors.js';
import type { FindState, FoundPerson } from '../../common/find-contract.js';
import { foldName } from '../../common/name-fold.js';
import type { ListPeopleQuery } from '../../common/people-contract.js';
import { inspectSchema } from '../migrations/migrator.js';
import type { MigrationSet } from '../migrations/migration-set.js';
import { currentFoldId } from '../people/key-upkeep.js';
import { countPeople, selectPage } from '../people/people-queries.js';
import { immutableFilename, openSqlite } from '../sqlite/driver.js';
import { asRosterError } from '../sqlite/sqlite-errors.js';
import { fileKind } from '../sqlite/sqlite-file.js';
import { checkSchema, isIntact } from '../workspace/schema-check.js';

/** How long a read waits for a lock (only WAL recovery or a checkpoint in progress takes one). */
const READ_TIMEOUT_MS = 250;

export interface FileFindResult {
  readonly state: FindState;
  /** Matches in the file (0 unless 'ok'). */
  readonly count: number;
  /** The first `limit` matches in the window's order (by folded name, then id). */
  readonly people: readonly FoundPerson[];
}

type ReadMode = 'immutable' | 'read-only';

function only(state: FindState): FileFindResult {
  return { state, count: 0, people: [] };
}

function stateOf(error: unknown): FindState {
  const mapped = isRosterError(error) ? error : asRosterError(error);
  switch (mapped.code) {
    case 'WORKSPACE_FOREIGN':
      return 'foreign';
    case 'WORKSPACE_TOO_NEW':
      return 'too-new';
    case 'WORKSPACE_SCHEMA_CHANGED':
      return 'schema-changed';
    case 'WORKSPACE_CORRUPT':
      return 'corrupt';
    case 'WORKSPACE_BUSY':
      return 'busy';
    default:
      return 'unreadable';
  }
}

/** How to read the file without leaving anything beside it, or 'busy' when that cannot be done. */
function readModeOf(path: string): ReadMode | 'busy' {
  const wal = existsSync(`${path}-wal`);
  if (existsSync(`${path}-journal`)) return 'busy';
  if (!wal) return 'immutable';
  return existsSync(`${path}-shm`) ? 'read-only' : 'busy';
}

/**
 * Finds the people of the workspace file at `path` whose folded name contains `term`
 * (already folded, not empty), the way the workspace window's search does. Never
 * throws: what is wrong with the file is its state.
 */
export function findInFile(path: string, term: string, limit: number, migrations: MigrationSet, retried = false): FileFindResult {
  try {
    const kind = fileKind(path);
    if (kind === 'missing') return only('missing');
    if (kind === 'not-sqlite') return only('corrupt');
    // A blank file is one Roster would turn into an empty workspace: nobody in it.
    if (kind === 'empty') return { state: 'ok', count: 0, people: [] };
    if (kind !== 'sqlite') return only('unreadable');
  } catch {
    return only('unreadable'); // a pipe, socket or device: never opened
  }
  const mode = readModeOf(path);
  if (mode === 'busy') return only('busy');
  // Opened by another program while we read it immutably: read it again, the other way.
  const openedMeanwhile = (): boolean => mode === 'immutable' && !retried && existsSync(`${path}-wal`);
  try {
    const result = readFile(path, mode, term, limit, migrations);
    return openedMeanwhile() ? findInFile(path, term, limit, migrations, true) : result;
  } catch (error) {
    return openedMeanwhile() ? findInFile(path, term, limit, migrations, true) : only(stateOf(error));
  }
}

function readFile(path: string, mode: ReadMode, term: string, limit: number, migrations: MigrationSet): FileFindResult {
  const db =
    mode === 'immutable'
      ? openSqlite(immutableFilename(path), { readonly: true, fileMustExist: true })
      : openSqlite(path, { readonly: true, fileMustExist: true, timeout: READ_TIMEOUT_MS });
  try {
    // One read transaction: the schema, the history, the count and the page agree.
    db.exec('BEGIN');
    const schema = inspectSchema(db, migrations);
    if (schema.kind === 'empty') return { state: 'ok', count: 0, people: [] };
    if (schema.kind !== 'current') return only('needs-upgrade');
    const exact = isIntact(checkSchema(db, migrations)) && keysAreCurrent(db);
    return exact ? searchAsTheWindowDoes(db, term, limit) : searchByFolding(db, term, limit);
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
  }
}

/** Every stored key is foldName(name) of this runtime: no row queued, same fold. */
function keysAreCurrent(db: Database.Database): boolean {
  const fold = db.prepare('SELECT "foldVersion" FROM "RosterState" WHERE "id" = 1').pluck().get();
  return fold === currentFoldId() && db.prepare('SELECT 1 FROM "PersonKeyQueue" LIMIT 1').get() === undefined;
}

function searchAsTheWindowDoes(db: Database.Database, term: string, limit: number): FileFindResult {
  const count = countPeople(db, term);
  if (count === 0) return { state: 'ok', count, people: [] };
  const query: ListPeopleQuery = { sort: 'name', direction: 'asc', limit };
  const rows = selectPage(db, query, term, null, count).slice(0, limit);
  return { state: 'ok', count, people: rows.map(({ dto }) => ({ id: dto.id, name: dto.name })) };
}

/** SQLite orders keys by their UTF-8 bytes, which is code point order, not UTF-16 order. */
function byKeyThenId(a: { key: string; id: number }, b: { key: string; id: number }): number {
  return Buffer.compare(Buffer.from(a.key, 'utf8'), Buffer.from(b.key, 'utf8')) || a.id - b.id;
}

function searchByFolding(db: Database.Database, term: string, limit: number): FileFindResult {
  const matches: { id: number; name: string; key: string }[] = [];
  const rows = db.prepare('SELECT "id", "name" FROM "Person"').raw().safeIntegers(false).iterate() as IterableIterator<[number, string]>;
  for (const [id, name] of rows) {
    const key = foldName(name);
    if (key.includes(term)) matches.push({ id, name, key });
  }
  matches.sort(byKeyThenId);
  return { state: 'ok', count: matches.length, people: matches.slice(0, limit).map(({ id, name }) => ({ id, name })) };
}
