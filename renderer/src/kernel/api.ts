// The renderer's only door to Roster: `window.roster`, built by the preload. Every
// call resolves to an IpcResult; `settle` also turns a broken transport (a rejected
// promise) into the same shape so views handle one kind of failure.

import type { ErrorInfo } from '../../../main/kernel/common/errors.js';
import type { IpcResult, RosterApi } from '../../../main/app/common/ipc-contract.js';

declare global {
  interface Window {
    readonly roster: RosterApi;
  }
}

export function roster(): RosterApi {
  return window.roster;
}

export type Result<T> = IpcResult<T>;

const BROKEN: ErrorInfo = { code: 'INTERNAL', message: 'Roster could not reach its main process. Try again, or restart Roster.' };

export async function settle<T>(call: Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    return await call;
  } catch {
    return { ok: false, error: BROKEN };
  }
}

/** For calls whose failure can only be reported, not handled: throws with the message. */
export class RosterCallError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.info = info;
  }
}

export async function unwrap<T>(call: Promise<IpcResult<T>>): Promise<T> {
  const result = await settle(call);
  if (!result.ok) throw new RosterCallError(result.error);
  return result.data;
}

export function errorMessage(error: unknown): string {
  if (error instanceof RosterCallError) return error.info.message;
  return BROKEN.message;
}
