// The stand-in Electron is there to catch Roster's mistakes, so it is held to
// Electron's rules here: each rule it claims, with Electron's own messages, and the
// orders of events. In-process, one fresh stand-in per test.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../support/workspace-fixtures.js';
import { createStandInElectron, type StandInElectron } from './stand-in/electron.js';
import { FakeIpcRenderer } from '../support/fake-electron-ipc.js';
import { bridgeCopy, runSandboxedPreload } from './stand-in/renderer.js';
import type { StandInEvent } from './stand-in/runtime.js';
import type { BrowserWindowStandIn } from './stand-in/windows.js';

afterAll(removeTempDirs);

const PAGE = '<!doctype html><link rel="stylesheet" href="./app.css"><script type="module" src="./app.js"></script>';

function standIn(): StandInElectron {
  return createStandInElectron({ packaged: false, appPath: '/app', name: 'Roster', version: '0.0.0', exePath: '/electron' });
}

/** A stand-in past `ready`, with roster:// registered standard and served, and one loaded window. */
async function withWindow(register = true): Promise<{ e: StandInElectron; win: BrowserWindowStandIn }> {
  const e = standIn();
  if (register)
    (e.module.protocol['registerSchemesAsPrivileged'] as (s: unknown) => void)([
      { scheme: 'roster', privileges: { standard: true, secure: true } },
    ]);
  e.module.app.emitReady();
  (e.module.protocol['handle'] as (scheme: string, handler: (request: Request) => Response) => void)('roster', (request) =>
    new URL(request.url).pathname === '/index.html' ? new Response(PAGE, { headers: { 'content-type': 'text/html' } }) : new Response('x'),
  );
  const win = new e.module.BrowserWindow({ show: false });
  await win.loadURL('roster://app/index.html');
  return { e, win };
}

const rules = (e: StandInElectron) => e.runtime.violations.map((violation) => violation.rule);

describe('before and after ready', () => {
  it('allows scheme registration once, before ready; windows, sessions, protocol handlers, screen and dialogs only after', async () => {
    const e = standIn();
    const { protocol, BrowserWindow, session, screen, dialog, app } = e.module;
    const register = protocol['registerSchemesAsPrivileged'] as (schemes: unknown) => void;
    register([{ scheme: 'roster', privileges: { standard: true } }]);
    expect(() => register([])).toThrow('can be called only once');
    expect(() => new BrowserWindow()).toThrow('Cannot create BrowserWindow before app is ready');
    expect(() => session.defaultSession).toThrow(new TypeError('Session can only be received when app is ready'));
    expect(() => (protocol['handle'] as (s: string, h: () => Response) => void)('roster', () => new Response(''))).toThrow(
      'Session can only be received when app is ready',
    );
    expect(() => screen['getAllDisplays']?.()).toThrow("cannot be used before the app's ready event");
    await expect(dialog['showMessageBox']?.({ message: 'x' }) as Promise<unknown>).rejects.toThrow(
      'dialog.showMessageBox cannot be used before the app is ready',
    );
    dialog['showErrorBox']?.('Early', 'fine before ready');
    expect(rules(e)).toEqual([
      'protocol.registerSchemesAsPrivileged twice',
      'BrowserWindow before ready',
      'session.defaultSession before ready',
      'session.defaultSession before ready',
      'screen before ready',
      'dialog.showMessageBox before ready',
    ]);
    let ready = false;
    void app.whenReady().then(() => (ready = true));
    app.emitReady();
    await Promise.resolve();
    expect(ready).toBe(true);
    expect(() => register([])).toThrow('protocol.registerSchemesAsPrivileged should be called before app is ready');
    expect(new BrowserWindow({ show: false }).isDestroyed()).toBe(false);
  });

  it('app.setPath: absolute, a known name, an existing folder; userData before ready and before the lock', () => {
    const e = standIn();
    const { app } = e.module;
    const dir = makeTempDir('user-data');
    expect(() => app.setPath('userData', 'relative/dir')).toThrow('Path must be absolute');
    expect(() => app.setPath('nonsense', dir)).toThrow('Failed to set path');
    expect(() => app.setPath('userData', join(dir, 'not-yet'))).toThrow('is not an existing directory');
    app.setPath('userData', dir);
    expect([app.getPath('userData'), app.getPath('sessionData')]).toEqual([dir, dir]);
    expect(app.requestSingleInstanceLock({})).toBe(true);
    expect(() => app.setPath('userData', makeTempDir('other'))).toThrow('after requestSingleInstanceLock');
    app.releaseSingleInstanceLock();
    app.emitReady();
    expect(() => app.setPath('sessionData', makeTempDir('late'))).toThrow("app.setPath('sessionData') after ready");
  });
});

