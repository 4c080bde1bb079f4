// One long bulk action at a time per window (a copy or move, a delete of a large
// selection), with the window's Cancel reaching it and a closing window stopping it.

import { RosterError } from '../../../kernel/common/errors.js';

export class BulkSlot {
  #running: AbortController | null = null;
  #work: Promise<unknown> = Promise.resolve();

  get busy(): boolean {
    return this.#running !== null;
  }

  /** Runs `task` with a signal the window's Cancel trips; refuses while another runs. */
  async run<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#running)
      throw new RosterError('INVALID_INPUT', 'Another change to many people is still running in this window; wait for it or cancel it.');
    const controller = new AbortController();
    this.#running = controller;
    try {
      const work = task(controller.signal);
      this.#work = work.catch(() => undefined);
      return await work;
    } finally {
      if (this.#running === controller) this.#running = null;
    }
  }

  /** True if something was running (it stops before it commits, or finishes if past that). */
  cancel(): boolean {
    if (!this.#running) return false;
    this.#running.abort();
    return true;
  }

  async close(): Promise<void> {
    this.#running?.abort();
    await this.#work;
  }
}
