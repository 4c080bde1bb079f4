// Reading Person.name as it is stored. Roster and its triggers only ever store text,
// but SQLite lets any program store any type in any column: a BLOB (a program that
// bound bytes where it meant a string), an integer or a real. Such a row must not make
// every command fail, so each place that reads a name turns the cell into text with
// storedText: it is shown, folded into its key (so search finds it), exported and
// copied as that text. docs/user/file-format.md ("Odd cells") describes the stand-ins.

/** UTF-8 that is not valid is not decoded with replacement characters: the stand-in shows the bytes. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes a stand-in for a BLOB that is not UTF-8 shows, in hex. */
const HEX_BYTES_SHOWN = 32;

/**
 * A stored name as text: text as it is; a BLOB that is valid UTF-8, decoded; any other
 * BLOB as a stand-in marked as such ("[binary, 3 bytes: ff00fe]"); a number as its digits.
 */
export function storedText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) {
    try {
      return utf8.decode(value);
    } catch {
      // Not UTF-8: shown as bytes below.
    }
    const shown = Buffer.from(value.buffer, value.byteOffset, Math.min(value.byteLength, HEX_BYTES_SHOWN)).toString('hex');
    const more = value.byteLength > HEX_BYTES_SHOWN ? '…' : '';
    return `[binary, ${value.byteLength} bytes: ${shown}${more}]`;
  }
  return String(value);
}
