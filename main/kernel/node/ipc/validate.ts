// Turns untrusted input into typed values, or into a RosterError that says what was
// wrong in words a person (or a script author) can act on.

import type { z } from 'zod';
import { RosterError, type ErrorCode } from '../../common/errors.js';

/** Keys whose problems are about the query rather than the data. */
const QUERY_KEYS = new Set(['sort', 'direction', 'limit', 'cursor', 'offset']);

function describe(issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (!first) return 'The request is not valid.';
  const where = first.path.length > 0 ? `${first.path.map(String).join('.')}: ` : '';
  return `${where}${first.message}`;
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, code: ErrorCode = 'INVALID_INPUT'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const topKey = result.error.issues[0]?.path[0];
  const resolved: ErrorCode = code === 'INVALID_INPUT' && typeof topKey === 'string' && QUERY_KEYS.has(topKey) ? 'INVALID_QUERY' : code;
  throw new RosterError(resolved, describe(result.error.issues), { issues: result.error.issues.slice(0, 5) });
}
