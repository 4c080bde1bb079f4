// The undo history of one open workspace.
//
// One history per open file, shared by every window showing it: undo in one window
// undoes what the person did in another window on the same workspace, in order. It
// lasts while the workspace is open in this process (a window's lifetime, or longer when
// several windows share it) and is never written to disk.
//
// A step knows how to reverse itself. Each `undo()`/`redo()` is one SQLite transaction
// per file it touches, and it first checks that the rows are still as the step left
// them: a change made outside Roster (the CLI, DB Browser, a script) is never undone by
// mistake. When that check fails the step throws UNDO_CONFLICT and is dropped, together
// with everything older than it, because those steps would rely on it.

import { RosterError } from '../common/errors.js';

export interface UndoStep {
  /** For menus and toasts: "Delete 5 people", "Rename Ada Lovelace". */
  readonly label: string;
  /** Reverses the change. Throws UNDO_CONFLICT if the rows changed since. */
  undo(): Promise<void>;
  /** Makes the change again after an undo. Throws UNDO_CONFLICT if the rows changed since. */
  redo(): Promise<void>;
  /** Frees what the step holds (saved rows in a side file). Called when it leaves the history. */
  discard?(): void;
}

export interface HistoryState {
  readonly undoLabel: string | null;
  readonly redoLabel: string | null;
}

/** What undo/redo did, for the toast. */
export interface HistoryOutcome {
  readonly action: 'undo' | 'redo';
  readonly label: string;
}

/** Enough for any person's session; older steps are forgotten first. */
const HISTORY_LIMIT = 100;

export class WorkspaceHistory {
  readonly #done: UndoStep[] = [];
  readonly #undone: UndoStep[] = [];
  readonly #listeners = new Set<(state: HistoryState) => void>();
  readonly #limit: number;
  /** Undo, redo and record run one at a time, in call order. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: { limit?: number } = {}) {
    this.#limit = options.limit ?? HISTORY_LIMIT;
  }

  state(): HistoryState {
    return { undoLabel: this.#done.at(-1)?.label ?? null, redoLabel: this.#undone.at(-1)?.label ?? null };
  }

  /** Told after every change of state. Returns the unsubscribe function. */
  onChange(listener: (state: HistoryState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A change was committed: it becomes the newest step, and redo is no longer possible. */
  record(step: UndoStep): void {
    this.#done.push(step);
    for (const dropped of this.#undone.splice(0)) dropped.discard?.();
    for (const dropped of this.#done.splice(0, Math.max(0, this.#done.length - this.#limit))) dropped.discard?.();
    this.#emit();
  }

  undo(): Promise<HistoryOutcome> {
    return this.#serial(async () => {
      const step = this.#done.at(-1);
      if (!step) throw new RosterError('NOTHING_TO_UNDO', 'There is nothing to undo.');
      try {
        await step.undo();
      } catch (error) {
        if (error instanceof RosterError && error.code === 'UNDO_CONFLICT') this.#dropThrough(this.#done, step);
        throw error;
      }
      this.#done.pop();
      this.#undone.push(step);
      this.#emit();
      return { action: 'undo', label: step.label };
    });
  }

  redo(): Promise<HistoryOutcome> {
    return this.#serial(async () => {
      const step = this.#undone.at(-1);
      if (!step) throw new RosterError('NOTHING_TO_UNDO', 'There is nothing to redo.');
      try {
        await step.redo();
      } catch (error) {
        if (error instanceof RosterError && error.code === 'UNDO_CONFLICT') this.#dropThrough(this.#undone, step);
        throw error;
      }
      this.#undone.pop();
      this.#done.push(step);
      this.#emit();
      return { action: 'redo', label: step.label };
    });
  }

  /** The workspace closed: every step lets go of what it holds. */
  clear(): void {
    for (const step of [...this.#done.splice(0), ...this.#undone.splice(0)]) step.discard?.();
    this.#emit();
  }

  /** Drops `step` and every step below it on `stack` (they depended on it). */
  #dropThrough(stack: UndoStep[], step: UndoStep): void {
    const index = stack.lastIndexOf(step);
    for (const dropped of stack.splice(0, index + 1)) dropped.discard?.();
    this.#emit();
  }

  #serial<T>(run: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #emit(): void {
    const state = this.state();
    for (const listener of [...this.#listeners]) {
      try {
        listener(state);
      } catch {
        // A window being torn down must not stop the others hearing about it.
      }
    }
  }
}
