// The sandboxed preload: builds `window.roster` from the IPC contract's preload table
// and nothing else. It is bundled into one CommonJS file (a sandboxed preload cannot
// load modules); only `electron` stays outside the bundle, and Electron provides it.
// The table is plain data the build derives from the feature contracts
// (rosterPreloadTable in main/app/common/roster-api.ts) and puts in as
// ROSTER_PRELOAD_TABLE (scripts/build.mjs): the contracts hold zod schemas, which
// this bundle must not carry, so it imports nothing of them but types.
//
// What the page gets:
//   - one function per invoke channel, which passes at most one argument to
//     `ipcRenderer.invoke` and returns its promise;
//   - one `onX(listener)` per event channel, which calls the listener with the payload
//     only (the IpcRendererEvent, which carries `sender`, is stripped) and returns the
//     function that unsubscribes;
//   - one function per `files` entry, which takes dropped `File`s and sends main the
//     paths `webUtils.getPathForFile` knows for them ('' for a File the page made
//     itself); main checks each path before it touches the file.
// Never `ipcRenderer` itself, never a way to name an arbitrary channel or a path.

import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { PreloadMethod } from '../../kernel/common/contract.js';
import type { RosterApi, RosterPreloadTable } from '../common/roster-api.js';

declare const ROSTER_PRELOAD_TABLE: RosterPreloadTable;

function invoker(channel: string): (input?: unknown) => Promise<unknown> {
  return (...args: unknown[]) => (args.length === 0 ? ipcRenderer.invoke(channel) : ipcRenderer.invoke(channel, args[0]));
}

function subscriber(channel: string): (listener: (payload: unknown) => void) => () => void {
  return (listener) => {
    if (typeof listener !== 'function') throw new TypeError(`${channel}: the listener must be a function`);
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipcRenderer.removeListener(channel, wrapped);
    };
  };
}

/** At most this many files per drop: main refuses more anyway. */
const DROP_MAX = 100;

function fileSender(channel: string): (files: unknown) => Promise<unknown> {
  return (files) => {
    if (!Array.isArray(files) || files.length === 0 || files.length > DROP_MAX) {
      return Promise.reject(new TypeError(`${channel}: pass between 1 and ${DROP_MAX} dropped files`));
    }
    let paths: string[];
    try {
      // Throws for anything that is not a File, as Electron does.
      paths = files.map((file) => webUtils.getPathForFile(file as File));
    } catch {
      return Promise.reject(new TypeError(`${channel}: only dropped files can be passed`));
    }
    return ipcRenderer.invoke(channel, { paths });
  };
}

const build = { invoke: invoker, files: fileSender, event: subscriber } as const;

function buildRosterApi(): RosterApi {
  const table: Readonly<Record<string, Readonly<Record<string, PreloadMethod>>>> = ROSTER_PRELOAD_TABLE;
  const api: Record<string, Record<string, unknown>> = {};
  for (const [group, methods] of Object.entries(table)) {
    api[group] = Object.fromEntries(Object.entries(methods).map(([method, { kind, channel }]) => [method, build[kind](channel)]));
  }
  return api as unknown as RosterApi;
}

contextBridge.exposeInMainWorld('roster', buildRosterApi());
