// A polite live region for what a screen reader should hear but the screen need not
// show. The text is emptied first and set a moment later, so the same words said twice
// are announced twice.

import type { Disposables } from './disposables.js';
import { h, setText } from './dom.js';

export class Announcer {
  readonly element = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  readonly #owner: Disposables;

  constructor(owner: Disposables) {
    this.#owner = owner;
  }

  /** Says `message` (a function gives the words as they are when it is said). */
  say(message: string | (() => string)): void {
    setText(this.element, '');
    this.#owner.timeout(() => setText(this.element, typeof message === 'string' ? message : message()), 30);
  }
}
