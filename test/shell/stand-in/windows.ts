// BrowserWindow and WebContents for the stand-in Electron. A webContents's IPC, its
// frames (WebFrameMain views) and `send` are the one fake of Electron's IPC the node
// tests use too (test/support/fake-electron-ipc.ts, with the rules it keeps); this
// adds loading pages, the preload and the window around it. Rules kept here:
//
//   - no BrowserWindow before `ready`: "Cannot create BrowserWindow before app is ready"
//     (shell/browser/api/electron_api_browser_window.cc);
//   - a destroyed window or webContents throws TypeError "Object has been destroyed"
//     from every native method (shell/common/gin_helper/function_template.h); the
//     JavaScript-side parts (events, `webContents.ipc`) still answer, as in Electron
//     (Electron's lib/browser/api/web-contents.ts defines `ipc` as a plain property);
//   - `focus()` does not bring a minimized window back: Electron's own example restores
//     it first (Electron's docs/api/app.md, `requestSingleInstanceLock`);
//   - `close()` emits a cancellable 'close', then 'closed'; `loadURL` rejects with
//     "<ERR> loading '<url>'" when the main document fails, including an HTTP error
//     with an empty body (Chromium's ERR_HTTP_RESPONSE_CODE_FAILURE).

import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { destroyedError, FakeWebContents, type FakeIpcMain } from '../../support/fake-electron-ipc.js';
import { runSandboxedPreload, type PreloadResult } from './renderer.js';
import { StandInEvent, type Runtime } from './runtime.js';
import type { RequestOutcome, SchemeRegistry, SessionStandIn } from './session.js';

export interface LoadRecord {
  readonly url: string;
  readonly resourceType: 'mainFrame' | 'script' | 'stylesheet' | 'image';
  readonly outcome: { ok: true; status: number; headers: Record<string, string>; bytes: number } | { ok: false; error: string };
}

/** What the windows need from the rest of the stand-in. */
export interface WindowEnvironment {
  readonly runtime: Runtime;
  readonly schemes: SchemeRegistry;
  readonly session: () => SessionStandIn;
  readonly ipcMain: FakeIpcMain;
  readonly registry: WindowRegistry;
  /** The window is gone (after 'closed'). */
  windowDestroyed(window: BrowserWindowStandIn): void;
  /** A 'close' was cancelled (a quit in progress stops). */
  windowCloseCancelled(window: BrowserWindowStandIn): void;
  /** A window got focus (app 'browser-window-focus'). */
  windowFocused(window: BrowserWindowStandIn): void;
}

export class WindowRegistry {
  readonly windows: BrowserWindowStandIn[] = [];
  focused: BrowserWindowStandIn | null = null;
}

export class WebContentsStandIn extends FakeWebContents {
  readonly loads: LoadRecord[] = [];
  readonly #env: WindowEnvironment;
  readonly #preload: string | undefined;
  readonly #contextIsolation: boolean;
  readonly #sandbox: boolean;
  #world: PreloadResult['world'] | null = null;
  windowOpenHandler: unknown = null;

  constructor(env: WindowEnvironment, webPreferences: { preload?: string; contextIsolation?: boolean; sandbox?: boolean }) {
    super({
      nextId: () => env.runtime.nextId(),
      originOf: (url) => env.schemes.origin(url),
      ipcMain: env.ipcMain,
      log: (text) => env.runtime.report({ type: 'console', level: 'error', text }),
    });
    this.#env = env;
    this.#preload = webPreferences.preload;
    // Electron's defaults since 12 and 20: isolated and sandboxed.
    this.#contextIsolation = webPreferences.contextIsolation ?? true;
    this.#sandbox = webPreferences.sandbox ?? true;
  }

  get session(): SessionStandIn {
    this.alive();
    return this.#env.session();
  }

  getURL(): string {
    this.alive();
    return this.currentFrame.url;
  }

  setWindowOpenHandler(handler: unknown): void {
    this.alive();
    this.windowOpenHandler = handler;
  }

  async loadURL(url: string): Promise<void> {
    this.alive();
    const outcome = await this.#env.session().request(url, { resourceType: 'mainFrame', webContentsId: this.id });
    this.#record(url, 'mainFrame', outcome);
    if (!outcome.ok || (outcome.status >= 400 && outcome.body.length === 0)) {
      const error = outcome.ok ? 'ERR_HTTP_RESPONSE_CODE_FAILURE' : outcome.error.replace(/^net::/, '');
      this.emit('did-fail-load', new StandInEvent(), error, error, url, true);
      throw new Error(`${error} loading '${url}'`);
    }
    if (this.isDestroyed()) return;
    // A new document: the old frame leaves the tree, its senderFrame becomes null.
    const frame = this.navigateMainFrame(outcome.url);
    const html = outcome.body.toString('utf8');
    for (const [, attribute, ref] of html.matchAll(/<(?:script|link)\b[^>]*?\b(src|href)\s*=\s*["']([^"'#]+)["']/g)) {
      const resource = new URL(ref as string, outcome.url).href;
      const type = attribute === 'src' ? 'script' : 'stylesheet';
      this.#record(resource, type, await this.#env.session().request(resource, { resourceType: type, webContentsId: this.id }));
    }
    const renderer = this.rendererFor(() => frame);
    this.attach(renderer);
    this.#world = null;
    if (this.#preload) {
      if (!this.#sandbox) throw new Error('The stand-in runs sandboxed preloads only (webPreferences.sandbox: true).');
      this.#world = runSandboxedPreload(readFileSync(this.#preload, 'utf8'), this.#preload, {
        ipcRenderer: renderer,
        contextIsolation: this.#contextIsolation,
      }).world;
    }
    this.emit('dom-ready', new StandInEvent());
    this.emit('did-finish-load', new StandInEvent());
  }

  #record(url: string, resourceType: LoadRecord['resourceType'], outcome: RequestOutcome): void {
    this.loads.push({
      url,
      resourceType,
      outcome: outcome.ok
        ? { ok: true, status: outcome.status, headers: outcome.headers, bytes: outcome.body.length }
        : { ok: false, error: outcome.error },
    });
  }

  // ---- test side: the page and a compromised renderer

  /** What the page's scripts see as `window` (the keys the preload exposed). */
  get world(): PreloadResult['world'] {
    if (!this.#world) throw new Error(`webContents ${this.id} has no page with a preload`);
    return this.#world;
  }

  override destroyContents(): void {
    if (this.isDestroyed()) return;
    super.destroyContents();
    this.emit('destroyed', new StandInEvent());
  }
}

