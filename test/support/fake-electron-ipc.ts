// A stand-in for Electron's IPC between one main process and its windows, for tests
// that cannot start Electron. It keeps the rules that matter to Roster's boundary:
//
//   - arguments and results cross by structured clone (V8's serializer, as Electron
//     uses): functions and symbols cannot be sent ("An object could not be cloned."),
//     class instances arrive as plain objects, symbol-keyed properties vanish;
//   - `ipcRenderer.invoke` on a handler that throws rejects with
//     `Error invoking remote method '<channel>': <String(error)>`, and with
//     `No handler registered for '<channel>'` when there is none;
//   - handlers are registered per window (`webContents.ipc`), at most one per channel;
//   - every window, and every frame in it, has its own sender identity
//     (`event.sender`, `event.senderFrame`, `processId`, `frameId`); frames are handed
//     out as WebFrameMain views made afresh on every access, because Electron only
//     promises that views of one frame share `processId` + `routingId`
//     (docs/api/web-frame-main.md), not that they are one object;
//   - `webContents.send` on a destroyed window throws "Object has been destroyed";
//   - renderer listeners receive `(event, ...args)`, where `event.sender` is the
//     renderer's ipcRenderer.
// test/node/ipc/fake-electron-ipc.test.ts holds the fake to these rules.

const CLONE_ERROR = 'An object could not be cloned.';

/** Structured clone with Electron's error message. */
export function electronClone<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch (error) {
    if (error instanceof Error && error.name === 'DataCloneError') throw new Error(CLONE_ERROR, { cause: error });
    throw error;
  }
}

/** A frame (Chromium's RenderFrameHost), as the fake keeps it. */
export class FakeFrame {
  url: string;
  readonly frameId: number;
  readonly processId: number;
  readonly parent: FakeFrame | null;
  detached = false;

  constructor(url: string, frameId: number, processId: number, parent: FakeFrame | null = null) {
    this.url = url;
    this.frameId = frameId;
    this.processId = processId;
    this.parent = parent;
  }

  /**
   * The serialized origin, as Chromium gives it: scheme://host[:port] for http(s) and
   * for `roster:`, which Roster registers as a standard scheme; "null" for the rest.
   */
  get origin(): string {
    try {
      const url = new URL(this.url);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
      if (url.protocol === 'roster:' && url.host !== '') return `${url.protocol}//${url.host}`;
    } catch {
      // An unparsable URL has an opaque origin.
    }
    return 'null';
  }
}

/** What Electron hands out for a frame: a WebFrameMain view of it (a new object every time). */
export class FakeWebFrameMain {
  readonly #frame: FakeFrame;

  constructor(frame: FakeFrame) {
    this.#frame = frame;
  }

  get url(): string {
    return this.#frame.url;
  }
  get origin(): string {
    return this.#frame.origin;
  }
  get parent(): FakeWebFrameMain | null {
    return this.#frame.parent ? new FakeWebFrameMain(this.#frame.parent) : null;
  }
  get processId(): number {
    return this.#frame.processId;
  }
  get routingId(): number {
    return this.#frame.frameId;
  }
  get detached(): boolean {
    return this.#frame.detached;
  }
}

export interface FakeInvokeEvent {
  readonly sender: FakeWebContents;
  readonly senderFrame: FakeWebFrameMain | null;
  readonly frameId: number;
  readonly processId: number;
  readonly type: 'frame';
}

type Handler = (event: FakeInvokeEvent, ...args: unknown[]) => unknown;
type RendererListener = (event: { sender: FakeIpcRenderer }, ...args: unknown[]) => void;

export class FakeIpcMain {
  readonly #handlers = new Map<string, Handler>();

  handle(channel: string, listener: Handler): void {
    if (this.#handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.#handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.#handlers.delete(channel);
  }

  get handlerCount(): number {
    return this.#handlers.size;
  }

  handler(channel: string): Handler | undefined {
    return this.#handlers.get(channel);
  }
}

export class FakeWebContents {
  readonly id: number;
  readonly ipc = new FakeIpcMain();
  /** The frame the window currently shows (replaced on a cross-site navigation). */
  frame: FakeFrame;
  #destroyed = false;
  #renderer: FakeIpcRenderer | undefined;

