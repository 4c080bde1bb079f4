// Background upkeep of one open workspace, on worker threads (in the app; the CLI does
// what it needs inline instead):
//   - the whole-file check, after the first rows are shown, when the open did not run
//     one, so a large file shows its rows before it has been read whole;
//   - catching the search index up with rows a bulk import or an upgrade left pending,
//     or rebuilding it when the check finds it out of step;
//   - folding the keys of rows other programs wrote (PersonKeyQueue), soon after they
//     appear (the change feed calls `scheduleKeyDrain`).
// One job of each kind at a time; stop() cancels them and waits for them to let go of
// the file.

import { isRosterError } from '../../../kernel/common/errors.js';
import { NO_PENDING, searchPendingFrom } from './search/search-state.js';
import type { ConnectionStore } from '../../../kernel/node/sqlite/connection-store.js';
import type { TaskRunner } from '../../../kernel/node/tasks/task.js';
import { integrityTask } from './integrity-check.js';
import { keyDrainTask } from './keys/key-drain-task.js';
import { catchUpSearchTask } from './search/search-catch-up.js';

/** Lets the first page render before the check starts competing for the disk. */
const CHECK_DELAY_MS = 300;
const DRAIN_DEBOUNCE_MS = 50;

export interface UpkeepOptions {
  readonly path: string;
  /** The workspace's own connection, with its store. */
  readonly store: ConnectionStore;
  readonly tasks: TaskRunner;
  /** Off in the CLI and for read-only workspaces. */
  readonly enabled: boolean;
  /** The open did not check the whole file. */
  readonly checkNeeded: boolean;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string, details?: unknown) => void;
  readonly onDamage: (reason: string) => void;
  /** Keys changed under the windows' feet (rows other programs wrote got their real key). */
  readonly onDerivedChange: () => void;
}

type Job = 'check' | 'search' | 'keys';

export class WorkspaceUpkeep {
  readonly #options: UpkeepOptions;
  readonly #controller = new AbortController();
  readonly #running = new Map<Job, Promise<void>>();
  readonly #again = new Set<Job>();
  #drainTimer: NodeJS.Timeout | undefined;
  #checkTimer: NodeJS.Timeout | undefined;
  #checked = false;

  constructor(options: UpkeepOptions) {
    this.#options = options;
  }

  get enabled(): boolean {
    return this.#options.enabled;
  }

  /** True once the whole-file check has passed in the background. */
  get checked(): boolean {
    return this.#checked;
  }

  start(): void {
    if (!this.#options.enabled) return;
    if (this.#options.checkNeeded) {
      this.#checkTimer = setTimeout(() => this.#run('check'), CHECK_DELAY_MS);
      this.#checkTimer.unref();
    }
    if (this.#searchPending()) this.#run('search');
    this.scheduleKeyDrain();
  }

  /** Asks for the key queue to be drained soon (after writes by anyone). */
  scheduleKeyDrain(): void {
    if (!this.#options.enabled || this.#controller.signal.aborted || this.#drainTimer) return;
    this.#drainTimer = setTimeout(() => {
      this.#drainTimer = undefined;
      if (this.#keysQueued()) this.#run('keys');
    }, DRAIN_DEBOUNCE_MS);
    this.#drainTimer.unref();
  }

  /** Asks for pending search rows (a bulk import just committed) to be indexed. */
  scheduleSearchCatchUp(): void {
    if (this.#options.enabled && this.#searchPending()) this.#run('search');
  }

  /** Waits for the jobs running now (tests and benchmarks use it to reach a steady state). */
  async idle(): Promise<void> {
    while (this.#running.size > 0 || this.#drainTimer) {
      if (this.#running.size > 0) await Promise.allSettled([...this.#running.values()]);
      else await new Promise((resolve) => setTimeout(resolve, DRAIN_DEBOUNCE_MS));
    }
  }

  async stop(): Promise<void> {
    this.#controller.abort();
    clearTimeout(this.#drainTimer);
    clearTimeout(this.#checkTimer);
    this.#drainTimer = undefined;
    await Promise.allSettled([...this.#running.values()]);
  }

  #searchPending(): boolean {
    try {
      const { store } = this.#options;
      return store.db.open && searchPendingFrom(store) !== NO_PENDING;
    } catch {
      return false;
    }
  }

  #keysQueued(): boolean {
    try {
      const { db } = this.#options.store;
      return db.open && db.prepare('SELECT 1 FROM "PersonKeyQueue" LIMIT 1').get() !== undefined;
    } catch {
      return false;
    }
  }

  #run(job: Job, rebuild = false): void {
    if (this.#controller.signal.aborted) return;
    if (this.#running.has(job)) {
      this.#again.add(job);
      return;
    }
    const work = this.#work(job, rebuild)
      .catch((error: unknown) => {
        if (isRosterError(error) && (error.code === 'CANCELLED' || error.code === 'WORKSPACE_CLOSED')) return;
        this.#options.log?.('warn', `background ${job} of ${this.#options.path} failed`, error);
      })
      .finally(() => {
        this.#running.delete(job);
        if (this.#again.delete(job) && !this.#controller.signal.aborted) this.#run(job);
      });
    this.#running.set(job, work);
  }

  async #work(job: Job, rebuild: boolean): Promise<void> {
    const { tasks, path } = this.#options;
    const signal = this.#controller.signal;
    if (job === 'check') {
      const result = await tasks.run(integrityTask, { path }, { signal });
      if (!result.ok) {
        this.#options.log?.('error', `the background check found damage in ${path}: ${result.reason}`);
        this.#options.onDamage(result.reason);
        return;
      }
      this.#checked = true;
      if (!result.searchInStep || !result.countInStep) {
        this.#options.log?.(
          'warn',
          `the derived data of ${path} was out of step (search index: ` +
            `${result.searchInStep ? 'ok' : 'rebuilding'}, count: ${result.countInStep ? 'ok' : 'recounting'})`,
        );
        await tasks.run(catchUpSearchTask, { path, rebuild: !result.searchInStep, recount: !result.countInStep }, { signal });
      }
    } else if (job === 'search') {
      await tasks.run(catchUpSearchTask, { path, rebuild }, { signal });
    } else {
      const result = await tasks.run(keyDrainTask, { path }, { signal });
      if (result.changed > 0) this.#options.onDerivedChange();
    }
  }
}
