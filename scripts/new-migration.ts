// Adds the next migration, or checks that there is none to add, without Prisma's
// native schema engine (which cannot be installed offline; see docs/dev/migrations.md).
//
//   npm run migration:new -- <snake_name>   write prisma/migrations/<UTC stamp>_<name>/migration.sql
//   npm run migration:new -- --check        exit 1 if schema.prisma and the migrations drift
//
// Options (mostly for tests): --schema <file>  --migrations <dir>
//
// How: every committed migration is applied to an empty temporary file with Roster's
// own migrator (the code that upgrades users' files), then Prisma's schema engine,
// compiled to WebAssembly, diffs that file against schema.prisma. The diff is the next
// migration. The engine's .wasm is an ES module import, so this runs under
// `node --experimental-wasm-modules` (the npm script passes it).
//
// The engine helpers are exported for the tests' schema-engine runner
// (test/support/schema-engine-runner.ts); importing this file does not run main(),
// and the engine module itself is only loaded when an engine is started, so the
// plain helpers can be imported anywhere (vitest included).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import Database from 'better-sqlite3';
import { EXTERNAL_TABLES } from '../main/features/workspace/node/migrations/external-tables.js';
import { applyMigrations } from '../main/features/workspace/node/migrations/migrator.js';
import { loadMigrationSet, type MigrationSet } from '../main/features/workspace/node/migrations/migration-set.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_SCHEMA = join(root, 'prisma', 'schema.prisma');
export const DEFAULT_MIGRATIONS = join(root, 'prisma', 'migrations');

/** Tables Prisma must leave alone: the search index (main/features/workspace/node/migrations/external-tables.ts). */
export const ROSTER_FILTERS: SchemaFilter = { externalTables: [...EXTERNAL_TABLES], externalEnums: [] };
export const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };
const SCHEMA_FILE_NAME = 'schema.prisma';

/**
 * Runs `task` with a schema engine connected to the SQLite file at `dbPath`, then
 * frees the engine AND closes the connection it opened: `engine.free()` alone leaves
 * the file locked until the process exits.
 */
export async function withSchemaEngine<T>(dbPath: string, schemaText: string, task: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const factory = new PrismaBetterSqlite3({ url: `file:${dbPath}` });
  const opened: SqlDriverAdapter[] = [];
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await factory.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
  };
  const logs: string[] = [];
  const { SchemaEngine } = await import('@prisma/schema-engine-wasm');
  const engine: SchemaEngine = await SchemaEngine.new(
    { datamodels: [[SCHEMA_FILE_NAME, schemaText]] },
    (line: unknown) => logs.push(String(line)),
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  try {
    return await task(engine);
  } catch (error) {
    // The engine reports failures as plain objects or strings; keep its log with them.
    const message = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
    throw new Error(`schema engine: ${message}${logs.length > 0 ? `\n${logs.join('\n')}` : ''}`, { cause: error });
  } finally {
    engine.free();
    for (const adapter of opened) await adapter.dispose();
  }
}

/** A migrations folder in the shape the engine's migration commands take. */
export function migrationsListOf(set: MigrationSet): MigrationList {
  return {
    baseDir: set.dir,
    lockfile: { path: 'migration_lock.toml', content: readFileSync(join(set.dir, 'migration_lock.toml'), 'utf8') },
    shadowDbInitScript: '',
    migrationDirectories: set.migrations.map((migration) => ({
      path: migration.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: migration.sql } },
    })),
  };
}

/**
 * The SQL that would take the live file at `dbPath` to `schemaText`; '' when they
 * match. The engine prints "-- This is an empty migration." for no change, so the
 * answer is decided by its exit code (2 = there is a difference), not its text.
 */
export async function diffFileAgainstSchema(dbPath: string, schemaText: string, filters: SchemaFilter = ROSTER_FILTERS): Promise<string> {
  const result = await withSchemaEngine(dbPath, schemaText, (engine) =>
    engine.diff({
      from: { tag: 'schemaDatasource', files: [{ path: SCHEMA_FILE_NAME, content: schemaText }], configDir: dirname(dbPath) },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_FILE_NAME, content: schemaText }] },
      script: true,
      exitCode: true,
      filters,
    }),
  );
  if (result.exitCode === 0) return '';
  if (result.exitCode !== 2) throw new Error(`schema engine diff exited with ${result.exitCode}`);
  return result.stdout ?? '';
}

/** Applies every migration of `set` to a new empty file with Roster's migrator. */
export function migrateEmptyFile(dbPath: string, set: MigrationSet): void {
  const db = new Database(dbPath);
  try {
    applyMigrations(db, set.migrations);
  } finally {
    db.close();
  }
}

