// Where a search's match lies in a name as written (renderer/src/kernel/highlight.ts),
// which the launcher's find and the people table mark. Search compares folded text,
// so the match is found in the fold and mapped back: accents, case, letters whose fold
// is longer ("ß" → "ss", "ﬁ" → "fi", "Æ" → "ae") and decomposed accents. Pure
// functions, run in Node (this folder's tsconfig has the DOM types the module needs).

import { describe, expect, it } from 'vitest';
import { matchRanges } from '../../../renderer/src/kernel/highlight.js';

/** The marked runs of `name`, as text. */
function marks(name: string, search: string): string[] {
  return matchRanges(name, search).map(({ start, end }) => name.slice(start, end));
}

describe('matchRanges', () => {
  it('maps a folded match back to the accented, cased letters', () => {
    expect(marks('Émilie du Châtelet', 'emi')).toEqual(['Émi']);
    expect(marks('Émilie du Châtelet', 'CHATEL')).toEqual(['Châtel']);
    expect(marks('Ádám Kovács', 'adam k')).toEqual(['Ádám K']);
    // The accent as a separate combining mark stays with its letter.
    expect(marks('E\u0301milie', 'emi')).toEqual(['E\u0301mi']);
    expect(marks('Łukasz Øster', 'lukasz o')).toEqual(['Łukasz Ø']);
  });

  it('marks the whole letter whose longer fold the match covers, never its neighbours', () => {
    expect(marks('Hans Straße', 'strasse')).toEqual(['Straße']);
    expect(marks('Hans Straße', 'ss')).toEqual(['ß']);
    // Half of "ss" is still that letter.
    expect(marks('Straße', 'se')).toEqual(['ße']);
    expect(marks('Æsa', 'ea')).toEqual([]);
    expect(marks('Æsa', 'es')).toEqual(['Æs']);
    expect(marks('ﬁona', 'io')).toEqual(['ﬁo']);
    expect(marks('Ｆｕｌｌ', 'full')).toEqual(['Ｆｕｌｌ']);
  });

  it('marks every match, joining those that touch, and nothing for no match or an empty search', () => {
    expect(marks('Anna and Dan', 'an')).toEqual(['An', 'an', 'an']);
    expect(marks('Banana', 'an')).toEqual(['anan']);
    expect(marks('aaaa', 'aa')).toEqual(['aaaa']);
    expect(marks('Ada Lovelace', 'zz')).toEqual([]);
    expect(marks('Ada Lovelace', '   ')).toEqual([]);
    expect(marks('', 'a')).toEqual([]);
    // The search is trimmed as the find trims it.
    expect(marks('Ada Lovelace', ' love ')).toEqual(['Love']);
  });

  it('handles scripts whose marks are part of the letter, emoji and lone marks without failing', () => {
    expect(marks('सीता', 'सी')).toEqual(['सी']);
    expect(marks('ガイド', 'ガ')).toEqual(['ガ']);
    expect(marks('Ana 👩‍👩‍👧 Ana', 'ana')).toEqual(['Ana', 'Ana']);
    expect(marks('\u0301abc', 'ab')).toEqual(['ab']);
    expect(marks('한국어', '국')).toEqual(['국']);
  });
});
