// What the CLI's commands work with: one data folder, one migration set, one connection
// manager, one catalog, one task runner. Only the shape lives here, beside the catalog
// every command lists workspaces through, so that commands of this feature and the
// ones above it can take it; the composition root builds it (createRosterContext).

import type { Command, CommandContext } from '../../../kernel/node/cli/command.js';
import type { DataPaths } from '../../../kernel/node/paths/data-paths.js';
import type { TaskRunner } from '../../../kernel/node/tasks/task.js';
import type { MigrationSet } from '../../workspace/node/migrations/migration-set.js';
import type { WorkspaceConnections } from '../../workspace/node/workspace-connections.js';
import type { TrustStore } from '../../workspace/node/seals.js';
import type { Catalog } from './catalog.js';

export interface RosterContext {
  readonly paths: DataPaths;
  readonly migrations: MigrationSet;
  readonly connections: WorkspaceConnections;
  readonly catalog: Catalog;
  readonly tasks: TaskRunner;
  /** The files whose foreign triggers the person trusts (`roster workspace trust`). */
  readonly trust: TrustStore;
  /** Closes every open workspace, stops the task workers, and closes the catalog's connection. */
  close(): Promise<void>;
}

/** A Roster CLI command: the kernel's command over this context. */
export type RosterCommand = Command<RosterContext>;
/** What a Roster CLI command runs with. */
export type RosterCommandContext = CommandContext<RosterContext>;
