// Marking what a search matched inside a name, for every view that shows search results
// (the launcher's find, the people table). Search compares folded text (name-fold.ts:
// case and accents ignored, "ß" → "ss", "ﬁ" → "fi"), so the match is found in the
// folded name and mapped back to the characters of the name as written: "emi" marks
// "Émi" in "Émilie", "ss" marks the "ß" of "Straße".
//
// Each grapheme (a letter with its accents) is folded on its own, which says which
// folded characters came from which written ones. A match that covers part of a
// grapheme's fold marks that whole grapheme. When the pieces do not add up to the fold
// of the whole name (letters that only compose together), nothing is marked: never the
// wrong letters.

import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { h } from './dom.js';

/** A run of the written name, in UTF-16 code units: `name.slice(start, end)`. */
export interface MatchRange {
  readonly start: number;
  readonly end: number;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Each grapheme's start in the name and the start of its fold in the folded name. */
interface FoldMap {
  readonly folded: string;
  readonly written: number[];
  readonly foldedAt: number[];
}

function foldMap(name: string): FoldMap | null {
  const written: number[] = [];
  const foldedAt: number[] = [];
  let folded = '';
  for (const { segment, index } of graphemes.segment(name)) {
    written.push(index);
    foldedAt.push(folded.length);
    folded += foldName(segment);
  }
  return folded === foldName(name) ? { folded, written, foldedAt } : null;
}

/** The grapheme whose fold holds the folded character at `at`. */
function graphemeAt(map: FoldMap, at: number): number {
  let found = 0;
  for (let g = 0; g < map.foldedAt.length && (map.foldedAt[g] ?? Infinity) <= at; g++) found = g;
  return found;
}

/**
 * The runs of `name` that the search text `search` matches, in order and apart from
 * each other; none when the search is empty or the match cannot be placed exactly.
 */
export function matchRanges(name: string, search: string): MatchRange[] {
  const term = foldName(search.trim());
  if (term === '' || name === '') return [];
  const map = foldMap(name);
  if (!map) return [];
  const ranges: MatchRange[] = [];
  for (let at = map.folded.indexOf(term); at !== -1; at = map.folded.indexOf(term, at + term.length)) {
    const first = graphemeAt(map, at);
    const last = graphemeAt(map, at + term.length - 1);
    const start = map.written[first] ?? 0;
    const end = map.written[last + 1] ?? name.length;
    const previous = ranges.at(-1);
    if (previous && previous.end >= start) ranges[ranges.length - 1] = { start: previous.start, end: Math.max(previous.end, end) };
    else ranges.push({ start, end });
  }
  return ranges;
}

/** `name` as text with each match of `search` in a <mark>, to append to an element. */
export function highlighted(name: string, search: string): (string | HTMLElement)[] {
  const parts: (string | HTMLElement)[] = [];
  let from = 0;
  for (const { start, end } of matchRanges(name, search)) {
    if (start > from) parts.push(name.slice(from, start));
    parts.push(h('mark', { class: 'match' }, name.slice(start, end)));
    from = end;
  }
  if (from < name.length) parts.push(name.slice(from));
  return parts;
}
