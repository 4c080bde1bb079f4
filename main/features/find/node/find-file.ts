// One workspace file read for a find across workspaces: only read, never
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

import { existsSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { isRosterError } from '../../../kernel/common/errors.js';
import type { FindState, FoundPerson } from '../common/find-contract.js';
import { foldName } from '../../workspace/common/name-fold.js';
import { storedText } from '../../workspace/node/stored-text.js';
import type { ListPeopleQuery } from '../../people/common/people-contract.js';
import { inspectSchema } from '../../workspace/node/migrations/migrator.js';
import type { MigrationSet } from '../../workspace/node/migrations/migration-set.js';
import { currentFoldId } from '../../workspace/node/keys/key-upkeep.js';
import { countPeople, selectPage } from '../../people/node/people-queries.js';
import { immutableFilename, openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import { asRosterError } from '../../../kernel/node/sqlite/sqlite-errors.js';
import { fileKind } from '../../../kernel/node/sqlite/sqlite-file.js';
import { checkSchema, isIntact } from '../../workspace/node/schema-check.js';

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

function stateOf(error: unknown): Exclude<FindState, 'ok'> {
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

/** What a file is, as far as searching it goes: decided once per version of the file. */
type Verdict = { readonly search: 'exact' | 'fold' } | { readonly state: Exclude<FindState, 'ok' | 'busy'> } | { readonly empty: true };

/**
 * Verdicts of files read immutably, by path, valid while the file's identity (device,
 * inode, size, times to the nanosecond) stays the same: every keystroke searches every
 * file again, and a file nobody wrote since needs no second look at its schema and
 * history (half of a small file's cost). Per thread, per migration set.
 */
const verdicts = new Map<string, { readonly identity: string; readonly verdict: Verdict }>();
const VERDICTS_MAX = 10_000;

function identityOf(path: string): string | null {
  try {
    const stats = statSync(path, { bigint: true });
    return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
  } catch {
    return null;
  }
}

function remember(key: string, identity: string | null, verdict: Verdict): void {
  if (identity === null) return;
  if (verdicts.size >= VERDICTS_MAX) verdicts.clear();
  verdicts.set(key, { identity, verdict });
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
    // Every file find reads is catalogued, so a blank one is a workspace someone emptied
    // (a failed recovery, say), not a new one: opening it refuses, and so does find.
    if (kind === 'empty') return only('emptied');
    if (kind !== 'sqlite') return only('unreadable');
  } catch {
    return only('unreadable'); // a pipe, socket or device: never opened
  }
  const mode = readModeOf(path);
  if (mode === 'busy') return only('busy');
  // Only an immutable read can trust a verdict: with a -wal beside it, the file changes without its identity changing.
  const key = `${migrations.dir}\0${path}`;
  const identity = mode === 'immutable' ? identityOf(path) : null;
  const cached = verdicts.get(key);
  const known = identity !== null && cached?.identity === identity ? cached.verdict : null;
  if (known && 'state' in known) return only(known.state);
  if (known && 'empty' in known) return { state: 'ok', count: 0, people: [] };
  // Opened by another program while we read it immutably: read it again, the other way.
  const openedMeanwhile = (): boolean => mode === 'immutable' && !retried && existsSync(`${path}-wal`);
  try {
    const { result, verdict } = readFile(path, mode, term, limit, migrations, known);
    if (openedMeanwhile()) return findInFile(path, term, limit, migrations, true);
    remember(key, identity, verdict);
    return result;
  } catch (error) {
    if (openedMeanwhile()) return findInFile(path, term, limit, migrations, true);
    const state = stateOf(error);
    if (state !== 'busy' && state !== 'unreadable') remember(key, identity, { state });
    return only(state);
  }
}

/** What the file is: a current workspace (searched exactly, or by folding), empty, or a state. */
function verdictOf(db: Database.Database, migrations: MigrationSet): Verdict {
  const schema = inspectSchema(db, migrations);
  if (schema.kind === 'empty') return { empty: true };
  if (schema.kind !== 'current') return { state: 'needs-upgrade' };
  return { search: isIntact(checkSchema(db, migrations)) && keysAreCurrent(db) ? 'exact' : 'fold' };
}

function readFile(
  path: string,
  mode: ReadMode,
  term: string,
  limit: number,
  migrations: MigrationSet,
  known: Verdict | null,
): { result: FileFindResult; verdict: Verdict } {
  const db =
    mode === 'immutable'
      ? openSqlite(immutableFilename(path), { readonly: true, fileMustExist: true })
      : openSqlite(path, { readonly: true, fileMustExist: true, timeout: READ_TIMEOUT_MS });
  const store = new ConnectionStore(db);
  try {
    // One read transaction: the schema, the history, the count and the page agree.
    db.exec('BEGIN');
    const verdict = known ?? verdictOf(db, migrations);
    if ('empty' in verdict) return { result: { state: 'ok', count: 0, people: [] }, verdict };
    if ('state' in verdict) return { result: only(verdict.state), verdict };
    const result = verdict.search === 'exact' ? searchAsTheWindowDoes(store, term, limit) : searchByFolding(db, term, limit);
    return { result, verdict };
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

function searchAsTheWindowDoes(store: ConnectionStore, term: string, limit: number): FileFindResult {
  const count = countPeople(store, term);
  if (count === 0) return { state: 'ok', count, people: [] };
  const query: ListPeopleQuery = { sort: 'name', direction: 'asc', limit };
  const rows = selectPage(store, query, term, null, count).slice(0, limit);
  return { state: 'ok', count, people: rows.map(({ dto }) => ({ id: dto.id, name: dto.name })) };
}

/** SQLite orders keys by their UTF-8 bytes, which is code point order, not UTF-16 order. */
function byKeyThenId(a: { key: string; id: number }, b: { key: string; id: number }): number {
  return Buffer.compare(Buffer.from(a.key, 'utf8'), Buffer.from(b.key, 'utf8')) || a.id - b.id;
}

function searchByFolding(db: Database.Database, term: string, limit: number): FileFindResult {
  const matches: { id: number; name: string; key: string }[] = [];
  const rows = db.prepare('SELECT "id", "name" FROM "Person"').raw().safeIntegers(false).iterate() as IterableIterator<[number, unknown]>;
  for (const [id, stored] of rows) {
    const name = storedText(stored);
    const key = foldName(name);
    if (key.includes(term)) matches.push({ id, name, key });
  }
  matches.sort(byKeyThenId);
  return { state: 'ok', count: matches.length, people: matches.slice(0, limit).map(({ id, name }) => ({ id, name })) };
}
