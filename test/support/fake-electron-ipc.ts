// The one fake of Electron's IPC between a main process and its windows, for tests
// that cannot start Electron: the node IPC tests use it through FakeElectron below,
// and the stand-in `electron` module of the shell tests builds its webContents and
// ipcMain on it (test/shell/stand-in/windows.ts). Electron's rules it keeps, and is
// never more lenient about:
//
//   - one invoke handler per channel on an IpcMain (ipcMain, webContents.ipc): a second
//     `handle` throws "Attempted to register a second handler for '<channel>'", a
//     handler that is not a function "Expected handler to be a function, but found
//     type '<type>'" (Electron's lib/browser/ipc-main-impl.ts);
//   - arguments and results cross by structured clone (V8's serializer, as Electron
//     uses): "Sending Functions, Promises, Symbols, WeakMaps, or WeakSets will throw an
//     exception" (Electron's docs/api/ipc-renderer.md), with the message "An object could not be
//     cloned."; class instances arrive as plain objects, symbol-keyed properties vanish;
//   - invoke handlers are looked up on webContents.ipc, then ipcMain
//     (Electron's docs/api/web-frame-main.md `frame.ipc`; Electron's lib/browser/ipc-dispatch.ts);
//   - a handler that throws, or a result that cannot be cloned, is logged in main as
//     "Error occurred in handler for '<channel>':" and reaches the renderer only as
//     `new Error("Error invoking remote method '<channel>': " + error.toString())`,
//     without the original error; no handler gives "No handler registered for
//     '<channel>'" (Electron's lib/browser/ipc-dispatch.ts, lib/renderer/api/ipc-renderer.ts);
//   - every window, and every frame in it, has its own sender identity (`event.sender`,
//     `event.senderFrame`, `processId`, `frameId`); frames are handed out as
//     WebFrameMain views made afresh on every access, because Electron only promises
//     that "Distinct WebFrameMain instances that refer to the same underlying frame
//     will have the same routingId" (Electron's docs/api/web-frame-main.md), not one object;
//     `senderFrame` is null once the frame has navigated away or gone;
//   - every message crosses between processes: `ipcRenderer.invoke` and
//     `webContents.send` clone at once (throwing on what cannot be cloned), and the
//     request, the reply and the event each arrive on a later turn of the event loop,
//     never within the caller's turn; main's messages to a renderer keep their order
//     (Electron's renderer and IPC interfaces share the frame's channel), so an event
//     sent while a handler runs arrives before that handler's reply;
//   - `webContents.send` on a destroyed webContents throws TypeError "Object has been
//     destroyed" (shell/common/gin_helper/function_template.h), and a destroyed
//     window's renderer reaches no handler;
//   - renderer listeners receive `(event, ...args)`, where `event.sender` is the
//     renderer's ipcRenderer.
// test/node/ipc/fake-electron-ipc.test.ts holds the fake to these rules.

import { EventEmitter } from 'node:events';

const CLONE_ERROR = 'An object could not be cloned.';

/**
 * One crossing between processes. Every message waits for its own turn of the event
 * loop in setImmediate's queue, so messages arrive in the order they were sent, and
 * no caller sees an answer within its own turn.
 */
function crossing(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Structured clone with Electron's message for what cannot be cloned. */
export function electronClone<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch (error) {
    if (error instanceof Error && error.name === 'DataCloneError') throw new Error(CLONE_ERROR, { cause: error });
    throw error;
  }
}

/** The TypeError Electron throws from any native method of an object it destroyed. */
export function destroyedError(): TypeError {
  return new TypeError('Object has been destroyed');
}

export type InvokeHandler = (event: FakeInvokeEvent, ...args: unknown[]) => unknown;

