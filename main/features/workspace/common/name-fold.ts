// How a name becomes its search and sort key (Person.nameKey). Shared by the core (which
// writes keys and folds search text), the CLI and the renderer, so it lives in `common`.
//
// The rule, in the order applied:
//   1. compatibility decomposition (NFKD): "ﬁ" → "fi", full-width "Ａ" → "A", "é" → "e"+mark;
//   2. full case folding, the way Unicode's CaseFolding does it for search: "ß" and "ẞ"
//      → "ss", "Σ"/"ς" → "σ", "İ" → "i"+mark, "ı" → "i";
//   3. combining marks removed where people treat them as optional accents: after Latin,
//      Greek and Cyrillic letters, and Arabic and Hebrew vowel points. Everywhere else a
//      mark is part of the letter and is kept: Japanese "ガ" is not "カ", Devanagari
//      "सी" is not "स";
//   4. letters with no decomposition that readers see as a plain letter (or two) mapped
//      to it: Ł → l, Ø → o, Đ/Ð → d, Æ → ae, Œ → oe, Þ → th, and a few more;
//   5. canonical composition (NFC) of what is left (Hangul syllables, kana with marks).
//
// Before step 2, characters that draw nothing (Default_Ignorable_Code_Point: zero-width
// spaces and joiners, direction marks, soft hyphens, variation selectors) are removed, so
// a name another program stored as "Ada<U+200B>Lovelace" is found by "adalovelace",
// which is what it shows. Roster refuses such characters in the names it stores
// (person-name.ts), but other programs may write them.
//
// Search compares folded text with folded keys as plain substrings, so both sides must
// use exactly this function. FOLD_VERSION changes whenever the rule does; stored keys
// carry the fold (and the Unicode version of the runtime that computed them) they were
// made with, and are recomputed when either changes (main/features/workspace/node/keys/key-upkeep.ts).

export const FOLD_VERSION = 3;

/** Lower-case letters (after step 2) that step 4 maps; keys are single code points. */
const LETTERS: Readonly<Record<string, string>> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ħ: 'h',
  ŧ: 't',
  ı: 'i',
  ȷ: 'j',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ĸ: 'k',
  ŋ: 'n',
  ƀ: 'b',
  ɨ: 'i',
  ʉ: 'u',
  ƶ: 'z',
  ǥ: 'g',
  ɉ: 'j',
  ɍ: 'r',
  ɏ: 'y',
  ꝁ: 'k',
  ß: 'ss',
  ς: 'σ',
  ſ: 's',
};

const MAPPED = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'gu');

/**
 * Scripts whose combining marks are accents a reader may leave out. Exported for the
 * fold's fingerprint (main/features/workspace/node/keys/fold-id.ts): which letters it matches depends on
 * the runtime's Unicode data.
 */
export const ACCENTED_BASE = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}]/u;
/** Arabic harakat and Hebrew points: optional vowel marks, removed whatever precedes them. */
const OPTIONAL_POINTS_ALL = /[\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7\u064B-\u065F\u0670\u06D6-\u06ED]/gu;

/** A base character followed by its combining marks. */
const MARKED = /(\P{M}?)(\p{M}+)/gu;

function stripAccents(text: string): string {
  return text.replace(MARKED, (_match, base: string, marks: string) => {
    if (base !== '' && ACCENTED_BASE.test(base)) return base;
    return base + marks.replace(OPTIONAL_POINTS_ALL, '');
  });
}

const ASCII = /^[ -~]*$/;
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const NEEDS_COMPOSITION = /[\p{M}\u1100-\u11FF]/u;

/**
 * The search and sort key of a name (see the rule above). "Émile", "EMILE" and "emile"
 * share a key; so do "Straße" and "STRASSE", "Łukasz" and "lukasz".
 */
export function foldName(text: string): string {
  // Most names are ASCII, where the whole rule is lower-casing.
  if (ASCII.test(text)) return text.toLowerCase();
  // toUpperCase().toLowerCase() gives full case folding for nearly every letter with
  // case (ß → SS → ss, ı → I → i); the two it misses are mapped in step 4: ẞ, which is
  // already upper case and lowers to ß, and ς, which JavaScript's final-sigma rule
  // brings back at the end of a word.
  const folded = text.normalize('NFKD').replace(IGNORABLE, '').toUpperCase().toLowerCase();
  const key = stripAccents(folded).replace(MAPPED, (letter) => LETTERS[letter] ?? letter);
  // Only kept marks and Hangul jamo can compose again; skip the pass otherwise.
  return NEEDS_COMPOSITION.test(key) ? key.normalize('NFC') : key;
}
