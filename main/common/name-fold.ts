// How a name becomes its search and sort key (Person.nameKey). Shared by the core (which
// writes keys and folds search text), the CLI and the renderer, so it lives in `common`.

const COMBINING_MARKS = /\p{M}/gu;

/**
 * The search and sort key of a name: compatibility-decomposed, combining marks
 * removed, lower-cased. "Émile" and "emile" share a key, so search ignores case and
 * accents, and sorting by name puts them together. The same function folds the
 * search text, which is why it lives in `common`.
 */
export function foldName(text: string): string {
  return text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
}
