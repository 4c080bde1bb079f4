// Real Chromium (Debian's, through playwright-core) showing Roster's renderer the way
// Electron would, minus Electron:
//
//   - the page is served from an origin standing in for `roster://app`
//     (https://roster.invalid), by the same resolver and with the same
//     Content-Security-Policy header the app's protocol handler uses
//     (main/kernel/node/ipc/app-protocol.ts); every other request is aborted;
//   - the real preload bundle (built from main/app/preload with the production esbuild
//     settings) runs before the page's scripts, with a stand-in `require('electron')`:
//     `contextBridge.exposeInMainWorld` defines a frozen, read-only global, and
//     `ipcRenderer.invoke` structured-clones its arguments (so functions and symbols
//     fail as in Electron) and reaches the window's session through the production
//     binding (bindSession), with the same sender check: main frame, app origin;
//   - session events reach `ipcRenderer.on` listeners as `(event, payload)`;
//   - `webUtils.getPathForFile` behaves like Electron's: it throws for anything that is
//     not a File, gives the path of a file that came from the disk, and '' for a File
//     the page made itself (from a Blob). Files "from the disk" are the ones
//     `dropFiles` (test/browser/drop-files.ts) drops, as a person dragging them from a file manager would.
//
// Usage:
//   const browser = await launchChromium();
//   const { page, close } = await openRosterPage(browser, session, { view: 'workspace' });

import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { appPageUrl, resolveAppFile } from '../../main/kernel/node/ipc/app-protocol.js';
import { isAppUrl } from '../../main/kernel/node/ipc/app-protocol.js';
import { bindSession } from '../../main/kernel/node/ipc/ipc-binding.js';
import type { WindowSession } from '../../main/kernel/node/ipc/window-session.js';
import { electronClone } from './fake-electron-ipc.js';
import { REPO_ROOT } from './workspace-fixtures.js';

export const CHROMIUM_PATH = process.env['ROSTER_CHROMIUM'] ?? '/usr/bin/chromium';
/** Stands in for roster://app: a secure origin that cannot exist on the network. */
export const TEST_APP_ORIGIN = 'https://roster.invalid';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

let preloadBuild: Promise<string> | undefined;

