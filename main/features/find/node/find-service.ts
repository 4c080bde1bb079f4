// Find a person in every workspace: the part that decides what is read
// where, shared by the launcher (find-handlers.ts) and `roster people find`.
//
// The catalog's files go to the task runner in batches (the 'find' task: on worker
// threads in the app, inline in the CLI), at most `parallel` batches at a time so
// other work (a window opening a workspace) is never queued behind a whole find. Each
// file's answer becomes one group the moment its batch reports it. A workspace this
// process has open is read in a batch of its own while a lease keeps it open (see
// find-file.ts: then the last connection to close is its own read-write one).
//
// Nothing here waits on a file: the main thread only lists, dispatches and forwards.

import { RosterError } from '../../../kernel/common/errors.js';
import { FIND_PEOPLE_PER_GROUP, type FindGroup } from '../common/find-contract.js';
import { foldName } from '../../workspace/common/name-fold.js';
import type { TaskRunner } from '../../../kernel/node/tasks/task.js';
import type { WorkspaceConnections, WorkspaceLease } from '../../workspace/node/workspace-connections.js';
import { findTask, type FindTaskProgress } from './find-task.js';

/** A catalogued workspace to search. */
export interface FindSource {
  readonly id: string;
  readonly name: string;
  /** Canonical path of the file (main-process only; never part of a group). */
  readonly path: string;
}

export interface FindOptions {
  readonly tasks: TaskRunner;
  readonly migrationsDir: string;
  /** This process's open workspaces, read with a lease held; none in the CLI. */
  readonly connections?: WorkspaceConnections;
  readonly signal?: AbortSignal;
  /** Told each workspace's answer once, in the order they arrive. */
  onGroup(group: FindGroup, source: FindSource): void;
  /** People listed per workspace (default FIND_PEOPLE_PER_GROUP). */
  readonly limit?: number;
  /** Batches running at once (default: 2; the launcher passes its runner's parallelism). */
  readonly parallel?: number;
  /** Files per batch. */
  readonly batchSize?: number;
  readonly log?: (level: 'warn', message: string, details?: unknown) => void;
}

export interface FindSummary {
  readonly searched: number;
  readonly matches: number;
}

const DEFAULT_BATCH = 10;

interface Batch {
  readonly sources: readonly FindSource[];
  /** Read with a lease on this process's open workspace. */
  readonly open: boolean;
}

/** The folded search text, or INVALID_INPUT when nothing is left to search for. */
export function findTerm(text: string): string {
  const term = foldName(text.trim());
  if (term === '') throw new RosterError('INVALID_INPUT', 'Type part of a name to find people.');
  return term;
}

function batches(sources: readonly FindSource[], openPaths: ReadonlySet<string>, size: number): Batch[] {
  const open = sources.filter((source) => openPaths.has(source.path));
  const closed = sources.filter((source) => !openPaths.has(source.path));
  const out: Batch[] = open.map((source) => ({ sources: [source], open: true }));
  for (let i = 0; i < closed.length; i += size) out.push({ sources: closed.slice(i, i + size), open: false });
  return out;
}

/**
 * Searches every source for people whose folded name contains the folded `text`;
 * resolves once every source has answered (or rejects with CANCELLED). A source whose
 * file cannot be read answers with its state; it never stops the others.
 */
export async function findEverywhere(sources: readonly FindSource[], text: string, options: FindOptions): Promise<FindSummary> {
  const term = findTerm(text);
  const limit = options.limit ?? FIND_PEOPLE_PER_GROUP;
  const { signal } = options;
  const openPaths = new Set(options.connections?.openPaths() ?? []);
  const queue = batches(sources, openPaths, Math.max(1, options.batchSize ?? DEFAULT_BATCH));
  let searched = 0;
  let matches = 0;

  const deliver = (source: FindSource, group: FindGroup): void => {
    if (signal?.aborted) return;
    searched++;
    matches += group.count;
    options.onGroup(group, source);
  };

  const runBatch = async (batch: Batch): Promise<void> => {
    const answered = new Set<number>();
    let lease: WorkspaceLease | null = null;
    try {
      if (batch.open) lease = (await options.connections?.acquireIfOpen(batch.sources[0]?.path ?? '')) ?? null;
      await options.tasks.run(
        findTask,
        { files: batch.sources.map((source, index) => ({ index, path: source.path })), term, limit, migrationsDir: options.migrationsDir },
        {
          ...(signal ? { signal } : {}),
          onProgress: (progress: FindTaskProgress) => {
            const source = batch.sources[progress.index];
            if (!source || answered.has(progress.index)) return;
            answered.add(progress.index);
            deliver(source, {
              workspaceId: source.id,
              name: source.name,
              state: progress.state,
              count: progress.count,
              people: [...progress.people],
            });
          },
        },
      );
    } catch (error) {
      if (signal?.aborted) return;
      // A batch that failed (its worker stopped, say) still answers for every file it had.
      options.log?.('warn', 'a find batch failed', error);
    } finally {
      await lease?.release();
    }
    batch.sources.forEach((source, index) => {
      if (!answered.has(index)) deliver(source, { workspaceId: source.id, name: source.name, state: 'unreadable', count: 0, people: [] });
    });
  };

  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < queue.length && !signal?.aborted) await runBatch(queue[next++] as Batch);
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel ?? 2) }, lane));
  if (signal?.aborted) throw new RosterError('CANCELLED', 'The search was cancelled.');
  return { searched, matches };
}
