// What a task (heavy work that may run on a worker thread) gets from whoever runs it.

import { RosterError } from '../../common/errors.js';

export interface TaskContext<Progress = never> {
  /** Aborted when the caller cancels, or when the workspace or the app closes. */
  readonly signal: AbortSignal;
  /** Reports progress to the caller (crosses threads as structured clone). */
  progress(progress: Progress): void;
}

export type TaskHandler<Input, Output, Progress = never> = (input: Input, context: TaskContext<Progress>) => Promise<Output>;

/** Throws CANCELLED if the task's signal was aborted; `what` names the work in the message. */
export function throwIfCancelled(signal: AbortSignal, what = 'The operation'): void {
  if (signal.aborted) throw new RosterError('CANCELLED', `${what} was cancelled; nothing was changed.`);
}
