// When a link in Roster's page asks for a new window, the only thing that may happen
// is that the person's browser opens an https address they just clicked. Everything
// else (other schemes, scripted window.open without a click, credentials in the URL,
// a burst of windows from one click) is refused. Electron's window-open handler
// always denies the window itself; this decides whether to hand the URL to the OS.

/** How long after a click or key press a window-open request still counts as caused by it. */
const USER_ACTIVATION_MS = 1000;
const URL_MAX = 2048;

const ACTIVATING_INPUT = new Set(['mouseUp', 'mouseDown', 'keyDown', 'rawKeyDown', 'gestureTap', 'pointerUp']);
const LINK_DISPOSITIONS = new Set(['foreground-tab', 'background-tab', 'new-window', 'default']);

export function isSafeExternalUrl(url: string): boolean {
  if (url.length > URL_MAX) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.hostname !== '';
}

export class ExternalLinkPolicy {
  #lastActivation = Number.NEGATIVE_INFINITY;

  /** Called with every input event the window receives. */
  noteInput(type: string, now: number = Date.now()): void {
    if (ACTIVATING_INPUT.has(type)) this.#lastActivation = now;
  }

  /** True if `url` should be opened in the person's browser. One per activation. */
  allow(url: string, disposition: string, now: number = Date.now()): boolean {
    if (!isSafeExternalUrl(url) || !LINK_DISPOSITIONS.has(disposition)) return false;
    if (now - this.#lastActivation > USER_ACTIVATION_MS) return false;
    this.#lastActivation = Number.NEGATIVE_INFINITY;
    return true;
  }
}
