// The committed migrations produce exactly prisma/schema.prisma: every migration is
// applied to an empty file by Roster's own migrator, and Prisma's schema engine
// (WebAssembly build, run in a child process) diffs the result against the schema.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateEmptyFile } from '../../../scripts/new-migration.js';
import { EXTERNAL_TABLES } from '../../../main/features/workspace/node/migrations/external-tables.js';
import { engineDiff, REPO_SCHEMA } from '../../support/schema-engine.js';
import {
  makeTempDir,
  NULL_DERIVED_MIGRATION,
  queryFile,
  removeTempDirs,
  repoMigrations,
  TRANSFER_MIGRATION,
} from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

/** schema.prisma with one more required column on Person: must show drift. */
function schemaWithExtraField(dir: string): string {
  const text = readFileSync(REPO_SCHEMA, 'utf8');
  const edited = text.replace(/(\n\s*updatedAt\s+DateTime\s+@default\(now\(\)\) @updatedAt\n)/, '$1  nickname  String?\n');
  expect(edited).not.toBe(text);
  const path = join(dir, 'schema-extra.prisma');
  writeFileSync(path, edited);
  return path;
}

describe('migrations versus schema.prisma', () => {
  it('ships at least two migrations, so upgrading an old file is a real path', () => {
    expect(repoMigrations().migrations.length).toBeGreaterThanOrEqual(2);
  });

  it('every migration applied to an empty file by Roster gives exactly the schema (no drift)', async () => {
    const dir = makeTempDir('drift');
    const db = join(dir, 'all-migrations.db');
    migrateEmptyFile(db, repoMigrations());
    expect(await engineDiff(db)).toBe('');
  });

  it('the only difference Prisma sees without the external-tables list is the search index: exactly its tables', async () => {
    const dir = makeTempDir('drift');
    const db = join(dir, 'all-migrations.db');
    migrateEmptyFile(db, repoMigrations());
    const sql = await engineDiff(db, REPO_SCHEMA, false);
    const dropped = [...sql.matchAll(/DROP TABLE "([^"]+)"/g)].map((match) => match[1]).sort();
    expect(dropped).toEqual([...EXTERNAL_TABLES].sort());
    // Nothing but those drops (and the PRAGMAs and comments Prisma wraps them in).
    const rest = sql
      .split('\n')
      .filter((line) => line.trim() !== '' && !/^--|^PRAGMA foreign_keys=(on|off);$|^DROP TABLE "/.test(line.trim()));
    expect(rest).toEqual([]);
  });

  it('negative control: a schema with an extra field does show drift', async () => {
    const dir = makeTempDir('drift');
    const db = join(dir, 'all-migrations.db');
    migrateEmptyFile(db, repoMigrations());
    const sql = await engineDiff(db, schemaWithExtraField(dir));
    expect(sql).toContain('"nickname" TEXT');
  });

  it('negative control: missing the move journal migration shows drift', async () => {
    const dir = makeTempDir('drift');
    const db = join(dir, 'without-transfers.db');
    const set = repoMigrations();
    migrateEmptyFile(db, { ...set, migrations: set.migrations.filter((migration) => migration.name !== TRANSFER_MIGRATION) });
    expect(await engineDiff(db)).toContain('CREATE TABLE "PersonTransfer"');
  });

  it('what Prisma does not compare: NOT NULL ON CONFLICT REPLACE (only the file itself says it)', async () => {
    // The engine reads a column's type, nullability and default, not its conflict
    // clause: a file without the migration that added the clause reads the same to it.
    // So that migration is checked on the file's own table SQL instead.
    const dir = makeTempDir('drift');
    const without = join(dir, 'without-on-conflict.db');
    const set = repoMigrations();
    migrateEmptyFile(without, { ...set, migrations: set.migrations.filter((migration) => migration.name !== NULL_DERIVED_MIGRATION) });
    expect(await engineDiff(without)).toBe('');
    const full = join(dir, 'all-migrations.db');
    migrateEmptyFile(full, set);
    const personSql = (path: string): string =>
      queryFile<{ sql: string }>(path, `SELECT sql FROM sqlite_master WHERE name = 'Person'`)[0]?.sql ?? '';
    expect(personSql(without)).not.toContain('ON CONFLICT');
    for (const column of ['nameKey', 'createdAt', 'updatedAt']) {
      expect(personSql(full)).toMatch(new RegExp(`"${column}" [A-Z]+ NOT NULL ON CONFLICT REPLACE DEFAULT`));
    }
    expect(personSql(full)).toMatch(/"name" TEXT NOT NULL,/);
  });
});
