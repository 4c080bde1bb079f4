// Messages between the main thread and a task worker. Everything crosses as structured
// clone, so errors travel as plain records and are rebuilt as RosterErrors.

import type { ErrorCode } from '../../common/errors.js';

export type ToWorker =
  | { readonly type: 'run'; readonly id: number; readonly name: string; readonly input: unknown }
  | { readonly type: 'abort'; readonly id: number };

export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Record<string, unknown>;
  /** The original error's stack, for the log only. */
  readonly stack?: string;
}

export type FromWorker =
  | { readonly type: 'progress'; readonly id: number; readonly progress: unknown }
  | { readonly type: 'done'; readonly id: number; readonly output: unknown }
  | { readonly type: 'failed'; readonly id: number; readonly error: WireError };
