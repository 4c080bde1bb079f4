// The launcher's "Find a person in all workspaces" (issue 13) and the workspace
// window's half of "open this result": the IPC handlers, kept out of roster-core.ts.
//
//   catalog:find          starts a find over the catalog and answers at once with how
//                         many workspaces will answer; each answer follows as a
//                         catalog:find-group event, then catalog:find-done, all
//                         carrying the query id. A newer find (the next keystroke)
//                         cancels the older one here, in main, and nothing of the
//                         older one is sent after that.
//   catalog:find-prepare  starts the worker threads (the find box got focus), so the
//                         first keystroke does not wait for threads to start.
//   catalog:find-cancel   stops the find with that id (the box was cleared).
//   catalog:open-person   shows the workspace (focuses or opens its window), then
//                         asks each of its windows to show the person:
//                         people:reveal-requested, answered by people:take-reveal
//                         (taken once), so a window that is still loading learns it
//                         when it first asks, and an open one at once.
//
// Groups carry the catalog id and the display name; never a path.

import type { Catalog } from '../../catalog/node/catalog.js';
import { RosterError, isRosterError } from '../../../kernel/common/errors.js';
import type { FindGroup } from '../common/find-contract.js';
import type { EventChannel, EventPayload } from '../../../app/common/ipc-contract.js';
import { findEverywhere, findTerm, type FindSource } from './find-service.js';
import type { TaskRunner } from '../../../app/node/task-registry.js';
import type { WorkspaceConnections } from '../../workspace/node/workspace-connections.js';
import type { Logger } from '../../../kernel/node/ipc/ports.js';
import type { Handlers } from '../../../kernel/node/ipc/window-session.js';

type Emit = <E extends EventChannel>(channel: E, payload: EventPayload<E>) => void;

/** A workspace window, as far as revealing a person in it goes. */
export interface RevealTarget {
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
  /** Batches running at once (see find-service.ts). */
  readonly parallel?: number;
}

export interface LauncherFind {
  readonly handlers: Handlers;
  /** Stops the running find (the launcher closed). */
  close(): void;
}

export interface FindFeature {
  launcher(emit: Emit): LauncherFind;
  /** The handler a workspace window uses to learn whom to show. */
  takeReveal(window: RevealTarget): { id: number } | null;
}

export function createFindFeature(options: FindFeatureOptions): FindFeature {
  const { catalog, log } = options;
  // Pending "show this person" per window, until the window takes it.
  const reveals = new WeakMap<RevealTarget, number>();
  let warming: Promise<unknown> | null = null;

  /** Starts the threads finds run on (one empty batch per lane) and lets them load the migrations. */
  const warm = (): void => {
    const { tasks, migrationsDir } = options;
    if (warming || !tasks || !migrationsDir) return;
    const empty = { files: [], term: 'warm', limit: 1, migrationsDir };
    warming = Promise.all(Array.from({ length: options.parallel ?? 2 }, () => tasks.run('find', empty)))
      .catch((error: unknown) => log('warn', 'could not start the find threads', error))
      .finally(() => {
        warming = null;
      });
  };

  return {
    launcher(emit) {
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
          emit('catalog:find-group', { queryId, group });
        };
        findEverywhere(sources, text, { tasks, migrationsDir, connections: options.connections, signal: controller.signal, onGroup, log, ...(options.parallel ? { parallel: options.parallel } : {}) })
          .catch((error: unknown) => {
            if (!(isRosterError(error) && error.code === 'CANCELLED')) log('error', 'find across workspaces failed', error);
          })
          .finally(() => {
            if (!current()) return;
            running = null;
            emit('catalog:find-done', { queryId, searched, matches });
          });
      };

      const handlers: Handlers = {
        'catalog:find': ({ queryId, text }) => {
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
        'catalog:find-prepare': () => {
          warm();
          return null;
        },
        'catalog:find-cancel': ({ queryId }) => {
          if (running?.queryId !== queryId) return false;
          stop();
          return true;
        },
        'catalog:open-person': async ({ id, personId }) => {
          const entry = catalog.get(id);
          await options.show(entry.path);
          for (const window of options.windowsOn(entry.path)) {
            reveals.set(window, personId);
            window.emit('people:reveal-requested', {});
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
