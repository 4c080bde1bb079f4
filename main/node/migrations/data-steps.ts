// Work a migration needs that SQL cannot express, run right after that migration's
// script and before it is marked finished (so a failure here is a failed migration,
// and the file is restored from its backup like any other).
//
// Keep these rare: every step here is something `prisma migrate deploy` alone would
// not do. Each is idempotent, so running it again on a half-done file is harmless.

import type Database from 'better-sqlite3';
import { foldName } from '../../common/name-fold.js';

type DataStep = (db: Database.Database) => void;

const BATCH = 5000;

/**
 * 20261123000000_person_name_key adds Person.nameKey. Its SQL can only fill the
 * column with SQLite's ASCII-only lower(); this recomputes every key with the real
 * folding (accents removed, Unicode lower case) that the application writes.
 */
function refoldNameKeys(db: Database.Database): void {
  const select = db.prepare('SELECT id, name FROM "Person" WHERE id > ? ORDER BY id LIMIT ?').safeIntegers(false);
  const update = db.prepare('UPDATE "Person" SET "nameKey" = ? WHERE id = ?');
  const run = db.transaction(() => {
    let after = 0;
    for (;;) {
      const rows = select.all(after, BATCH) as { id: number; name: string }[];
      for (const row of rows) update.run(foldName(row.name), row.id);
      const last = rows.at(-1);
      if (!last || rows.length < BATCH) break;
      after = last.id;
    }
  });
  run();
}

const steps: Readonly<Record<string, DataStep>> = {
  '20261123000000_person_name_key': refoldNameKeys,
};

export function dataStepFor(migrationName: string): DataStep | undefined {
  return Object.hasOwn(steps, migrationName) ? steps[migrationName] : undefined;
}