/** ipcMain, and every `webContents.ipc`: invoke handlers by channel. */
export class FakeIpcMain extends EventEmitter {
  readonly #handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    if (this.#handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    if (typeof handler !== 'function') throw new Error(`Expected handler to be a function, but found type '${typeof handler}'`);
    this.#handlers.set(channel, handler);
  }

  handleOnce(channel: string, handler: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return handler(event, ...args);
    });
  }

  removeHandler(channel: string): void {
    this.#handlers.delete(channel);
  }

  handler(channel: string): InvokeHandler | undefined {
    return this.#handlers.get(channel);
  }

  get handlerCount(): number {
    return this.#handlers.size;
  }
}

/** A frame (Chromium's RenderFrameHost), as the fake keeps it. */
export class FakeFrame {
  readonly routingId: number;
  readonly processId: number;
  readonly frameTreeNodeId: number;
  readonly parent: FakeFrame | null;
  url: string;
  detached = false;

  constructor(options: { routingId: number; processId: number; url: string; parent?: FakeFrame | null }) {
    this.routingId = options.routingId;
    this.processId = options.processId;
    this.frameTreeNodeId = options.routingId;
    this.url = options.url;
    this.parent = options.parent ?? null;
  }
}

/** The serialized origin of a document at a URL ("null" when opaque). */
export type OriginOf = (url: string) => string;

/** What Electron hands out for a frame: a WebFrameMain view of it (a new object on every access). */
export class FakeWebFrameMain {
  readonly #frame: FakeFrame;
  readonly #originOf: OriginOf;

  constructor(frame: FakeFrame, originOf: OriginOf) {
    this.#frame = frame;
    this.#originOf = originOf;
  }

  get url(): string {
    return this.#frame.url;
  }
  get origin(): string {
    return this.#originOf(this.#frame.url);
  }
  get parent(): FakeWebFrameMain | null {
    return this.#frame.parent ? new FakeWebFrameMain(this.#frame.parent, this.#originOf) : null;
  }
  get top(): FakeWebFrameMain {
    let frame = this.#frame;
    while (frame.parent) frame = frame.parent;
    return new FakeWebFrameMain(frame, this.#originOf);
  }
  get processId(): number {
    return this.#frame.processId;
  }
  get routingId(): number {
    return this.#frame.routingId;
  }
  get frameTreeNodeId(): number {
    return this.#frame.frameTreeNodeId;
  }
  get detached(): boolean {
    return this.#frame.detached;
  }
  isDestroyed(): boolean {
    return this.#frame.detached;
  }
}

/** The IpcMainInvokeEvent a handler gets. */
export interface FakeInvokeEvent {
  readonly type: 'frame';
  readonly sender: FakeWebContents;
  readonly senderFrame: FakeWebFrameMain | null;
  readonly frameId: number;
  readonly processId: number;
}

/** The IpcRendererEvent a renderer listener gets first. */
export interface FakeRendererEvent {
  readonly sender: FakeIpcRenderer;
  readonly senderId: number;
  readonly ports: readonly unknown[];
}

/** What one frame's ipcRenderer is wired to in main. */
export interface SenderLink {
  /** The IpcMains to look handlers up on, in order (webContents.ipc, then ipcMain). */
  readonly targets: () => readonly FakeIpcMain[];
  /** The IpcMainInvokeEvent for a message from this frame. */
  readonly event: () => FakeInvokeEvent;
  /** Main's console.error for a failed invoke ("Error occurred in handler for ..."). */
  readonly log?: (text: string) => void;
}

type RendererEvents = Record<string, [FakeRendererEvent, ...unknown[]]>;

/** What a preload's `require('electron').ipcRenderer` is, for one frame's document. */
export class FakeIpcRenderer extends EventEmitter<RendererEvents> {
  readonly #link: SenderLink;

  constructor(link: SenderLink) {
    super();
    this.#link = link;
  }

