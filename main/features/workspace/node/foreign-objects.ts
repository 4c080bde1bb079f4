// Triggers in a workspace file that Roster's migrations did not create ("foreign"
// triggers). A received file may carry one that hangs (an endless recursive CTE), fails
// every write, or quietly copies people elsewhere; an honest tool may have added one
// too (`sqlite-utils enable-fts --create-triggers` keeps its own index beside Person).
// Either way it would fire on Roster's own writes, so Roster never writes such a file
// until the person has chosen: remove the triggers, or trust the file
// (docs/dev/security.md, "What a received file can and cannot do").
//
// A trigger is Roster's when its name and its SQL (whitespace aside) are exactly those
// some prefix of this build's migrations leaves in a file: an older file's triggers
// are Roster's too, so it can still be upgraded. The migrations are applied to an
// in-memory database once per process; no SQL read from the file is ever executed.
// Only triggers ON one of Roster's tables matter: Roster writes nothing else, so a
// trigger on another tool's table, a view or a virtual table never fires on its writes.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { RosterError } from '../../../kernel/common/errors.js';
import { cell } from '../../../kernel/node/cli/format.js';
import { immutableFilename, openForWriting, openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { BUSY_TIMEOUT_MS } from '../../../kernel/node/sqlite/pragmas.js';
import { canonicalPath } from '../../../kernel/node/sqlite/sqlite-file.js';
import { fileIdentity, hasSidecars, unchanged, type FileIdentity } from '../../../kernel/node/files/file-identity.js';
import { applyInTransaction } from './migrations/migrator.js';
import type { MigrationSet } from './migrations/migration-set.js';
import type { TrustStore } from './seals.js';
import { identifierKey } from './trigger-writes.js';
import { referenceSchema } from './schema-check.js';

export interface ForeignTrigger {
  readonly name: string;
  /** The table it is on, as the file spells it. */
  readonly table: string;
  /** Its SQL as stored in the file (shown to the person, never executed). */
  readonly sql: string;
}

interface Known {
  /** `name \0 normalized SQL` of every trigger any prefix of the migrations leaves. */
  readonly triggers: ReadonlySet<string>;
  /** identifierKey of every table any prefix of the migrations leaves. */
  readonly tables: ReadonlySet<string>;
}

const knownBySet = new WeakMap<MigrationSet, Known>();

function normalizedSql(sql: string | null): string {
  return (sql ?? '').replace(/\s+/g, ' ').trim();
}

function triggerKey(name: string, sql: string | null): string {
  return `${name}\0${normalizedSql(sql)}`;
}

function appliesCleanly(db: Database.Database, migration: MigrationSet['migrations'][number]): boolean {
  try {
    applyInTransaction(db, [migration], undefined, undefined, { dataSteps: false });
    return true;
  } catch {
    return false;
  }
}

/** What every version of Roster's schema holds: built once per process, in memory. */
function known(set: MigrationSet): Known {
  let result = knownBySet.get(set);
  if (result) return result;
  const triggers = new Set<string>();
  const tables = new Set<string>(['sqlite_sequence'].map(identifierKey));
  const db = openSqlite(':memory:');
  try {
    db.exec('BEGIN');
    for (const migration of set.migrations) {
      // A migration that cannot apply ends the versions a file can be at; the upgrade
      // itself then reports it as WORKSPACE_MIGRATION_FAILED.
      if (!appliesCleanly(db, migration)) break;
      const rows = db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')`).all() as {
        type: string;
        name: string;
        sql: string | null;
      }[];
      for (const row of rows) {
        if (row.type === 'trigger') triggers.add(triggerKey(row.name, row.sql));
        else tables.add(identifierKey(row.name));
      }
    }
    db.exec('ROLLBACK');
  } finally {
    db.close();
  }
  result = { triggers, tables };
  knownBySet.set(set, result);
  return result;
}

interface TriggerRow {
  readonly name: string;
  readonly table: string;
  readonly sql: string;
}

