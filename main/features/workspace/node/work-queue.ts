// The order of work on a workspace's one connection: tasks run one at a time, each after
// every earlier one finished, so nothing runs inside another task's open transaction
// (Prisma's interactive transactions span awaits). Bulk writes on connections of their
// own (an import in a worker) queue apart, so reads go on beside them.

import { RosterError } from '../../../kernel/common/errors.js';

export class WorkQueue {
  #queue: Promise<unknown> = Promise.resolve();
  #bulk: Promise<unknown> = Promise.resolve();
  #closed = false;

  get closed(): boolean {
    return this.#closed;
  }

  /** Runs `task` in its turn; refused once the queue is closed. `before` runs first, in the turn, and may throw. */
  run<T>(task: () => Promise<T> | T, before: () => void): Promise<T> {
    if (this.#closed) return Promise.reject(new RosterError('WORKSPACE_CLOSED', 'This workspace has been closed.'));
    const run = this.#queue.then(() => {
      before();
      return task();
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  bulk<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#bulk.then(task);
    this.#bulk = run.catch(() => undefined);
    return run;
  }

  /** Settles when no bulk write is running. */
  whenBulkDone(): Promise<void> {
    return this.#bulk.then(() => undefined);
  }

  /** Refuses new work from now on; settles when the work already queued, bulk writes too, has finished. */
  async close(): Promise<void> {
    const drained = this.#queue;
    this.#closed = true;
    await drained;
    await this.#bulk;
  }
}