describe('IPC', () => {
  it('has one invoke handler per channel, and prefers webContents.ipc over ipcMain', async () => {
    const { e, win } = await withWindow();
    const contents = win.webContents;
    contents.ipc.handle('who', () => 'contents');
    e.module.ipcMain.handle('who', () => 'global');
    expect(() => contents.ipc.handle('who', () => 'again')).toThrow("Attempted to register a second handler for 'who'");
    expect(await contents.rendererIpc.invoke('who')).toBe('contents');
    contents.ipc.removeHandler('who');
    expect(await contents.rendererIpc.invoke('who')).toBe('global');
  });

  it('clones arguments and results, and delivers failures as Electron does', async () => {
    const { e, win } = await withWindow();
    const { ipc, rendererIpc } = win.webContents;
    class Point {
      constructor(readonly x: number) {}
      double(): number {
        return this.x * 2;
      }
    }
    ipc.handle('echo', (_event, value) => value);
    ipc.handle('point', () => new Point(2));
    ipc.handle('boom', () => {
      throw new Error('boom');
    });
    ipc.handle('fn', () => () => 1);
    const sent = { nested: [1, 2] };
    const echoed = (await rendererIpc.invoke('echo', sent)) as typeof sent;
    expect(echoed).toEqual(sent);
    expect(echoed).not.toBe(sent);
    expect(await rendererIpc.invoke('point')).toEqual({ x: 2 });
    expect(Object.getPrototypeOf(await rendererIpc.invoke('point'))).toBe(Object.prototype);
    await expect(rendererIpc.invoke('echo', () => 1)).rejects.toThrow('An object could not be cloned.');
    await expect(rendererIpc.invoke('echo', Symbol('s'))).rejects.toThrow('An object could not be cloned.');
    await expect(rendererIpc.invoke('boom')).rejects.toThrow("Error invoking remote method 'boom': Error: boom");
    await expect(rendererIpc.invoke('fn')).rejects.toThrow("Error invoking remote method 'fn': Error: An object could not be cloned.");
    await expect(rendererIpc.invoke('none')).rejects.toThrow(
      "Error invoking remote method 'none': Error: No handler registered for 'none'",
    );
    expect(
      e.runtime.events.filter((event) => event.type === 'console').map((event) => (event.type === 'console' ? event.text : '')),
    ).toEqual([
      "Error occurred in handler for 'boom': Error: boom",
      "Error occurred in handler for 'fn': Error: An object could not be cloned.",
      "Error occurred in handler for 'none': Error: No handler registered for 'none'",
    ]);
  });

  it('describes senders with new WebFrameMain objects that agree on process and routing id', async () => {
    const { win } = await withWindow();
    const contents = win.webContents;
    const seen: { senderFrame: { url: string; origin: string; parent: unknown; processId: number; routingId: number } | null }[] = [];
    contents.ipc.handle('who', (event) => {
      seen.push(event as (typeof seen)[number]);
      return null;
    });
    await contents.rendererIpc.invoke('who');
    await contents.subFrameIpc('https://evil.example/x').invoke('who');
    const [main, sub] = seen.map((event) => event.senderFrame);
    expect(main).not.toBe(contents.mainFrame);
    expect(contents.mainFrame).not.toBe(contents.mainFrame);
    expect([main?.processId, main?.routingId]).toEqual([contents.mainFrame.processId, contents.mainFrame.routingId]);
    expect(main).toMatchObject({ url: 'roster://app/index.html', origin: 'roster://app', parent: null });
    expect(sub).toMatchObject({
      url: 'https://evil.example/x',
      origin: 'https://evil.example',
      parent: { routingId: contents.mainFrame.routingId },
    });
  });

  it('gives a page of a scheme not registered standard an opaque origin', async () => {
    const { win } = await withWindow(false);
    expect(win.webContents.mainFrame.origin).toBe('null');
  });

  it('sends events to the renderer asynchronously, cloned, with the event first', async () => {
    const { win } = await withWindow();
    const got: unknown[][] = [];
    win.webContents.rendererIpc.on('evt', (...args: unknown[]) => got.push(args));
    const payload = { n: 1 };
    win.webContents.send('evt', payload);
    expect(got).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(got[0]?.[1]).toEqual(payload);
    expect(got[0]?.[1]).not.toBe(payload);
    expect(got[0]?.[0]).toHaveProperty('sender');
    expect(() => win.webContents.send('evt', () => 1)).toThrow('An object could not be cloned.');
  });
});

