// Hostile `.roster` files, as a received file (an email attachment, a download, a
// shared drive) can be: each starts as a genuine Roster workspace, or as what a person
// can end up with (an empty file, a text file), and is then altered with raw
// better-sqlite3 or by editing its bytes. Each builder writes one file into a folder of
// its own and says what Roster must do with it: open it (read-write, or read-only
// because of objects Roster did not create), or refuse it with one code and leave it
// byte-identical. The hostile suite (test/node/hostile/) puts every case through the
// CLI, the IPC handlers and find across workspaces.

import { closeSync, copyFileSync, ftruncateSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ErrorCode } from '../../main/kernel/common/errors.js';
import type { FindState } from '../../main/features/find/common/find-contract.js';
import { foldName } from '../../main/features/workspace/common/name-fold.js';
import type { RosterContext } from '../../main/app/node/roster-context.js';
import { execOnFile, makeCurrentFile, makeV1File, NAME_KEY_MIGRATION } from './workspace-fixtures.js';

/** Every genuine starting file holds these people; "Lovelace" is what find and --search look for. */
export const BASE_PEOPLE = ['Ada Lovelace', 'Grace Hopper', 'Émile Zola'] as const;
export const SEARCH_TEXT = 'lovelace';

/** What Roster must do with a hostile file, whatever the path (CLI, IPC, find). */
export type HostileExpect =
  /** Every command refuses with `code`; find reports `findStates`; the file is left byte-identical. */
  | { readonly outcome: 'refused'; readonly code: ErrorCode; readonly findStates: readonly FindState[] }
  /**
   * Objects Roster did not create (foreign triggers): reads work (list, search, export,
   * find), writes are refused with WORKSPACE_UNTRUSTED, and the file is left byte-identical.
   */
  | { readonly outcome: 'read-only'; readonly people: readonly string[]; readonly findStates: readonly FindState[] }
  /**
   * Opens read-write: reads and writes work. `people` must all be listed (`absent`
   * never); a command may instead refuse with one of `mayRefuseWith` (a clear code,
   * for files where a said repair and a clear refusal are both right).
   */
  | {
      readonly outcome: 'opens';
      readonly people: readonly string[];
      readonly absent?: readonly string[];
      /** Text some listed name must contain: a row with an odd cell is shown with a readable stand-in, never dropped. */
      readonly shownAs?: readonly string[];
      readonly mayRefuseWith?: readonly ErrorCode[];
      /** What find may report, when not 'ok' (find only reads, so it sees the file as received). */
      readonly findStates?: readonly FindState[];
    };

export interface HostileFile {
  readonly path: string;
  /**
   * A step that needs Roster's data folder, run once the file is in the catalog: making
   * Roster know the file first (its seal, a backup taken by an upgrade).
   */
  readonly prepare?: (context: RosterContext) => Promise<void>;
}

export interface HostileEnv {
  /** The case's own folder: only the file (and what `mayAppear` allows) may ever be in it. */
  readonly folder: string;
  /** A second, genuine workspace whose bytes must never change. */
  readonly sentinel: string;
}

export interface HostileCase {
  readonly name: string;
  readonly expect: HostileExpect;
  /** Names of new files that may appear in the file's folder (set-aside sidecars), beyond the file's own -wal/-shm. */
  readonly mayAppear?: RegExp;
  build(env: HostileEnv): HostileFile;
}

// ---------------------------------------------------------------- helpers

function genuine(folder: string, file = 'received.roster', names: readonly string[] = BASE_PEOPLE): string {
  const path = join(folder, file);
  makeCurrentFile(path, names, foldName);
  return path;
}

/** Runs SQL that needs SQLite's defensive mode off (writable_schema, shadow tables). */
function execUnsafe(path: string, run: (db: Database.Database) => void): void {
  const db = new Database(path);
  try {
    db.unsafeMode(true);
    run(db);
  } finally {
    db.close();
  }
}

