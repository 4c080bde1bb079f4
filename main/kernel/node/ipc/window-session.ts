// One renderer window's view of the main process: every request it makes goes through
// `invoke`, which is where the IPC contract is enforced. The session knows no channel
// itself: whoever creates it passes the channel tables it serves (the app passes all of
// its own, main/app/common/roster-api.ts).
//
//   - the channel must exist and belong to this window's role;
//   - the input is parsed with the channel's schema (wrong types, missing and extra
//     keys, NaN, oversized strings: a typed INVALID_INPUT or INVALID_QUERY);
//   - the handler's result is parsed with the channel's output schema, so main never
//     sends anything the contract does not promise (a mismatch is INTERNAL, logged);
//   - whatever goes wrong comes back as `{ ok: false, error: { code, message } }`:
//     `invoke` never throws, unexpected errors become INTERNAL with a generic message,
//     and file paths are cut from messages before they leave.
//
// The session never learns where a request came from beyond "this window": handlers
// close over the window's workspace, so no payload can name another one.

import type { z } from 'zod';
import { RosterError, isRosterError, toErrorInfo, type ErrorInfo } from '../../common/errors.js';
import type { CallSpec, EventTableShape, Handlers, InvokeTableShape, IpcResult, WindowRole } from '../../common/contract.js';
import { parseInput } from './validate.js';
import type { Logger } from './ports.js';
import { pathsInDetails, scrubPaths } from '../log/scrub.js';

/** Longest error message sent to a renderer: validation messages can quote the input (a 1 MB key). */
const MESSAGE_MAX = 300;

function shorten(message: string): string {
  const chars = [...message];
  return chars.length <= MESSAGE_MAX ? message : `${chars.slice(0, MESSAGE_MAX - 1).join('')}…`;
}

export type EventListener = (channel: string, payload: unknown) => void;

export interface WindowSession<E extends EventTableShape = EventTableShape> {
  /** Unique per window, for logs and for telling windows apart. */
  readonly id: number;
  readonly role: WindowRole;
  readonly closed: boolean;
  /** Every request channel of its tables, whichever role may call it: the IPC binding answers each. */
  readonly invokeChannels: readonly string[];
  /** Validates, runs and validates again. Never throws; never leaks paths or stacks. */
  invoke(channel: string, payload: unknown): Promise<IpcResult<unknown>>;
  /** Events for this window only. Returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /** Sends an event to this window's listeners, after checking it against the contract. */
  emit<C extends keyof E & string>(channel: C, payload: z.output<E[C]>): void;
  /** Drops subscriptions, cancels work in flight and releases what the window held. */
  close(): Promise<void>;
}

/** The channels a session serves: requests (who may call, input, output) and events (payload). */
export interface SessionChannels<I extends InvokeTableShape, E extends EventTableShape> {
  readonly invoke: I;
  readonly events: E;
}

export interface SessionOptions<I extends InvokeTableShape, E extends EventTableShape> {
  readonly id: number;
  readonly role: WindowRole;
  readonly channels: SessionChannels<I, E>;
  readonly handlers: Handlers<I>;
  readonly log: Logger;
  /** Paths this window may be told the name of, never the location (its workspace file). */
  readonly knownPaths?: () => readonly string[];
  /** Runs once, on the first close(). */
  readonly onClose?: () => Promise<void>;
}

export class Session<
  I extends InvokeTableShape = InvokeTableShape,
  E extends EventTableShape = EventTableShape,
> implements WindowSession<E> {
  readonly id: number;
  readonly role: WindowRole;
  readonly invokeChannels: readonly string[];
  readonly #channels: SessionChannels<I, E>;
  readonly #handlers: Handlers<I>;
  readonly #log: Logger;
  readonly #knownPaths: () => readonly string[];
  readonly #onClose: (() => Promise<void>) | undefined;
  readonly #listeners = new Set<EventListener>();
  #closing: Promise<void> | undefined;

  constructor(options: SessionOptions<I, E>) {
    this.id = options.id;
    this.role = options.role;
    this.#channels = options.channels;
    this.invokeChannels = Object.keys(options.channels.invoke);
    this.#handlers = options.handlers;
    this.#log = options.log;
    this.#knownPaths = options.knownPaths ?? (() => []);
    this.#onClose = options.onClose;
  }

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  async invoke(channel: string, payload: unknown): Promise<IpcResult<unknown>> {
    try {
      if (this.closed) throw new RosterError('WORKSPACE_CLOSED', 'This window has been closed.');
      if (!this.#mayCall(channel)) {
        throw new RosterError('INVALID_INPUT', 'This window cannot make that request.', { channel: String(channel).slice(0, 100) });
      }
      return { ok: true, data: await this.#run(channel, payload) };
    } catch (error) {
      return { ok: false, error: this.#errorInfo(channel, error) };
    }
  }

  /** The channel exists in this session's table and belongs to its role (or to every role). */
  #mayCall(channel: string): boolean {
    if (typeof channel !== 'string' || !Object.hasOwn(this.#channels.invoke, channel)) return false;
    const allowed = (this.#channels.invoke[channel] as CallSpec).role;
    return allowed === 'any' || allowed === this.role;
  }

  async #run(channel: string, payload: unknown): Promise<unknown> {
    const spec = this.#channels.invoke[channel] as CallSpec;
    // The one place a request's input is parsed: handlers get it already parsed.
    const input = parseInput(spec.input, payload);
    const handler = this.#handlers[channel] as ((input: unknown) => Promise<unknown> | unknown) | undefined;
    if (!handler) throw new RosterError('INTERNAL', `No handler for ${channel}.`);
    const output: unknown = await handler(input);
    const checked = spec.output.safeParse(output);
    if (!checked.success) {
      throw new Error(`handler for ${channel} returned what the contract does not allow: ${checked.error.message}`);
    }
    return checked.data;
  }

  #errorInfo(channel: string, error: unknown): ErrorInfo {
    if (!isRosterError(error) || error.code === 'INTERNAL') {
      this.#log('error', `window ${this.id}: ${String(channel).slice(0, 100)} failed`, error);
    }
    const info = toErrorInfo(error);
    const known = [...this.#knownPaths(), ...(isRosterError(error) ? pathsInDetails(error.details) : [])];
    return { code: info.code, message: shorten(scrubPaths(info.message, known)) };
  }

  onEvent(listener: EventListener): () => void {
    if (this.closed) return () => undefined;
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Sends an event to this window's listeners, after checking it against the contract. */
  emit<C extends keyof E & string>(channel: C, payload: z.output<E[C]>): void {
    if (this.closed) return;
    if (!Object.hasOwn(this.#channels.events, channel)) {
      this.#log('error', `window ${this.id}: refused to send ${String(channel).slice(0, 100)}, which is no event of its contract`);
      return;
    }
    const checked = (this.#channels.events[channel] as z.ZodType).safeParse(payload);
    if (!checked.success) {
      this.#log('error', `window ${this.id}: refused to send a malformed ${channel} event`, checked.error);
      return;
    }
    for (const listener of [...this.#listeners]) {
      try {
        listener(channel, checked.data);
      } catch (error) {
        this.#log('warn', `window ${this.id}: an event listener failed`, error);
      }
    }
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#listeners.clear();
      await this.#onClose?.();
    })();
    return this.#closing;
  }
}
