// People dragged out of one workspace window, until they are dropped on another.
// The page that starts the drag puts a random token in the drag's data
// (it must, synchronously, in dragstart) and registers it here with what it stands
// for; the page it is dropped on hands the token back. Only main knows which
// workspace and which people a token stands for, so the window that receives the drop
// learns nothing about them, and a page cannot name another workspace by itself.
//
// A token is used once, belongs to the window that made it (closing that window drops
// it), and expires: a drag is a matter of seconds.

import type { PeopleSelection } from '../../people/common/people-contract.js';

export interface PendingDrag {
  /** The window the people were dragged from. */
  readonly sessionId: number;
  /** Canonical path of its workspace. */
  readonly path: string;
  readonly selection: PeopleSelection;
}

/** Long enough for any drag a person makes; short enough that a stale token is useless. */
const DRAG_TTL_MS = 120_000;

export class DragRegistry {
  readonly #drags = new Map<string, PendingDrag & { readonly expiresAt: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** A new drag from this window (any earlier one of the same window is over). False if the token is taken. */
  start(token: string, drag: PendingDrag): boolean {
    const existing = this.#drags.get(token);
    if (existing && existing.sessionId !== drag.sessionId) return false;
    this.forgetSession(drag.sessionId);
    this.#drags.set(token, { ...drag, expiresAt: this.#now() + DRAG_TTL_MS });
    return true;
  }

  /** Whether the token is registered now (a drop may arrive a moment before its drag-start). */
  has(token: string): boolean {
    return this.#drags.has(token);
  }

  /** The drag the token names, once; null when unknown, used or expired. */
  take(token: string): PendingDrag | null {
    const drag = this.#drags.get(token);
    this.#drags.delete(token);
    if (!drag || drag.expiresAt < this.#now()) return null;
    return drag;
  }

  forgetSession(sessionId: number): void {
    for (const [token, drag] of this.#drags) if (drag.sessionId === sessionId) this.#drags.delete(token);
  }
}
