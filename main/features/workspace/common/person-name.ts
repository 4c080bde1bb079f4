// The rules for a person's name, in one place, shared by the core (which enforces
// them), the CLI and the renderer (which explains them and counts as it types).
//
// A name is stored in Unicode's composed form (NFC), so "é" typed as "e" plus an accent
// (what macOS keyboards and file names produce) is the same name as a precomposed "é".
// Its length is what people see: user-perceived characters (grapheme clusters), so
// "👩‍🔬" or "é" counts 1 however many code points it takes. Under that visible limit
// there is a hard cap on what is stored, in code points, so that no name of 256 visible
// characters built from long emoji sequences can grow without bound.

import { codePointLength } from '../../../kernel/common/text.js';
import { invisibleCharacterProblem } from './name-invisibles.js';

/** Most characters a name may show (grapheme clusters: what people count). */
export const NAME_MAX_CHARACTERS = 256;
/** Hard cap on a stored name, in Unicode code points (at most 4 KiB of UTF-8). */
export const NAME_MAX_CODE_POINTS = 1024;

type NameProblem = 'empty' | 'too-long' | 'control-characters' | 'malformed' | 'invisible' | 'zero-width' | 'bidi-control';

export type NameCheck = { ok: true; name: string } | { ok: false; problem: NameProblem; message: string };

// C0/C1 control characters (tabs, newlines, NUL...) and the Unicode line and paragraph
// separators make names unprintable in lists and break CSV rows, so they are refused
// rather than silently stripped.
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;

// Characters that draw nothing on their own. A name made only of these shows as a
// blank row, so it is refused (as an empty name is).
//   White_Space                    spaces of every width (U+3000, U+00A0, U+2007...)
//   Default_Ignorable_Code_Point   zero-width and format characters (U+200B-U+200F,
//                                  U+2060-U+206F, U+FEFF, tags), variation selectors,
//                                  the Hangul fillers U+115F, U+1160, U+3164, U+FFA0
//   Cf                             every other format character (U+0600 marks...)
//   U+2800                         BRAILLE PATTERN BLANK: a "character" with no dots
// Combining marks (\p{M}) need a base to sit on, so a name of marks alone has none
// either. Inside a name most of these are fine (a variation selector picks an emoji's
// look); the few that hide or disguise text are refused wherever they are
// (name-invisibles.ts).
const BLANK = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\p{M}\u2800]/u;

/** True when at least one code point of `text` draws something by itself. */
export function hasVisibleCharacter(text: string): boolean {
  for (const char of text) if (!BLANK.test(char)) return true;
  return false;
}

let segmenter: Intl.Segmenter | null = null;

/** User-perceived characters (extended grapheme clusters): "👩‍🔬" and "é" count 1 each. */
export function characterCount(text: string): number {
  // Every grapheme holds at least one code point, so short text needs no segmenting.
  const codePoints = codePointLength(text);
  if (codePoints <= 1 || /^[\x20-\x7e]*$/.test(text)) return codePoints;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

function tooLong(name: string): NameCheck | null {
  const codePoints = codePointLength(name);
  if (codePoints > NAME_MAX_CODE_POINTS) {
    return {
      ok: false,
      problem: 'too-long',
      message:
        `A name can hold at most ${NAME_MAX_CODE_POINTS} Unicode code points (an accent or emoji may take several); ` +
        `this one has ${codePoints}.`,
    };
  }
  if (codePoints <= NAME_MAX_CHARACTERS) return null;
  const characters = characterCount(name);
  if (characters <= NAME_MAX_CHARACTERS) return null;
  return {
    ok: false,
    problem: 'too-long',
    message: `A name can have at most ${NAME_MAX_CHARACTERS} characters; this one has ${characters}.`,
  };
}

// Printable ASCII: nothing to compose, nothing invisible, one character per code point.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Trims, composes (NFC) and checks a name. Returns the stored form or the reason it is
 * refused, worded for the person who typed it.
 */
export function checkName(raw: string): NameCheck {
  if (!raw.isWellFormed()) {
    return { ok: false, problem: 'malformed', message: 'The name contains broken Unicode characters.' };
  }
  const trimmed = raw.trim();
  if (trimmed.length === 0) {
    return { ok: false, problem: 'empty', message: 'A name cannot be empty.' };
  }
  // Composing shortens text at most fourfold (a Greek vowel with breathing, accent and
  // iota subscript becomes one letter), and this many UTF-16 units are at least half as
  // many code points, so such text is refused without composing it first (another
  // program may have stored megabytes).
  const long = trimmed.length > NAME_MAX_CODE_POINTS * 10 ? tooLong(trimmed) : null;
  if (long) return long;
  const plain = PRINTABLE_ASCII.test(trimmed);
  const name = plain ? trimmed : trimmed.normalize('NFC');
  const tooMany = tooLong(name);
  if (tooMany) return tooMany;
  if (plain) return { ok: true, name };
  if (CONTROL_CHARACTERS.test(name)) {
    return { ok: false, problem: 'control-characters', message: 'A name cannot contain tabs, line breaks or other control characters.' };
  }
  const hidden = invisibleCharacterProblem(name);
  if (hidden) return { ok: false, ...hidden };
  if (!hasVisibleCharacter(name)) {
    return {
      ok: false,
      problem: 'invisible',
      message: 'A name needs at least one visible character; this one has only blank or invisible characters.',
    };
  }
  return { ok: true, name };
}

// Printable ASCII with no blank at either end: the names almost every row holds, which
// cannot break any rule below but the length, so a long scan skips the full check.
const PLAIN_NAME = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * What is wrong with a name as stored (written by another program, say), or null when
 * Roster would accept it as it is: the naming rules above, and no blank space at either
 * end (Roster stores names trimmed). A stored name in another Unicode form than NFC is
 * the same name, so it passes. Every path that carries stored names into another
 * workspace or file applies this one rule.
 */
export function storedNameProblem(name: string): string | null {
  if (PLAIN_NAME.test(name) && name.length <= NAME_MAX_CHARACTERS) return null;
  const check = checkName(name);
  if (!check.ok) return check.message;
  return name.trim() === name ? null : 'The name starts or ends with blank space.';
}
