// The renderer's only door to Roster: `window.roster`, built by the preload. Every
// call resolves to an IpcResult; `settle` also turns a broken transport (a rejected
// promise) into the same shape so views handle one kind of failure.

import type { ErrorInfo } from '../../../main/kernel/common/errors.js';
import type { IpcResult, RosterApi } from '../../../main/app/common/roster-api.js';

declare global {
  interface Window {
    readonly roster: RosterApi;
  }
}

export function roster(): RosterApi {
  return window.roster;
}

const BROKEN: ErrorInfo = { code: 'INTERNAL', message: 'Roster could not reach its main process. Try again, or restart Roster.' };

export async function settle<T>(call: Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    return await call;
  } catch {
    return { ok: false, error: BROKEN };
  }
}
