// Output for people (aligned tables) and for scripts (--json).

import { codePointLength } from '../../common/person-name.js';
import type { PersonDto } from '../../common/people-contract.js';

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** Columns padded to their widest cell; the last column is not padded. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header) => codePointLength(header));
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, codePointLength(cell));
    });
  }
  const render = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - codePointLength(cell))))
      .join('  ')
      .trimEnd();
  return [render(headers), ...rows.map(render)].join('\n') + '\n';
}

/** "2026-11-23 20:22" in UTC: short enough for a table, unambiguous. */
export function shortTime(iso: string | null): string {
  if (iso === null) return '-';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

export function peopleTable(people: readonly PersonDto[]): string {
  return table(
    ['ID', 'NAME', 'CREATED'],
    people.map((person) => [String(person.id), person.name, shortTime(person.createdAt)]),
  );
}

/** A person as `--json` prints it: exactly the four public fields, in this order. */
export function personJson(person: PersonDto): PersonDto {
  return { id: person.id, name: person.name, createdAt: person.createdAt, updatedAt: person.updatedAt };
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
