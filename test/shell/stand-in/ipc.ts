// IPC between the stand-in's main process (the real Roster bundle) and its renderers
// (test code through the real preload), with Electron's rules:
//
//   - one invoke handler per channel on an IpcMain (ipcMain, webContents.ipc):
//     a second `handle` throws "Attempted to register a second handler for '<channel>'"
//     (lib/browser/ipc-main-impl.ts);
//   - arguments and results cross by structured clone: "Sending Functions, Promises,
//     Symbols, WeakMaps, or WeakSets will throw an exception" (docs/api/ipc-renderer.md),
//     with the message "An object could not be cloned.";
//   - invoke handlers are looked up on webContents.ipc, then ipcMain
//     (docs/api/web-frame-main.md `frame.ipc`; lib/browser/ipc-dispatch.ts);
//   - a handler that throws, or a result that cannot be cloned, is logged in main as
//     "Error occurred in handler for '<channel>':" and reaches the renderer as
//     `new Error("Error invoking remote method '<channel>': " + error.toString())`;
//     no handler gives "No handler registered for '<channel>'"
//     (lib/browser/ipc-dispatch.ts, lib/renderer/api/ipc-renderer.ts).

import { EventEmitter } from 'node:events';
import type { Runtime } from './runtime.js';

const CLONE_ERROR = 'An object could not be cloned.';

/** Structured clone with Electron's message for what cannot be cloned. */
export function ipcClone<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch (error) {
    if (error instanceof Error && error.name === 'DataCloneError') throw new Error(CLONE_ERROR, { cause: error });
    throw error;
  }
}

export type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

export class IpcMainStandIn extends EventEmitter {
  readonly #handlers = new Map<string, InvokeHandler>();

  handle(channel: string, handler: InvokeHandler): void {
    if (this.#handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    if (typeof handler !== 'function') throw new Error(`Expected handler to be a function, but found type '${typeof handler}'`);
    this.#handlers.set(channel, handler);
  }

  handleOnce(channel: string, handler: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return handler(event, ...args);
    });
  }

  removeHandler(channel: string): void {
    this.#handlers.delete(channel);
  }

  handler(channel: string): InvokeHandler | undefined {
    return this.#handlers.get(channel);
  }

  get handlerCount(): number {
    return this.#handlers.size;
  }
}

/**
 * The main side of one `ipcRenderer.invoke`: the first IpcMain with a handler serves
 * it; the reply is `{ result }` or `{ error }` (the error's toString()), as Electron
 * sends it back.
 */
export async function dispatchInvoke(
  runtime: Runtime,
  targets: readonly IpcMainStandIn[],
  event: unknown,
  channel: string,
  args: unknown[],
): Promise<{ result: unknown } | { error: string }> {
  const replyWithError = (error: unknown): { error: string } => {
    runtime.report({ type: 'console', level: 'error', text: `Error occurred in handler for '${channel}': ${String(error)}` });
    return { error: String(error) };
  };
  const handler = targets.map((target) => target.handler(channel)).find((found) => found !== undefined);
  if (!handler) return replyWithError(new Error(`No handler registered for '${channel}'`));
  try {
    return { result: ipcClone(await handler(event, ...args)) };
  } catch (error) {
    return replyWithError(error);
  }
}
