// A few lines of DOM building so views read like their markup. Attributes go through
// setAttribute (never innerHTML), so text from the database is always inert.

export type Attrs = Record<string, string | number | boolean | null | undefined>;
export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttrs(element, attrs);
  append(element, ...children);
  return element;
}

export function setAttrs(element: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) element.removeAttribute(name);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Sets text only when it changed: cheap to call on every frame. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

export function clear(element: Element): void {
  element.replaceChildren();
}

let nextId = 0;
/** A document-unique id for aria-describedby, label[for] and friends. */
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** Trailing-edge debounce with a way to run or drop the pending call. */
export function debounce<A extends unknown[]>(wait: number, run: (...args: A) => void): { (...args: A): void; cancel(): void; flush(): void } {
  let timer: number | undefined;
  let pending: A | undefined;
  const fire = (): void => {
    timer = undefined;
    const args = pending;
    pending = undefined;
    if (args) run(...args);
  };
  const debounced = (...args: A): void => {
    pending = args;
    if (timer !== undefined) window.clearTimeout(timer);
    timer = window.setTimeout(fire, wait);
  };
  debounced.cancel = (): void => {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  debounced.flush = (): void => {
    if (timer !== undefined) window.clearTimeout(timer);
    fire();
  };
  return debounced;
}

/** True for the platform's command modifier (Ctrl, or Cmd on macOS). */
export function isCommand(event: KeyboardEvent | MouseEvent): boolean {
  return navigator.platform.startsWith('Mac') ? event.metaKey : event.ctrlKey;
}
