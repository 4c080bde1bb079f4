// Which stored names break the rule every path applies (storedNameProblem in
// common/person-name.ts): names another program wrote that Roster would refuse to add,
// copy or import. `roster migrate` reports them, so they can be renamed before a copy,
// a merge or an export and import trips over them.

import type Database from 'better-sqlite3';
import { storedNameProblem } from '../common/person-name.js';

export interface NameAudit {
  /** How many stored names break the rule. */
  readonly count: number;
  /** The first few of them, in id order. */
  readonly people: readonly { readonly id: number; readonly message: string }[];
}

/** Reads every name once (one read transaction); keeps at most `keep` examples. */
export function auditNames(db: Database.Database, keep = 20): NameAudit {
  const rows = db.prepare('SELECT "id", "name" FROM "Person" ORDER BY "id"').raw().safeIntegers(false).iterate() as IterableIterator<
    [number, unknown]
  >;
  const people: { id: number; message: string }[] = [];
  let count = 0;
  for (const [id, name] of rows) {
    const problem = typeof name === 'string' ? storedNameProblem(name) : 'The name is not text.';
    if (problem === null) continue;
    count++;
    if (people.length < keep) people.push({ id, message: problem });
  }
  return { count, people };
}
