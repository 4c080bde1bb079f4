// The test's remote control over a running stand-in: requests from the test process,
// answered in the child over Node's IPC channel (advanced serialization, so values
// arrive as structured clones). The test acts as the person (dialogs, window buttons,
// Cmd+Q) and as the page (calls into what the real preload exposed).

import type { StandInElectron } from './electron.js';
import type { ShellEvent } from './runtime.js';
import type { BrowserWindowStandIn, LoadRecord } from './windows.js';

export type ControlRequest =
  | { readonly op: 'state' }
  | { readonly op: 'call'; readonly windowId: number; readonly method: string; readonly args: readonly unknown[] }
  | { readonly op: 'subscribe'; readonly windowId: number; readonly method: string }
  | {
      readonly op: 'invoke-raw';
      readonly windowId: number;
      readonly channel: string;
      readonly args: readonly unknown[];
      readonly subFrameUrl?: string;
    }
  | { readonly op: 'fetch'; readonly url: string; readonly method?: string }
  | { readonly op: 'answer-dialogs'; readonly save?: readonly (string | null)[]; readonly open?: readonly (string | null)[] }
  | { readonly op: 'window'; readonly windowId: number; readonly action: 'minimize' | 'restore' | 'focus' | 'blur' | 'close' }
  | { readonly op: 'quit' }
  | { readonly op: 'open-file'; readonly path: string };

export interface WindowState {
  readonly id: number;
  readonly title: string;
  readonly url: string;
  readonly visible: boolean;
  readonly focused: boolean;
  readonly minimized: boolean;
  readonly webPreferences: Record<string, unknown>;
  readonly loads: readonly LoadRecord[];
  readonly exposed: readonly string[];
}

export interface ShellState {
  readonly ready: boolean;
  readonly windows: readonly WindowState[];
  readonly recentDocuments: readonly string[];
  readonly openExternal: readonly string[];
  readonly menuInstalled: boolean;
}

export type FetchResult =
  { ok: true; url: string; status: number; headers: Record<string, string>; text: string } | { ok: false; url: string; error: string };

/** Messages from the child to the test. */
export type ChildMessage =
  | { readonly kind: 'event'; readonly event: ShellEvent }
  | { readonly kind: 'renderer-event'; readonly windowId: number; readonly method: string; readonly payload: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: false; readonly error: string }
  | { readonly kind: 'exit'; readonly code: number };

function describeWindow(window: BrowserWindowStandIn): WindowState {
  const contents = window.webContents;
  let exposed: string[] = [];
  try {
    exposed = Object.keys(contents.world);
  } catch {
    // No page yet.
  }
  return {
    id: window.id,
    title: window.getTitle(),
    url: contents.getURL(),
    visible: window.isVisible(),
    focused: window.isFocused(),
    minimized: window.isMinimized(),
    webPreferences: { ...(window.options.webPreferences ?? {}) },
    loads: contents.loads,
    exposed,
  };
}

function windowById(standIn: StandInElectron, id: number): BrowserWindowStandIn {
  const window = standIn.registry.windows.find((candidate) => candidate.id === id);
  if (!window) throw new Error(`no window ${id}`);
  return window;
}

/** `roster.catalog.create` -> the function the preload exposed under that name. */
function exposedFunction(world: Record<string, unknown>, method: string): (...args: unknown[]) => unknown {
  let value: unknown = world;
  for (const part of method.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  if (typeof value !== 'function') throw new Error(`the page has no ${method}()`);
  return value as (...args: unknown[]) => unknown;
}

export async function handleControl(
  standIn: StandInElectron,
  request: ControlRequest,
  send: (message: ChildMessage) => void,
): Promise<unknown> {
  const { app } = standIn.module;
  switch (request.op) {
    case 'state':
      return {
        ready: standIn.runtime.ready,
        windows: standIn.registry.windows.map(describeWindow),
        recentDocuments: [...app.recentDocuments],
        openExternal: [...standIn.shellCalls.openExternal],
        menuInstalled: standIn.module.Menu['getApplicationMenu']?.() !== null,
      } satisfies ShellState;
    case 'call':
      return await exposedFunction(windowById(standIn, request.windowId).webContents.world, request.method)(...request.args);
    case 'subscribe': {
      const subscribe = exposedFunction(windowById(standIn, request.windowId).webContents.world, request.method);
      subscribe((payload: unknown) => send({ kind: 'renderer-event', windowId: request.windowId, method: request.method, payload }));
      return null;
    }
    case 'invoke-raw': {
      const contents = windowById(standIn, request.windowId).webContents;
      const ipc = request.subFrameUrl === undefined ? contents.rendererIpc : contents.subFrameIpc(request.subFrameUrl);
      return await ipc.invoke(request.channel, ...request.args);
    }
    case 'fetch': {
      const outcome = await standIn.module.session.defaultSession.request(request.url, {
        method: request.method ?? 'GET',
        resourceType: 'xhr',
      });
      return (
        outcome.ok
          ? { ok: true, url: outcome.url, status: outcome.status, headers: outcome.headers, text: outcome.body.toString('utf8') }
          : outcome
      ) satisfies FetchResult;
    }
    case 'answer-dialogs':
      standIn.dialogAnswers.save.push(...(request.save ?? []));
      standIn.dialogAnswers.open.push(...(request.open ?? []));
      return null;
    case 'window': {
      const window = windowById(standIn, request.windowId);
      window[request.action]();
      return null;
    }
    case 'quit':
      app.quit();
      return null;
    case 'open-file':
      app.emitOpenFile(request.path);
      return null;
  }
}
