// How a feature declares what crosses IPC, once: `defineFeature(namespace, methods)`,
// each method built with `invoke`, `files` or `event`. Everything else is derived from
// that declaration and from nothing else:
//   - the channel of a method is `${namespace}:${method}` (people:list, people:onChanged);
//   - the channel tables main validates against (`channelTables`);
//   - the API a renderer calls (`ApiOf`, in contract-types.ts), its handlers in main
//     (`Handlers`), and the plain-data table the preload builds `window.roster` from
//     (`preloadTable`).
//
// Runs everywhere (main, the renderer's type checks, the build script); only the
// preload keeps to type imports of it, so its sandboxed bundle carries no zod.

import { z } from 'zod';
import type {
  AnyFeature,
  ChannelRole,
  EventMethod,
  EventTable,
  FeatureContract,
  FilesMethod,
  InvokeMethod,
  InvokeTable,
  MethodSpec,
  PreloadTable,
} from './contract-types.js';

export type * from './contract-types.js';

/** No argument: the renderer calls the method with nothing. */
export const NoInput = z.undefined();

/**
 * Files the person dropped on a window, as the preload hands them to main: the paths
 * Electron's `webUtils.getPathForFile` gave for them ('' for a file that is not on
 * disk, such as one a page made from a Blob). Main checks every path before use.
 */
const DroppedPaths = z.strictObject({ paths: z.array(z.string().max(4096)).min(1).max(100) });

/** A request the renderer makes and main answers (`ipcRenderer.invoke` / `ipc.handle`). */
export function invoke<I extends z.ZodType, O extends z.ZodType>(role: ChannelRole, input: I, output: O): InvokeMethod<I, O> {
  return { kind: 'invoke', role, input, output };
}

/** A request carrying files the person dropped: the page passes `File`s, main gets their paths. */
export function files<O extends z.ZodType>(role: ChannelRole, output: O): FilesMethod<O> {
  return { kind: 'files', role, input: DroppedPaths, output };
}

/** Something main tells a window (`webContents.send` / `ipcRenderer.on`); its method is named `onX`. */
export function event<P extends z.ZodType>(payload: P): EventMethod<P> {
  return { kind: 'event', payload };
}

/** `${namespace}:${method}`: the one rule that names a channel. */
function channelName(namespace: string, method: string): string {
  return `${namespace}:${method}`;
}

const EVENT_NAME = /^on[A-Z]/;

/** One feature's contract. Events are named `onX` and nothing else is, so the API reads the same everywhere. */
export function defineFeature<const N extends string, const M extends Record<string, MethodSpec>>(
  namespace: N,
  methods: M,
): FeatureContract<N, M> {
  for (const [name, spec] of Object.entries(methods)) {
    if (EVENT_NAME.test(name) !== (spec.kind === 'event')) {
      throw new Error(`${channelName(namespace, name)}: events are named onX, and only events are`);
    }
  }
  return { namespace, methods };
}

/** The features, checked to have a namespace each: two sharing one would share channels. */
function distinct<Fs extends readonly AnyFeature[]>(features: Fs): Fs {
  const namespaces = features.map((feature) => feature.namespace);
  const twice = namespaces.find((namespace, at) => namespaces.indexOf(namespace) !== at);
  if (twice !== undefined) throw new Error(`two contracts share the namespace ${twice}`);
  return features;
}

export interface ChannelTables<F extends AnyFeature> {
  /** Every request channel: who may call it, what goes in, what comes out. */
  readonly invoke: InvokeTable<F>;
  /** Every event channel: its payload. */
  readonly events: EventTable<F>;
}

/** The channel tables of these features, for the session that validates every call and event. */
export function channelTables<const Fs extends readonly AnyFeature[]>(features: Fs): ChannelTables<Fs[number]> {
  const invokeTable: Record<string, InvokeMethod | FilesMethod> = {};
  const eventTable: Record<string, z.ZodType> = {};
  for (const { namespace, methods } of distinct(features)) {
    for (const [name, spec] of Object.entries(methods)) {
      if (spec.kind === 'event') eventTable[channelName(namespace, name)] = spec.payload;
      else invokeTable[channelName(namespace, name)] = spec;
    }
  }
  return { invoke: invokeTable, events: eventTable } as unknown as ChannelTables<Fs[number]>;
}

/** Plain data (no schemas) naming each method's kind and channel: all the preload needs. */
export function preloadTable<const Fs extends readonly AnyFeature[]>(features: Fs): PreloadTable<Fs[number]> {
  const table: Record<string, Record<string, { kind: MethodSpec['kind']; channel: string }>> = {};
  for (const { namespace, methods } of distinct(features)) {
    table[namespace] = Object.fromEntries(
      Object.entries(methods).map(([name, spec]) => [name, { kind: spec.kind, channel: channelName(namespace, name) }]),
    );
  }
  return table as PreloadTable<Fs[number]>;
}
