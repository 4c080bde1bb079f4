// Measuring text as people count it, for every part that lays text out or limits it.

/** Counts Unicode code points, not UTF-16 units: one emoji is one character. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
