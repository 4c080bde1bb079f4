// Data for the benches: deterministic, realistic names (with accents, shared surnames
// and exact duplicates, as real rosters have) and workspace files built through
// Roster's own code paths.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { foldName } from '../main/features/workspace/common/name-fold.js';
import { prismaTimestamp } from '../main/features/workspace/node/migrations/migration-history.js';
import { loadMigrationSet, type MigrationSet } from '../main/features/workspace/node/migrations/migration-set.js';
import { applyMigrations } from '../main/features/workspace/node/migrations/migrator.js';
import { PersonService } from '../main/features/people/node/person-service.js';
import { applyWorkspacePragmas } from '../main/kernel/node/sqlite/pragmas.js';
import { WorkspaceConnections } from '../main/features/workspace/node/workspace-connections.js';

const FIRST = [
  'Ada',
  'Grace',
  'Émile',
  'Zoë',
  'José',
  'Åsa',
  'Chloé',
  'Björn',
  'Noah',
  'Liam',
  'Olivia',
  'Amélie',
  'Søren',
  'Maël',
  'Ines',
  'Hana',
  'Yuki',
  'Kofi',
  'Amara',
  'Diego',
  'Lucía',
  'Mateo',
  'Nadia',
  'Omar',
  'Priya',
  'Ravi',
  'Sofia',
  'Tomás',
  'Ursula',
  'Viktor',
  'Wen',
  'Xavier',
  'Yara',
  'Zainab',
  'Anouk',
  'Bruno',
  'Céline',
  'Dmitri',
  'Elif',
  'Farah',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Zola',
  'Núñez',
  'Øberg',
  'García',
  'Müller',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Usman',
  'Varga',
  'Wójcik',
  'Xu',
  'Yilmaz',
  'Zhang',
  'Andersson',
  'Bianchi',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'González',
  'Horváth',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Larsen',
  'Martín',
  'Novak',
  "O'Brien",
  'Pereira',
  'Rahman',
  'Silva',
  'Thompson',
  'Ünal',
  'Van Dijk',
  'Weber',
  'Young',
  'Zieliński',
  'Abe',
  'Brown',
  'Černá',
  'Dahl',
  'Evans',
  'Ferreira',
];

/** `count` names (the `start`th on); about one in six shares its exact name with another. */
export function personNames(count: number, start = 0): string[] {
  const names: string[] = new Array<string>(count);
  for (let n = 0; n < count; n++) {
    const i = start + n;
    const first = FIRST[(i * 7) % FIRST.length] as string;
    const last = LAST[(i * 13 + Math.floor(i / FIRST.length)) % LAST.length] as string;
    names[n] = i % 6 === 0 ? `${first} ${last}` : `${first} ${String.fromCharCode(65 + (i % 26))}. ${last} ${i}`;
  }
  return names;
}

export function repoMigrations(root: string): MigrationSet {
  return loadMigrationSet(join(root, 'prisma', 'migrations'));
}

/** A current workspace holding `names`, made by Roster (create + bulk insert), closed. */
export async function makeWorkspace(path: string, names: readonly string[], migrations: MigrationSet, backupDir: string): Promise<string> {
  const connections = new WorkspaceConnections({ migrations, backupDir });
  try {
    const lease = await connections.create(path);
    if (names.length > 0) await new PersonService(lease).insertValidated(names);
    return lease.path;
  } finally {
    await connections.closeAll();
  }
}

/** A workspace as the first release left it (first migration only), holding `names`. */
export function makeV1Workspace(path: string, names: readonly string[], migrations: MigrationSet): void {
  const db = new Database(path);
  try {
    applyWorkspacePragmas(db);
    applyMigrations(db, migrations.migrations.slice(0, 1));
    const insert = db.prepare('INSERT INTO "Person" ("name", "createdAt", "updatedAt") VALUES (?, ?, ?)');
    const now = prismaTimestamp();
    db.transaction(() => {
      for (const name of names) insert.run(name, now, now);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** A raw connection set up exactly as Roster sets up its own (WAL, synchronous=FULL...). */
export function rawConnection(path: string): Database.Database {
  const db = new Database(path, { fileMustExist: true });
  applyWorkspacePragmas(db);
  return db;
}

export { foldName };
