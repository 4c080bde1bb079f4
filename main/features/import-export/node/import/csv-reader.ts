// CSV as RFC 4180 describes it, read incrementally: text arrives in chunks of any size
// (a file is streamed, never held whole) and complete records come out. Fields are
// separated by `separator` (a comma by default; ";" and tab as Excel and LibreOffice
// write in some locales), quoted with double quotes, a quote inside a quoted field
// written twice, records ended by CRLF, LF or a lone CR; a quoted field may span lines.
// Records made only of unquoted empty fields (a blank line, or ";;;" from a
// spreadsheet) are skipped; a quoted empty field ("") is a value. Errors name the line, counting the first line of the file as 1.
//
// A record longer than MAX_RECORD_CHARS, or a field longer than MAX_FIELD_CHARS, is
// refused as it streams in (IMPORT_INVALID naming its line): a source that never ends a
// line (/dev/zero, a binary file) fails at once instead of filling memory.

import { RosterError } from '../../../../kernel/common/errors.js';

export interface CsvRecord {
  /** The line the record starts on, 1-based. */
  readonly line: number;
  readonly fields: string[];
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Far beyond any row of names a spreadsheet writes, and small enough to hold a few of in memory. */
export const MAX_RECORD_CHARS = 1 << 20;
/** A name is at most 256 characters; other columns (notes, addresses) get room too. */
const MAX_FIELD_CHARS = 1 << 16;

function invalid(message: string, line: number, reason?: string): RosterError {
  return new RosterError('IMPORT_INVALID', message, { line, ...(reason ? { reason } : {}) });
}

/** The refusal of a line that is too long (or never ends), naming it. */
export function lineTooLong(line: number): RosterError {
  return invalid(
    `Line ${line}: the line is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters ` +
      `(or never ends): this is not a CSV file of names.`,
    line,
    'line-too-long',
  );
}

function fieldTooLong(line: number): RosterError {
  return invalid(
    `Line ${line}: a field is longer than ${MAX_FIELD_CHARS.toLocaleString('en-US')} characters: this is not a CSV file of names.`,
    line,
    'field-too-long',
  );
}

export class CsvReader {
  readonly #separator: number;
  #buffer = '';
  /** Line number of the first character of #buffer. */
  #line: number;

  constructor(separator = ',', firstLine = 1) {
    if (separator.length !== 1 || separator === '"' || separator === '\n' || separator === '\r') {
      throw new RosterError('INVALID_INPUT', `"${separator}" cannot separate CSV fields.`);
    }
    this.#separator = separator.charCodeAt(0);
    this.#line = firstLine;
  }

  /** Feeds the next chunk of text; returns the records it completed. */
  push(text: string): CsvRecord[] {
    this.#buffer += text;
    return this.#drain(false);
  }

  /** No more text: returns the last record, or throws for a quote left open. */
  end(): CsvRecord[] {
    return this.#drain(true);
  }

  #drain(final: boolean): CsvRecord[] {
    const records: CsvRecord[] = [];
    const text = this.#buffer;
    const length = text.length;
    let start = 0;
    while (start < length) {
      const parsed = this.#record(text, start, final);
      if (parsed === null) break;
      if (parsed.fields.some((field) => field.length > MAX_FIELD_CHARS)) throw fieldTooLong(this.#line);
      if (!parsed.blank) records.push({ line: this.#line, fields: parsed.fields });
      this.#line += parsed.lines;
      start = parsed.next;
    }
    this.#buffer = text.slice(start);
    // What is left is one record still coming in.
    if (this.#buffer.length > MAX_RECORD_CHARS) throw lineTooLong(this.#line);
    return records;
  }

  /**
   * One record from `start`, or null if it is not complete yet (and more text may come).
   * `lines` is how many line breaks it spans, its own ending included.
   */
  #record(text: string, start: number, final: boolean): { fields: string[]; next: number; lines: number; blank: boolean } | null {
    const length = text.length;
    const separator = this.#separator;
    const fields: string[] = [];
    let i = start;
    let lines = 0;
    // Blank: nothing but separators and spaces. A quoted field, even "", is content.
    let blank = true;
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        blank = false;
        let value = '';
        let from = i + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close === -1) {
            if (!final) return null;
            throw invalid(`Line ${this.#line + lines}: a quoted field is never closed (a " is missing).`, this.#line + lines);
          }
          if (close + 1 >= length && !final) return null; // is it "" (an escaped quote)? wait and see
          const chunk = text.slice(from, close);
          lines += countLineBreaks(chunk);
          value += chunk;
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        fields.push(value);
        const after = i < length ? text.charCodeAt(i) : -1;
        if (after !== separator && after !== CR && after !== LF && after !== -1) {
          throw invalid(
            `Line ${this.#line + lines}: unexpected text after a closing quote (write a " inside a quoted field as "").`,
            this.#line + lines,
          );
        }
      } else {
        let end = i;
        while (end < length) {
          const c = text.charCodeAt(end);
          if (c === separator || c === LF || c === CR) break;
          end++;
        }
        if (end >= length && !final) return null;
        const value = text.slice(i, end);
        if (blank && value.trim() !== '') blank = false;
        fields.push(value);
        i = end;
      }
      const c = i < length ? text.charCodeAt(i) : -1;
      if (c === separator) {
        i++;
        if (i >= length && !final) return null;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= length && !final) return null; // a CR at the end of a chunk may be half of CRLF
        i += text.charCodeAt(i + 1) === LF ? 2 : 1;
        lines++;
      } else if (c === LF) {
        i++;
        lines++;
      }
      return { fields, next: i, lines, blank };
    }
  }
}

function countLineBreaks(chunk: string): number {
  let count = 0;
  for (let k = 0; k < chunk.length; k++) {
    const c = chunk.charCodeAt(k);
    if (c === LF) count++;
    else if (c === CR && chunk.charCodeAt(k + 1) !== LF) count++;
  }
  return count;
}

/** All records of a text already in memory (tests, small inputs). */
export function parseCsv(text: string, separator = ','): CsvRecord[] {
  const reader = new CsvReader(separator);
  return [...reader.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text), ...reader.end()];
}
