// A token bucket: at most `burst` events at once, refilled at `perMinute`. Used to keep
// a flooding renderer from filling the disk with error reports.

export interface RateLimitOptions {
  readonly burst: number;
  readonly perMinute: number;
  /** Milliseconds since some fixed point; injectable for tests. */
  readonly now?: () => number;
}

export class RateLimit {
  readonly #burst: number;
  readonly #msPerToken: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;
  #dropped = 0;

  constructor(options: RateLimitOptions) {
    this.#burst = options.burst;
    this.#msPerToken = 60_000 / options.perMinute;
    this.#now = options.now ?? (() => performance.now());
    this.#tokens = options.burst;
    this.#updatedAt = this.#now();
  }

  /**
   * Takes a token. Returns null when the event must be dropped, otherwise how many
   * events were dropped since the last one let through (so that can be said once).
   */
  take(): { droppedBefore: number } | null {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#updatedAt) / this.#msPerToken);
    this.#updatedAt = now;
    if (this.#tokens < 1) {
      this.#dropped += 1;
      return null;
    }
    this.#tokens -= 1;
    const droppedBefore = this.#dropped;
    this.#dropped = 0;
    return { droppedBefore };
  }
}
