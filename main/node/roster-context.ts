// The composition root shared by the CLI and the Electron main process: one data
// folder, one migration set, one connection manager, one catalog. Everything below it
// takes these as arguments, so tests build their own context over temp folders.

import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { Catalog } from './catalog/catalog.js';
import { loadMigrationSet, type MigrationSet } from './migrations/migration-set.js';
import { prepareDataFolder } from './paths/data-folder.js';
import { dataDir as defaultDataDir, dataPaths, type DataPaths } from './paths/data-paths.js';
import { developmentLocation, resourcePaths } from './paths/resource-paths.js';
import { WorkspaceConnections } from './workspace/workspace-connections.js';

export interface RosterContextOptions {
  /** Defaults to ROSTER_DATA_DIR or the per-user folder (see paths/data-paths.ts). */
  readonly dataDir?: string;
  /** Defaults to the repository's prisma/migrations (development layout). */
  readonly migrationsDir?: string;
}

export interface RosterContext {
  readonly paths: DataPaths;
  readonly migrations: MigrationSet;
  readonly connections: WorkspaceConnections;
  readonly catalog: Catalog;
  /** Closes every open workspace and the catalog's connection (reopened if used again). */
  close(): Promise<void>;
}

function defaultMigrationsDir(): string {
  return resourcePaths(developmentLocation(dirname(fileURLToPath(import.meta.url)))).migrationsDir;
}

export function createRosterContext(options: RosterContextOptions = {}): RosterContext {
  const paths = dataPaths(options.dataDir ?? defaultDataDir());
  // Owner-only folders, and what an older Roster left readable by others tightened.
  prepareDataFolder(paths);
  const migrations = loadMigrationSet(options.migrationsDir ?? defaultMigrationsDir());
  const connections = new WorkspaceConnections({ migrations, backupDir: paths.backupsDir });
  const catalog = new Catalog({ file: paths.catalogFile, trashDir: paths.trashDir, legacyFile: paths.legacyCatalogFile });
  return {
    paths,
    migrations,
    connections,
    catalog,
    close: async () => {
      try {
        await connections.closeAll();
      } finally {
        catalog.close();
      }
    },
  };
}
