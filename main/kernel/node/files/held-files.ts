// The workspace files this process has open (canonical paths). Kept apart from
// workspace-file.ts so that modules that only ask "is this file open here?" (the export
// target check) do not pull in the whole open pipeline.

import { canonicalPath } from '../sqlite/sqlite-file.js';

const held = new Set<string>();

export function isHeldInProcess(path: string): boolean {
  return held.has(canonicalPath(path));
}

/** Marks `canonical` open here; false if it already was. */
export function holdFile(canonical: string): boolean {
  if (held.has(canonical)) return false;
  held.add(canonical);
  return true;
}

export function releaseFile(canonical: string): void {
  held.delete(canonical);
}
