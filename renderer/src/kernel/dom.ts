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

function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Sets text only when it changed: cheap to call on every frame. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

let nextId = 0;
/** A document-unique id for aria-describedby, label[for] and friends. */
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/**
 * Runs at once when nothing ran in the last `wait` ms (so a single keystroke answers
 * without delay), and otherwise once at the end of that window with the latest
 * arguments (so fast typing sends one request per window, not one per key).
 */
export function throttle<A extends unknown[]>(
  wait: number,
  run: (...args: A) => void,
): { (...args: A): void; cancel(): void; flush(): void } {
  let timer: number | undefined;
  let pending: A | undefined;
  let lastRun = -Infinity;
  const fire = (): void => {
    timer = undefined;
    const args = pending;
    pending = undefined;
    if (!args) return;
    lastRun = performance.now();
    run(...args);
  };
  const throttled = (...args: A): void => {
    pending = args;
    if (timer !== undefined) return;
    const since = performance.now() - lastRun;
    if (since >= wait) fire();
    else timer = setTimeout(fire, wait - since) as unknown as number;
  };
  throttled.cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  throttled.flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    fire();
  };
  return throttled;
}

/** True for the platform's command modifier (Ctrl, or Cmd on macOS). */
export function isCommand(event: KeyboardEvent | MouseEvent): boolean {
  return navigator.platform.startsWith('Mac') ? event.metaKey : event.ctrlKey;
}

/** True when the event happened inside an open modal dialog, which handles its own keys. */
export function isInDialog(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('dialog[open]') !== null;
}
