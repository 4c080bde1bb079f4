// Work a migration needs that SQL cannot express, run right after that migration's
// script, inside the same transaction, before its history row is marked finished (so
// a failure here rolls the whole upgrade back like a failing script would).
//
// Keep these rare: every step here is something `prisma migrate deploy` alone would
// not do, so each must also leave a file that is valid without it (see each step).

import type Database from 'better-sqlite3';
import { refoldAllKeys } from '../keys/key-upkeep.js';

type DataStep = (db: Database.Database) => void;

const steps: Readonly<Record<string, DataStep>> = {
  // Adds Person.nameKey; its SQL can only fill it with SQLite's ASCII lower().
  '20261123000000_person_name_key': (db) => refoldAllKeys(db, { withState: false }),
  // Fold v2 (full case folding, per-script accents): recompute the keys that change
  // and record the fold. Without this step (a file upgraded by Prisma's own tools) the
  // empty RosterState.foldVersion makes Roster refold on the next open instead.
  '20261124000000_search_index_and_outside_writers': (db) => refoldAllKeys(db, { withState: true }),
};

export function dataStepFor(migrationName: string): DataStep | undefined {
  return Object.hasOwn(steps, migrationName) ? steps[migrationName] : undefined;
}
