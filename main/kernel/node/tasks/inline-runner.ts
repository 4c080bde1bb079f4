// Runs tasks on the calling thread. The CLI uses it (a command has no event loop to
// keep free, and one process per command), and so do tests that are about what a task
// does rather than where it runs. Tasks still yield between chunks, so a cancel
// arriving from the same thread (Ctrl-C, a test) is seen.

import { asRosterError } from '../sqlite/sqlite-errors.js';
import type { RunOptions, TaskDefinition, TaskRunner } from './task.js';
import type { TaskRegistry } from './task-registry.js';

export class InlineTaskRunner implements TaskRunner {
  /** One thread: tasks started together take turns between chunks. */
  readonly parallelism = 1;
  readonly #running = new Set<AbortController>();
  readonly #registry: TaskRegistry | undefined;

  /**
   * With a registry, refuses tasks not on it, as a worker would: so a task missing
   * from the app's list fails in the CLI and its tests too, not only in the app.
   * Without one, runs any task (the definition carries its handler).
   */
  constructor(registry?: TaskRegistry) {
    this.#registry = registry;
  }

  async run<Input, Output, Progress>(
    task: TaskDefinition<Input, Output, Progress>,
    input: NoInfer<Input>,
    options: RunOptions<NoInfer<Progress>> = {},
  ): Promise<Output> {
    if (this.#registry && !this.#registry.has(task)) throw asRosterError(new Error(`task ${task.name} is not registered`));
    const controller = new AbortController();
    const forward = (): void => controller.abort();
    options.signal?.addEventListener('abort', forward, { once: true });
    if (options.signal?.aborted) controller.abort();
    this.#running.add(controller);
    try {
      return await task.handler(input, {
        signal: controller.signal,
        progress: (progress) => options.onProgress?.(progress),
      });
    } catch (error) {
      throw asRosterError(error);
    } finally {
      this.#running.delete(controller);
      options.signal?.removeEventListener('abort', forward);
    }
  }

  async close(): Promise<void> {
    for (const controller of this.#running) controller.abort();
  }
}
