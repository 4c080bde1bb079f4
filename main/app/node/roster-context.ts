// The composition root shared by the CLI and the Electron main process: one data
// folder, one migration set, one connection manager, one catalog. Everything below it
// takes these as arguments, so tests build their own context over temp folders.

import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { Catalog } from '../../features/catalog/node/catalog.js';
import { loadMigrationSet, type MigrationSet } from '../../features/workspace/node/migrations/migration-set.js';
import { prepareDataFolder } from '../../kernel/node/paths/data-folder.js';
import { dataDir as defaultDataDir, dataPaths, type DataPaths } from '../../kernel/node/paths/data-paths.js';
import { developmentLocation, resourcePaths } from '../../kernel/node/paths/resource-paths.js';
import { InlineTaskRunner } from '../../kernel/node/tasks/inline-runner.js';
import type { TaskRunner } from './task-registry.js';
import { CatalogSealStore, type SealStore } from '../../features/workspace/node/seals.js';
import { WorkspaceConnections } from '../../features/workspace/node/workspace-connections.js';
import type { WorkspaceOpenOptions } from '../../features/workspace/node/workspace-file.js';

export interface RosterContextOptions {
  /** Defaults to ROSTER_DATA_DIR or the per-user folder (see paths/data-paths.ts). */
  readonly dataDir?: string;
  /** Defaults to the repository's prisma/migrations (development layout). */
  readonly migrationsDir?: string;
  /** Where heavy work runs: worker threads in the app; inline (the default) in the CLI. */
  readonly tasks?: TaskRunner;
  /** Keep the whole-file check, the search index and keys going in the background (the app). */
  readonly background?: boolean;
  /** Told when opening restored a half-upgraded workspace from a backup (see WorkspaceOpenOptions). */
  readonly onRecovered?: WorkspaceOpenOptions['onRecovered'];
  /** For what people are not shown (repairs, tolerated schema differences). */
  readonly log?: (level: 'info' | 'warn' | 'error', message: string, details?: unknown) => void;
}

export interface RosterContext {
  readonly paths: DataPaths;
  readonly migrations: MigrationSet;
  readonly connections: WorkspaceConnections;
  readonly catalog: Catalog;
  readonly tasks: TaskRunner;
  /** Closes every open workspace, stops the task workers, and closes the catalog's connection. */
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
  const tasks = options.tasks ?? new InlineTaskRunner();
  const catalog = new Catalog({ file: paths.catalogFile, trashDir: paths.trashDir, legacyFile: paths.legacyCatalogFile });
  const seals: SealStore = new CatalogSealStore(catalog);
  const connections = new WorkspaceConnections({
    migrations,
    backupDir: paths.backupsDir,
    recoveryDir: join(paths.root, 'recovered'),
    tasks,
    seals,
    background: options.background ?? false,
    ...(options.log ? { log: options.log } : {}),
    ...(options.onRecovered ? { onRecovered: options.onRecovered } : {}),
  });
  return {
    paths,
    migrations,
    connections,
    catalog,
    tasks,
    close: async () => {
      try {
        await connections.closeAll();
        await tasks.close();
      } finally {
        catalog.close();
      }
    },
  };
}
