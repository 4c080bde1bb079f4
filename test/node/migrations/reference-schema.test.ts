// What the build embeds (migrations/reference-schema.ts, precomputed.ts) must be what
// applying the migrations and folding compute, so that it cannot go stale: the
// reference equals the schema a real upgrade leaves in a file, an embedded reference
// made from other migrations is not used, and the fold id the built `roster` records
// is the one this Node computes.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../main/features/workspace/node/migrations/migrator.js';
import {
  buildTimeValues,
  CHECKED_TABLES,
  computeReference,
  migrationsKey,
  readColumns,
  readObjects,
  referenceData,
} from '../../../main/features/workspace/node/migrations/reference-schema.js';
import { embeddedValues, type Precomputed } from '../../../main/features/workspace/node/precomputed.js';
import { computeFoldFingerprint, currentFoldId } from '../../../main/features/workspace/node/keys/fold-id.js';
import { runRoster } from '../../support/cli.js';
import { firstMigrations, makeTempDir, removeTempDirs, repoMigrations } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

/** As the bundle gets it: through JSON (esbuild's define). */
function asEmbedded(): Precomputed {
  return JSON.parse(JSON.stringify(buildTimeValues(repoMigrations().dir))) as Precomputed;
}

describe('the values the build embeds', () => {
  it('the reference is the schema every migration, data steps included, leaves in a real file', () => {
    const embedded = asEmbedded();
    const set = repoMigrations();
    expect(embedded.reference.migrations).toBe(migrationsKey(set));
    const path = join(makeTempDir('reference'), 'upgraded.roster');
    const db = new Database(path);
    try {
      applyMigrations(db, set.migrations);
      const byName = (rows: readonly { name: string }[]): unknown[] => [...rows].sort((a, b) => a.name.localeCompare(b.name));
      expect(byName(embedded.reference.data.objects)).toEqual(byName(readObjects(db)));
      for (const table of CHECKED_TABLES) expect(embedded.reference.data.columns[table]).toEqual(readColumns(db, table));
      expect(embedded.reference.data.columns['Person']?.map((column) => column.name)).toContain('nameKey');
    } finally {
      db.close();
    }
  });

  it('the fingerprint is what folding every probed code point gives in this runtime', () => {
    expect(asEmbedded().fold.fingerprint).toBe(computeFoldFingerprint());
    expect(currentFoldId()).toContain(`/${computeFoldFingerprint()}`);
  });

  it('unbundled code has none embedded, and computes', () => {
    expect(embeddedValues()).toBeNull();
    expect(referenceData(repoMigrations())).toEqual(computeReference(repoMigrations()));
  });

  it('a reference made from other migrations is not used', () => {
    const embedded = asEmbedded();
    const older = firstMigrations(2);
    const reference = referenceData(older, embedded);
    expect(reference).toEqual(computeReference(older));
    expect(reference.objects.some((object) => object.name === 'RosterState')).toBe(false);
    // Made from these very migrations: taken as it is.
    expect(referenceData(repoMigrations(), embedded)).toBe(embedded.reference.data);
  });
});

describe('the built roster', () => {
  it('records the fold id this Node computes', async () => {
    const dir = makeTempDir('reference-cli');
    const path = join(dir, 'made-by-cli.roster');
    const result = await runRoster(['workspace', 'create', path, '--name', 'Made'], { dataDir: join(dir, 'data') });
    expect(result.stderr).toContain('Created');
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT "foldVersion" FROM "RosterState"').pluck().get()).toBe(currentFoldId());
    } finally {
      db.close();
    }
  });
});
