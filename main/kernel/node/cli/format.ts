// Output for people (aligned tables, messages) and for scripts (--json), whatever the
// rows are: the features format their own records (people, workspaces) with these.
//
// Tables show what other programs wrote too: a name with a tab, a line break or an
// escape sequence would break the columns (or drive the terminal), and a 300-character
// one would push every other column off the screen. So a table cell shows control and
// direction-changing characters escaped (`\t`, `\n`, `\u{202e}`) and a long name cut
// with "…". --json always prints the exact stored text.

import { codePointLength } from '../../common/text.js';

/** Longest name a table shows in full, in characters. */
export const TABLE_NAME_MAX = 60;

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };
// Control characters, and the bidirectional controls that reorder what follows them.
const UNPRINTABLE_CLASS = '[\\p{Cc}\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]';
const UNPRINTABLE = new RegExp(UNPRINTABLE_CLASS, 'gu');
const HAS_UNPRINTABLE = new RegExp(UNPRINTABLE_CLASS, 'u');

/** A cell as a table shows it: unprintable characters escaped, cut to `max` characters. */
export function cell(text: string, max = Infinity): string {
  // Nearly every cell is short and printable: a list of a million people stays quick.
  if (text.length <= max && !HAS_UNPRINTABLE.test(text)) return text;
  const escaped = text.replace(UNPRINTABLE, (char) => NAMED_ESCAPES[char] ?? `\\u{${(char.codePointAt(0) as number).toString(16)}}`);
  if (codePointLength(escaped) <= max) return escaped;
  return `${Array.from(escaped)
    .slice(0, max - 1)
    .join('')}…`;
}

/** Columns padded to their widest cell; the last column is not padded. Cells are escaped. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const shown = rows.map((row) => row.map((text) => cell(text)));
  const widths = headers.map((header) => codePointLength(header));
  for (const row of shown) {
    row.forEach((text, i) => {
      widths[i] = Math.max(widths[i] ?? 0, codePointLength(text));
    });
  }
  const render = (cells: readonly string[]): string =>
    cells
      .map((text, i) => (i === cells.length - 1 ? text : text + ' '.repeat((widths[i] ?? 0) - codePointLength(text))))
      .join('  ')
      .trimEnd();
  return [render(headers), ...shown.map(render)].join('\n') + '\n';
}

/** "2026-11-23 20:22Z" in UTC: short enough for a table, unambiguous. */
export function shortTime(iso: string | null): string {
  if (iso === null) return '-';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Messages of the core are shared with the app, which sets names in typographic
 * quotes; a terminal shows straight ones, as the CLI's own messages use.
 */
export function plainQuotes(text: string): string {
  return text.replace(/[“”„]/g, '"').replace(/[‘’]/g, "'");
}

/** A name inside a message: straight quotes, escaped like a table cell. */
export function quoted(name: string): string {
  return `"${cell(name, TABLE_NAME_MAX)}"`;
}
