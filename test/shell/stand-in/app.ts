// `app` for the stand-in Electron. Rules kept, each from Electron's docs or source:
//
//   - `app.setPath(name, path)`: the path must be absolute ("Path must be absolute"),
//     the name one `app.getPath` knows ("Failed to set path",
//     shell/browser/api/electron_api_app.cc), and "If the path specifies a directory
//     that does not exist, an Error is thrown" (Electron's docs/api/app.md);
//   - userData and sessionData are set before `ready` ("you have to override the
//     sessionData path before the ready event", Electron's docs/api/app.md) and before the
//     single-instance lock, which Chromium takes in the user data folder. Electron
//     does not throw for these; the stand-in does, so the mistake shows;
//   - 'second-instance' "is guaranteed to be emitted after the ready event"
//     (Electron's docs/api/app.md), with the second instance's additionalData as JSON;
//   - `app.quit()` (shell/browser/browser.cc `Browser::Quit`): 'before-quit'
//     (cancellable), then every window gets 'close' (cancelling one cancels the
//     quit), then 'will-quit' (cancellable), then 'quit'; 'window-all-closed' is not
//     emitted on this path. Closing the last window otherwise emits
//     'window-all-closed', and with no listener the app quits (Electron's docs/api/app.md);
//   - `app.exit(code)`: windows are destroyed without 'close', no 'before-quit' and
//     no 'will-quit' (Electron's docs/api/app.md), then 'quit' and the exit code.

import { EventEmitter } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { StandInEvent, type Runtime } from './runtime.js';
import { SingleInstanceLock, type InstanceMessage } from './single-instance.js';
import type { BrowserWindowStandIn, WindowRegistry } from './windows.js';

const APP_MD = 'docs/api/app.md';

export interface AppOptions {
  readonly packaged: boolean;
  /** app.getAppPath(): the app folder in development, <resources>/app.asar packaged. */
  readonly appPath: string;
  readonly name: string;
  readonly version: string;
  readonly exePath: string;
  /** Ends the process (the runner) or records the code (in-process tests). */
  readonly exit: (code: number) => void;
}

export class AppStandIn extends EventEmitter {
  readonly isPackaged: boolean;
  readonly recentDocuments: string[] = [];
  readonly #runtime: Runtime;
  readonly #registry: WindowRegistry;
  readonly #options: AppOptions;
  readonly #paths = new Map<string, string>();
  readonly #readyWaiters: (() => void)[] = [];
  readonly #pendingInstances: InstanceMessage[] = [];
  #lock: SingleInstanceLock | null = null;
  /** The delivery to the first instance, which a quitting second instance waits for. */
  #pendingDelivery: Promise<void> | null = null;
  #quitting = false;
  #exitCode = 0;
  #exiting = false;
  #shutDown = false;

  constructor(runtime: Runtime, registry: WindowRegistry, options: AppOptions) {
    super();
    this.#runtime = runtime;
    this.#registry = registry;
    this.#options = options;
    this.isPackaged = options.packaged;
    const home = homedir();
    const appData =
      process.platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : process.platform === 'win32'
          ? (process.env['APPDATA'] ?? join(home, 'AppData', 'Roaming'))
          : (process.env['XDG_CONFIG_HOME'] ?? join(home, '.config'));
    const userData = join(appData, options.name);
    for (const [name, path] of Object.entries({
      home,
      appData,
      userData,
      sessionData: userData,
      temp: tmpdir(),
      exe: options.exePath,
      module: options.exePath,
      desktop: join(home, 'Desktop'),
      documents: join(home, 'Documents'),
      downloads: join(home, 'Downloads'),
      music: join(home, 'Music'),
      pictures: join(home, 'Pictures'),
      videos: join(home, 'Videos'),
      recent: join(home, 'Recent'),
      logs: join(userData, 'logs'),
      crashDumps: join(userData, 'Crashpad'),
    })) {
      this.#paths.set(name, path);
    }
  }

  get name(): string {
    return this.#options.name;
  }

  getName(): string {
    return this.#options.name;
  }

  getVersion(): string {
    return this.#options.version;
  }

  getAppPath(): string {
    return this.#options.appPath;
  }

  isReady(): boolean {
    return this.#runtime.ready;
  }