  constructor(id: number, mainFrame: FakeFrame) {
    this.id = id;
    this.frame = mainFrame;
  }

  /** `webContents.mainFrame`: a fresh WebFrameMain view of the current main frame. */
  get mainFrame(): FakeWebFrameMain {
    if (this.#destroyed) throw new TypeError('Object has been destroyed');
    return new FakeWebFrameMain(this.frame);
  }

  attach(renderer: FakeIpcRenderer): void {
    this.#renderer = renderer;
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  destroy(): void {
    this.#destroyed = true;
    this.frame.detached = true;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.#destroyed) throw new TypeError('Object has been destroyed');
    const cloned = electronClone(args);
    // Delivery is asynchronous in Electron; keep it so.
    queueMicrotask(() => this.#renderer?.deliver(channel, cloned));
  }
}

/** What a preload's `require('electron').ipcRenderer` would be, for one frame. */
export class FakeIpcRenderer {
  readonly #contents: FakeWebContents;
  readonly #frame: () => FakeFrame;
  readonly #listeners = new Map<string, RendererListener[]>();

  constructor(contents: FakeWebContents, frame: () => FakeFrame) {
    this.#contents = contents;
    this.#frame = frame;
  }

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    let cloned: unknown[];
    try {
      cloned = electronClone(args);
    } catch (error) {
      return Promise.reject(error);
    }
    const frame = this.#frame();
    const event: FakeInvokeEvent = {
      sender: this.#contents,
      senderFrame: frame.detached ? null : new FakeWebFrameMain(frame),
      frameId: frame.frameId,
      processId: frame.processId,
      type: 'frame',
    };
    return (async () => {
      const handler = this.#contents.isDestroyed() ? undefined : this.#contents.ipc.handler(channel);
      let result: unknown;
      try {
        if (!handler) throw new Error(`No handler registered for '${channel}'`);
        result = electronClone(await handler(event, ...cloned));
      } catch (error) {
        throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, { cause: error });
      }
      return result;
    })();
  }

  on(channel: string, listener: RendererListener): this {
    this.#listeners.set(channel, [...(this.#listeners.get(channel) ?? []), listener]);
    return this;
  }

  removeListener(channel: string, listener: RendererListener): this {
    const list = this.#listeners.get(channel) ?? [];
    const at = list.indexOf(listener);
    if (at >= 0) list.splice(at, 1);
    return this;
  }

  listenerCount(channel: string): number {
    return this.#listeners.get(channel)?.length ?? 0;
  }

  deliver(channel: string, args: unknown[]): void {
    for (const listener of [...(this.#listeners.get(channel) ?? [])]) listener({ sender: this }, ...args);
  }
}

export const APP_ORIGIN = 'roster://app';
export const APP_URL = `${APP_ORIGIN}/index.html`;

export class FakeWindow {
  readonly webContents: FakeWebContents;
  /** The main frame's ipcRenderer: what the preload would use. */
  readonly renderer: FakeIpcRenderer;
  readonly #electron: FakeElectron;

  constructor(electron: FakeElectron, id: number, processId: number, url: string) {
    this.#electron = electron;
    this.webContents = new FakeWebContents(id, new FakeFrame(url, 1, processId));
    this.renderer = new FakeIpcRenderer(this.webContents, () => this.webContents.frame);
    this.webContents.attach(this.renderer);
  }

  /** An iframe in this window, with its own ipcRenderer (e.g. a hostile embedded page). */
  subFrame(url: string): FakeIpcRenderer {
    const main = this.webContents.frame;
    const frame = new FakeFrame(url, this.#electron.nextId(), main.processId, main);
    return new FakeIpcRenderer(this.webContents, () => frame);
  }

  /** The main frame goes to another page (the frame object is replaced, as on a cross-site navigation). */
  navigate(url: string): void {
    this.webContents.frame.detached = true;
    this.webContents.frame = new FakeFrame(url, this.#electron.nextId(), this.webContents.frame.processId);
  }

  destroy(): void {
    this.webContents.destroy();
  }
}

export class FakeElectron {
  #next = 1;

  nextId(): number {
    return this.#next++;
  }

  createWindow(url: string = APP_URL): FakeWindow {
    return new FakeWindow(this, this.nextId(), this.nextId(), url);
  }
}
