// One renderer window's view of the main process: every request it makes goes through
// `invoke`, which is where the IPC contract is enforced.
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
import {
  eventChannels,
  invokeChannels,
  isInvokeChannel,
  roleMayCall,
  type ChannelOutput,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type IpcResult,
  type WindowRole,
} from '../../../app/common/ipc-contract.js';
import { parseInput } from './validate.js';
import type { Logger } from './ports.js';
import { pathsInDetails, scrubPaths } from '../log/scrub.js';

/** Longest error message sent to a renderer: validation messages can quote the input (a 1 MB key). */
export const MESSAGE_MAX = 300;

function shorten(message: string): string {
  const chars = [...message];
  return chars.length <= MESSAGE_MAX ? message : `${chars.slice(0, MESSAGE_MAX - 1).join('')}…`;
}

export type EventListener = (channel: EventChannel, payload: unknown) => void;

export interface WindowSession {
  /** Unique per window, for logs and for telling windows apart. */
  readonly id: number;
  readonly role: WindowRole;
  readonly closed: boolean;
  /** Validates, runs and validates again. Never throws; never leaks paths or stacks. */
  invoke(channel: string, payload: unknown): Promise<IpcResult<unknown>>;
  /** Events for this window only. Returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /** Tells the window that Edit ▸ Undo or Redo was chosen in the application menu. */
  menuCommand(command: 'undo' | 'redo'): void;
  /** Drops subscriptions, cancels work in flight and releases what the window held. */
  close(): Promise<void>;
}

export type Handlers = {
  [C in InvokeChannel]?: (input: z.output<(typeof invokeChannels)[C]['input']>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

export interface SessionOptions {
  readonly id: number;
  readonly role: WindowRole;
  readonly handlers: Handlers;
  readonly log: Logger;
  /** Paths this window may be told the name of, never the location (its workspace file). */
  readonly knownPaths?: () => readonly string[];
  /** Runs once, on the first close(). */
  readonly onClose?: () => Promise<void>;
}

export class Session implements WindowSession {
  readonly id: number;
  readonly role: WindowRole;
  readonly #handlers: Handlers;
  readonly #log: Logger;
  readonly #knownPaths: () => readonly string[];
  readonly #onClose: (() => Promise<void>) | undefined;
  readonly #listeners = new Set<EventListener>();
  #closing: Promise<void> | undefined;

  constructor(options: SessionOptions) {
    this.id = options.id;
    this.role = options.role;
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
      if (!isInvokeChannel(channel) || !roleMayCall(this.role, channel)) {
        throw new RosterError('INVALID_INPUT', 'This window cannot make that request.', { channel: String(channel).slice(0, 100) });
      }
      return { ok: true, data: await this.#run(channel, payload) };
    } catch (error) {
      return { ok: false, error: this.#errorInfo(channel, error) };
    }
  }

  async #run<C extends InvokeChannel>(channel: C, payload: unknown): Promise<ChannelOutput<C>> {
    const spec = invokeChannels[channel];
    const input = parseInput(spec.input, payload);
    const handler = this.#handlers[channel] as ((input: unknown) => Promise<unknown> | unknown) | undefined;
    if (!handler) throw new RosterError('INTERNAL', `No handler for ${channel}.`);
    const output: unknown = await handler(input);
    const checked = spec.output.safeParse(output);
    if (!checked.success) {
      throw new Error(`handler for ${channel} returned what the contract does not allow: ${checked.error.message}`);
    }
    return checked.data as ChannelOutput<C>;
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
  menuCommand(command: 'undo' | 'redo'): void {
    this.emit('app:menu-command', { command });
  }

  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void {
    if (this.closed) return;
    const checked = eventChannels[channel].safeParse(payload);
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