  /** `ipcRenderer.invoke`: the renderer side (clone, wait for the reply) and main's side (ipc-dispatch). */
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const cloned = electronClone(args);
    await crossing();
    const reply = await this.#dispatch(channel, cloned);
    // Back to the renderer, behind whatever main sent it before replying.
    await crossing();
    if ('error' in reply) throw new Error(`Error invoking remote method '${channel}': ${reply.error}`);
    return reply.result;
  }

  /** Main's side of one invoke: the first IpcMain with a handler serves it; the reply is `{ result }` or `{ error }`. */
  async #dispatch(channel: string, args: unknown[]): Promise<{ result: unknown } | { error: string }> {
    const replyWithError = (error: unknown): { error: string } => {
      this.#link.log?.(`Error occurred in handler for '${channel}': ${String(error)}`);
      return { error: String(error) };
    };
    const handler = this.#link
      .targets()
      .map((target) => target.handler(channel))
      .find((found) => found !== undefined);
    if (!handler) return replyWithError(new Error(`No handler registered for '${channel}'`));
    try {
      return { result: electronClone(await handler(this.#link.event(), ...args)) };
    } catch (error) {
      return replyWithError(error);
    }
  }

  /** A message from main (webContents.send), already cloned. */
  deliver(channel: string, args: unknown[]): void {
    this.emit(channel, { sender: this, senderId: 0, ports: [] }, ...args);
  }
}

export interface FakeWebContentsOptions {
  /** Ids for contents, processes and frames, unique in one fake Electron. */
  readonly nextId: () => number;
  readonly originOf: OriginOf;
  /** The process-wide ipcMain, asked after `webContents.ipc`. */
  readonly ipcMain?: FakeIpcMain;
  /** Main's console.error. */
  readonly log?: (text: string) => void;
}

/**
 * A webContents as far as IPC goes: its `ipc`, its frames and their renderers, `send`,
 * `mainFrame`. The stand-in's webContents extends it with loading and the rest.
 */
export class FakeWebContents extends EventEmitter {
  readonly id: number;
  readonly ipc = new FakeIpcMain();
  readonly #options: FakeWebContentsOptions;
  readonly #processId: number;
  #frame: FakeFrame;
  #destroyed = false;
  /** The main frame document's ipcRenderer: where `send` delivers. */
  #renderer: FakeIpcRenderer | null = null;

  constructor(options: FakeWebContentsOptions, url = 'about:blank') {
    super();
    this.#options = options;
    this.id = options.nextId();
    this.#processId = options.nextId();
    this.#frame = this.#newFrame(url);
  }

  #newFrame(url: string, parent: FakeFrame | null = null): FakeFrame {
    return new FakeFrame({ routingId: this.#options.nextId(), processId: this.#processId, url, parent });
  }

  protected alive(): void {
    if (this.#destroyed) throw destroyedError();
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  /** `webContents.mainFrame`: a fresh WebFrameMain view of the current main frame. */
  get mainFrame(): FakeWebFrameMain {
    this.alive();
    return new FakeWebFrameMain(this.#frame, this.#options.originOf);
  }

  /** The main frame as it is now (replaced by every navigation). */
  protected get currentFrame(): FakeFrame {
    return this.#frame;
  }

  send(channel: string, ...args: unknown[]): void {
    this.alive();
    const cloned = electronClone(args);
    const renderer = this.#renderer;
    void crossing().then(() => renderer?.deliver(channel, cloned));
  }

  /** The IpcMainInvokeEvent main sees for a message from `frame`. */
  #eventFrom(frame: FakeFrame): FakeInvokeEvent {
    return {
      type: 'frame',
      sender: this,
      frameId: frame.routingId,
      processId: frame.processId,
      senderFrame: frame.detached || this.#destroyed ? null : new FakeWebFrameMain(frame, this.#options.originOf),
    };
  }

  /** The ipcRenderer of the document in `frame` (read on every message). */
  protected rendererFor(frame: () => FakeFrame): FakeIpcRenderer {
    const ipcMain = this.#options.ipcMain;
    return new FakeIpcRenderer({
      targets: () => (this.#destroyed ? [] : ipcMain ? [this.ipc, ipcMain] : [this.ipc]),
      event: () => this.#eventFrom(frame()),
      ...(this.#options.log ? { log: this.#options.log } : {}),
    });
  }

  /**
   * A new document in the main frame (a cross-document navigation): the old frame
   * leaves the tree, so its senderFrame becomes null.
   */
  protected navigateMainFrame(url: string): FakeFrame {
    this.#frame.detached = true;
    this.#frame = this.#newFrame(url);
    return this.#frame;
  }

  /** Makes `renderer` the main frame's, the one `send` delivers to. */
  protected attach(renderer: FakeIpcRenderer): void {
    this.#renderer = renderer;
  }

  /** The main frame document's ipcRenderer, used directly (a compromised renderer). */
  get rendererIpc(): FakeIpcRenderer {
    if (!this.#renderer) throw new Error(`webContents ${this.id} has no page`);
    return this.#renderer;
  }

  /** An iframe in the page, at `url`, with an ipcRenderer of its own (e.g. a hostile embedded page). */
  subFrameIpc(url: string): FakeIpcRenderer {
    const frame = this.#newFrame(url, this.#frame);
    return this.rendererFor(() => frame);
  }

  /** The contents go away: native methods throw from now on, the main frame leaves the tree. */
  destroyContents(): void {
    this.#destroyed = true;
    this.#frame.detached = true;
  }
}

// ---- the node tests' Electron: windows on Roster's page, nothing else

export const APP_ORIGIN = 'roster://app';
export const APP_URL = `${APP_ORIGIN}/index.html`;

/**
 * The serialized origin, as Chromium gives it: scheme://host[:port] for http(s) and for
 * `roster:`, which Roster registers as a standard scheme; "null" for the rest.
 */
function rosterOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin;
    if (parsed.protocol === 'roster:' && parsed.host !== '') return `${parsed.protocol}//${parsed.host}`;
  } catch {
    // An unparsable URL has an opaque origin.
  }
  return 'null';
}

/** The webContents of a node-test window: its main frame's renderer follows navigations. */
class WindowContents extends FakeWebContents {
  readonly renderer: FakeIpcRenderer;

  constructor(options: FakeWebContentsOptions, url: string) {
    super(options, url);
    this.renderer = this.rendererFor(() => this.currentFrame);
    this.attach(this.renderer);
  }

  navigate(url: string): void {
    this.navigateMainFrame(url);
  }
}

export class FakeWindow {
  readonly webContents: FakeWebContents;
  /** The main frame's ipcRenderer: what the preload of the page it shows would use. */
  readonly renderer: FakeIpcRenderer;
  readonly #contents: WindowContents;

  constructor(options: FakeWebContentsOptions, url: string) {
    this.#contents = new WindowContents(options, url);
    this.webContents = this.#contents;
    this.renderer = this.#contents.renderer;
  }

  /** An iframe in this window, with its own ipcRenderer (e.g. a hostile embedded page). */
  subFrame(url: string): FakeIpcRenderer {
    return this.webContents.subFrameIpc(url);
  }

  /** The main frame goes to another page (the frame object is replaced, as on a cross-site navigation). */
  navigate(url: string): void {
    this.#contents.navigate(url);
  }

  destroy(): void {
    this.webContents.destroyContents();
  }
}

export class FakeElectron {
  #next = 1;
  readonly #options: FakeWebContentsOptions;

  /** `ipcMain`: a process-wide IpcMain behind every window's own; `log`: main's console.error. */
  constructor(options: { ipcMain?: FakeIpcMain; log?: (text: string) => void } = {}) {
    this.#options = { ...options, nextId: () => this.#next++, originOf: rosterOrigin };
  }

  createWindow(url: string = APP_URL): FakeWindow {
    return new FakeWindow(this.#options, url);
  }
}
