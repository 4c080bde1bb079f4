// Connects one window's session to its IPC endpoint. In Electron the host is the
// window's own `webContents.ipc` (handlers registered per window, so they close over
// that window's session and nothing else) plus `webContents.send`; in the tests it is
// the fake transport in test/support/fake-electron-ipc.ts. Kept free of Electron so
// the same code is what the tests run.
//
// It registers a handler for every request channel of the session's tables (whichever
// role may call it, so a wrong one gets the session's typed refusal) and forwards the
// session's events; it names no channel itself.
//
// Every request is checked before the session sees it:
//   - the sender must be the window's main frame, showing Roster's own page
//     (`isTrustedSender`; for Electron windows `isAppMainFrame`); anything else gets a
//     typed refusal and is logged;
//   - exactly zero or one argument.

import { RosterError } from '../../common/errors.js';
import type { IpcResult } from '../../common/contract.js';
import { isAppUrl } from './app-protocol.js';
import type { WindowSession } from './window-session.js';

/** The part of an IPC event the binding looks at (a subset of Electron's IpcMainInvokeEvent). */
export interface SenderEvent {
  readonly senderFrame: { readonly url: string } | null;
}

/** The part of `webContents.ipc` + `webContents` the binding uses. */
export interface IpcHost<E extends SenderEvent = SenderEvent> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
  /** Sends an event to the window's renderer; must do nothing once the window is gone. */
  send(channel: string, payload: unknown): void;
}

export interface BindOptions<E extends SenderEvent> {
  /** True only for the window's main frame showing Roster's page. */
  isTrustedSender(event: E): boolean;
  /** Told about refused senders (for the log). */
  onRefused?(channel: string, event: E): void;
}

function refusal(message: string): IpcResult<never> {
  return { ok: false, error: new RosterError('INVALID_INPUT', message).toInfo() };
}

/** Registers a handler for every request channel of the session's tables; returns the function that removes them. */
export function bindSession<E extends SenderEvent>(host: IpcHost<E>, session: WindowSession, options: BindOptions<E>): () => void {
  const channels = [...session.invokeChannels];
  for (const channel of channels) {
    host.handle(channel, async (event, ...args) => {
      if (!options.isTrustedSender(event)) {
        options.onRefused?.(channel, event);
        return refusal('This page may not use Roster.');
      }
      if (args.length > 1) return refusal('A request takes at most one argument.');
      return session.invoke(channel, args[0]);
    });
  }
  const stopEvents = session.onEvent((channel, payload) => host.send(channel, payload));
  let bound = true;
  return () => {
    if (!bound) return;
    bound = false;
    stopEvents();
    for (const channel of channels) host.removeHandler(channel);
  };
}

/**
 * The part of Electron's WebFrameMain the sender check reads. Identity is by
 * `processId` + `routingId`, never by object: Electron documents that "distinct
 * WebFrameMain instances that refer to the same underlying frame will have the same
 * routingId" (Electron's docs/api/web-frame-main.md), so `event.senderFrame === contents.mainFrame`
 * promises nothing either way.
 */
export interface FrameLike {
  readonly url: string;
  /** The frame's serialized origin, e.g. `roster://app` (a standard scheme) or `null`. */
  readonly origin: string;
  /** null for the top frame of its frame tree. */
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
  /** True when the frame left the frame tree (a page still running unload handlers). */
  readonly detached: boolean;
}

/** The part of an IPC event `bindWindow` checks (a real IpcMainInvokeEvent fits). */
export interface FrameSenderEvent extends SenderEvent {
  readonly senderFrame: FrameLike | null;
}

/** The part of Electron's WebContents that `bindWindow` uses (a real WebContents fits). */
export interface WebContentsLike<E extends FrameSenderEvent> {
  readonly ipc: {
    handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
    removeHandler(channel: string): void;
  };
  readonly mainFrame: Pick<FrameLike, 'processId' | 'routingId'>;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/**
 * Whether an IPC message comes from the window's own top frame while it shows
 * Roster's page, checked the way Electron's security guide (checklist item 17:
 * parse `senderFrame.url`, compare against an allowlist) and VS Code's validated
 * ipcMain (host of the sender's URL, and `senderFrame.parent === null`) do:
 *   - a sender frame at all, still in the frame tree (not detached, not navigated away);
 *   - the top frame (`parent === null`), and the window's main frame by documented
 *     identity (process and routing id);
 *   - its origin and its URL are Roster's (`isAppUrl`: scheme and host after parsing,
 *     no credentials).
 */
export function isAppMainFrame(frame: FrameLike | null, mainFrame: Pick<FrameLike, 'processId' | 'routingId'>, appOrigin: string): boolean {
  if (frame === null || frame.detached) return false;
  if (frame.parent !== null) return false;
  if (frame.processId !== mainFrame.processId || frame.routingId !== mainFrame.routingId) return false;
  return frame.origin === appOrigin && isAppUrl(frame.url, appOrigin);
}

/**
 * Binds a session to one window: handlers on that window's own `webContents.ipc`, so
 * no other window's messages reach them, served only to its main frame while it shows
 * Roster's page (`appOrigin`, e.g. `roster://app`).
 */
export function bindWindow<E extends FrameSenderEvent>(
  contents: WebContentsLike<E>,
  session: WindowSession,
  appOrigin: string,
  onRefused?: (channel: string, url: string | null) => void,
): () => void {
  return bindSession<E>(
    {
      handle: (channel, listener) => contents.ipc.handle(channel, listener),
      removeHandler: (channel) => contents.ipc.removeHandler(channel),
      send: (channel, payload) => {
        if (!contents.isDestroyed()) contents.send(channel, payload);
      },
    },
    session,
    {
      isTrustedSender: (event) => !contents.isDestroyed() && isAppMainFrame(event.senderFrame, contents.mainFrame, appOrigin),
      onRefused: (channel, event) => onRefused?.(channel, event.senderFrame?.url ?? null),
    },
  );
}
