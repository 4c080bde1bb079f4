// The naming rules (person-name.ts) as every path that stores a name applies them: the
// stored form, or a RosterError saying what is wrong in words the person can act on.

import { RosterError } from '../../../kernel/common/errors.js';
import { checkName } from '../../workspace/common/person-name.js';

/** Applies the naming rules; `where` names the row or field for bulk input. */
export function validName(raw: string, where?: string): string {
  const check = checkName(raw);
  if (check.ok) return check.name;
  throw new RosterError('INVALID_NAME', where ? `${where}: ${check.message}` : check.message, { problem: check.problem });
}
