// A JSON import is one array: of names, or of objects with a "name". Read
// incrementally, like CSV: text arrives in chunks, the reader finds where each element
// of the top-level array starts and ends (skipping strings, nested objects and arrays),
// and each element is parsed on its own. So a million-element file is never held, or
// parsed, whole. An element longer than MAX_ELEMENT_CHARS (or text before the array
// that never ends) is refused as it streams in, naming its index: a source that never
// ends cannot fill memory.

import { RosterError } from '../../../../kernel/common/errors.js';

export interface JsonElement {
  /** Position in the array, from 0 (how errors name an element). */
  readonly index: number;
  readonly value: unknown;
}

function invalid(message: string, details?: Record<string, unknown>): RosterError {
  return new RosterError('IMPORT_INVALID', message, details);
}

/** Far beyond any name or object with a name, and small enough to hold a few of in memory. */
const MAX_ELEMENT_CHARS = 1 << 20;

const NOT_AN_ARRAY = 'A JSON import must be an array of names, or of objects with a "name" string.';

export class JsonArrayReader {
  #buffer = '';
  #state: 'before' | 'elements' | 'after' = 'before';
  #index = 0;
  /** Where the scan of the current element resumed (so a long element is not rescanned). */
  #scan = 0;
  #depth = 0;
  #inString = false;
  #escaped = false;
  #elementStart = -1;

  push(text: string): JsonElement[] {
    this.#buffer += text;
    return this.#drain();
  }

  end(): JsonElement[] {
    const out = this.#drain();
    if (this.#state === 'before')
      throw invalid(this.#buffer.trim() === '' ? 'The file is empty: a JSON import needs an array.' : NOT_AN_ARRAY);
    if (this.#state === 'elements') throw invalid('The file is not valid JSON: the array is never closed (a ] is missing).');
    return out;
  }

  #drain(): JsonElement[] {
    const out: JsonElement[] = [];
    const text = this.#buffer;
    let i = this.#scan;
    if (this.#state === 'before') {
      while (i < text.length && /\s/.test(text[i] as string)) i++;
      if (i === 0 && text.charCodeAt(0) === 0xfeff) i = 1;
      while (i < text.length && /\s/.test(text[i] as string)) i++;
      if (i >= text.length) {
        // Only white space so far: nothing of it is needed later.
        this.#buffer = '';
        this.#scan = 0;
        return out;
      }
      if (text[i] !== '[') throw invalid(NOT_AN_ARRAY);
      this.#state = 'elements';
      i++;
    }
    let consumed = this.#elementStart === -1 ? i : this.#elementStart;
    while (this.#state === 'elements' && i < text.length) {
      const char = text[i] as string;
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (char === '\\') this.#escaped = true;
        else if (char === '"') this.#inString = false;
        i++;
        continue;
      }
      if (this.#elementStart === -1) {
        if (/\s|,/.test(char)) {
          i++;
          consumed = i;
          continue;
        }
        if (char === ']') {
          this.#state = 'after';
          i++;
          consumed = i;
          break;
        }
        this.#elementStart = i;
      }
      if (char === '"') this.#inString = true;
      else if (char === '{' || char === '[') this.#depth++;
      else if (char === '}' || char === ']') {
        if (this.#depth === 0) {
          // The array's own "]" right after an element.
          out.push(this.#element(text.slice(this.#elementStart, i)));
          this.#elementStart = -1;
          this.#state = 'after';
          i++;
          consumed = i;
          break;
        }
        this.#depth--;
      } else if (char === ',' && this.#depth === 0) {
        out.push(this.#element(text.slice(this.#elementStart, i)));
        this.#elementStart = -1;
        i++;
        consumed = i;
        continue;
      }
      i++;
    }
    if (this.#state === 'after') {
      const rest = text.slice(i).trim();
      if (rest !== '') throw invalid('The file is not valid JSON: there is text after the array.');
      this.#buffer = '';
      this.#scan = 0;
      return out;
    }
    // Keep only what an unfinished element still needs.
    this.#buffer = text.slice(consumed);
    this.#scan = i - consumed;
    if (this.#elementStart !== -1) this.#elementStart -= consumed;
    if (this.#buffer.length > MAX_ELEMENT_CHARS) {
      throw invalid(
        `Index ${this.#index}: the element is longer than ${MAX_ELEMENT_CHARS.toLocaleString('en-US')} characters (or never ends): ` +
          `this is not a JSON file of names.`,
        { index: this.#index, reason: 'element-too-long' },
      );
    }
    return out;
  }

  #element(source: string): JsonElement {
    const index = this.#index++;
    try {
      return { index, value: JSON.parse(source) as unknown };
    } catch (error) {
      throw invalid(`Index ${index}: not valid JSON (${error instanceof Error ? error.message : 'parse error'}).`, { index });
    }
  }
}
