// The launcher's "Find a person in all workspaces" and the workspace
// window's half of "open this result": the IPC handlers, kept out of roster-core.ts.
//
//   find:find            starts a find over the catalog and answers at once with how
//                        many workspaces will answer; each answer follows as a
//                        find:onFindGroup event, then find:onFindDone, all
//                        carrying the query id. A newer find (the next keystroke)
//                        cancels the older one here, in main, and nothing of the
//                        older one is sent after that.
//   find:prepareFind     starts the worker threads again if they stopped while idle
//                        (the find box got focus), so the first keystroke does not
//                        wait for threads to start; the launcher opening starts them.
//   find:cancelFind      stops the find with that id (the box was cleared).
//   find:openPerson      shows the workspace (focuses or opens its window), then
//                        asks each of its windows to show the person:
//                        find:onRevealRequested, answered by find:takeReveal
//                        (taken once), so a window that is still loading learns it
//                        when it first asks, and an open one at once.
//
// Groups carry the catalog id and the display name; never a path.

import type { Catalog } from '../../catalog/node/catalog.js';
import { RosterError, isRosterError } from '../../../kernel/common/errors.js';
import type { FindGroup } from '../common/find-contract.js';
import type { FeatureEmit, FeatureHandlers } from '../../../kernel/common/contract.js';
import type { findApi } from '../common/find-api.js';
import { findEverywhere, findTerm, type FindSource } from './find-service.js';
import { findTask } from './find-task.js';
import type { TaskRunner } from '../../../kernel/node/tasks/task.js';
import type { WorkspaceConnections } from '../../workspace/node/workspace-connections.js';
import type { Logger } from '../../../kernel/node/ipc/ports.js';

type Emit = FeatureEmit<typeof findApi>;
type Handlers = FeatureHandlers<typeof findApi>;

/** A workspace window, as far as revealing a person in it goes. */
interface RevealTarget {
  emit: Emit;
}

export interface FindFeatureOptions {
  readonly catalog: Catalog;
  readonly connections: WorkspaceConnections;
  /** Where the files are read: worker threads in the app. */
  readonly tasks: TaskRunner | undefined;
  readonly migrationsDir: string | undefined;
  readonly log: Logger;
  /** Shows the workspace at `path` as catalog:open does (focus its window, or open one). */
  show(path: string): Promise<unknown>;
  /** The windows showing the workspace at this canonical path. */
  windowsOn(path: string): readonly RevealTarget[];
  /** Batches running at once (see find-service.ts); default: as many as the runner runs at once. */
  readonly parallel?: number;
}

interface LauncherFind {
  readonly handlers: Handlers;
  /** Stops the running find (the launcher closed). */
  close(): void;
}

export interface FindFeature {
  launcher(emit: Emit): LauncherFind;
  /** The handler a workspace window uses to learn whom to show. */
  takeReveal(window: RevealTarget): { id: number } | null;
}

/**
 * Starts the threads finds run on (empty batches) and lets each load the migrations and
 * work out what it compares files with. The first thread alone first: the first group
 * needs only one, and on a busy machine threads starting together each take longer.
 */
async function startFindThreads(tasks: TaskRunner, migrationsDir: string, threads: number): Promise<void> {
  const empty = { files: [], term: 'warm', limit: 1, migrationsDir };
  await tasks.run(findTask, empty);
  // As many batches at once as threads, or the idle first thread would take them all.
  if (threads > 1) await Promise.all(Array.from({ length: threads }, () => tasks.run(findTask, empty)));
}

export function createFindFeature(options: FindFeatureOptions): FindFeature {
  const { catalog, log } = options;
  // Pending "show this person" per window, until the window takes it.
  const reveals = new WeakMap<RevealTarget, number>();
  let warming: Promise<unknown> | null = null;

  const warm = (): void => {
    const { tasks, migrationsDir } = options;
    if (warming || !tasks || !migrationsDir) return;
    warming = startFindThreads(tasks, migrationsDir, options.parallel ?? tasks.parallelism)
      .catch((error: unknown) => log('warn', 'could not start the find threads', error))
      .finally(() => {
        warming = null;
      });
  };

  return {
    launcher(emit) {
      warm(); // the threads get ready while the launcher shows: the first find is as quick as later ones
      let running: { readonly queryId: number; readonly controller: AbortController } | null = null;
      const stop = (): void => {
        running?.controller.abort();
        running = null;
      };

      const start = (queryId: number, text: string, sources: readonly FindSource[], controller: AbortController): void => {
        const { tasks, migrationsDir } = options;
        if (!tasks || !migrationsDir) return;
        const current = (): boolean => running?.controller === controller && !controller.signal.aborted;
        let searched = 0;
        let matches = 0;
        const onGroup = (group: FindGroup): void => {
          if (!current()) return;
          searched++;
          matches += group.count;
          emit('find:onFindGroup', { queryId, group });
        };
        findEverywhere(sources, text, {
          tasks,
          migrationsDir,
          connections: options.connections,
          signal: controller.signal,
          onGroup,
          log,
          parallel: options.parallel ?? tasks.parallelism,
        })
          .catch((error: unknown) => {
            if (!(isRosterError(error) && error.code === 'CANCELLED')) log('error', 'find across workspaces failed', error);
          })
          .finally(() => {
            if (!current()) return;
            running = null;
            emit('find:onFindDone', { queryId, searched, matches });
          });
      };

      const handlers: Handlers = {
        'find:find': ({ queryId, text }) => {
          stop();
          findTerm(text); // INVALID_INPUT for text with nothing to find
          if (!options.tasks || !options.migrationsDir) throw new RosterError('INTERNAL', 'Roster cannot search workspaces here.');
          const sources = catalog.list().map((entry) => ({ id: entry.id, name: entry.name, path: entry.path }));
          const controller = new AbortController();
          running = { queryId, controller };
          // Started after this answer has gone out, so it always comes before the groups.
          setImmediate(() => start(queryId, text, sources, controller));
          return { queryId, workspaces: sources.length };
        },
        'find:prepareFind': () => {
          warm();
          return null;
        },
        'find:cancelFind': ({ queryId }) => {
          if (running?.queryId !== queryId) return false;
          stop();
          return true;
        },
        'find:openPerson': async ({ id, personId }) => {
          const entry = catalog.get(id);
          await options.show(entry.path);
          for (const window of options.windowsOn(entry.path)) {
            reveals.set(window, personId);
            window.emit('find:onRevealRequested', {});
          }
          return { status: 'opened' as const, id: entry.id };
        },
      };
      return { handlers, close: stop };
    },

    takeReveal(window) {
      const id = reveals.get(window);
      if (id === undefined) return null;
      reveals.delete(window);
      return { id };
    },
  };
}