/** Applies `set` to a temporary file and diffs it against the schema. */
export async function driftOf(set: MigrationSet, schemaText: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-migration-'));
  try {
    const dbPath = join(dir, 'migrated.db');
    migrateEmptyFile(dbPath, set);
    return await diffFileAgainstSchema(dbPath, schemaText);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RebuildWarning {
  readonly table: string;
  readonly columns: readonly string[];
}

/**
 * Finds table rebuilds (Prisma's "RedefineTables") whose copy of the old rows leaves
 * out a NOT NULL column that has no default. On a file holding rows, such a script
 * fails; it needs a hand edit to fill the column (and perhaps a data step).
 */
export function requiredColumnsLeftEmpty(sql: string): RebuildWarning[] {
  const warnings: RebuildWarning[] = [];
  const create = /CREATE TABLE "new_([^"]+)" \(([\s\S]*?)\n\);/g;
  for (const match of sql.matchAll(create)) {
    const table = match[1] ?? '';
    const body = match[2] ?? '';
    const required: string[] = [];
    for (const line of body.split('\n')) {
      const column = /^\s*"([^"]+)"\s+(.*?),?\s*$/.exec(line);
      if (!column) continue;
      const definition = (column[2] ?? '').toUpperCase();
      if (definition.includes('NOT NULL') && !definition.includes('DEFAULT') && !definition.includes('PRIMARY KEY')) {
        required.push(column[1] ?? '');
      }
    }
    const insert = new RegExp(`INSERT INTO "new_${escapeRegExp(table)}" \\(([^)]*)\\)`).exec(sql);
    const copied = new Set([...(insert?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]));
    // No INSERT at all means the old table had no rows to keep (nothing to warn about).
    if (!insert) continue;
    const missing = required.filter((name) => !copied.has(name));
    if (missing.length > 0) warnings.push({ table, columns: missing });
  }
  return warnings;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Prisma's folder stamp: UTC YYYYMMDDHHMMSS. */
export function migrationStamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Now, or one second after the newest existing migration if the clock is behind it. */
export function nextStamp(set: MigrationSet, now: Date = new Date()): string {
  const stamp = migrationStamp(now);
  const last = set.migrations.at(-1)?.name.slice(0, 14);
  if (last === undefined || stamp > last) return stamp;
  const y = Number(last.slice(0, 4));
  const mo = Number(last.slice(4, 6)) - 1;
  const d = Number(last.slice(6, 8));
  const h = Number(last.slice(8, 10));
  const mi = Number(last.slice(10, 12));
  const s = Number(last.slice(12, 14));
  return migrationStamp(new Date(Date.UTC(y, mo, d, h, mi, s + 1)));
}

const NAME = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;

interface Args {
  readonly check: boolean;
  readonly name: string | undefined;
  readonly schema: string;
  readonly migrations: string;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args {
  let check = false;
  let name: string | undefined;
  let schema = DEFAULT_SCHEMA;
  let migrations = DEFAULT_MIGRATIONS;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--check') check = true;
    else if (arg === '--schema' || arg === '--migrations') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a path`);
      if (arg === '--schema') schema = resolve(value);
      else migrations = resolve(value);
    } else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (name === undefined) name = arg;
    else throw new UsageError(`one migration name only (got "${name}" and "${arg}")`);
  }
  if (check && name !== undefined) throw new UsageError('--check takes no migration name');
  if (!check) {
    if (name === undefined) throw new UsageError('name the migration, e.g. npm run migration:new -- person_email');
    if (!NAME.test(name) || name.length > 80) {
      throw new UsageError(`"${name}" is not a snake_case name (lower-case letters, digits, single underscores)`);
    }
  }
  return { check, name, schema, migrations };
}

const USAGE = `usage: npm run migration:new -- <snake_name> [--schema FILE] [--migrations DIR]
       npm run migration:new -- --check [--schema FILE] [--migrations DIR]`;

async function main(argv: readonly string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) console.error(`migration:new: ${error.message}`);
    console.error(USAGE);
    return 2;
  }
  const schemaText = readFileSync(args.schema, 'utf8');
  const set = loadMigrationSet(args.migrations);
  const drift = await driftOf(set, schemaText);

  if (args.check) {
    if (drift === '') {
      console.log(`No drift: the ${set.migrations.length} migrations in ${args.migrations} produce exactly ${args.schema}.`);
      return 0;
    }
    console.error(`Drift: ${args.schema} differs from what the migrations in ${args.migrations} produce.`);
    console.error('Add a migration (npm run migration:new -- <name>). The missing SQL is:\n');
    console.error(drift);
    return 1;
  }

  if (drift === '') {
    console.error(`No change: the migrations already produce ${args.schema}. Edit the schema first.`);
    return 1;
  }
  const folder = `${nextStamp(set)}_${args.name as string}`;
  const target = join(args.migrations, folder);
  if (existsSync(target)) {
    console.error(`${target} already exists.`);
    return 1;
  }
  mkdirSync(target);
  writeFileSync(join(target, 'migration.sql'), drift);

  // Prove the new set now produces the schema (on an empty file, as a fresh workspace would).
  const after = await driftOf(loadMigrationSet(args.migrations), schemaText);
  if (after !== '') {
    console.error(`Wrote ${target}/migration.sql, but the migrations still drift from the schema:\n${after}`);
    return 1;
  }
  console.log(`Wrote ${join(target, 'migration.sql')}`);

  const warnings = requiredColumnsLeftEmpty(drift);
  for (const warning of warnings) {
    console.warn(
      `\nWARNING: this migration rebuilds "${warning.table}" and adds the required column(s) ${warning.columns
        .map((column) => `"${column}"`)
        .join(', ')} without copying a value into them.\n` +
        '  On a workspace that holds rows it FAILS (NOT NULL constraint). Before committing:\n' +
        '  - edit the INSERT INTO "new_' +
        warning.table +
        '" ... SELECT line to fill the column from SQL, and\n' +
        '  - if SQL cannot compute the real value, add a data step for this migration in\n' +
        '    main/features/workspace/node/migrations/data-steps.ts.\n' +
        '  Then test the upgrade of a file holding data (see docs/dev/migrations.md).',
    );
  }
  console.log('\nNext: review the SQL, run the tests (npm test), commit the folder. Never edit a migration once it has shipped.');
  return 0;
}

const invokedAs = process.argv[1];
if (invokedAs !== undefined && resolve(invokedAs) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