describe('destroyed objects', () => {
  it('throw "Object has been destroyed" from native methods; events and webContents.ipc stay reachable', async () => {
    const { win } = await withWindow();
    const contents = win.webContents;
    win.destroy();
    for (const call of [
      () => win.focus(),
      () => win.getTitle(),
      () => win.webContents,
      () => contents.mainFrame,
      () => contents.send('x'),
      () => contents.getURL(),
    ]) {
      expect(call).toThrow(new TypeError('Object has been destroyed'));
    }
    expect(win.isDestroyed()).toBe(true);
    expect(contents.isDestroyed()).toBe(true);
    expect(() => contents.ipc.removeHandler('x')).not.toThrow();
    expect(() => win.on('closed', () => undefined)).not.toThrow();
  });
});

describe('protocol.handle', () => {
  async function served(handler: (request: Request) => unknown) {
    const e = standIn();
    (e.module.protocol['registerSchemesAsPrivileged'] as (s: unknown) => void)([{ scheme: 'roster', privileges: { standard: true } }]);
    e.module.app.emitReady();
    const handle = e.module.protocol['handle'] as (scheme: string, h: (request: Request) => unknown) => void;
    handle('roster', handler);
    return { e, handle, session: e.module.session.defaultSession };
  }

  it('registers a scheme once', async () => {
    const { handle } = await served(() => new Response(''));
    expect(() => handle('roster', () => new Response(''))).toThrow('Failed to register protocol: roster');
  });

  it('takes a Response: a status (404 included), headers and body; anything else fails the request', async () => {
    const answers: unknown[] = [
      new Response('hi', { status: 200, headers: { 'x-a': '1' } }),
      new Response(null, { status: 404 }),
      'not a response',
      Response.error(),
    ];
    const { e, session } = await served(() => {
      const next = answers.shift();
      if (next === undefined) throw new Error('handler broke');
      return next;
    });
    expect(await session.request('roster://app/a')).toMatchObject({
      ok: true,
      status: 200,
      headers: { 'x-a': '1' },
      body: Buffer.from('hi'),
    });
    expect(await session.request('roster://app/b')).toMatchObject({ ok: true, status: 404 });
    expect(await session.request('roster://app/c')).toMatchObject({ ok: false, error: 'net::ERR_UNEXPECTED' });
    expect(await session.request('roster://app/d')).toMatchObject({ ok: false, error: 'net::ERR_FAILED' });
    expect(await session.request('roster://app/e')).toMatchObject({ ok: false, error: 'net::ERR_UNEXPECTED' });
    expect(await session.request('other://x/')).toMatchObject({ ok: false, error: 'net::ERR_UNKNOWN_URL_SCHEME' });
    expect(e.runtime.events.filter((event) => event.type === 'console')).toHaveLength(2);
  });

  it('fails a page load on an empty error response, and lets webRequest cancel requests first', async () => {
    const { e, session } = await served((request) =>
      request.url.endsWith('/gone') ? new Response(null, { status: 404 }) : new Response('<p>ok</p>'),
    );
    const win = new e.module.BrowserWindow({ show: false });
    await expect(win.loadURL('roster://app/gone')).rejects.toThrow("ERR_HTTP_RESPONSE_CODE_FAILURE loading 'roster://app/gone'");
    session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('roster:') }));
    expect(await session.request('https://example.com/')).toMatchObject({ ok: false, error: 'net::ERR_BLOCKED_BY_CLIENT' });
    // A standard scheme's URLs are canonicalized like http ones before anyone sees them.
    expect(await session.request('roster://APP/a/../b')).toMatchObject({ ok: true, url: 'roster://app/b' });
  });
});

describe('quitting', () => {
  async function twoWindows() {
    const { e, win } = await withWindow();
    const other = new e.module.BrowserWindow({ show: false });
    const names = () =>
      e.runtime.events.flatMap((event) =>
        event.type === 'app' && event.name !== 'ready' ? [event.prevented ? `${event.name} (prevented)` : event.name] : [],
      );
    return { e, wins: [win, other], app: e.module.app, names };
  }

  it('before-quit, then every window closes, then will-quit and quit; no window-all-closed', async () => {
    const { e, wins, app, names } = await twoWindows();
    const closes: number[] = [];
    for (const win of wins) win.on('close', () => closes.push(win.id));
    app.on('window-all-closed', () => undefined);
    app.quit();
    expect(names()).toEqual(['before-quit', 'will-quit', 'quit']);
    expect(closes).toEqual(wins.map((win) => win.id));
    expect(e.exits).toEqual([0]);
  });

  it("can be cancelled by before-quit, by a window's close, and by will-quit", async () => {
    const { e, wins, app, names } = await twoWindows();
    app.once('before-quit', (event: StandInEvent) => event.preventDefault());
    app.quit();
    expect(wins.every((win) => !win.isDestroyed())).toBe(true);
    wins[1]?.once('close', (event: StandInEvent) => event.preventDefault());
    app.quit();
    expect(wins.map((win) => win.isDestroyed())).toEqual([true, false]);
    app.once('will-quit', (event: StandInEvent) => event.preventDefault());
    app.quit();
    expect(names()).toEqual(['before-quit (prevented)', 'before-quit', 'quit-cancelled', 'before-quit', 'will-quit (prevented)']);
    expect(e.exits).toEqual([]);
  });

  it('emits window-all-closed when the last window closes otherwise, and quits itself without a listener', async () => {
    const listening = await twoWindows();
    let allClosed = 0;
    listening.app.on('window-all-closed', () => allClosed++);
    for (const win of listening.wins) win.close();
    expect(allClosed).toBe(1);
    expect(listening.e.exits).toEqual([]);
    const bare = await twoWindows();
    for (const win of bare.wins) win.close();
    expect(bare.names()).toEqual(['window-all-closed', 'before-quit', 'will-quit', 'quit']);
    expect(bare.e.exits).toEqual([0]);
  });

  it('app.exit destroys windows without close, skips before-quit and will-quit, and exits with the code', async () => {
    const { e, wins, app, names } = await twoWindows();
    let closeEvents = 0;
    for (const win of wins) win.on('close', () => closeEvents++);
    app.exit(3);
    expect(closeEvents).toBe(0);
    expect(wins.every((win) => win.isDestroyed())).toBe(true);
    expect(names()).toEqual(['exit', 'quit']);
    expect(e.exits).toEqual([3]);
  });
});

