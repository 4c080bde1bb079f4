// The types a feature contract (contract.ts) derives: its channel tables, the API a
// renderer calls, what main must implement for each channel, and the preload's table.
// Types only, so the sandboxed preload can use them without bundling zod.

import type { z } from 'zod';
import type { ErrorInfo } from './errors.js';

/** The kinds of window that talk to main: one bound to a workspace file, or the launcher. */
export type WindowRole = 'workspace' | 'launcher';
/** Who may call a channel: one kind of window, or every window ('any'). */
export type ChannelRole = WindowRole | 'any';

/** Every invoke result crosses as this envelope; errors are never thrown across IPC. */
export type IpcResult<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ErrorInfo };

/** What main receives for dropped files: the paths the preload found for them. */
interface DroppedPathsInput {
  paths: string[];
}

/**
 * A file the person dropped, as the page holds it (a DOM `File`). Only its identity
 * crosses into the preload, which asks Electron for its path; the page never sees one.
 */
export interface DroppedFile {
  readonly name: string;
}

export interface InvokeMethod<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'invoke';
  readonly role: ChannelRole;
  readonly input: I;
  readonly output: O;
}

export interface FilesMethod<O extends z.ZodType = z.ZodType> {
  readonly kind: 'files';
  readonly role: ChannelRole;
  readonly input: z.ZodType<DroppedPathsInput, DroppedPathsInput>;
  readonly output: O;
}

export interface EventMethod<P extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly payload: P;
}

export type MethodSpec = InvokeMethod | FilesMethod | EventMethod;
/** A method a renderer calls (a plain request or one carrying dropped files). */
export type CallSpec = InvokeMethod | FilesMethod;

export interface FeatureContract<N extends string = string, M extends Record<string, MethodSpec> = Record<string, MethodSpec>> {
  readonly namespace: N;
  readonly methods: M;
}
export type AnyFeature = FeatureContract;

/** Each method of the feature(s) `F` with its channel (F may be a union of features). */
type Entry<F extends AnyFeature> =
  F extends FeatureContract<infer N, infer M>
    ? { [K in keyof M & string]: { readonly channel: `${N}:${K}`; readonly spec: M[K] } }[keyof M & string]
    : never;

/** Request channel → its spec, for the feature(s) `F`. */
export type InvokeTable<F extends AnyFeature> = {
  readonly [E in Entry<F> as E['spec'] extends CallSpec ? E['channel'] : never]: Extract<E['spec'], CallSpec>;
};
/** Event channel → its payload schema, for the feature(s) `F`. */
export type EventTable<F extends AnyFeature> = {
  readonly [E in Entry<F> as E['spec'] extends EventMethod ? E['channel'] : never]: E['spec'] extends EventMethod<infer P> ? P : never;
};

/** Any request table, as the kernel's session sees it. */
export type InvokeTableShape = { readonly [channel: string]: CallSpec };
/** Any event table, as the kernel's session sees it. */
export type EventTableShape = { readonly [channel: string]: z.ZodType };

/** What main does for one request: gets the input already parsed by the channel's schema, returns its output. */
type Handler<S extends CallSpec> = (input: z.output<S['input']>) => Promise<z.output<S['output']>> | z.output<S['output']>;
/** The handlers a session may have, one per request channel of `T`. */
export type Handlers<T extends InvokeTableShape> = { [C in keyof T]?: Handler<T[C]> };
/** The handlers of one feature's requests. */
export type FeatureHandlers<F extends AnyFeature> = Handlers<InvokeTable<F>>;
/** Sends one of the feature(s) `F`'s events. */
export type FeatureEmit<F extends AnyFeature> = <C extends keyof EventTable<F> & string>(
  channel: C,
  payload: z.output<EventTable<F>[C]>,
) => void;

type Unsubscribe = () => void;
type Reply<O extends z.ZodType> = Promise<IpcResult<z.output<O>>>;
type Call<I extends z.ZodType, O extends z.ZodType> = z.input<I> extends undefined ? () => Reply<O> : (input: z.input<I>) => Reply<O>;

/** A method of `window.roster`: a request, a request with dropped files, or a subscription. */
type MethodApi<S extends MethodSpec> =
  S extends EventMethod<infer P>
    ? (listener: (event: z.output<P>) => void) => Unsubscribe
    : S extends FilesMethod<infer O>
      ? (files: readonly DroppedFile[]) => Reply<O>
      : S extends InvokeMethod<infer I, infer O>
        ? Call<I, O>
        : never;

export type FeatureApi<F extends AnyFeature> = { readonly [K in keyof F['methods']]: MethodApi<F['methods'][K]> };
/** The API of the feature(s) `F`: one object per namespace. */
export type ApiOf<F extends AnyFeature> = { readonly [G in F as G['namespace']]: FeatureApi<G> };

/** One method as the preload sees it: what kind, which channel. */
export interface PreloadMethod<K extends MethodSpec['kind'] = MethodSpec['kind'], C extends string = string> {
  readonly kind: K;
  readonly channel: C;
}
/** The preload's plain-data table for the feature(s) `F`. */
export type PreloadTable<F extends AnyFeature> = {
  readonly [G in F as G['namespace']]: {
    readonly [K in keyof G['methods'] & string]: PreloadMethod<G['methods'][K]['kind'], `${G['namespace']}:${K}`>;
  };
};
