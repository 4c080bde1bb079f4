// The words of likely duplicates, shared by the add field's note and the view.

import type { SameNameResult } from '../../../../main/features/duplicates/common/duplicates-contract.js';
import { formatNumber } from '../../kernel/format.js';

const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** "3 Mar 2026" (in the person's own locale). */
export function addedOn(iso: string): string {
  return day.format(new Date(iso));
}

/**
 * The add field's note: "Already here: Ada Lovelace, added 3 Mar 2026." or
 * "3 people named like this, the first added 3 Mar 2026 (Ada Lovelace).", then that
 * Enter still adds; '' when nobody has the name.
 */
export function sameNameText({ count, first }: SameNameResult): string {
  if (count === 0 || !first) return '';
  const who =
    count === 1
      ? `Already here: ${first.name}, added ${addedOn(first.createdAt)}.`
      : `${formatNumber(count)} people named like this, the first added ${addedOn(first.createdAt)} (${first.name}).`;
  return `${who} Enter adds another.`;
}