describe('the single-instance lock', () => {
  it("sends the second instance's JSON data to the first, which hears it only after ready", async () => {
    const userData = makeTempDir('lock');
    const first = standIn();
    const second = standIn();
    first.module.app.setPath('userData', userData);
    second.module.app.setPath('userData', userData);
    const heard: unknown[] = [];
    first.module.app.on('second-instance', (_event: unknown, _argv: unknown, cwd: unknown, data: unknown) => heard.push([cwd, data]));
    expect(first.module.app.requestSingleInstanceLock({ version: 1, path: null })).toBe(true);
    expect(second.module.app.requestSingleInstanceLock({ version: 1, path: '/w.roster', dropped: () => 1 })).toBe(false);
    await second.module.app.pendingDelivery;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).toEqual([]);
    first.module.app.emitReady();
    expect(heard).toEqual([[process.cwd(), { version: 1, path: '/w.roster' }]]);
    first.module.app.releaseSingleInstanceLock();
    const third = standIn();
    third.module.app.setPath('userData', userData);
    expect(third.module.app.requestSingleInstanceLock({})).toBe(true);
    third.module.app.releaseSingleInstanceLock();
  });
});

describe('the sandboxed preload', () => {
  const ipcRenderer = () =>
    new FakeIpcRenderer({
      targets: () => [],
      event: () => {
        throw new Error('no handlers, so no event');
      },
    });

  it('can require only electron, events, timers and url', () => {
    for (const name of ['electron', 'events', 'node:events', 'timers', 'url']) {
      expect(() =>
        runSandboxedPreload(`require(${JSON.stringify(name)})`, 'p.js', { ipcRenderer: ipcRenderer(), contextIsolation: true }),
      ).not.toThrow();
    }
    for (const name of ['fs', 'node:fs', 'child_process', 'path', 'better-sqlite3']) {
      expect(() =>
        runSandboxedPreload(`require(${JSON.stringify(name)})`, 'p.js', { ipcRenderer: ipcRenderer(), contextIsolation: true }),
      ).toThrow(`module not found: ${name}`);
    }
  });

  it('exposes through contextBridge only with contextIsolation, once per key, as copies', () => {
    const expose =
      "const { contextBridge } = require('electron'); contextBridge.exposeInMainWorld('api', { n: 1, f: (x) => x, s: Symbol('x') });";
    expect(() => runSandboxedPreload(expose, 'p.js', { ipcRenderer: ipcRenderer(), contextIsolation: false })).toThrow(
      'contextBridge API can only be used when contextIsolation is enabled',
    );
    expect(() =>
      runSandboxedPreload(`{ ${expose} }\n{ ${expose} }`, 'p.js', { ipcRenderer: ipcRenderer(), contextIsolation: true }),
    ).toThrow('Cannot bind an API on top of an existing property on the window object');
    const { world } = runSandboxedPreload(expose, 'p.js', { ipcRenderer: ipcRenderer(), contextIsolation: true });
    const api = world['api'] as { n: number; f: (x: unknown) => unknown; s: unknown };
    expect(api.n).toBe(1);
    expect(api.s).toBeUndefined();
    const arg = { deep: { v: 1 } };
    const back = api.f(arg) as typeof arg;
    expect(back).toEqual(arg);
    expect(back).not.toBe(arg);
    class WithMethod {
      v = 1;
      m(): number {
        return 1;
      }
    }
    expect((bridgeCopy(new WithMethod()) as { m?: unknown }).m).toBeUndefined();
  });
});