/** Runs `write` with every trigger of the file dropped, then recreates them from their exact stored text. */
function withoutTriggers(db: Database.Database, write: () => void): void {
  const triggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid`).all() as {
    name: string;
    sql: string;
  }[];
  db.transaction(() => {
    for (const trigger of triggers) db.exec(`DROP TRIGGER "${trigger.name}"`);
    write();
    for (const trigger of triggers) db.exec(trigger.sql);
  })();
}

function sqlText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Find only reads, so a file with foreign triggers may be searched (read-only) or
 * reported as changed by another program; both are clear, and nothing fires either way.
 */
const UNTRUSTED_FIND_STATES: readonly FindState[] = ['ok', 'schema-changed'];

/** An endless computation: what a trigger "with a recursive CTE" runs. */
const ENDLESS = `(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c)`;

function withTrigger(name: string, sql: (env: HostileEnv) => string): HostileCase {
  return {
    name,
    expect: { outcome: 'read-only', people: BASE_PEOPLE, findStates: UNTRUSTED_FIND_STATES },
    build(env) {
      const path = genuine(env.folder);
      execOnFile(path, sql(env));
      return { path };
    },
  };
}

/** A valid WAL of another workspace, made while its writer is still open (nothing folded in). */
export function foreignWal(folder: string, target: string): void {
  const other = genuine(folder, 'other-source.roster', ['Mallory Other', 'Trudy Other']);
  const db = new Database(other);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec(`DELETE FROM "Person" WHERE "name" <> 'Mallory Other'`);
    db.exec(`UPDATE "Person" SET "name" = 'Mallory Lovelace' WHERE "name" = 'Mallory Other'`);
    copyFileSync(`${other}-wal`, `${target}-wal`);
  } finally {
    db.close();
  }
}

/**
 * A hot rollback journal of another workspace: taken in the middle of a transaction
 * with synchronous off, so SQLite takes its length from the file and replays it.
 */
function foreignJournal(folder: string, target: string): void {
  const other = genuine(folder, 'other-source.roster', ['Mallory Other', 'Trudy Other']);
  const db = new Database(other);
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = OFF');
    db.exec(`UPDATE "Person" SET "name" = 'Changed Lovelace'`);
    db.exec('BEGIN');
    db.exec(`UPDATE "Person" SET "name" = 'Changed again'`);
    copyFileSync(`${other}-journal`, `${target}-journal`);
    db.exec('ROLLBACK');
  } finally {
    db.close();
  }
}

/** What a set-aside sidecar is called: `<file>-wal.set-aside-<time>` (and -shm, -journal); kept, never replayed. */
const SET_ASIDE = /^received\.roster-(wal|shm|journal)\..+/;

/**
 * Keeps a copy (at `stash`) of the file's WAL holding "Old Lovelace", then folds it in
 * and changes the file past it, as later writers would.
 */
function staleWal(path: string, stash: string): void {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec(`INSERT INTO "Person" ("name") VALUES ('Old Lovelace')`);
    copyFileSync(`${path}-wal`, stash);
  } finally {
    db.close();
  }
  execOnFile(path, `DELETE FROM "Person" WHERE "name" = 'Old Lovelace'; INSERT INTO "Person" ("name") VALUES ('New Lovelace');`);
}

// ---------------------------------------------------------------- the cases

export const HOSTILE_CASES: readonly HostileCase[] = [
  withTrigger(
    'trigger with an endless recursive CTE on insert',
    () => `CREATE TRIGGER "spin" AFTER INSERT ON "Person" BEGIN SELECT ${ENDLESS}; END;`,
  ),
  {
    name: 'trigger AFTER DELETE ON PersonKeyQueue, with rows queued',
    expect: { outcome: 'read-only', people: [...BASE_PEOPLE, 'Queued Lovelace'], findStates: UNTRUSTED_FIND_STATES },
    build(env) {
      const path = genuine(env.folder);
      // Written as another program would: the rows wait in the key queue, which Roster drains on open.
      execOnFile(
        path,
        `INSERT INTO "Person" ("name") VALUES ('Queued Lovelace');
         CREATE TRIGGER "drain_spin" AFTER DELETE ON "PersonKeyQueue" BEGIN SELECT ${ENDLESS}; END;`,
      );
      return { path };
    },
  },
  withTrigger(
    'trigger calling load_extension',
    (env) => `CREATE TRIGGER "ext" AFTER INSERT ON "Person" BEGIN SELECT load_extension(${sqlText(join(env.folder, 'evil.so'))}); END;`,
  ),
  withTrigger(
    'trigger calling readfile',
    () => `CREATE TRIGGER "peek" AFTER INSERT ON "Person" BEGIN SELECT readfile('/etc/passwd'); END;`,
  ),
  withTrigger('trigger calling writefile', (env) => {
    const call = `SELECT writefile(${sqlText(join(env.folder, 'written.txt'))}, 'x');`;
    return `CREATE TRIGGER "drop_file" AFTER UPDATE ON "Person" BEGIN ${call} END;
              CREATE TRIGGER "drop_file_2" AFTER INSERT ON "Person" BEGIN ${call} END;`;
  }),
  withTrigger(
    'trigger calling fts3_tokenizer',
    () => `CREATE TRIGGER "tok" AFTER INSERT ON "Person" BEGIN SELECT fts3_tokenizer('simple', X'4141414141414141'); END;`,
  ),
  {
    name: 'foreign views and a virtual table no Roster statement touches',
    expect: { outcome: 'opens', people: BASE_PEOPLE },
    build(env) {
      const path = genuine(env.folder);
      execOnFile(
        path,
        `CREATE VIEW "Adults" AS SELECT "name" FROM "Person";
         CREATE VIEW "Sneaky" AS SELECT writefile(${sqlText(join(env.folder, 'written.txt'))}, 'x') AS w;
         CREATE VIRTUAL TABLE "Notes" USING fts5(body);
         INSERT INTO "Notes" (body) VALUES ('a note another program keeps');`,
      );
      return { path };
    },
  },
  {
    name: 'sqlite_master text of a table carrying extra statements',
    expect: { outcome: 'refused', code: 'WORKSPACE_CORRUPT', findStates: ['corrupt'] },
    build(env) {
      const path = genuine(env.folder);
      execOnFile(path, 'CREATE TABLE "Extra" (x)');
      execUnsafe(path, (db) => {
        db.pragma('writable_schema = ON');
        db.prepare(`UPDATE sqlite_master SET sql = ? WHERE name = 'Extra'`).run(
          `CREATE TABLE "Extra" (x); ATTACH ${sqlText(env.sentinel)} AS s; DELETE FROM s."Person"; DETACH s; ` +
            `VACUUM INTO ${sqlText(join(env.folder, 'copy.db'))}`,
        );
        db.pragma('writable_schema = OFF');
      });
      // This SQLite refuses to load such a schema ("malformed database schema"): the file is damaged.
      return { path };
    },
  },
  {
    name: 'half-upgraded file whose backup holds crafted schema text',
    // Find only reads, so it sees the half-upgraded file; opening it restores the backup.
    // What the person sees is the backup's people: the half-upgraded file's own are replaced by the restore.
    expect: { outcome: 'opens', people: BASE_PEOPLE, absent: ['Half Lovelace'], findStates: ['needs-upgrade'] },
    build(env) {
      const path = join(env.folder, 'received.roster');
      // The first file received at this path: an older release's, with an extra table whose
      // stored text hides more statements after a NUL (SQLite reads up to the NUL; a tool
      // that runs the whole stored text runs them all).
      makeV1File(path, BASE_PEOPLE);
      execOnFile(path, 'CREATE TABLE "Extra" (x)');
      execUnsafe(path, (db) => {
        db.pragma('writable_schema = ON');
        db.prepare(`UPDATE sqlite_master SET sql = ? WHERE name = 'Extra'`).run(
          `CREATE TABLE "Extra" (x)\u0000; COMMIT; ATTACH ${sqlText(env.sentinel)} AS s; DELETE FROM s."Person"; DETACH s; ` +
            `VACUUM INTO ${sqlText(join(env.folder, 'copy.db'))}; BEGIN;`,
        );
        db.pragma('writable_schema = OFF');
      });
      return {
        path,
        // Opening restores the backup the upgrade took, and upgrades it again.
        async prepare(context) {
          // Roster upgrades it (taking a backup), then a second file arrives at the same path:
          // one an older Roster left half-upgraded.
          const lease = await context.connections.acquire(path);
          await lease.release();
          makeV1File(`${path}.next`, ['Half Lovelace']);
          execOnFile(
            `${path}.next`,
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
             VALUES ('half', 'abc', NULL, '${NAME_KEY_MIGRATION}', 'stopped', '2026-11-23T00:00:00.000+00:00', 0);`,
          );
          renameSync(`${path}.next`, path);
        },
      };
    },
  },
  {
    name: 'FTS5 config row with version 999',
    expect: { outcome: 'opens', people: BASE_PEOPLE, mayRefuseWith: ['WORKSPACE_CORRUPT', 'WORKSPACE_SCHEMA_CHANGED'] },
    build(env) {
      const path = genuine(env.folder);
      execUnsafe(path, (db) => db.exec(`INSERT OR REPLACE INTO "PersonSearch_config" (k, v) VALUES ('version', 999)`));
      return { path };
    },
  },
  {
    name: 'FTS5 shadow tables with garbage rows',
    expect: { outcome: 'opens', people: BASE_PEOPLE, mayRefuseWith: ['WORKSPACE_CORRUPT', 'WORKSPACE_SCHEMA_CHANGED'] },
    build(env) {
      const path = genuine(env.folder);
      execUnsafe(path, (db) => {
        db.exec(`UPDATE "PersonSearch_data" SET block = X'00FFFFFFFF00FFFF7F7F7F7F' WHERE id > 1`);
        db.exec(`INSERT OR REPLACE INTO "PersonSearch_idx" (segid, term, pgno) VALUES (9999, X'00', 12345)`);
      });
      return { path };
    },
  },
  {
    name: 'a name stored as a BLOB',
    expect: { outcome: 'opens', people: ['Ada Lovelace', 'Émile Zola'], shownAs: ['Blob Lovelace'] },
    build(env) {
      const path = genuine(env.folder);
      execOnFile(path, `UPDATE "Person" SET "name" = CAST('Blob Lovelace' AS BLOB) WHERE "name" = 'Grace Hopper'`);
      return { path };
    },
  },
  {
    name: 'createdAt stored as an integer',
    expect: { outcome: 'opens', people: BASE_PEOPLE },
    build(env) {
      const path = genuine(env.folder);
      // Roster's own triggers turn a number into a time as it is written; a file's author can
      // write past them by dropping and recreating them with their exact text.
      execUnsafe(path, (db) =>
        withoutTriggers(db, () => db.exec(`UPDATE "Person" SET "createdAt" = 1700000000000 WHERE "name" = 'Ada Lovelace'`)),
      );
      return { path };
    },
  },
  {
    name: 'a 50 MB name',
    expect: { outcome: 'opens', people: BASE_PEOPLE, mayRefuseWith: ['WORKSPACE_CORRUPT', 'INVALID_NAME'] },
    build(env) {
      const path = genuine(env.folder);
      // Written as another program would (no key yet: Roster folds it on open).
      const db = new Database(path);
      try {
        db.prepare('INSERT INTO "Person" ("name") VALUES (?)').run(`Huge ${'ab'.repeat(25 * 1024 * 1024)}`);
      } finally {
        db.close();
      }
      // Shown, or refused as a value past Roster's limits: a clear code either way.
      return { path };
    },
  },
  {
    name: 'largest page size and thousands of pages',
    expect: { outcome: 'opens', people: BASE_PEOPLE },
    build(env) {
      const path = join(env.folder, 'received.roster');
      const many = Array.from({ length: 3000 }, (_, i) => `Person ${i} ${'x'.repeat(400)}`);
      makeCurrentFile(path, [...BASE_PEOPLE, ...many], foldName);
      execOnFile(path, 'PRAGMA journal_mode = DELETE; PRAGMA page_size = 65536; VACUUM; PRAGMA journal_mode = WAL;');
      return { path };
    },
  },
  {
    name: 'a header claiming two billion pages',
    expect: { outcome: 'refused', code: 'WORKSPACE_CORRUPT', findStates: ['corrupt'] },
    build(env) {
      const path = genuine(env.folder);
      const bytes = readFileSync(path);
      // The in-header page count (offset 28) is trusted while "version-valid-for" (92) equals the change counter (24).
      bytes.writeUInt32BE(0x7fffffff, 28);
      bytes.writeUInt32BE(bytes.readUInt32BE(24), 92);
      writeFileSync(path, bytes);
      return { path };
    },
  },
  {
    name: 'a file cut in the middle of a page',
    expect: { outcome: 'refused', code: 'WORKSPACE_CORRUPT', findStates: ['corrupt'] },
    build(env) {
      const path = genuine(env.folder, 'received.roster', [...BASE_PEOPLE, ...Array.from({ length: 400 }, (_, i) => `Filler ${i}`)]);
      const bytes = readFileSync(path);
      const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
      writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / pageSize / 2) * pageSize + Math.floor(pageSize / 2)));
      return { path };
    },
  },
  {
    name: 'a sparse file with a 128 MB hole at its end',
    expect: { outcome: 'opens', people: BASE_PEOPLE, mayRefuseWith: ['WORKSPACE_CORRUPT'] },
    build(env) {
      const path = genuine(env.folder);
      const fd = openSync(path, 'r+');
      try {
        ftruncateSync(fd, statSync(path).size + 128 * 1024 * 1024);
      } finally {
        closeSync(fd);
      }
      return { path };
    },
  },
  {
    name: "another workspace's valid -wal beside a sealed file",
    // Find only reads: it may report the file as left unfinished ('busy') without opening it.
    expect: { outcome: 'opens', people: BASE_PEOPLE, absent: ['Mallory Lovelace', 'Trudy Other'], findStates: ['ok', 'busy'] },
    mayAppear: SET_ASIDE,
    build(env) {
      const path = genuine(env.folder);
      return {
        path,
        async prepare(context) {
          // Roster has opened and closed it cleanly (its seal), then the stray WAL arrives.
          const lease = await context.connections.acquire(path);
          await lease.release();
          foreignWal(env.folder, path);
          for (const suffix of ['', '-wal', '-shm']) rmSync(join(env.folder, `other-source.roster${suffix}`), { force: true });
        },
      };
    },
  },
  {
    name: 'its own stale -wal from before its last clean close',
    // Replaying it would bring back old pages over newer ones: "Old Lovelace" back, "New Lovelace" lost.
    expect: { outcome: 'opens', people: [...BASE_PEOPLE, 'New Lovelace'], absent: ['Old Lovelace'], findStates: ['ok', 'busy'] },
    mayAppear: SET_ASIDE,
    build(env) {
      const path = genuine(env.folder);
      return {
        path,
        async prepare(context) {
          staleWal(path, join(env.folder, 'stale-wal'));
          // Roster has opened and closed it cleanly since (its seal); then the old WAL is put back.
          const lease = await context.connections.acquire(path);
          await lease.release();
          renameSync(join(env.folder, 'stale-wal'), `${path}-wal`);
        },
      };
    },
  },
  {
    name: "another database's hot -journal beside a sealed file",
    // SQLite rolls a hot journal back into whatever file it sits beside, even one in WAL mode.
    expect: { outcome: 'opens', people: BASE_PEOPLE, absent: ['Changed Lovelace'], findStates: ['ok', 'busy'] },
    mayAppear: SET_ASIDE,
    build(env) {
      const path = genuine(env.folder);
      return {
        path,
        async prepare(context) {
          const lease = await context.connections.acquire(path);
          await lease.release();
          foreignJournal(env.folder, path);
          for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(join(env.folder, `other-source.roster${suffix}`), { force: true });
        },
      };
    },
  },
  {
    name: 'a known workspace emptied to 0 bytes',
    expect: { outcome: 'refused', code: 'WORKSPACE_EMPTIED', findStates: ['emptied'] },
    build(env) {
      const path = genuine(env.folder);
      return {
        path,
        async prepare(context) {
          const lease = await context.connections.acquire(path);
          await lease.release();
          writeFileSync(path, '');
        },
      };
    },
  },
  {
    name: 'a text file named .roster',
    expect: { outcome: 'refused', code: 'WORKSPACE_CORRUPT', findStates: ['corrupt'] },
    build(env) {
      const path = join(env.folder, 'received.roster');
      writeFileSync(path, 'name\nAda Lovelace\n'.repeat(300));
      return { path };
    },
  },
  // The next two are in rollback-journal mode, as other tools leave files: a refusal that
  // switched the header to WAL before refusing would change their bytes.
  {
    name: 'a file from a newer Roster',
    expect: { outcome: 'refused', code: 'WORKSPACE_TOO_NEW', findStates: ['too-new'] },
    build(env) {
      const path = genuine(env.folder);
      execOnFile(
        path,
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
         VALUES ('future', 'abc', '2099-01-01T00:00:00.000+00:00', '20990101000000_from_the_future', '2099-01-01T00:00:00.000+00:00', 1);
         PRAGMA journal_mode = DELETE;`,
      );
      return { path };
    },
  },
  {
    name: 'a half-upgraded file with no backup',
    expect: { outcome: 'refused', code: 'WORKSPACE_MIGRATION_FAILED', findStates: ['needs-upgrade'] },
    build(env) {
      const path = join(env.folder, 'received.roster');
      makeV1File(path, BASE_PEOPLE);
      execOnFile(
        path,
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
         VALUES ('half', 'abc', NULL, '${NAME_KEY_MIGRATION}', 'stopped', '2026-11-23T00:00:00.000+00:00', 0);
         PRAGMA journal_mode = DELETE;`,
      );
      return { path };
    },
  },
  {
    name: "another program's database",
    expect: { outcome: 'refused', code: 'WORKSPACE_FOREIGN', findStates: ['foreign'] },
    build(env) {
      const path = join(env.folder, 'received.roster');
      execOnFile(path, `CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);`);
      return { path };
    },
  },
];

/** The sentinel: a genuine workspace in `folder`, which no hostile file may ever change. */
export function makeSentinel(folder: string): string {
  return genuine(folder, 'sentinel.roster', ['Sentinel Lovelace', 'Sentinel Hopper']);
}