  whenReady(): Promise<void> {
    if (this.#runtime.ready) return Promise.resolve();
    return new Promise((resolve) => this.#readyWaiters.push(resolve));
  }

  getPath(name: string): string {
    const path = this.#paths.get(name);
    if (path === undefined) throw new Error(`Failed to get '${name}' path`);
    return path;
  }

  setPath(name: string, path: string): void {
    if (!isAbsolute(path))
      throw this.#runtime.broken(
        'app.setPath with a relative path',
        'shell/browser/api/electron_api_app.cc',
        new Error('Path must be absolute'),
      );
    if (!this.#paths.has(name))
      throw this.#runtime.broken(
        'app.setPath with an unknown name',
        'shell/browser/api/electron_api_app.cc',
        new Error('Failed to set path'),
      );
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      throw this.#runtime.broken(
        'app.setPath to a folder that does not exist',
        `${APP_MD} (setPath)`,
        new Error(`Failed to set path: ${path} is not an existing directory`),
      );
    }
    if ((name === 'userData' || name === 'sessionData') && this.#runtime.ready) {
      throw this.#runtime.broken(
        `app.setPath('${name}') after ready`,
        `${APP_MD} (setPath: "before the ready event")`,
        new Error(`app.setPath('${name}') after ready: Chromium already keeps this session's data in ${this.getPath('sessionData')}`),
      );
    }
    if (name === 'userData' && this.#lock !== null) {
      throw this.#runtime.broken(
        "app.setPath('userData') after requestSingleInstanceLock",
        'chrome ProcessSingleton (the lock lives in the user data folder)',
        new Error(`app.setPath('userData') after requestSingleInstanceLock: the lock stays in ${this.#lock.dir}`),
      );
    }
    this.#paths.set(name, path);
    // Electron derives these from userData.
    if (name === 'userData') {
      this.#paths.set('sessionData', path);
      this.#paths.set('logs', join(path, 'logs'));
    }
  }

  addRecentDocument(path: string): void {
    this.recentDocuments.push(path);
  }

  clearRecentDocuments(): void {
    this.recentDocuments.length = 0;
  }

  focus(): void {
    // Nothing to do without a window system.
  }

  // ---- single instance

  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    if (this.#lock?.owned) return true;
    const lock = new SingleInstanceLock(this.getPath('userData'));
    const message: InstanceMessage = {
      argv: process.argv,
      cwd: process.cwd(),
      additionalData: JSON.parse(JSON.stringify(additionalData ?? {})) as unknown,
    };
    const result = lock.request(message, (received) => this.#secondInstance(received));
    this.#lock = lock;
    if (result.acquired) {
      process.once('exit', () => lock.release());
      return true;
    }
    this.#pendingDelivery = result.delivered;
    return false;
  }

  get pendingDelivery(): Promise<void> | null {
    return this.#pendingDelivery;
  }

  hasSingleInstanceLock(): boolean {
    return this.#lock?.owned ?? false;
  }

  releaseSingleInstanceLock(): void {
    this.#lock?.release();
    this.#runtime.report({ type: 'app', name: 'lock-released' });
  }

  #secondInstance(message: InstanceMessage): void {
    if (!this.#runtime.ready) {
      this.#pendingInstances.push(message);
      return;
    }
    this.#runtime.report({ type: 'app', name: 'second-instance', detail: message.additionalData });
    this.emit('second-instance', new StandInEvent(), [...message.argv], message.cwd, message.additionalData);
  }

  // ---- the start sequence (driven by the runner)

  /** macOS hands over a double-clicked file, possibly before `ready`. */
  emitOpenFile(path: string): void {
    const event = new StandInEvent();
    this.emit('open-file', event, path);
    this.#runtime.report({ type: 'app', name: 'open-file', prevented: event.defaultPrevented, detail: path });
  }

  emitReady(): void {
    this.emit('will-finish-launching');
    this.#runtime.ready = true;
    this.#runtime.report({ type: 'app', name: 'ready' });
    this.emit('ready', new StandInEvent(), {});
    for (const resolve of this.#readyWaiters.splice(0)) resolve();
    for (const message of this.#pendingInstances.splice(0)) this.#secondInstance(message);
  }

  // ---- quitting (shell/browser/browser.cc)

  quit(): void {
    if (this.#quitting) return;
    const event = new StandInEvent();
    this.emit('before-quit', event);
    this.#runtime.report({ type: 'app', name: 'before-quit', prevented: event.defaultPrevented });
    if (event.defaultPrevented) return;
    this.#quitting = true;
    if (this.#registry.windows.length === 0) {
      this.#notifyAndShutdown();
      return;
    }
    for (const window of [...this.#registry.windows]) {
      if (!this.#quitting) break;
      if (!window.isDestroyed()) window.close();
    }
  }

  exit(code = 0): void {
    this.#exiting = true;
    this.#quitting = true;
    this.#exitCode = code;
    this.#runtime.report({ type: 'app', name: 'exit', detail: code });
    // Windows are destroyed without 'close'; the last one ends in #shutdown (windowDestroyed).
    if (this.#registry.windows.length === 0) this.#shutdown(code);
    else for (const window of [...this.#registry.windows]) window.destroy();
  }

  windowDestroyed(_window: BrowserWindowStandIn): void {
    if (this.#registry.windows.length > 0) return;
    if (this.#exiting) {
      this.#shutdown(this.#exitCode);
    } else if (this.#quitting) {
      this.#notifyAndShutdown();
    } else {
      this.#runtime.report({ type: 'app', name: 'window-all-closed' });
      if (this.listenerCount('window-all-closed') > 0) this.emit('window-all-closed');
      else this.quit();
    }
  }

  windowCloseCancelled(_window: BrowserWindowStandIn): void {
    if (this.#quitting) this.#runtime.report({ type: 'app', name: 'quit-cancelled' });
    this.#quitting = false;
  }

  #notifyAndShutdown(): void {
    if (this.#shutDown) return;
    const event = new StandInEvent();
    this.emit('will-quit', event);
    this.#runtime.report({ type: 'app', name: 'will-quit', prevented: event.defaultPrevented });
    if (event.defaultPrevented) {
      this.#quitting = false;
      return;
    }
    this.#shutdown(0);
  }

  #shutdown(code: number): void {
    if (this.#shutDown) return;
    this.#shutDown = true;
    this.#quitting = true;
    this.emit('quit', new StandInEvent(), code);
    this.#runtime.report({ type: 'app', name: 'quit', detail: code });
    this.#options.exit(code);
  }
}
