// The migrations this build of Roster knows: the folders of prisma/migrations, each
// with one migration.sql, read once per process and applied in folder-name order,
// as `prisma migrate deploy` does.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { splitSqlStatements } from './sql-statements.js';

export interface Migration {
  /** The folder name, e.g. `20261101000000_init`; recorded as `migration_name`. */
  readonly name: string;
  readonly sql: string;
  /** SHA-256 hex of migration.sql's bytes, as Prisma records it. */
  readonly checksum: string;
  /** The script's statements, in order (sql-statements.ts). */
  readonly statements: readonly string[];
}

export interface MigrationSet {
  readonly dir: string;
  readonly migrations: readonly Migration[];
  readonly byName: ReadonlyMap<string, Migration>;
}

// Prisma's own naming: a 14-digit UTC timestamp, an underscore, a snake_case name.
const MIGRATION_FOLDER = /^\d{14}_[a-z0-9_]+$/;

export function checksumOf(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Whether a checksum recorded in a file's history belongs to this migration. Like
 * Prisma's engine, a script that differs only in line endings (LF vs CRLF, which git
 * may convert on checkout, e.g. on a Windows build machine) counts as the same script,
 * so a file made by a build from either checkout is not mistaken for an edited history.
 */
export function checksumMatches(migration: Migration, recorded: string): boolean {
  if (recorded === migration.checksum) return true;
  const lf = migration.sql.replace(/\r\n/g, '\n');
  return recorded === checksumOf(lf) || recorded === checksumOf(lf.replace(/\n/g, '\r\n'));
}

/** Reads a migrations folder. Throws (a build defect, not a user error) if it is malformed. */
export function loadMigrationSet(dir: string): MigrationSet {
  const lock = readFileSync(join(dir, 'migration_lock.toml'), 'utf8');
  if (!/^provider\s*=\s*"sqlite"\s*$/m.test(lock)) {
    throw new Error(`${dir}/migration_lock.toml does not name the sqlite provider`);
  }
  const migrations: Migration[] = [];
  const names = readdirSync(dir)
    .filter((entry) => statSync(join(dir, entry)).isDirectory())
    .sort();
  for (const name of names) {
    if (!MIGRATION_FOLDER.test(name)) throw new Error(`migration folder "${name}" is not named YYYYMMDDHHMMSS_name`);
    const bytes = readFileSync(join(dir, name, 'migration.sql'));
    const sql = bytes.toString('utf8');
    migrations.push({ name, sql, checksum: checksumOf(bytes), statements: splitSqlStatements(sql) });
  }
  if (migrations.length === 0) throw new Error(`${dir} holds no migrations`);
  return { dir, migrations, byName: new Map(migrations.map((m) => [m.name, m])) };
}
