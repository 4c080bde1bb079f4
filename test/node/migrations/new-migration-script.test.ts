// `npm run migration:new`: writes the next migration from the schema engine's diff,
// refuses when nothing changed, warns about rebuilds that need a hand edit, and its
// --check mode fails on drift. Runs the real script in a child process.

import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrationSet } from '../../../main/features/workspace/node/migrations/migration-set.js';
import { migrationStamp, nextStamp, requiredColumnsLeftEmpty } from '../../../scripts/new-migration.js';
import { REPO_ROOT, REPO_SCHEMA, runWithEngineFlags } from '../../support/schema-engine.js';
import { makeTempDir, REPO_MIGRATIONS, removeTempDirs, repoMigrations } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

const SCRIPT = join(REPO_ROOT, 'scripts', 'new-migration.ts');

/** A scratch copy of the migrations and a schema edited by `edit`. */
function scratch(edit: (schema: string) => string): { migrations: string; schema: string } {
  const dir = makeTempDir('new-migration');
  const migrations = join(dir, 'migrations');
  cpSync(REPO_MIGRATIONS, migrations, { recursive: true });
  const schema = join(dir, 'schema.prisma');
  const original = readFileSync(REPO_SCHEMA, 'utf8');
  const edited = edit(original);
  writeFileSync(schema, edited);
  return { migrations, schema };
}

const addField = (field: string) => (schema: string) => {
  const edited = schema.replace(/(\n\s*updatedAt\s+DateTime\s+@default\(now\(\)\) @updatedAt\n)/, `$1  ${field}\n`);
  if (edited === schema) throw new Error('schema.prisma changed shape; update this test');
  return edited;
};

function run(...args: string[]) {
  return runWithEngineFlags(SCRIPT, args);
}

describe('migration:new', () => {
  it('--check passes on the repository (no drift)', async () => {
    const result = await run('--check');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/No drift/);
  });

  it('--check exits 1 and prints the missing SQL when the schema drifts', async () => {
    const { migrations, schema } = scratch(addField('nickname String?'));
    const result = await run('--check', '--schema', schema, '--migrations', migrations);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Drift/);
    expect(result.stderr).toContain('"nickname" TEXT');
  });

  it('writes the next migration, which then has no drift', async () => {
    const { migrations, schema } = scratch(addField('nickname String?'));
    const result = await run('person_nickname', '--schema', schema, '--migrations', migrations);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/WARNING/);
    const set = loadMigrationSet(migrations);
    expect(set.migrations).toHaveLength(repoMigrations().migrations.length + 1);
    const added = set.migrations.at(-1);
    expect(added?.name).toMatch(/^\d{14}_person_nickname$/);
    expect(added?.name.localeCompare(repoMigrations().migrations.at(-1)?.name ?? '')).toBe(1);
    expect(added?.sql).toContain('"nickname" TEXT');
    expect(result.stdout).toContain(join(migrations, added?.name ?? '', 'migration.sql'));
    const check = await run('--check', '--schema', schema, '--migrations', migrations);
    expect(check.code).toBe(0);
  });

  it('warns when a table rebuild adds a required column without filling it', async () => {
    const { migrations, schema } = scratch(addField('email String'));
    const result = await run('person_email', '--schema', schema, '--migrations', migrations);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/WARNING: this migration rebuilds "Person"/);
    expect(result.stderr).toContain('"email"');
    expect(result.stderr).toContain('data-steps.ts');
    expect(loadMigrationSet(migrations).migrations.at(-1)?.sql).toContain('CREATE TABLE "new_Person"');
  });

  it('refuses when there is no change, and writes nothing', async () => {
    const { migrations, schema } = scratch((text) => text);
    const before = readdirSync(migrations);
    const result = await run('nothing_new', '--schema', schema, '--migrations', migrations);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/No change/);
    expect(readdirSync(migrations)).toEqual(before);
  });

  it('refuses names that are not snake_case', async () => {
    const { migrations, schema } = scratch(addField('nickname String?'));
    const before = readdirSync(migrations);
    for (const name of ['Add-Email', 'has space', '_leading', 'UPPER', 'trailing_']) {
      const result = await run(name, '--schema', schema, '--migrations', migrations);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/snake_case/);
    }
    expect((await run('--schema', schema, '--migrations', migrations)).code).toBe(2);
    expect((await run('ok_name', '--check')).code).toBe(2);
    expect(readdirSync(migrations)).toEqual(before);
  });
});

describe('migration:new helpers', () => {
  it('flags the raw generated rebuild of 20261123000000_person_name_key, not the hand-edited one', () => {
    const shipped = repoMigrations().byName.get('20261123000000_person_name_key')?.sql ?? '';
    expect(requiredColumnsLeftEmpty(shipped)).toEqual([]);
    const generated = shipped.replace(
      /INSERT INTO "new_Person" .*\n/,
      'INSERT INTO "new_Person" ("createdAt", "id", "name", "updatedAt") SELECT "createdAt", "id", "name", "updatedAt" FROM "Person";\n',
    );
    expect(generated).not.toBe(shipped);
    expect(requiredColumnsLeftEmpty(generated)).toEqual([{ table: 'Person', columns: ['nameKey'] }]);
  });

  it('stamps in UTC and always after the newest migration', () => {
    expect(migrationStamp(new Date(Date.UTC(2027, 0, 2, 3, 4, 5)))).toBe('20270102030405');
    const set = repoMigrations();
    const last = set.migrations.at(-1)?.name.slice(0, 14) ?? '';
    expect(nextStamp(set, new Date(Date.UTC(2030, 5, 1, 12, 0, 0)))).toBe('20300601120000');
    const behind = nextStamp(set, new Date(Date.UTC(2020, 0, 1)));
    expect(behind > last).toBe(true);
    expect(Number(behind) - Number(last)).toBe(1);
  });
});
