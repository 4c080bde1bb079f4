// Sending a typed name to main. Main is the judge and its message is what the person
// sees; the only name the renderer refuses itself is one too long to even cross IPC
// (main would answer with a message about payload sizes, not about names).

import type { ErrorInfo } from '../../../main/kernel/common/errors.js';
import { checkName, NAME_MAX_CODE_POINTS } from '../../../main/features/workspace/common/person-name.js';

/** The IPC contract's loose length bound for a name (UTF-16 units). */
const WIRE_MAX = NAME_MAX_CODE_POINTS * 4;

/** A plain-words message for a name that cannot be sent at all, or null. */
export function unsendableName(raw: string): string | null {
  if (raw.length <= WIRE_MAX) return null;
  const check = checkName(raw);
  return check.ok ? null : check.message;
}

/** Main's message, reworded only when it speaks about the request rather than the name. */
export function nameErrorMessage(error: ErrorInfo, raw: string): string {
  if (error.code === 'INVALID_INPUT') {
    const check = checkName(raw);
    if (!check.ok) return check.message;
  }
  return error.message;
}
