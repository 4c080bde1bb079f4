// `roster people add PATH -`: names from standard input, one per line, checked like
// lines pasted into a workspace window (the first bad line refuses them all and is
// named: "Line 3: A name cannot be empty."). Each line is a whole name, commas and
// quotes included; for files with columns there is `people import`.

import { RosterError } from '../../../kernel/common/errors.js';
import { BULK_MAX } from '../common/people-contract.js';
import { validPastedLines } from './pasted-lines.js';
import { usageError } from '../../../kernel/node/cli/args.js';

/** Reads standard input to its end as UTF-8 (a byte order mark is dropped); other bytes are refused, never replaced. */
async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new RosterError('INVALID_INPUT', 'Standard input is not UTF-8 text; nothing was added.');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The names on standard input, in order; the final line break is optional. */
export async function namesFromStdin(input: NodeJS.ReadableStream = process.stdin): Promise<string[]> {
  const text = await readAll(input);
  const lines = text.split(/\r?\n|\r/);
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw usageError('Standard input held no names.', 'people add');
  if (lines.length > BULK_MAX) {
    throw usageError(
      `\`roster people add\` takes at most ${BULK_MAX.toLocaleString('en-US')} names; ` +
        `standard input has ${lines.length.toLocaleString('en-US')}. Use \`roster people import PATH FILE --no-header\` for more.`,
      'people add',
    );
  }
  return validPastedLines(lines);
}
