// Opening and creating workspace files: the one place that turns a path into a live,
// checked, up-to-date SQLite connection with a Prisma client on top.
//
// Order matters. Everything that can refuse a file (not SQLite, corrupt, foreign,
// newer, damaged beyond repair) runs before anything that writes, so a refused file is
// left byte for byte as it was.
//
// The common case costs about a millisecond on the main thread: a file Roster closed
// cleanly and nobody touched since (its seal matches, see seals.ts), up to date, with
// its schema intact, is opened, read (sqlite_master, the history) and handed over, and
// its seal forgotten (one small write to the catalog, a few milliseconds: sidecars.ts
// says why). Any heavier step (quick_check, an upgrade, a recovery, a repair) runs in `prepare.ts`
// through the task runner: on a worker thread in the app, inline in the CLI.
//
// Callers should go through WorkspaceConnections, which shares one open workspace per
// file; this module guards the rule that matters most to SQLite and Prisma: the
// process uses one connection per file for everything but worker tasks (which open
// their own, briefly, and never share them).

import { accessSync, closeSync, constants, existsSync, openSync, rmSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import type Database from 'better-sqlite3';
import { RosterError, isRosterError } from '../../../kernel/common/errors.js';
import type { MigrationSet } from './migrations/migration-set.js';
import { inspectSchema } from './migrations/migrator.js';
import { degradeSearch } from './search/search-state.js';
import { foldIsCurrent } from './keys/fold-id.js';
import { hardenConnection, immutableFilename } from '../../../kernel/node/sqlite/driver.js';
import { ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import { asRosterError } from '../../../kernel/node/sqlite/sqlite-errors.js';
import { applyWorkspacePragmas, BUSY_TIMEOUT_MS } from '../../../kernel/node/sqlite/pragmas.js';
import {
  canonicalPath,
  fileKind,
  hasOpenableExtension,
  OPENABLE_EXTENSIONS_TEXT,
  WORKSPACE_EXTENSION,
} from '../../../kernel/node/sqlite/sqlite-file.js';
import { InlineTaskRunner } from '../../../kernel/node/tasks/inline-runner.js';
import type { TaskRunner } from '../../../kernel/node/tasks/task.js';
import { fileIdentity, hasSidecars, sameFile, unchanged } from '../../../kernel/node/files/file-identity.js';
import { holdFile, releaseFile } from '../../../kernel/node/files/held-files.js';
import { makeOpenedWorkspace, type OpenedWorkspace, type OpenReport } from './opened-workspace.js';
import type { SettledMoves, WorkspaceOpenOptions } from './open-options.js';
import { corrupt, prepareTask, type PrepareResult } from './prepare.js';
import { integrityTask } from './integrity-check.js';
import { keyDrainTask } from './keys/key-drain-task.js';
import { checkSchema, isIntact } from './schema-check.js';
import {
  findForeignTriggers,
  foreignFingerprint,
  trustedFingerprint,
  untrustedError,
  untrustedReason,
  type ForeignTrigger,
} from './foreign-objects.js';
import { PRIVATE_FILE_MODE } from '../../../kernel/node/paths/data-folder.js';
import { guardBeforeOpen } from './open-guards.js';

export type { OpenedWorkspace, WorkspaceHealth } from './opened-workspace.js';

export { isHeldInProcess } from '../../../kernel/node/files/held-files.js';

let defaultTasks: TaskRunner | undefined;

function refusePath(path: string): void {
  const kind = fileKind(path);
  if (kind === 'missing') throw new RosterError('WORKSPACE_NOT_FOUND', `There is no workspace file at ${path}.`, { path });
  if (kind === 'directory') throw new RosterError('BAD_PATH', `${path} is a folder, not a workspace file.`, { path });
  if (!hasOpenableExtension(path)) {
    throw new RosterError('BAD_PATH', `Roster opens ${OPENABLE_EXTENSIONS_TEXT} files; ${path} is not one.`, { path });
  }
  if (kind === 'not-sqlite') throw corrupt('no SQLite header');
  if (kind !== 'sqlite' && kind !== 'empty') throw new RosterError('BAD_PATH', `${path} is not a regular file.`, { path });
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** How a workspace is opened: normally; read-only; or read-only and immutable (see immutableFilename). */
type OpenMode = 'read-write' | 'read-only' | 'immutable';

interface Access {
  readonly mode: OpenMode;
  /** Why it is read-only here (for messages), or null. */
  readonly reason: string | null;
}

/**
 * Whether Roster may write this file here. SQLite needs to write the file and, in WAL
 * mode, to create -wal and -shm beside it unless they already exist. A file only
 * readable here is opened read-only; immutable when nothing beside it says another
 * program is writing it (no -wal, no -shm), so nothing is created next to it either.
 */
function accessOf(path: string): Access {
  const wal = existsSync(`${path}-wal`);
  const shm = existsSync(`${path}-shm`);
  const folderOk = writable(dirname(path)) || (wal && shm && writable(`${path}-wal`) && writable(`${path}-shm`));
  const reason = !writable(path) ? 'the file is read-only' : !folderOk ? 'its folder is read-only' : null;
  if (reason === null) return { mode: 'read-write', reason };
  return { mode: wal || shm ? 'read-only' : 'immutable', reason };
}

interface Connection {
  readonly adapter: SqlDriverAdapter;
  readonly db: Database.Database;
  /** The connection's own state, made with it: a reconnect starts with none. */
  readonly store: ConnectionStore;
}

async function connect(path: string, mode: OpenMode): Promise<Connection> {
  try {
    // Prisma's adapter strips one leading "file:" from its url.
    const url = mode === 'immutable' ? `file:${immutableFilename(path)}` : path;
    const factory = new PrismaBetterSqlite3({ url, fileMustExist: true, timeout: BUSY_TIMEOUT_MS, readonly: mode !== 'read-write' });
    const adapter = await factory.connect();
    const db = driverOf(adapter);
    hardenConnection(db);
    return { adapter, db, store: new ConnectionStore(db) };
  } catch (error) {
    throw asRosterError(error);
  }
}

function driverOf(adapter: SqlDriverAdapter): Database.Database {
  // @prisma/adapter-better-sqlite3 keeps its better-sqlite3 handle in `client`. We
  // use that one connection for checks, change polling and the hot queries.
  const db = (adapter as unknown as { client?: Database.Database }).client;
  if (!db || typeof db.prepare !== 'function') {
    throw new Error('@prisma/adapter-better-sqlite3 no longer exposes its connection as `client`');
  }
  return db;
}

/** The file needs nothing before use: up to date, schema intact, keys from this fold. */
function isReady(db: Database.Database, migrations: MigrationSet): boolean {
  if (inspectSchema(db, migrations).kind !== 'current') return false;
  if (!isIntact(checkSchema(db, migrations))) return false;
  // The cheap comparison only: the fold's fingerprint is left to the heavy path (a worker).
  return foldIsCurrent(db.prepare('SELECT "foldVersion" FROM "RosterState" WHERE "id" = 1').pluck().get());
}

/**
 * The schema check of a file Roster may not write. What a writable open
 * refuses is refused here too (WORKSPACE_SCHEMA_CHANGED, from checkSchema, which only
 * reads). What it would repair cannot be repaired without writing, so the file opens
 * read-only without it, and reads go around what is missing: a missing index only
 * makes lists slower; an index or triggers that may have missed other programs' writes
 * are not trusted, so search reads every row, folding names as it goes when the stored
 * keys cannot be trusted either (search-state.ts: degradeSearch). Returns what a
 * writable open would have repaired.
 */
function checkReadOnlySchema(path: string, store: ConnectionStore, options: WorkspaceOpenOptions): readonly string[] {
  const report = checkSchema(store.db, options.migrations);
  for (const note of report.notes) options.log?.('info', `workspace ${path}: ${note}`);
  if (isIntact(report)) return [];
  const needs = [...report.recreate];
  if (report.rebuildSearch) needs.push('search index');
  if (report.rederive) needs.push('keys and times of every row');
  if (report.rederive || report.resetState) degradeSearch(store, 'fold-names');
  else if (report.rebuildSearch) degradeSearch(store, 'scan-keys');
  options.log?.(
    'warn',
    `workspace ${path}: read-only here, so what another program changed was ` +
      `not repaired (${needs.join(', ')}); lists and search work without it`,
  );
  return needs;
}

/**
 * A move out of a writable file that was cut off is finished or forgotten before anyone
 * lists its people (open-options.ts: SettlePort); a cheap query when there is none.
 */
async function settleMoves(
  path: string,
  db: Database.Database,
  tasks: TaskRunner,
  options: WorkspaceOpenOptions,
): Promise<SettledMoves | null> {
  if (!options.settle?.pending(db)) return null;
  const settled = await options.settle.settle(path, tasks);
  // Only a move out of this file is news: tidying a settled move's note is not.
  if (settled.finished + settled.forgotten + settled.pending > 0) {
    options.log?.(
      'warn',
      `workspace ${path}: unsettled moves: ${settled.finished} finished (${settled.removed} people), ` +
        `${settled.forgotten} forgotten, ${settled.pending} left for later`,
    );
  }
  return settled;
}

/** Tells the options' listeners and the log what preparing the file did: migrations, repairs, a recovery. */
function tellPrepared(canonical: string, prepared: PrepareResult, options: WorkspaceOpenOptions): void {
  for (const name of prepared.applied) options.onMigrationApplied?.(name);
  for (const note of prepared.notes) options.log?.('info', `workspace ${canonical}: ${note}`);
  if (prepared.repaired.length > 0) {
    options.log?.('warn', `workspace ${canonical}: repaired what another program changed: ${prepared.repaired.join(', ')}`);
  }
  if (prepared.recovery) {
    const { backupPath } = prepared.recovery;
    options.log?.('warn', `workspace ${canonical}: restored from ${backupPath} after an interrupted upgrade`, prepared.recovery);
    options.onRecovered?.(canonical, prepared.recovery);
  }
}

interface ForeignCheck {
  readonly triggers: readonly ForeignTrigger[];
  readonly trusted: boolean;
}

/**
 * The file's foreign triggers (foreign-objects.ts), read before any statement that could
 * fire one, and whether the person trusts exactly these here (`trustedPrint`, taken before
 * connecting). Only a file Roster may write is asked: on any other, nothing fires them.
 */
function checkForeign(
  path: string,
  db: Database.Database,
  mode: OpenMode,
  trustedPrint: string | null,
  options: WorkspaceOpenOptions,
): ForeignCheck {
  if (mode !== 'read-write') return { triggers: [], trusted: false };
  const triggers = findForeignTriggers(db, options.migrations);
  if (triggers.length === 0) return { triggers, trusted: false };
  const trusted = trustedPrint === foreignFingerprint(triggers);
  if (trusted) options.log?.('info', `workspace ${path}: runs triggers the person trusts (${triggers.map((t) => t.name).join(', ')})`);
  else
    options.log?.(
      'warn',
      `${path} opened read-only: ${untrustedReason(triggers)}. ` +
        `Remove ${triggers.length === 1 ? 'it' : 'them'} (roster workspace remove-foreign PATH) ` +
        `or trust the file (roster workspace trust PATH).`,
    );
  return { triggers, trusted };
}

/** A file that must be upgraded, which Roster may not write: because of where it is, or of its foreign triggers. */
function upgradeRefused(path: string, readOnly: string, untrusted: readonly ForeignTrigger[]): RosterError {
  if (untrusted.length > 0) return untrustedError(untrusted, 'upgrade it');
  return new RosterError(
    'WORKSPACE_READ_ONLY',
    `This workspace must be upgraded before this version of Roster can use it, ` +
      `but ${readOnly}. Copy it somewhere writable, or open it with write access.`,
    { path },
  );
}

/**
 * Opens an existing workspace file: checks, upgrades (with a verified backup) and
 * repairs it as needed. Refusals are RosterErrors and leave the file untouched.
 */
export async function openWorkspaceFile(path: string, options: WorkspaceOpenOptions, creating = false): Promise<OpenedWorkspace> {
  const canonical = canonicalPath(path);
  refusePath(canonical);
  if (!holdFile(canonical)) {
    throw new RosterError('INTERNAL', 'This workspace is already open in this process.', { path: canonical });
  }
  let db: Database.Database | undefined;
  try {
    const tasks = options.tasks ?? (defaultTasks ??= new InlineTaskRunner());
    const identity = fileIdentity(canonical);
    const setAside = guardBeforeOpen(canonical, identity, options, creating);
    const sealed = !hasSidecars(canonical) && unchanged(options.seals?.get(canonical) ?? null, identity);
    const access = accessOf(canonical);
    const trustedPrint = trustedFingerprint(options.trust, canonical, identity);
    let prepared: PrepareResult | null = null;

    let opening = fileIdentity(canonical);
    let connection = await connect(canonical, access.mode);
    db = connection.db;
    const foreign = checkForeign(canonical, db, access.mode, trustedPrint, options);
    const untrusted = foreign.trusted ? [] : foreign.triggers;
    const readOnly = access.reason ?? (untrusted.length > 0 ? untrustedReason(untrusted) : null);
    // From here a -wal may hold this session's commits: no longer sealed (seals.ts, sidecars.ts).
    if (readOnly === null && options.seals?.get(canonical)) options.seals.delete(canonical);
    let unrepaired: readonly string[] = [];
    if (readOnly !== null) {
      if (!sealed) {
        const result = await tasks.run(integrityTask, { path: canonical, mode: access.mode });
        if (!result.ok) throw corrupt(result.reason);
      }
      const state = inspectSchema(db, options.migrations);
      if (state.kind !== 'current') throw upgradeRefused(canonical, readOnly, untrusted);
      unrepaired = checkReadOnlySchema(canonical, connection.store, options);
    } else if (!sealed || !isReady(db, options.migrations)) {
      // The heavy path: on its own connection (a worker's, in the app). Ours waits closed.
      connection.db.close();
      db = undefined;
      prepared = await tasks.run(
        prepareTask,
        { path: canonical, migrationsDir: options.migrations.dir, backupDir: options.backupDir, checkIntegrity: !sealed },
        { onProgress: (progress) => options.onProgress?.(progress) },
      );
      tellPrepared(canonical, prepared, options);
      opening = fileIdentity(canonical);
      connection = await connect(canonical, 'read-write');
      db = connection.db;
    }
    // The identity the workspace watches must be the file this connection opened: had
    // the file been replaced while connecting, it would be the newcomer's, and the
    // replacement would never be noticed. SQLite opens the file when connecting, so the
    // same file before and after means it is the connection's.
    if (!sameFile(opening, fileIdentity(canonical))) {
      throw new RosterError(
        'WORKSPACE_REPLACED',
        'This workspace file was moved or replaced by another program while Roster was opening it. Open it again.',
        { path: canonical },
      );
    }
    if (readOnly === null) applyWorkspacePragmas(db);
    else db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Without background upkeep (the CLI), rows other programs wrote get their keys now,
    // before anything is listed or searched.
    if (!options.background && readOnly === null && db.prepare('SELECT 1 FROM "PersonKeyQueue" LIMIT 1').get() !== undefined) {
      await tasks.run(keyDrainTask, { path: canonical });
    }
    const settledMoves = readOnly === null ? await settleMoves(canonical, db, tasks, options) : null;

    const report: OpenReport = {
      applied: prepared?.applied ?? [],
      backupPath: prepared?.backupPath ?? null,
      recoveredFrom: prepared?.recoveredFrom ?? null,
      recovery: prepared?.recovery ?? null,
      repaired: prepared?.repaired ?? [],
      unrepaired,
      checked: prepared?.checked ?? false,
      settledMoves,
      foreign,
      setAside,
    };
    return makeOpenedWorkspace({
      path: canonical,
      adapter: connection.adapter,
      store: connection.store,
      report,
      readOnly: unrepaired.length > 0 ? `${readOnly as string}, so Roster cannot repair what another program changed in it` : readOnly,
      untrusted,
      trusted: foreign.trusted ? foreignFingerprint(foreign.triggers) : null,
      readMode: access.mode === 'immutable' ? 'immutable' : 'normal',
      identity: opening,
      tasks,
      options,
      release: () => releaseFile(canonical),
    });
  } catch (error) {
    releaseFile(canonical);
    if (db?.open) db.close();
    throw asRosterError(error);
  }
}

/** Where `create` puts a file named without an extension. */
export function withWorkspaceExtension(path: string): string {
  return extname(path) === '' ? `${path}${WORKSPACE_EXTENSION}` : path;
}

/**
 * Creates a new workspace file (readable by its owner only) and opens it. Refuses an
 * existing non-empty file (FILE_EXISTS); an existing empty file is initialised in
 * place. A create that fails leaves no file behind.
 */
export async function createWorkspaceFile(path: string, options: WorkspaceOpenOptions): Promise<OpenedWorkspace> {
  const canonical = canonicalPath(withWorkspaceExtension(path));
  if (!hasOpenableExtension(canonical)) {
    throw new RosterError('BAD_PATH', `A workspace file must end in ${OPENABLE_EXTENSIONS_TEXT}; ${basename(canonical)} does not.`, {
      path: canonical,
    });
  }
  const kind = fileKind(canonical);
  if (kind === 'directory') throw new RosterError('BAD_PATH', `${canonical} is a folder.`, { path: canonical });
  if (kind !== 'missing' && kind !== 'empty') {
    throw new RosterError('FILE_EXISTS', `A file already exists at ${canonical}; Roster will not overwrite it.`, { path: canonical });
  }
  let createdHere = false;
  if (kind === 'missing') {
    try {
      closeSync(openSync(canonical, 'wx', PRIVATE_FILE_MODE));
      createdHere = true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new RosterError('FILE_EXISTS', `A file already exists at ${canonical}.`, { path: canonical });
      if (code === 'ENOSPC')
        throw new RosterError('DISK_FULL', `The disk is full; Roster could not create ${canonical}.`, { path: canonical });
      throw new RosterError('BAD_PATH', `Roster cannot create a file at ${canonical} (${code ?? 'error'}).`, { path: canonical });
    }
  }
  try {
    return await openWorkspaceFile(canonical, options, true);
  } catch (error) {
    if (createdHere) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${canonical}${suffix}`, { force: true });
    }
    throw isRosterError(error) ? error : asRosterError(error);
  }
}
