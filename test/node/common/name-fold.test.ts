// The search fold as a person would expect it, across scripts: what a
// search for the left-hand text finds, and what it must not find.

import { describe, expect, it } from 'vitest';
import { FOLD_VERSION, foldName } from '../../../main/features/workspace/common/name-fold.js';
import { currentFoldId } from '../../../main/features/workspace/node/keys/key-upkeep.js';

/** Does searching for `term` find a person called `name`? (Search is a substring match of folded texts.) */
function finds(term: string, name: string): boolean {
  return foldName(name).includes(foldName(term));
}

const FINDS: readonly [string, string, string][] = [
  ['German ß', 'strasse', 'Straße'],
  ['capital sharp s', 'grosse', 'GROẞE'],
  ['ß typed as ß', 'straße', 'STRASSE'],
  ['Greek tonos and final sigma', 'νικοσ', 'Νίκος'],
  ['Greek sigma inside a longer word', 'νικοσα', 'Νικοσάκης'],
  ['Polish Ł (no decomposition)', 'lukasz', 'Łukasz'],
  ['Danish/Norwegian Ø', 'soren', 'Søren'],
  ['Croatian Đ', 'dorde', 'Đorđe'],
  ['Icelandic Þ', 'thor', 'Þór'],
  ['Æ ligature', 'aesir', 'Æsir'],
  ['Œ ligature', 'oeuvre', 'Œuvre'],
  ['Turkish dotted capital İ', 'istanbul', 'İstanbul'],
  ['Turkish dotless ı', 'isparta', 'ısparta'],
  ['French accents', 'emile', 'Émile'],
  ['diaeresis', 'zoe', 'ZOË'],
  ['Cyrillic Ё', 'елка', 'Ёлка'],
  ['ﬁ ligature', 'fish', 'ﬁsh'],
  ['full-width Latin', 'abc', 'ＡＢＣ'],
  ['half-width katakana to full-width', 'ｶｽ', 'カス'],
  ['Arabic vowel marks are optional', 'محمد', 'مُحَمَّد'],
  ['Hebrew points are optional', 'שלום', 'שָׁלוֹם'],
  ['Korean syllable', '김', '김민준'],
  ['emoji', '🦊', 'Fox 🦊'],
  ['percent is literal', '100%', 'Team 100%'],
  ['underscore is literal', 'a_b', 'a_b c'],
];

const MISSES: readonly [string, string, string][] = [
  ['Japanese dakuten is part of the letter', 'ガス', 'カス'],
  ['…both ways', 'カス', 'ガス'],
  ['Devanagari vowel signs are part of the letter', 'सीता', 'सत'],
  ['Hindi: a vowel sign is not optional', 'सी', 'स'],
  ['percent does not match anything', '%', 'Ada'],
  ['underscore does not match any one character', 'a_b', 'axb'],
];

describe('foldName', () => {
  it.each(FINDS)('%s: "%s" finds "%s"', (_label, term, name) => {
    expect(finds(term, name)).toBe(true);
  });

  it.each(MISSES)('%s: "%s" does not find "%s"', (_label, term, name) => {
    expect(finds(term, name)).toBe(false);
  });

  it('is idempotent, so a stored key folds to itself', () => {
    for (const [, , name] of [...FINDS, ...MISSES]) expect(foldName(foldName(name))).toBe(foldName(name));
  });

  it('names its version and the runtime’s Unicode version, so keys are refolded when either changes', () => {
    expect(currentFoldId()).toMatch(new RegExp(`^${FOLD_VERSION}/${process.versions.unicode}/[0-9a-f]{16}$`));
  });
});
