// The bytes of an import, as text: from a file or from standard input (`roster people
// import ... -`), in chunks, decoded in the file's encoding.
//
// Encodings people's files come in: UTF-8, with or without a byte order
// mark (Excel's "CSV UTF-8" writes one); UTF-16 with a byte order mark (Excel's
// "Unicode Text"); and Windows-1252 (Excel's plain "CSV" on Western Windows). The first
// three are recognised for certain. Windows-1252 is only a guess (any bytes are valid
// Windows-1252), so it is never used unless asked for: a file that is not valid UTF-8
// is refused with a message that says how to import it as Windows-1252, never read as
// mojibake.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { RosterError, isRosterError } from '../../../../kernel/common/errors.js';
import { IMPORT_ENCODINGS, type ImportEncoding } from '../../common/import-contract.js';

export const TEXT_ENCODINGS = IMPORT_ENCODINGS;
export type TextEncoding = ImportEncoding;

/** Chunk size for reading files: big enough to be fast, small enough to stay responsive. */
const CHUNK_BYTES = 1 << 20;

export interface ByteSource {
  readonly name: string;
  /** Total size, when known (a file; not a pipe). */
  readonly size: number | null;
  readonly stream: Readable;
}

/** `-` means standard input. Refuses missing files, folders and anything unreadable. */
export async function openByteSource(file: string): Promise<ByteSource> {
  if (file === '-') return { name: 'standard input', size: null, stream: process.stdin };
  try {
    const stats = await stat(file);
    if (stats.isDirectory()) throw new RosterError('BAD_PATH', `${file} is a folder, not a file to import.`, { path: file });
    const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES });
    // Surface "cannot open" before the first chunk is awaited.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return { name: file, size: stats.isFile() ? stats.size : null, stream };
  } catch (error) {
    if (isRosterError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RosterError('FILE_NOT_FOUND', `There is no file at ${file}.`, { path: file });
    throw new RosterError('BAD_PATH', `Roster cannot read ${file} (${code ?? 'error'}).`, { path: file });
  }
}

/** What the first bytes say about the encoding: certain (a BOM, or valid UTF-8), or a guess. */
export interface SniffedEncoding {
  readonly encoding: TextEncoding;
  /** How many bytes of byte order mark to skip. */
  readonly bom: number;
  /** False when the bytes are not UTF-8 and Windows-1252 is only the likeliest reading. */
  readonly certain: boolean;
}

export function sniffEncoding(head: Uint8Array): SniffedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3, certain: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2, certain: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2, certain: true };
  // Valid UTF-8, allowing a character cut at the end of the sample.
  for (let cut = 0; cut < 4 && cut < head.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      return { encoding: 'utf-8', bom: 0, certain: true };
    } catch {
      // try a shorter sample
    }
  }
  return { encoding: 'windows-1252', bom: 0, certain: false };
}

/**
 * The refusal for bytes that are not UTF-8. It says how to read the file as
 * Windows-1252 in both places an import starts: the app's import preview (its
 * Encoding choice) and the CLI (--encoding).
 */
function notUtf8(where: string): RosterError {
  return new RosterError(
    'IMPORT_INVALID',
    `${where}The file is not UTF-8 text. If a spreadsheet saved it as plain "CSV", read it as Windows-1252: ` +
      `choose Windows-1252 under Encoding in the import preview, ` +
      `or add --encoding windows-1252 to roster people import. Or save it again as "CSV UTF-8".`,
    { encoding: 'windows-1252' },
  );
}

/**
 * The text of `source`, chunk by chunk, in `encoding` (or the one its first bytes show
 * for certain). Throws IMPORT_INVALID for bytes that are not valid in the encoding.
 */
export async function* decodeChunks(
  source: ByteSource,
  encoding: TextEncoding | undefined,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let read = 0;
  for await (const chunk of source.stream as AsyncIterable<Buffer>) {
    let bytes: Uint8Array = chunk;
    if (!decoder) {
      const sniffed = sniffEncoding(bytes.subarray(0, 64 * 1024));
      const chosen = encoding ?? sniffed.encoding;
      if (encoding === undefined && !sniffed.certain) throw notUtf8('');
      decoder = new TextDecoder(chosen, { fatal: chosen !== 'windows-1252', ignoreBOM: true });
      if (sniffed.bom > 0 && (chosen === sniffed.encoding || (chosen === 'utf-8' && sniffed.bom === 3)))
        bytes = bytes.subarray(sniffed.bom);
    }
    read += chunk.length;
    onBytes(read);
    try {
      yield decoder.decode(bytes, { stream: true });
    } catch {
      const at = read - chunk.length;
      throw notUtf8(at > 0 ? `Around byte ${at}: ` : '');
    }
  }
  if (decoder) {
    try {
      yield decoder.decode();
    } catch {
      throw notUtf8('At the end of the file: ');
    }
  }
}
