// Which tables a trigger's SQL writes to, read the way SQLite reads it: a trigger that
// another program added and that writes to Roster's tables is refused on open
// (schema-check.ts), and one that writes only elsewhere (an audit log) is tolerated.
//
// A pattern over the raw text is not enough: SQLite accepts `UPDATE /* x */ Person`,
// `UPDATE--x⏎Person`, `"Person"`, `[Person]`, `` `Person` ``, `'Person'` and any letter
// case for the same table, and a string literal may contain "UPDATE Person" without
// writing anything. So the SQL is split into tokens first: comments dropped, string
// literals and quoted identifiers kept whole. Then each write statement's target is
// taken: INSERT [OR x] INTO t, REPLACE INTO t, UPDATE [OR x] t, DELETE FROM t, where t
// may be written schema.table (SQLite refuses that inside a trigger today, but nothing
// is lost by reading it right).

type Token =
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'name'; readonly text: string } // a quoted identifier or a string literal
  | { readonly kind: 'punct'; readonly text: string };

const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;

/** The end (exclusive) of a quoted token starting at `start`, whose quote is doubled to escape it. */
function quotedEnd(sql: string, start: number, close: string, doubled: boolean): number {
  let i = start + 1;
  for (;;) {
    const at = sql.indexOf(close, i);
    if (at === -1) return sql.length;
    if (doubled && sql[at + 1] === close) {
      i = at + 2;
      continue;
    }
    return at + 1;
  }
}

function unquote(text: string, close: string): string {
  const inner = text.slice(1, text.endsWith(close) && text.length > 1 ? -1 : undefined);
  return close === ']' ? inner : inner.replaceAll(close + close, close);
}

/** SQL as tokens, without whitespace and comments (`--` to the end of the line, and `/* … *\/`). */
function sqlTokens(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const char = sql[i] as string;
    if (/\s/.test(char)) {
      i++;
    } else if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (char === "'" || char === '"' || char === '`') {
      const end = quotedEnd(sql, i, char, true);
      tokens.push({ kind: 'name', text: unquote(sql.slice(i, end), char) });
      i = end;
    } else if (char === '[') {
      const end = quotedEnd(sql, i, ']', false);
      tokens.push({ kind: 'name', text: unquote(sql.slice(i, end), ']') });
      i = end;
    } else if (WORD_CHAR.test(char)) {
      let end = i + 1;
      while (end < sql.length && WORD_CHAR.test(sql[end] as string)) end++;
      tokens.push({ kind: 'word', text: sql.slice(i, end) });
      i = end;
    } else {
      tokens.push({ kind: 'punct', text: char });
      i++;
    }
  }
  return tokens;
}

/** SQLite compares identifiers case-insensitively for ASCII letters only. */
export function identifierKey(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

function isWord(token: Token | undefined, word: string): boolean {
  return token?.kind === 'word' && identifierKey(token.text) === word;
}

/** The table named at `start` (`t` or `schema.t`), or null when no name is there. */
function tableAt(tokens: readonly Token[], start: number): string | null {
  const first = tokens[start];
  if (!first || first.kind === 'punct') return null;
  const dot = tokens[start + 1];
  const second = tokens[start + 2];
  if (dot?.kind === 'punct' && dot.text === '.' && second && second.kind !== 'punct') return second.text;
  return first.text;
}

/** The tables (as written, unquoted) that the statements in `sql` insert into, replace into, update or delete from. */
export function writtenTables(sql: string): string[] {
  const tokens = sqlTokens(sql);
  const tables: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let target: number | null = null;
    if (isWord(tokens[i], 'insert') || isWord(tokens[i], 'replace')) {
      let j = i + 1;
      if (isWord(tokens[j], 'or')) j += 2; // INSERT OR REPLACE / IGNORE / ...
      if (isWord(tokens[j], 'into')) target = j + 1;
    } else if (isWord(tokens[i], 'update')) {
      // Also the header's "UPDATE OF col ON t" and an upsert's "DO UPDATE SET": the word
      // after UPDATE is then OF, ON or SET, never one of Roster's tables.
      target = isWord(tokens[i + 1], 'or') ? i + 3 : i + 1;
    } else if (isWord(tokens[i], 'delete') && isWord(tokens[i + 1], 'from')) {
      target = i + 2;
    }
    if (target === null) continue;
    const table = tableAt(tokens, target);
    if (table !== null) tables.push(table);
  }
  return tables;
}
