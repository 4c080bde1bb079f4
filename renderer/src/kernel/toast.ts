// One toast at a time at the bottom of the window, announced politely. A toast may
// carry one action (Undo); it stays while the pointer or focus is on it.

import { h, setText } from './dom.js';

export interface ToastOptions {
  readonly message: string;
  readonly action?: { readonly label: string; readonly run: () => void };
  /** Milliseconds before it leaves; default 6000. */
  readonly timeout?: number;
  readonly tone?: 'info' | 'error';
}

export interface ToastHandle {
  dismiss(): void;
  readonly active: boolean;
}

export class Toaster {
  readonly element: HTMLElement;
  readonly #text: HTMLElement;
  readonly #actionButton: HTMLButtonElement;
  readonly #closeButton: HTMLButtonElement;
  #timer: number | undefined;
  #current: { options: ToastOptions; handle: { active: boolean } } | undefined;
  #held = false;
  #disposed = false;

  constructor() {
    this.#text = h('span', { class: 'toast-text' });
    this.#actionButton = h('button', { type: 'button', class: 'toast-action' });
    this.#closeButton = h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss' }, '×');
    const box = h('div', { class: 'toast', hidden: true }, this.#text, this.#actionButton, this.#closeButton);
    this.element = h('div', { class: 'toast-region', role: 'status', 'aria-live': 'polite' }, box);
    this.#actionButton.addEventListener('click', () => this.#runAction());
    this.#closeButton.addEventListener('click', () => this.#close());
    box.addEventListener('pointerenter', () => this.#hold(true));
    box.addEventListener('pointerleave', () => this.#hold(false));
    box.addEventListener('focusin', () => this.#hold(true));
    box.addEventListener('focusout', () => this.#hold(false));
  }

  /** The view closed: the timer goes, and a toast shown later never arms one. */
  dispose(): void {
    this.#disposed = true;
    if (this.#timer !== undefined) window.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  get #box(): HTMLElement {
    return this.element.firstElementChild as HTMLElement;
  }

  show(options: ToastOptions): ToastHandle {
    this.#close();
    const handle = { active: true };
    this.#current = { options, handle };
    setText(this.#text, options.message);
    this.#actionButton.hidden = !options.action;
    if (options.action) setText(this.#actionButton, options.action.label);
    this.#box.classList.toggle('toast-error', options.tone === 'error');
    this.#box.hidden = false;
    this.#arm();
    const close = (): void => {
      if (this.#current?.handle === handle) this.#close();
    };
    return {
      dismiss: close,
      get active() {
        return handle.active;
      },
    };
  }

  /** True while a toast with an action (Undo) is showing. */
  get hasAction(): boolean {
    return this.#current?.options.action !== undefined;
  }

  /** Runs the visible toast's action (Ctrl+Z for Undo); false if there is none. */
  runAction(): boolean {
    if (!this.#current?.options.action) return false;
    this.#runAction();
    return true;
  }

  #runAction(): void {
    const action = this.#current?.options.action;
    this.#close();
    action?.run();
  }

  #arm(): void {
    if (this.#timer !== undefined) window.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#current || this.#held || this.#disposed) return;
    this.#timer = window.setTimeout(() => this.#close(), this.#current.options.timeout ?? 6000);
  }

  #hold(held: boolean): void {
    this.#held = held;
    this.#arm();
  }

  #close(): void {
    if (this.#timer !== undefined) window.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#current) this.#current.handle.active = false;
    this.#current = undefined;
    const hadFocus = this.#box.contains(document.activeElement);
    this.#box.hidden = true;
    this.#held = false;
    if (hadFocus) document.dispatchEvent(new CustomEvent('roster:toast-closed'));
  }
}
