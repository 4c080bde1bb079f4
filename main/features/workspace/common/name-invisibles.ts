// The characters a name may not hold anywhere, because they hide or disguise its text:
//
//   zero-width characters  U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER, U+2061-U+2064
//                          (invisible math operators), U+FEFF, U+00AD SOFT HYPHEN.
//                          "Ada<U+200B>Lovelace" shows as "AdaLovelace" yet is another
//                          name to every search, sort and duplicate check;
//   joiners out of place   U+200C ZWNJ and U+200D ZWJ are kept where they do their job:
//                          a ZWJ between emoji ("👩‍🔬"), and either joiner between letters
//                          of a script they shape (Persian "می‌خواهم", Devanagari "क्‍ष").
//                          Anywhere else (between Latin letters, next to a space, at an
//                          end) they only hide text, and are refused;
//   bidi controls          U+200E, U+200F, U+061C marks, U+202A-U+202E embeddings and
//                          overrides, U+2066-U+2069 isolates: "evil<U+202E>gnp.exe" shows
//                          as "evilexe.png". Names in right-to-left scripts need none of
//                          them; the display orders each name by itself.
//
// Line and paragraph separators (U+2028, U+2029) are refused with the control
// characters (person-name.ts).

type InvisibleProblem = { problem: 'zero-width' | 'bidi-control'; message: string };

const NAMES: Readonly<Record<number, string>> = {
  0x00ad: 'SOFT HYPHEN',
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

const ZERO_WIDTH = /[\u00AD\u200B\u2060-\u2064\uFEFF]/u;
const JOINERS = /[\u200C\u200D]/u;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** A quick test: does the name hold any character this module looks at? */
const ANY = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

/** What may stand before a ZWJ in an emoji sequence: an emoji, a skin tone, VS16. */
const EMOJI_BEFORE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]/u;
const EMOJI_AFTER = /\p{Extended_Pictographic}/u;
/** Letters of scripts shaped with joiners: any script but Latin, Greek, Cyrillic and the shared ones. */
const LETTER = /\p{L}/u;
const UNJOINED_SCRIPT = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}\p{Script=Inherited}]/u;
const MARK = /\p{M}/u;

function joiningLetter(char: string | undefined): boolean {
  return char !== undefined && LETTER.test(char) && !UNJOINED_SCRIPT.test(char);
}

/** A joiner at `i` of `chars` doing its job: inside an emoji sequence or a shaped word. */
function joinerInPlace(chars: readonly string[], i: number): boolean {
  const after = chars[i + 1];
  if (chars[i] === '\u200D' && after !== undefined && EMOJI_AFTER.test(after) && EMOJI_BEFORE.test(chars[i - 1] ?? '')) return true;
  // The letter before may carry marks (a virama, a vowel sign) between it and the joiner.
  let base = i - 1;
  while (base >= 0 && MARK.test(chars[base] as string)) base--;
  return joiningLetter(chars[base]) && joiningLetter(after);
}

function codePoint(char: string): string {
  const hex = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} ${NAMES[char.codePointAt(0) ?? 0] ?? ''}`.trim();
}

/** Where the character is, in the person's own text: after the visible part before it. */
function place(chars: readonly string[], i: number): string {
  if (i === 0) return 'at the start';
  const before = chars.slice(Math.max(0, i - 20), i).join('');
  return `after "${i > 20 ? '…' : ''}${before}"`;
}

/** The first character of `name` that hides or disguises text, as a problem to show, or null. */
export function invisibleCharacterProblem(name: string): InvisibleProblem | null {
  if (!ANY.test(name)) return null;
  const chars = [...name];
  for (const [i, char] of chars.entries()) {
    if (BIDI.test(char)) {
      return {
        problem: 'bidi-control',
        message:
          `A name cannot contain text-direction controls, which make it show as something else: ` +
          `${codePoint(char)} ${place(chars, i)}.`,
      };
    }
    if (ZERO_WIDTH.test(char) || (JOINERS.test(char) && !joinerInPlace(chars, i))) {
      return {
        problem: 'zero-width',
        message: `A name cannot contain invisible characters, which hide part of it: ${codePoint(char)} ${place(chars, i)}.`,
      };
    }
  }
  return null;
}
