// Shared by the scale benches: the raw better-sqlite3 side (what a plain SQLite program
// would run for the same result), how rows are labelled, and cache control.

import { spawnSync } from 'node:child_process';
import type Database from 'better-sqlite3';
import { foldName } from '../main/features/workspace/common/name-fold.js';
import { PersonService } from '../main/features/people/node/person-service.js';
import type { WorkspaceConnections, WorkspaceLease } from '../main/features/workspace/node/workspace-connections.js';
import { rawConnection } from './fixtures.js';
import type { Summary } from './measure.js';
import type { BenchRow } from './registry.js';

export const COLUMNS = '"id", "name", "nameKey", "createdAt", "updatedAt"';

export function label(count: number): string {
  return count >= 1_000_000 ? `${count / 1_000_000}M` : `${count / 1000}k`;
}

export function row(
  operation: string,
  unit: BenchRow['unit'],
  result: { roster: Summary; raw: Summary | null },
  target: number | null,
  note?: string,
): BenchRow {
  return {
    operation,
    unit,
    roster: result.roster.median,
    raw: result.raw?.median ?? null,
    target,
    rosterSpread: [result.roster.low, result.roster.high],
    ...(result.raw ? { rawSpread: [result.raw.low, result.raw.high] as const } : {}),
    ...(note ? { note } : {}),
  };
}

/** Drops a file's pages from the OS cache (GNU dd's nocache: posix_fadvise DONTNEED), so the next read is cold. */
export function dropFromCache(path: string): void {
  const result = spawnSync('dd', [`if=${path}`, 'iflag=nocache', 'count=0', 'status=none']);
  if (result.status !== 0) throw new Error(`dd could not drop ${path} from the cache: ${String(result.stderr)}`);
}

export function rawOpen(path: string): Database.Database {
  return rawConnection(path);
}

/** The plain way to page by offset: OFFSET on the sort index, the far half read backwards. */
export function rawPage(db: Database.Database, offset: number, total: number): unknown[] {
  if (offset > total / 2) {
    const reverse = Math.max(0, total - offset - 100);
    return db.prepare(`SELECT ${COLUMNS} FROM "Person" ORDER BY "nameKey" DESC, "id" DESC LIMIT 100 OFFSET ?`).all(reverse).reverse();
  }
  return db.prepare(`SELECT ${COLUMNS} FROM "Person" ORDER BY "nameKey", "id" LIMIT 100 OFFSET ?`).all(offset);
}

/** The plain way to search: a scan with instr() over the folded key, page and count. */
export function rawSearch(db: Database.Database, term: string): number {
  const folded = foldName(term);
  db.prepare(`SELECT ${COLUMNS} FROM "Person" WHERE instr("nameKey", ?) > 0 ORDER BY "nameKey", "id" LIMIT 101`).all(folded);
  return db.prepare('SELECT count(*) FROM "Person" WHERE instr("nameKey", ?) > 0').pluck().get(folded) as number;
}

/** Terms with about `low`..`high` matches, each different (every keystroke is a new term). */
export function termsWithMatches(
  db: Database.Database,
  candidates: readonly string[],
  low: number,
  high: number,
  wanted: number,
): { term: string; matches: number }[] {
  const out: { term: string; matches: number }[] = [];
  for (const term of candidates) {
    const matches = db.prepare('SELECT count(*) FROM "Person" WHERE instr("nameKey", ?) > 0').pluck().get(foldName(term)) as number;
    if (matches >= low && matches <= high) out.push({ term, matches });
    if (out.length >= wanted) break;
  }
  return out;
}

export function candidateTerms(db: Database.Database, lengths: readonly number[]): string[] {
  const keys = db.prepare('SELECT "nameKey" FROM "Person" WHERE "id" % 997 = 0 LIMIT 400').pluck().all() as string[];
  const out = new Set<string>();
  for (const key of keys) {
    const chars = [...key];
    for (const length of lengths) for (let i = 0; i + length <= chars.length; i += 2) out.add(chars.slice(i, i + length).join(''));
  }
  return [...out].filter((term) => term.trim() === term && term !== '');
}

export async function openAndCount(connections: WorkspaceConnections, path: string): Promise<WorkspaceLease> {
  const lease = await connections.acquire(path);
  await new PersonService(lease).count();
  return lease;
}

export function scale(summary: Summary, by: number): Summary {
  return { median: summary.median / by, low: summary.low / by, high: summary.high / by, samples: summary.samples };
}
