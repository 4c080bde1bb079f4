// Tells everyone looking at a workspace that its people changed: after a write made
// in this process (source "window"), or when another process (the CLI, another Roster)
// committed to the same file (source "external").
//
// External commits are noticed with SQLite's `PRAGMA data_version`, which changes on
// a connection whenever *another* connection commits to the file. It is polled only
// while somebody listens; one poll is a single cheap pragma.

import type Database from 'better-sqlite3';

export type ChangeSource = 'window' | 'external';
export type ChangeListener = (source: ChangeSource) => void;

const EXTERNAL_POLL_MS = 100;

export class ChangeFeed {
  readonly #db: Database.Database;
  readonly #listeners = new Set<ChangeListener>();
  readonly #pollMs: number;
  #timer: NodeJS.Timeout | undefined;
  #lastVersion: number | undefined;
  readonly #onPoll: (() => void) | undefined;

  /** `onPoll` runs on every poll too (the workspace checks that its path still names its file). */
  constructor(db: Database.Database, options: { pollMs?: number; onPoll?: () => void } = {}) {
    this.#db = db;
    this.#pollMs = options.pollMs ?? EXTERNAL_POLL_MS;
    this.#onPoll = options.onPoll;
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    this.#startPolling();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stopPolling();
    };
  }

  /** Called by the Person service after each committed write. */
  emit(source: ChangeSource): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(source);
      } catch {
        // One broken listener (a window being torn down) must not starve the others.
      }
    }
  }

  /** Checks for commits by other connections now. Returns true if there were any. */
  poll(): boolean {
    if (!this.#db.open) return false;
    this.#onPoll?.();
    const version = Number(this.#db.pragma('data_version', { simple: true }));
    const changed = this.#lastVersion !== undefined && version !== this.#lastVersion;
    this.#lastVersion = version;
    if (changed) this.emit('external');
    return changed;
  }

  stop(): void {
    this.#listeners.clear();
    this.#stopPolling();
  }

  #startPolling(): void {
    if (this.#timer) return;
    this.poll();
    this.#timer = setInterval(() => this.poll(), this.#pollMs);
    this.#timer.unref();
  }

  #stopPolling(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#lastVersion = undefined;
  }
}