/** The preload bundle, built once per test process from the current sources with the production settings. */
export function preloadBundle(): Promise<string> {
  preloadBuild ??= (async () => {
    const dir = join(tmpdir(), `roster-preload-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, 'preload.cjs');
    // The production build settings (scripts/build.mjs has no type declarations).
    const buildScript = join(REPO_ROOT, 'scripts', 'build.mjs');
    const { builds } = (await import(pathToFileURL(buildScript).href)) as { builds: Record<string, esbuild.BuildOptions> };
    await esbuild.build({ ...builds['preload'], absWorkingDir: REPO_ROOT, outfile, logLevel: 'silent' });
    return readFileSync(outfile, 'utf8');
  })();
  return preloadBuild;
}

export interface RosterPageOptions {
  readonly view?: 'launcher' | 'workspace';
  readonly colorScheme?: 'light' | 'dark';
  readonly viewport?: { width: number; height: number };
  /**
   * Device pixels per CSS pixel. With the viewport in CSS pixels this is how browser
   * zoom lays out: a 1100 × 760 window at 200% zoom is `{ width: 550, height: 380 }`
   * with `zoom: 2` (and `window.devicePixelRatio` is 2, as in Chromium's own zoom).
   */
  readonly zoom?: number;
  /** Folder served as the app (default dist/renderer: run `npm run build` first). */
  readonly rendererDir?: string;
  /** Page to open instead of index.html?view=..., relative to the origin (e.g. '/other.html'). */
  readonly path?: string;
  /** Lets the page read the clipboard (navigator.clipboard.readText) so tests can check what it wrote. */
  readonly clipboard?: boolean;
}

const DELIVER = 'roster.test.deliver';
/** Where the stand-in for webUtils learns which Files came from the disk (see test/browser/drop-files.ts). */
export const DISK_FILES = 'roster.test.disk-files';

function standInScript(preloadSource: string): string {
  return `(() => {
  const deliver = Symbol.for(${JSON.stringify(DELIVER)});
  const bridge = globalThis.__rosterIpcBridge;
  const listeners = new Map();
  const ipcRenderer = {
    invoke(channel, ...args) {
      let cloned;
      try { cloned = structuredClone(args); } catch (error) { return Promise.reject(new Error('An object could not be cloned.')); }
      return bridge(String(channel), cloned);
    },
    on(channel, listener) { listeners.set(channel, [...(listeners.get(channel) || []), listener]); return ipcRenderer; },
    removeListener(channel, listener) {
      const list = listeners.get(channel) || [];
      const at = list.indexOf(listener);
      if (at >= 0) list.splice(at, 1);
      return ipcRenderer;
    },
  };
  Object.defineProperty(globalThis, deliver, {
    value: (channel, payload) => {
      for (const listener of [...(listeners.get(channel) || [])]) listener({ sender: ipcRenderer }, structuredClone(payload));
    },
  });
  // contextBridge copies the API into the page's world; functions become proxies and
  // objects are frozen, so the page cannot reach or change what the preload holds.
  const exposeCopy = (value) => {
    if (typeof value === 'function') { const proxy = (...args) => value(...args); return Object.freeze(proxy); }
    if (value && typeof value === 'object') {
      const out = {};
      for (const key of Object.keys(value)) out[key] = exposeCopy(value[key]);
      return Object.freeze(out);
    }
    return value;
  };
  const contextBridge = {
    exposeInMainWorld(key, api) {
      Object.defineProperty(globalThis, key, { value: exposeCopy(api), enumerable: true, writable: false, configurable: false });
    },
  };
  // Electron knows the path of a File that came from the disk; the stand-in learns it
  // from dropFiles(), and any other File (made by the page from a Blob) has none.
  const diskPaths = new WeakMap();
  Object.defineProperty(globalThis, Symbol.for(${JSON.stringify(DISK_FILES)}), { value: (file, path) => diskPaths.set(file, path) });
  const webUtils = {
    getPathForFile(file) {
      if (!(file instanceof File)) throw new TypeError('Error processing argument at index 0, conversion failure from ' + typeof file);
      return diskPaths.get(file) ?? '';
    },
  };
  const require = (name) => {
    if (name === 'electron') return { contextBridge, ipcRenderer, webUtils };
    throw new Error('Cannot find module ' + JSON.stringify(name));
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${preloadSource}
  })(require, module, module.exports);
})();`;
}

export async function openRosterPage(
  browser: Browser,
  session: WindowSession,
  options: RosterPageOptions = {},
): Promise<{ page: Page; close(): Promise<void> }> {
  const rendererDir = options.rendererDir ?? join(REPO_ROOT, 'dist', 'renderer');
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1200, height: 800 },
    deviceScaleFactor: options.zoom ?? 1,
    serviceWorkers: 'block',
  });
  if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: TEST_APP_ORIGIN });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (!url.startsWith(`${TEST_APP_ORIGIN}/`)) return route.abort('blockedbyclient');
    const resolved = resolveAppFile(url, rendererDir, TEST_APP_ORIGIN);
    if (!resolved.ok) return route.fulfill({ status: resolved.status, body: '' });
    return route.fulfill({ status: 200, headers: resolved.headers, body: readFileSync(resolved.file) });
  });

  const page = await context.newPage();
  type HarnessEvent = { senderFrame: { url: string } | null; main: boolean };
  const handlers = new Map<string, (event: HarnessEvent, ...args: unknown[]) => Promise<unknown>>();
  let pending: Promise<unknown> = Promise.resolve();
  const unbind = bindSession<HarnessEvent>(
    {
      handle: (channel, listener) => {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, listener);
      },
      removeHandler: (channel) => handlers.delete(channel),
      send: (channel, payload) => {
        const cloned = electronClone(payload);
        pending = pending
          .then(() =>
            page.evaluate(
              ([name, key, data]) =>
                (globalThis as unknown as Record<symbol, (c: string, p: unknown) => void>)[Symbol.for(key)]?.(name, data),
              [channel, DELIVER, cloned] as const,
            ),
          )
          .catch(() => undefined);
      },
    },
    session,
    { isTrustedSender: (event) => event.main && event.senderFrame !== null && isAppUrl(event.senderFrame.url, TEST_APP_ORIGIN) },
  );
  await page.exposeBinding('__rosterIpcBridge', async (source, channel: string, args: unknown[]) => {
    const handler = handlers.get(channel);
    try {
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      const event = { senderFrame: { url: source.frame.url() }, main: source.frame === source.page.mainFrame() };
      return electronClone(await handler(event, ...electronClone(args)));
    } catch (error) {
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, { cause: error });
    }
  });
  await page.addInitScript({ content: standInScript(await preloadBundle()) });
  await page.goto(options.path ? `${TEST_APP_ORIGIN}${options.path}` : appPageUrl(options.view ?? 'workspace', TEST_APP_ORIGIN));
  return {
    page,
    async close() {
      unbind();
      await pending;
      await context.close();
    },
  };
}
