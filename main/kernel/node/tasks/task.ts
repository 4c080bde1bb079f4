// A task is heavy work that may run off the main thread. Each feature defines its own
// next to the code that does the work; the app lists them all (the runners only know
// the list they are given), so the kernel never needs to know what tasks exist.

import type { TaskHandler } from './task-context.js';

/**
 * Where a task waits for a thread: a long background job (a whole-file check, a search
 * index catching up) never delays what a person is waiting for (an open, an import).
 */
type TaskLane = 'foreground' | 'background';

export interface TaskDefinition<Input, Output, Progress = never> {
  /** Unique among the app's tasks: a worker finds the task by this name. */
  readonly name: string;
  readonly handler: TaskHandler<Input, Output, Progress>;
  readonly lane: TaskLane;
}

/** Any task, as a list or a registry holds it (what it takes is known only to its callers). */
export type AnyTaskDefinition = TaskDefinition<never, unknown, unknown>;

export interface TaskOptions {
  /** Default: foreground. */
  readonly lane?: TaskLane;
}

export function defineTask<Input, Output, Progress = never>(
  name: string,
  handler: TaskHandler<Input, Output, Progress>,
  options: TaskOptions = {},
): TaskDefinition<Input, Output, Progress> {
  return Object.freeze({ name, handler, lane: options.lane ?? 'foreground' });
}

export interface RunOptions<Progress> {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: Progress) => void;
}

/** Runs tasks: inline (CLI, tests) or on worker threads (the app). */
export interface TaskRunner {
  run<Input, Output, Progress>(
    task: TaskDefinition<Input, Output, Progress>,
    input: NoInfer<Input>,
    options?: RunOptions<NoInfer<Progress>>,
  ): Promise<Output>;
  /** How many foreground tasks run at once (the foreground lane's threads; 1 inline). */
  readonly parallelism: number;
  /** Cancels what is running and stops the workers. */
  close(): Promise<void>;
}