export interface BrowserWindowOptions {
  readonly width?: number;
  readonly height?: number;
  readonly x?: number;
  readonly y?: number;
  readonly title?: string;
  readonly show?: boolean;
  readonly webPreferences?: { preload?: string; contextIsolation?: boolean; sandbox?: boolean } & Record<string, unknown>;
  readonly [key: string]: unknown;
}

export class BrowserWindowStandIn extends EventEmitter {
  readonly id: number;
  readonly options: BrowserWindowOptions;
  readonly #env: WindowEnvironment;
  readonly #contents: WebContentsStandIn;
  #destroyed = false;
  #visible: boolean;
  #minimized = false;
  #maximized = false;
  #title: string;
  #bounds: { x: number; y: number; width: number; height: number };
  #shownOnce = false;

  constructor(env: WindowEnvironment, options: BrowserWindowOptions = {}) {
    super();
    env.runtime.requireReady(
      'BrowserWindow before ready',
      'shell/browser/api/electron_api_browser_window.cc',
      () => new Error('Cannot create BrowserWindow before app is ready'),
    );
    this.#env = env;
    this.options = options;
    this.id = env.runtime.nextId();
    this.#visible = options.show !== false;
    this.#title = options.title ?? 'Electron';
    this.#bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width ?? 800, height: options.height ?? 600 };
    this.#contents = new WebContentsStandIn(env, options.webPreferences ?? {});
    env.registry.windows.push(this);
    env.runtime.report({
      type: 'window',
      id: this.id,
      what: 'created',
      detail: { webPreferences: options.webPreferences, title: this.#title, show: options.show },
    });
    this.#contents.on('did-finish-load', () => {
      if (this.#shownOnce || this.#destroyed) return;
      this.#shownOnce = true;
      this.emit('ready-to-show', new StandInEvent());
    });
  }

  #alive(): void {
    if (this.#destroyed) throw destroyedError();
  }

  get webContents(): WebContentsStandIn {
    this.#alive();
    return this.#contents;
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  loadURL(url: string): Promise<void> {
    this.#alive();
    return this.#contents.loadURL(url);
  }

  show(): void {
    this.#alive();
    this.#visible = true;
    this.focus();
  }

  hide(): void {
    this.#alive();
    this.#visible = false;
  }

  isVisible(): boolean {
    this.#alive();
    return this.#visible && !this.#minimized;
  }

  focus(): void {
    this.#alive();
    if (this.#minimized || !this.#visible) return;
    if (this.#env.registry.focused === this) return;
    const previous = this.#env.registry.focused;
    this.#env.registry.focused = this;
    if (previous && !previous.isDestroyed()) previous.emit('blur', new StandInEvent());
    this.emit('focus', new StandInEvent());
    this.#env.windowFocused(this);
  }

  blur(): void {
    this.#alive();
    if (this.#env.registry.focused === this) this.#env.registry.focused = null;
  }

  isFocused(): boolean {
    this.#alive();
    return this.#env.registry.focused === this;
  }

  minimize(): void {
    this.#alive();
    this.#minimized = true;
    if (this.#env.registry.focused === this) this.#env.registry.focused = null;
    this.emit('minimize', new StandInEvent());
  }

  isMinimized(): boolean {
    this.#alive();
    return this.#minimized;
  }

  restore(): void {
    this.#alive();
    if (!this.#minimized) return;
    this.#minimized = false;
    this.emit('restore', new StandInEvent());
  }

  maximize(): void {
    this.#alive();
    this.#maximized = true;
  }

  unmaximize(): void {
    this.#alive();
    this.#maximized = false;
  }

  isMaximized(): boolean {
    this.#alive();
    return this.#maximized;
  }

  getBounds(): { x: number; y: number; width: number; height: number } {
    this.#alive();
    return { ...this.#bounds };
  }

  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    this.#alive();
    return { ...this.#bounds };
  }

  setTitle(title: string): void {
    this.#alive();
    this.#title = title;
  }

  getTitle(): string {
    this.#alive();
    return this.#title;
  }

  /** Asks the window to close: 'close' may cancel it; then it is destroyed and 'closed' follows. */
  close(): void {
    this.#alive();
    const event = new StandInEvent();
    this.emit('close', event);
    if (event.defaultPrevented) {
      this.#env.windowCloseCancelled(this);
      return;
    }
    this.destroy();
  }

  /** Destroys the window at once, without 'close' (what app.exit does to every window). */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    const registry = this.#env.registry;
    if (registry.focused === this) registry.focused = null;
    registry.windows.splice(registry.windows.indexOf(this), 1);
    this.#contents.destroyContents();
    this.#env.runtime.report({ type: 'window', id: this.id, what: 'closed' });
    this.emit('closed', new StandInEvent());
    this.#env.windowDestroyed(this);
  }
}
