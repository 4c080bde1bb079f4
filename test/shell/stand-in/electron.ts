// The stand-in `electron` module: what Roster's main bundle imports, built from the
// parts in this folder and the fake of Electron's IPC the node tests use too
// (test/support/fake-electron-ipc.ts). Only test code uses it: the runner maps the
// bare specifier `electron` to it with a Node loader hook, and the stand-in's own
// tests create one in-process. It enforces Electron's documented rules (see each part's header) and is
// never more lenient than Electron about them.
//
// What it does not model, and where that is covered instead: the page's own scripts
// never run, so the CSP is only checked as a header here (test/browser runs the real
// renderer under it in Chromium), and navigation, new-window and permission handlers
// are registered but never called (test/node/ipc/shell-logic.test.ts covers their
// logic); menus are not validated against Electron's roles; dialogs answer with what
// the test queued (dismissed when nothing is queued).

import { FakeIpcMain } from '../../support/fake-electron-ipc.js';
import { AppStandIn, type AppOptions } from './app.js';
import { Runtime, type RuntimeOptions } from './runtime.js';
import { protocolModule, SchemeRegistry, SessionStandIn } from './session.js';
import {
  BrowserWindowStandIn,
  WindowRegistry,
  type BrowserWindowOptions,
  type WebContentsStandIn,
  type WindowEnvironment,
} from './windows.js';

export interface DialogAnswers {
  /** Paths the next save dialogs answer with; null dismisses one. */
  readonly save: (string | null)[];
  /** Paths the next open dialogs answer with; null dismisses one. */
  readonly open: (string | null)[];
}

export interface StandInOptions extends RuntimeOptions, Omit<AppOptions, 'exit'> {
  readonly exit?: (code: number) => void;
}

export interface StandInElectron {
  readonly runtime: Runtime;
  readonly registry: WindowRegistry;
  readonly schemes: SchemeRegistry;
  readonly dialogAnswers: DialogAnswers;
  readonly exits: number[];
  readonly shellCalls: { readonly openExternal: string[]; readonly showItemInFolder: string[] };
  /** Text main put on the clipboard (clipboard.writeText), in order. */
  readonly clipboardWrites: string[];
  /** The module object `import ... from 'electron'` gets. */
  readonly module: {
    readonly app: AppStandIn;
    readonly BrowserWindow: {
      new (options?: BrowserWindowOptions): BrowserWindowStandIn;
      getAllWindows(): BrowserWindowStandIn[];
      getFocusedWindow(): BrowserWindowStandIn | null;
      fromWebContents(contents: WebContentsStandIn): BrowserWindowStandIn | null;
    };
    readonly dialog: Record<string, (...args: unknown[]) => unknown>;
    readonly ipcMain: FakeIpcMain;
    readonly Menu: Record<string, (...args: unknown[]) => unknown>;
    readonly protocol: Record<string, unknown>;
    readonly screen: Record<string, () => unknown>;
    readonly session: { readonly defaultSession: SessionStandIn };
    readonly shell: Record<string, (...args: unknown[]) => unknown>;
    readonly clipboard: { writeText(text: unknown): void };
  };
}

const DISPLAY = {
  id: 1,
  scaleFactor: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1050 },
};

type ModuleRecord = Record<string, (...args: unknown[]) => unknown>;

/** `dialog`: errors boxes are reported, file dialogs answer from `answers`. */
function dialogModule(runtime: Runtime, answers: DialogAnswers): ModuleRecord {
  // Electron's docs/api/dialog.md: only showErrorBox "can be called safely before the ready event".
  const afterReady = (method: string): void =>
    runtime.requireReady(
      `dialog.${method} before ready`,
      'docs/api/dialog.md (showErrorBox is the one method safe before ready)',
      () => new Error(`dialog.${method} cannot be used before the app is ready`),
    );
  const withoutWindow = (args: unknown[]): unknown[] => (args[0] instanceof BrowserWindowStandIn ? args.slice(1) : args);
  return {
    showErrorBox(title: unknown, content: unknown): void {
      runtime.report({ type: 'error-box', title: String(title), content: String(content) });
    },
    async showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
      afterReady('showMessageBox');
      const [options] = withoutWindow(args) as [{ message: string; detail?: string }];
      runtime.report({
        type: 'message-box',
        message: options.message,
        ...(options.detail === undefined ? {} : { detail: options.detail }),
      });
      return { response: 0, checkboxChecked: false };
    },
    async showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath: string }> {
      afterReady('showSaveDialog');
      void withoutWindow(args);
      const path = answers.save.shift() ?? null;
      return path === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: path };
    },
    async showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
      afterReady('showOpenDialog');
      void withoutWindow(args);
      const path = answers.open.shift() ?? null;
      return path === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [path] };
    },
  };
}

