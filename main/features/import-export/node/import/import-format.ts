// The import or export format a file name implies.

import { extname } from 'node:path';
import type { ImportFormat } from '../../../people/common/people-contract.js';

export function formatFromPath(path: string): ImportFormat | null {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv' || extension === '.tsv' || extension === '.txt') return 'csv';
  if (extension === '.json') return 'json';
  return null;
}
