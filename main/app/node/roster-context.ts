// The composition root shared by the CLI and the Electron main process: one data
// folder, one migration set, one connection manager, one catalog. Everything below it
// takes these as arguments, so tests build their own context over temp folders.

import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { Catalog } from '../../features/catalog/node/catalog.js';
import type { RosterContext } from '../../features/catalog/node/roster-context.js';
import { loadMigrationSet } from '../../features/workspace/node/migrations/migration-set.js';
import { prepareDataFolder } from '../../kernel/node/paths/data-folder.js';
import { dataDir as defaultDataDir, dataPaths } from '../../kernel/node/paths/data-paths.js';
import { developmentLocation, resourcePaths } from '../../kernel/node/paths/resource-paths.js';
import { InlineTaskRunner } from '../../kernel/node/tasks/inline-runner.js';
import type { TaskRunner } from '../../kernel/node/tasks/task.js';
import { appTaskRegistry } from './task-registry.js';
import { CatalogSealStore, FileTrustStore, type SealStore, type TrustStore } from '../../features/workspace/node/seals.js';
import { WorkspaceConnections } from '../../features/workspace/node/workspace-connections.js';
import type { WorkspaceOpenOptions } from '../../features/workspace/node/open-options.js';
import { settleOnOpen } from '../../features/transfer/node/settle-on-open.js';
import { exportLedgerDir, removeKilledExports } from '../../features/import-export/node/export-ledger.js';

export type { RosterContext } from '../../features/catalog/node/roster-context.js';

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

function defaultMigrationsDir(): string {
  return resourcePaths(developmentLocation(dirname(fileURLToPath(import.meta.url)))).migrationsDir;
}

export function createRosterContext(options: RosterContextOptions = {}): RosterContext {
  const paths = dataPaths(options.dataDir ?? defaultDataDir());
  // Owner-only folders, and what an older Roster left readable by others tightened.
  prepareDataFolder(paths);
  // What exports killed in an earlier run left beside their targets (export-ledger.ts).
  removeKilledExports(exportLedgerDir(paths.root));
  const migrations = loadMigrationSet(options.migrationsDir ?? defaultMigrationsDir());
  const tasks = options.tasks ?? new InlineTaskRunner(appTaskRegistry());
  const catalog = new Catalog({ file: paths.catalogFile, trashDir: paths.trashDir, legacyFile: paths.legacyCatalogFile });
  const seals: SealStore = new CatalogSealStore(catalog);
  // Which files' foreign triggers the person trusts (foreign-objects.ts), beside the catalog.
  const trust: TrustStore = new FileTrustStore(join(paths.root, 'trusted-files.json'));
  const connections = new WorkspaceConnections({
    migrations,
    backupDir: paths.backupsDir,
    recoveryDir: join(paths.root, 'recovered'),
    tasks,
    seals,
    trust,
    background: options.background ?? false,
    // Moves an earlier run cut off are settled as their source opens (a transfer concern
    // the workspace feature only gives a place in its open sequence).
    settle: settleOnOpen,
    ...(options.log ? { log: options.log } : {}),
    ...(options.onRecovered ? { onRecovered: options.onRecovered } : {}),
  });
  return {
    paths,
    migrations,
    connections,
    catalog,
    tasks,
    trust,
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
