// Child process for the sidecar tests: opens one workspace the way Roster does, with
// seals kept in a catalog in DATA_DIR, adds a person, says "written" and then waits,
// still open, to be SIGKILLed: what a crash leaves (the person's commit in the -wal only).
//
//   node --import tsx test/support/sealed-writer.ts FILE MIGRATIONS_DIR DATA_DIR NAME

import { join } from 'node:path';
import { Catalog } from '../../main/features/catalog/node/catalog.js';
import { PersonService } from '../../main/features/people/node/person-service.js';
import { loadMigrationSet } from '../../main/features/workspace/node/migrations/migration-set.js';
import { CatalogSealStore } from '../../main/features/workspace/node/seals.js';
import { openWorkspaceFile } from '../../main/features/workspace/node/workspace-file.js';

const [path, migrationsDir, dataDir, name] = process.argv.slice(2);
if (!path || !migrationsDir || !dataDir || !name) throw new Error('usage: sealed-writer FILE MIGRATIONS DATA_DIR NAME');
const catalog = new Catalog({ file: join(dataDir, 'catalog.roster'), trashDir: join(dataDir, 'trash') });
const workspace = await openWorkspaceFile(path, {
  migrations: loadMigrationSet(migrationsDir),
  backupDir: join(dataDir, 'backups'),
  seals: new CatalogSealStore(catalog),
});
workspace.db.pragma('wal_autocheckpoint = 0');
await new PersonService({ workspace }).create({ name });
process.stdout.write('written\n');
// Open until killed (at most a few minutes, so a parent that never kills still ends).
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 180_000);
