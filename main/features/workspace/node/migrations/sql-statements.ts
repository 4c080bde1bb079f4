// Splits a migration script into its statements, the way SQLite's own
// sqlite3_complete() decides where one ends: at a ";" outside comments, strings and
// quoted names, except inside a CREATE TRIGGER, which ends at "END;". The migrator
// runs a script statement by statement (one transaction around all of them) so that a
// failure names its statement and a test can stop the process between any two.

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[A-Za-z0-9_$]/.test(char);
}

export function splitSqlStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let words: string[] = []; // significant words of the current statement (first few, and the last)
  let lastWord = '';
  let i = 0;
  const n = sql.length;
  const isTrigger = (): boolean => {
    const head = words.slice(0, 4).map((word) => word.toUpperCase());
    return head[0] === 'CREATE' && (head[1] === 'TRIGGER' || ((head[1] === 'TEMP' || head[1] === 'TEMPORARY') && head[2] === 'TRIGGER'));
  };
  while (i < n) {
    const char = sql[i] as string;
    const next = sql[i + 1];
    if (char === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (char === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (char === "'" || char === '"' || char === '`' || char === '[') {
      const close = char === '[' ? ']' : char;
      let j = i + 1;
      for (;;) {
        const end = sql.indexOf(close, j);
        if (end === -1) {
          j = n;
          break;
        }
        // A doubled quote is an escaped quote (not for [names]).
        if (close !== ']' && sql[end + 1] === close) {
          j = end + 2;
          continue;
        }
        j = end + 1;
        break;
      }
      lastWord = '';
      i = j;
    } else if (char === ';') {
      if (!isTrigger() || lastWord.toUpperCase() === 'END') {
        const text = sql.slice(start, i + 1).trim();
        if (words.length > 0) statements.push(text);
        start = i + 1;
        words = [];
      }
      lastWord = '';
      i++;
    } else if (isWordChar(char)) {
      let j = i;
      while (isWordChar(sql[j])) j++;
      lastWord = sql.slice(i, j);
      if (words.length < 4) words.push(lastWord);
      i = j;
    } else {
      if (!/\s/.test(char)) lastWord = '';
      i++;
    }
  }
  const rest = sql.slice(start).trim();
  if (words.length > 0 && rest !== '') statements.push(rest);
  return statements;
}
