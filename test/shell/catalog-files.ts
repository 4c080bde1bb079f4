// The two start failures that depend on how the catalog (Roster's list of workspaces)
// is stored. They are kept here, apart from the scenarios, because the catalog's
// storage is changing (catalog.json today): when it does, only these two functions
// need to follow. Each must leave the data folder so that `start()` throws while
// reading the catalog; the scenarios only check what the person sees.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A catalog written by a newer Roster (the core refuses it with WORKSPACE_TOO_NEW). */
export function writeCatalogFromNewerRoster(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'catalog.json'), `${JSON.stringify({ version: 99, workspaces: [], trash: [] })}\n`);
}

/** A catalog that cannot be read at all: a folder where the file should be. */
export function makeCatalogUnreadable(dataDir: string): void {
  mkdirSync(join(dataDir, 'catalog.json'), { recursive: true });
}