function readTriggers(db: Database.Database): TriggerRow[] {
  const rows = db.prepare(`SELECT name, tbl_name AS "table", sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all() as {
    name: unknown;
    table: unknown;
    sql: unknown;
  }[];
  // Crafted sqlite_master text may hold anything: compared as text, never run.
  return rows.map((row) => ({ name: String(row.name), table: String(row.table), sql: typeof row.sql === 'string' ? row.sql : '' }));
}

/** Every trigger is exactly one this build creates: the common case, answered from the schema check's (embedded) reference. */
function allCurrent(triggers: readonly TriggerRow[], set: MigrationSet): boolean {
  let objects: ReturnType<typeof referenceSchema>['objects'];
  try {
    ({ objects } = referenceSchema(set));
  } catch {
    // This build's migrations do not apply: compare with the versions that do.
    return false;
  }
  return triggers.every((t) => {
    const own = objects.get(t.name);
    return own?.type === 'trigger' && triggerKey(own.name, own.sql) === triggerKey(t.name, t.sql);
  });
}

/** The file's triggers on Roster's tables that no migration of `set` creates. Only reads sqlite_master. */
export function findForeignTriggers(db: Database.Database, set: MigrationSet): ForeignTrigger[] {
  const rows = readTriggers(db);
  if (allCurrent(rows, set)) return [];
  // An older file, or one holding another program's triggers: compare with every version.
  const { triggers, tables } = known(set);
  return rows.filter((t) => tables.has(identifierKey(t.table)) && !triggers.has(triggerKey(t.name, t.sql)));
}

/** One value for a set of foreign triggers: trust covers exactly these, in exactly this form. */
export function foreignFingerprint(triggers: readonly ForeignTrigger[]): string {
  const hash = createHash('sha256');
  for (const key of triggers.map((t) => triggerKey(t.name, t.sql)).sort()) hash.update(`${key}\n`);
  return hash.digest('hex');
}

/** Longest trigger or table name a message shows, in characters. */
const NAME_MAX = 80;

/**
 * `"a" on Person, "b" on PersonKeyQueue`, for messages. The names come from the file, so
 * control characters (a terminal's escape sequences) are shown escaped.
 */
export function describeTriggers(triggers: readonly ForeignTrigger[]): string {
  return triggers.map((t) => `"${cell(t.name, NAME_MAX)}" on ${cell(t.table, NAME_MAX)}`).join(', ');
}

/** Why an untrusted workspace is read-only (the health reason, shown in the window and the CLI). */
export function untrustedReason(triggers: readonly ForeignTrigger[]): string {
  const noun = triggers.length === 1 ? 'a trigger' : `${triggers.length} triggers`;
  return `it holds ${noun} that another program added (${describeTriggers(triggers)}), which would run on Roster's changes`;
}

/** The refusal of a write to an untrusted workspace. */
export function untrustedError(triggers: readonly ForeignTrigger[], doing = 'change it'): RosterError {
  return new RosterError(
    'WORKSPACE_UNTRUSTED',
    `This workspace holds triggers that another program added (${describeTriggers(triggers)}). ` +
      `Roster will not ${doing} while they could run on its changes: remove them (roster workspace remove-foreign PATH), ` +
      `or, if you know where they come from, trust this file (roster workspace trust PATH).`,
    { triggers: triggers.map((t) => t.name) },
  );
}

/**
 * The fingerprint of the triggers the person trusted in this file, if that trust still
 * holds: it was recorded (or renewed when Roster last closed the file cleanly,
 * opened-workspace.ts) for this identity, and nothing has written the file since. A file
 * changed by another program, or left with a -wal or -journal, is asked about again.
 * Called before SQLite opens the file, which creates a -wal of its own.
 */
export function trustedFingerprint(trust: TrustStore | undefined, path: string, identity: FileIdentity | null): string | null {
  const record = trust?.get(path) ?? null;
  if (!record || hasSidecars(path) || !unchanged(record.identity, identity)) return null;
  return record.fingerprint;
}

/**
 * For an open workspace: another program may add a trigger while Roster has the file
 * open. Returns a check, run before each write (cheap: one pragma unless the schema
 * changed), that answers the untrusted foreign triggers the file holds now, or null
 * when there are none (`trustedPrint`: the fingerprint the person trusts, if any).
 */
export function foreignGuard(
  db: Database.Database,
  set: MigrationSet,
  trustedPrint: string | null,
): () => readonly ForeignTrigger[] | null {
  const version = (): number => Number(db.pragma('schema_version', { simple: true }));
  let seen = version();
  return () => {
    const now = version();
    if (now === seen) return null;
    seen = now;
    const triggers = findForeignTriggers(db, set);
    return triggers.length === 0 || foreignFingerprint(triggers) === trustedPrint ? null : triggers;
  };
}

interface ForeignInspection {
  readonly triggers: readonly ForeignTrigger[];
  /** The file's identity while it was read, unchanged throughout. */
  readonly identity: FileIdentity;
}

/** Reads a closed file's foreign triggers on a read-only connection that creates nothing beside it. */
function inspectForeignTriggers(path: string, set: MigrationSet): ForeignInspection {
  const before = fileIdentity(path);
  if (!before) throw new RosterError('WORKSPACE_NOT_FOUND', `There is no workspace file at ${path}.`, { path });
  const quiet = !existsSync(`${path}-wal`) && !existsSync(`${path}-shm`);
  const db = quiet
    ? openSqlite(immutableFilename(path), { readonly: true, fileMustExist: true })
    : openSqlite(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  let triggers: ForeignTrigger[];
  try {
    triggers = findForeignTriggers(db, set);
  } finally {
    db.close();
  }
  const after = fileIdentity(path);
  if (!after || !unchanged(before, after)) {
    throw new RosterError('WORKSPACE_BUSY', 'Another program changed this workspace file while Roster read it. Try again.', { path });
  }
  return { triggers, identity: after };
}

/**
 * Records that the person trusts the foreign triggers this file holds now (which must be
 * `expected`, what the person was shown, when given). Returns them (none: nothing to
 * trust, and nothing is recorded).
 */
export function trustFile(
  path: string,
  set: MigrationSet,
  trust: TrustStore,
  expected?: readonly ForeignTrigger[],
): readonly ForeignTrigger[] {
  const { triggers, identity } = inspectForeignTriggers(path, set);
  if (expected && foreignFingerprint(expected) !== foreignFingerprint(triggers)) {
    throw new RosterError(
      'WORKSPACE_BUSY',
      'The triggers in this workspace changed since they were listed; nothing was trusted. Look again, then try again.',
      { path },
    );
  }
  // Kept under the file's one name, the one opening looks it up by.
  if (triggers.length > 0) trust.set(canonicalPath(path), { fingerprint: foreignFingerprint(triggers), identity });
  return triggers;
}

function quotedIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Drops the file's foreign triggers, all in one write transaction, and nothing else:
 * DROP TRIGGER fires no trigger. `expected` (names), when given, must be exactly what the
 * file holds, so that what is dropped is what the person was shown; otherwise nothing is
 * dropped (WORKSPACE_BUSY). Returns what was dropped, with its SQL, so it can be recreated.
 */
export function removeForeignTriggers(path: string, set: MigrationSet, expected?: readonly string[]): readonly ForeignTrigger[] {
  const db = openForWriting(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    return db
      .transaction(() => {
        const triggers = findForeignTriggers(db, set);
        if (
          expected &&
          [...expected].sort().join('\0') !==
            triggers
              .map((t) => t.name)
              .sort()
              .join('\0')
        ) {
          throw new RosterError(
            'WORKSPACE_BUSY',
            'The triggers in this workspace changed since they were listed; nothing was removed. Look again, then try again.',
            { path },
          );
        }
        for (const trigger of triggers) db.exec(`DROP TRIGGER IF EXISTS ${quotedIdentifier(trigger.name)}`);
        return triggers;
      })
      .immediate();
  } finally {
    db.close();
  }
}
