// The rules for a person's name, in one place, shared by the core (which enforces
// them), the CLI and the renderer (which explains them before a round trip).

import { codePointLength } from '../../../kernel/common/text.js';

export const NAME_MAX_CODE_POINTS = 256;

type NameProblem = 'empty' | 'too-long' | 'control-characters' | 'malformed' | 'invisible';

export type NameCheck = { ok: true; name: string } | { ok: false; problem: NameProblem; message: string };

// C0/C1 control characters (tabs, newlines, NUL...) make names unprintable in lists
// and break CSV rows, so they are refused rather than silently stripped.
const CONTROL_CHARACTERS = /\p{Cc}/u;

// Characters that draw nothing on their own. A name made only of these shows as a
// blank row, so it is refused (as an empty name is). Inside a name they are fine:
// a zero-width joiner builds emoji sequences, a ZWNJ shapes Persian and Arabic words.
//   White_Space                    spaces of every width (U+3000, U+00A0, U+2007...)
//   Default_Ignorable_Code_Point   zero-width and format characters (U+200B-U+200F,
//                                  U+2060-U+206F, U+FEFF, tags), variation selectors,
//                                  the Hangul fillers U+115F, U+1160, U+3164, U+FFA0
//   Cf                             every other format character (U+0600 marks...)
//   U+2800                         BRAILLE PATTERN BLANK: a "character" with no dots
// Combining marks (\p{M}) need a base to sit on, so a name of marks alone has none
// either.
const BLANK = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\p{M}\u2800]/u;

/** True when at least one code point of `text` draws something by itself. */
export function hasVisibleCharacter(text: string): boolean {
  for (const char of text) if (!BLANK.test(char)) return true;
  return false;
}

/**
 * Trims and checks a name. Returns the stored form or the reason it is refused,
 * worded for the person who typed it.
 */
export function checkName(raw: string): NameCheck {
  if (!raw.isWellFormed()) {
    return { ok: false, problem: 'malformed', message: 'The name contains broken Unicode characters.' };
  }
  const name = raw.trim();
  if (name.length === 0) {
    return { ok: false, problem: 'empty', message: 'A name cannot be empty.' };
  }
  const length = codePointLength(name);
  if (length > NAME_MAX_CODE_POINTS) {
    return {
      ok: false,
      problem: 'too-long',
      message: `A name can have at most ${NAME_MAX_CODE_POINTS} characters; this one has ${length}.`,
    };
  }
  if (CONTROL_CHARACTERS.test(name)) {
    return { ok: false, problem: 'control-characters', message: 'A name cannot contain tabs, line breaks or other control characters.' };
  }
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
 * Roster would accept it exactly as it is: the naming rules above, and no blank space
 * at either end (Roster stores names trimmed). Every path that carries stored names
 * into another workspace or file applies this one rule.
 */
export function storedNameProblem(name: string): string | null {
  if (PLAIN_NAME.test(name) && name.length <= NAME_MAX_CODE_POINTS) return null;
  const check = checkName(name);
  if (!check.ok) return check.message;
  return check.name === name ? null : 'The name starts or ends with blank space.';
}
