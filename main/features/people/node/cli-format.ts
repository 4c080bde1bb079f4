// People as the CLI prints them: a table for a person to read, JSON for scripts.

import type { PersonDto } from '../common/people-contract.js';
import { cell, shortTime, table, TABLE_NAME_MAX } from '../../../kernel/node/cli/format.js';

export function peopleTable(people: readonly PersonDto[]): string {
  return table(
    ['ID', 'NAME', 'CREATED'],
    people.map((person) => [String(person.id), cell(person.name, TABLE_NAME_MAX), shortTime(person.createdAt)]),
  );
}

/** A person as `--json` prints it: exactly the four public fields, in this order. */
export function personJson(person: PersonDto): PersonDto {
  return { id: person.id, name: person.name, createdAt: person.createdAt, updatedAt: person.updatedAt };
}
