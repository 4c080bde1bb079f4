// What a view holds outside its own elements, released when the view closes. A view's
// elements and the listeners on them go with the view; what does not is everything it
// hooked into something that outlives it: a `window.roster` event (the preload keeps
// the listener until it is unsubscribed), a window or document listener, a timer, an
// observer. Each is registered with the view's owner as it is set up, and the owner
// undoes them all, newest first, when the view closes. Something registered after that
// is undone at once, so a late reply cannot start a timer for a view that is gone.

type EventMapOf<T> = T extends Window
  ? WindowEventMap
  : T extends Document
    ? DocumentEventMap
    : T extends HTMLElement
      ? HTMLElementEventMap
      : Record<string, Event>;

export class Disposables {
  readonly #pending = new Set<() => void>();
  #disposed = false;

  /** Runs `dispose` when the owner is disposed; the returned function runs it sooner (once). */
  add(dispose: () => void): () => void {
    if (this.#disposed) {
      dispose();
      return () => undefined;
    }
    let done = false;
    const release = (): void => {
      if (done) return;
      done = true;
      this.#pending.delete(release);
      dispose();
    };
    this.#pending.add(release);
    return release;
  }

  /** addEventListener, removed when the owner is disposed (or by the returned function). */
  listen<T extends EventTarget, K extends keyof EventMapOf<T> & string>(
    target: T,
    type: K,
    handler: (event: EventMapOf<T>[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): () => void;
  listen(target: EventTarget, type: string, handler: (event: Event) => void, options?: boolean | AddEventListenerOptions): () => void;
  listen(target: EventTarget, type: string, handler: (event: never) => void, options?: boolean | AddEventListenerOptions): () => void {
    if (this.#disposed) return () => undefined;
    const capture = typeof options === 'boolean' ? options : (options?.capture ?? false);
    const once = typeof options === 'object' && options.once === true;
    let release = (): void => undefined;
    const listener = (event: Event): void => {
      // The browser drops a `once` listener by itself; the owner forgets it too.
      if (once) release();
      handler(event as never);
    };
    target.addEventListener(type, listener, options);
    release = this.add(() => target.removeEventListener(type, listener, { capture }));
    return release;
  }

  /** setTimeout, cleared when the owner is disposed first; the returned function clears it. */
  timeout(run: () => void, ms: number): () => void {
    if (this.#disposed) return () => undefined;
    let release = (): void => undefined;
    const id = setTimeout(() => {
      release();
      run();
    }, ms);
    release = this.add(() => clearTimeout(id));
    return release;
  }

  /** How many things the owner still holds. */
  get size(): number {
    return this.#pending.size;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Undoes everything, newest first. One that throws does not stop the others; the
   * first error is thrown at the end.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const errors: unknown[] = [];
    for (const release of [...this.#pending].reverse()) {
      try {
        release();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  }
}
