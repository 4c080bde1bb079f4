// A renderer without a page: the real preload bundle runs the way Electron runs a
// sandboxed preload, and test code then uses what it exposed, as the page's scripts
// would. Electron's rules kept:
//
//   - a sandboxed preload is a function of (require, process, exports, module) whose
//     `require` knows only `electron` (contextBridge, ipcRenderer, ...), `events`,
//     `timers`, `url` and their node: forms; anything else throws
//     "module not found: <name>" (Electron's docs/tutorial/sandbox.md, lib/sandboxed_renderer/preload.ts);
//   - `contextBridge` works only with contextIsolation ("contextBridge API can only be
//     used when contextIsolation is enabled", Electron's lib/renderer/api/context-bridge.ts), will
//     not overwrite an existing global ("Cannot bind an API on top of an existing
//     property on the window object", shell/renderer/api/electron_api_context_bridge.cc),
//     and copies what crosses it: functions are proxied, objects and arrays copied
//     without prototypes, symbols dropped, errors copied (Electron's docs/api/context-bridge.md).
// The `ipcRenderer` it gets is the one fake of Electron's IPC
// (test/support/fake-electron-ipc.ts).

import { EventEmitter } from 'node:events';
import * as timers from 'node:timers';
import * as url from 'node:url';
import { createContext, runInContext } from 'node:vm';
import type { FakeIpcRenderer } from '../../support/fake-electron-ipc.js';

/** A copy of `value` as it arrives on the other side of the context bridge. */
export function bridgeCopy(value: unknown, seen = new WeakMap<object, unknown>()): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    return typeof value === 'symbol' ? undefined : value;
  }
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => bridgeCopy(fn(...args.map((arg) => bridgeCopy(arg))));
  }
  if (value instanceof Promise) return value.then((result) => bridgeCopy(result));
  if (value instanceof Error) return new Error(value.message);
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(bridgeCopy(item, seen));
    return copy;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null && !(value.constructor?.name === 'Object')) {
    // Cloneable types (Date, Map, typed arrays...) cross by structured clone.
    try {
      return structuredClone(value);
    } catch {
      // A class instance: its own values, without the prototype (below).
    }
  }
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const key of Object.keys(value)) copy[key] = bridgeCopy((value as Record<string, unknown>)[key], seen);
  return copy;
}

export interface PreloadResult {
  /** The page's global object: what `window.<key>` would see for every exposed key. */
  readonly world: Record<string, unknown>;
}

/** Runs a sandboxed preload bundle with `ipcRenderer` as its IPC. */
export function runSandboxedPreload(
  source: string,
  filename: string,
  options: { ipcRenderer: FakeIpcRenderer; contextIsolation: boolean },
): PreloadResult {
  const world: Record<string, unknown> = {};
  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown): void {
      if (!options.contextIsolation) throw new Error('contextBridge API can only be used when contextIsolation is enabled');
      if (Object.hasOwn(world, key)) throw new Error('Cannot bind an API on top of an existing property on the window object');
      world[key] = bridgeCopy(api);
    },
  };
  const electron = { contextBridge, ipcRenderer: options.ipcRenderer };
  const loadable = new Map<string, unknown>([
    ['electron', electron],
    ['events', EventEmitter],
    ['node:events', EventEmitter],
    ['timers', timers],
    ['node:timers', timers],
    ['url', url],
    ['node:url', url],
  ]);
  const preloadRequire = (name: string): unknown => {
    if (!loadable.has(name)) throw new Error(`module not found: ${name}`);
    return loadable.get(name);
  };
  const context = createContext({
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    Promise,
    Error,
    TypeError,
  });
  const fn = runInContext(`(function (require, process, exports, module) {${source}\n})`, context, { filename }) as (
    require: (name: string) => unknown,
    process: unknown,
    exports: Record<string, unknown>,
    module: { exports: Record<string, unknown> },
  ) => void;
  const exports: Record<string, unknown> = {};
  fn(preloadRequire, { type: 'renderer', sandboxed: true, contextIsolated: options.contextIsolation }, exports, { exports });
  return { world };
}
