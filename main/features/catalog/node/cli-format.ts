// Workspaces of the list as the CLI prints them for scripts (--json).

import { existsSync } from 'node:fs';
import type { CatalogEntry } from '../common/catalog-contract.js';

/** A list entry as `--json` prints it, with whether its file is there. */
export function entryJson(entry: CatalogEntry): CatalogEntry & { missing: boolean } {
  return { ...entry, missing: !existsSync(entry.path) };
}
