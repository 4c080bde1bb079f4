// Prisma's better-sqlite3 adapter declares better-sqlite3 ^12; package.json's
// `overrides` makes it use the one addon Roster loads (13.x). These tests run the real
// generated client over a real workspace file and show that what Roster relies on still
// holds there: transactions, DateTime mapping, and SQLite's failures arriving as
// Roster's error codes.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { asRosterError } from '../../../main/kernel/node/sqlite/sqlite-errors.js';
import { createTempPeople, type TempPeople } from '../../support/people-fixtures.js';
import { REPO_ROOT } from '../../support/schema-engine.js';
import { removeTempDirs } from '../../support/workspace-fixtures.js';

let open: TempPeople | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
  removeTempDirs();
});

async function workspace(): Promise<TempPeople> {
  open = await createTempPeople('adapter');
  return open;
}

function rawRows(path: string): { name: string; createdAt: unknown; updatedAt: unknown }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT name, createdAt, updatedAt FROM Person ORDER BY id').all() as {
      name: string;
      createdAt: unknown;
      updatedAt: unknown;
    }[];
  } finally {
    db.close();
  }
}

describe('Prisma 7 on better-sqlite3 13', () => {
  it('resolves the adapter to the same better-sqlite3 that Roster loads', () => {
    const own = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { version: string };
    const adapterDir = join(REPO_ROOT, 'node_modules', '@prisma', 'adapter-better-sqlite3');
    // With the override npm installs no second copy under the adapter.
    expect(() => readFileSync(join(adapterDir, 'node_modules', 'better-sqlite3', 'package.json'))).toThrow(/ENOENT/);
    expect(own.version.startsWith('13.')).toBe(true);
  });

  it('maps DateTime both ways, to the millisecond, as UTC text in the file', async () => {
    const { lease, path } = await workspace();
    const prisma = lease.workspace.prisma;
    const createdAt = new Date('2024-02-29T23:59:59.123Z');
    const updatedAt = new Date('2026-12-07T01:02:03.004Z');
    const made = await prisma.person.create({ data: { name: 'Ada Lovelace', nameKey: 'ada lovelace', createdAt, updatedAt } });
    const read = await prisma.person.findUniqueOrThrow({ where: { id: made.id } });
    expect(read.createdAt.toISOString()).toBe('2024-02-29T23:59:59.123Z');
    const [raw] = rawRows(path);
    expect(raw?.createdAt).toMatch(/^2024-02-29[T ]23:59:59\.123/);
    // Prisma's @updatedAt sets the time on create unless given: the given one is kept.
    expect(read.updatedAt.toISOString()).toBe(updatedAt.toISOString());
  });

  it('commits a batch transaction whole and rolls an interactive one back whole', async () => {
    const { lease, path } = await workspace();
    const prisma = lease.workspace.prisma;
    await prisma.$transaction([
      prisma.person.create({ data: { name: 'One', nameKey: 'one' } }),
      prisma.person.create({ data: { name: 'Two', nameKey: 'two' } }),
    ]);
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.person.create({ data: { name: 'Three', nameKey: 'three' } });
        await tx.person.deleteMany({ where: { name: 'One' } });
        throw new Error('stop here');
      }),
    ).rejects.toThrow('stop here');
    expect(rawRows(path).map((row) => row.name)).toEqual(['One', 'Two']);
  });

  it("turns SQLite's refusals through the adapter into Roster's codes", async () => {
    const { lease, path } = await workspace();
    const { db, prisma } = lease.workspace;
    // The adapter writes on the workspace's own connection: a read-only switch on it
    // makes SQLite refuse the write (SQLITE_READONLY), as a read-only file would.
    db.pragma('query_only = ON');
    const readOnly = await prisma.person.create({ data: { name: 'Nope', nameKey: 'nope' } }).catch((error: unknown) => error);
    expect(asRosterError(readOnly).code).toBe('WORKSPACE_READ_ONLY');
    db.pragma('query_only = OFF');

    // Another connection holds the write lock and this one will not wait for it.
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    db.pragma('busy_timeout = 0');
    try {
      const busy = await prisma.person.create({ data: { name: 'Later', nameKey: 'later' } }).catch((error: unknown) => error);
      const mapped = asRosterError(busy);
      expect(mapped.code).toBe('WORKSPACE_BUSY');
      expect(mapped.message).not.toMatch(/SQLITE|Prisma/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(rawRows(path)).toEqual([]);
  });
});