function menuModule(): ModuleRecord {
  let applicationMenu: unknown = null;
  return {
    buildFromTemplate: (template: unknown) => ({ items: template }),
    setApplicationMenu: (menu: unknown) => {
      applicationMenu = menu;
    },
    getApplicationMenu: () => applicationMenu,
  };
}

function screenModule(runtime: Runtime): Record<string, () => unknown> {
  const screenReady = (): void =>
    runtime.requireReady(
      'screen before ready',
      'docs/api/screen.md ("cannot be used until the ready event")',
      () => new Error("The 'screen' module cannot be used before the app's ready event"),
    );
  return {
    getAllDisplays: () => {
      screenReady();
      return [structuredClone(DISPLAY)];
    },
    getPrimaryDisplay: () => {
      screenReady();
      return structuredClone(DISPLAY);
    },
  };
}

/** `shell`: what main asked for is recorded in `calls`. */
function shellModule(calls: StandInElectron['shellCalls']): ModuleRecord {
  return {
    async openExternal(url: unknown): Promise<void> {
      calls.openExternal.push(String(url));
    },
    showItemInFolder(path: unknown): void {
      calls.showItemInFolder.push(String(path));
    },
  };
}

// https://www.electronjs.org/docs/latest/api/clipboard#clipboardwritetexttext-type:
// writeText takes a string (Electron's argument conversion throws on anything else).
function clipboardModule(writes: string[]): StandInElectron['module']['clipboard'] {
  return {
    writeText(text: unknown): void {
      if (typeof text !== 'string') throw new TypeError('Error processing argument at index 0, conversion failure from ' + typeof text);
      writes.push(text);
    },
  };
}

/** `BrowserWindow`: windows in `env`, and its static lookups. */
function browserWindowClass(env: WindowEnvironment): StandInElectron['module']['BrowserWindow'] {
  const registry = env.registry;
  return class BrowserWindow extends BrowserWindowStandIn {
    constructor(windowOptions: BrowserWindowOptions = {}) {
      super(env, windowOptions);
    }
    static getAllWindows(): BrowserWindowStandIn[] {
      return [...registry.windows];
    }
    static getFocusedWindow(): BrowserWindowStandIn | null {
      return registry.focused && !registry.focused.isDestroyed() ? registry.focused : null;
    }
    static fromWebContents(contents: WebContentsStandIn): BrowserWindowStandIn | null {
      return registry.windows.find((window) => window.webContents === contents) ?? null;
    }
  };
}

export function createStandInElectron(options: StandInOptions): StandInElectron {
  const runtime = new Runtime(options);
  const registry = new WindowRegistry();
  const schemes = new SchemeRegistry();
  const ipcMain = new FakeIpcMain();
  const exits: number[] = [];
  const dialogAnswers: DialogAnswers = { save: [], open: [] };
  const shellCalls = { openExternal: [] as string[], showItemInFolder: [] as string[] };
  const clipboardWrites: string[] = [];
  const app = new AppStandIn(runtime, registry, {
    ...options,
    exit: (code) => {
      exits.push(code);
      options.exit?.(code);
    },
  });

  let defaultSession: SessionStandIn | null = null;
  const getDefaultSession = (): SessionStandIn => {
    // shell/browser/api/electron_api_session.cc; Electron's docs/api/session.md ("available after app.whenReady")
    runtime.requireReady(
      'session.defaultSession before ready',
      'shell/browser/api/electron_api_session.cc',
      () => new TypeError('Session can only be received when app is ready'),
    );
    defaultSession ??= new SessionStandIn(runtime, schemes);
    return defaultSession;
  };

  const env: WindowEnvironment = {
    runtime,
    schemes,
    session: getDefaultSession,
    ipcMain,
    registry,
    windowDestroyed: (window) => app.windowDestroyed(window),
    windowCloseCancelled: (window) => app.windowCloseCancelled(window),
    windowFocused: (window) => app.emit('browser-window-focus', { preventDefault() {} }, window),
  };

  const module: StandInElectron['module'] = {
    app,
    BrowserWindow: browserWindowClass(env),
    dialog: dialogModule(runtime, dialogAnswers),
    ipcMain,
    Menu: menuModule(),
    protocol: protocolModule(runtime, schemes, getDefaultSession),
    screen: screenModule(runtime),
    session: {
      get defaultSession(): SessionStandIn {
        return getDefaultSession();
      },
    },
    shell: shellModule(shellCalls),
    clipboard: clipboardModule(clipboardWrites),
  };
  return { runtime, registry, schemes, dialogAnswers, exits, shellCalls, clipboardWrites, module };
}
