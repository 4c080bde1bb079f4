// Runs tasks on the calling thread. The CLI uses it (a command has no event loop to
// keep free, and one process per command), and so do tests that are about what a task
// does rather than where it runs. Tasks still yield between chunks, so a cancel
// arriving from the same thread (Ctrl-C, a test) is seen.

import { asRosterError } from '../sqlite/sqlite-errors.js';
import { taskHandlers, type RunOptions, type TaskInput, type TaskName, type TaskOutput, type TaskRunner } from '../../../app/node/task-registry.js';

export class InlineTaskRunner implements TaskRunner {
  readonly #running = new Set<AbortController>();

  async run<N extends TaskName>(name: N, input: TaskInput<N>, options: RunOptions<N> = {}): Promise<TaskOutput<N>> {
    const controller = new AbortController();
    const forward = (): void => controller.abort();
    options.signal?.addEventListener('abort', forward, { once: true });
    if (options.signal?.aborted) controller.abort();
    this.#running.add(controller);
    try {
      const handler = taskHandlers[name] as unknown as (input: TaskInput<N>, context: unknown) => Promise<TaskOutput<N>>;
      return await handler(input, {
        signal: controller.signal,
        progress: (progress: unknown) => options.onProgress?.(progress as never),
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
