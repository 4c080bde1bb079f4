// An unknown trigger that writes to Roster's tables is refused however it is spelled:
// comments between the words, quoted names in every quoting SQLite accepts,
// any letter case, line breaks, INSERT OR REPLACE, REPLACE INTO, a trigger on another
// table or on a view. Each is created with the real SQLite, and the refusal leaves the
// file byte for byte as it was. Triggers that write only elsewhere are still tolerated,
// even when their text mentions Person in a string or a comment.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { writtenTables } from '../../../main/features/workspace/node/trigger-writes.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { trustFile } from '../../../main/features/workspace/node/foreign-objects.js';
import { MemoryTrustStore } from '../../../main/features/workspace/node/seals.js';
import {
  expectRosterError,
  makeCurrentFile,
  makeTempDir,
  openOptions,
  removeTempDirs,
  repoMigrations,
  sha256OfFile,
} from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

function fileWith(sql: string): { dir: string; path: string } {
  const dir = makeTempDir('trigger');
  const path = join(dir, 'w.roster');
  makeCurrentFile(path, ['Ada'], foldName);
  const db = new Database(path);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
  return { dir, path };
}

const ON_INSERT = 'CREATE TRIGGER "t" AFTER INSERT ON "Person" BEGIN';

describe('refused: an unknown trigger that writes to Roster’s tables', () => {
  it.each([
    ['a block comment between UPDATE and the table', `${ON_INSERT} UPDATE /* x */ Person SET name = 'hijacked' WHERE id = NEW.id; END`],
    ['a line comment and a line break', `${ON_INSERT} UPDATE -- not Person, honest\nPerson SET name = 'hijacked' WHERE id = NEW.id; END`],
    ['a comment right after the keyword', `${ON_INSERT} UPDATE/**/Person SET name = 'hijacked'; END`],
    ['double quotes', `${ON_INSERT} UPDATE "Person" SET name = 'hijacked'; END`],
    ['back quotes', `${ON_INSERT} UPDATE \`Person\` SET name = 'hijacked'; END`],
    ['square brackets', `${ON_INSERT} INSERT INTO [Person] (name) SELECT 'copy' WHERE NEW.name != 'copy'; END`],
    ['single quotes (SQLite reads them as a name here)', `${ON_INSERT} UPDATE 'Person' SET name = 'hijacked'; END`],
    ['another letter case', `${ON_INSERT} update PERSON set name = 'hijacked'; END`],
    [
      'tabs and line breaks everywhere',
      `CREATE TRIGGER t\n\tAFTER INSERT ON Person\nBEGIN\n\tUPDATE\n\t\tPerson\n\tSET name = 'hijacked';\nEND`,
    ],
    ['INSERT OR REPLACE', `${ON_INSERT} INSERT OR REPLACE INTO Person (id, name) VALUES (NEW.id, 'hijacked'); END`],
    ['REPLACE INTO', `${ON_INSERT} REPLACE INTO "Person" (id, name) VALUES (NEW.id, 'hijacked'); END`],
    ['UPDATE OR IGNORE', `${ON_INSERT} UPDATE OR IGNORE Person SET name = 'hijacked'; END`],
    ['DELETE FROM after a harmless statement', `${ON_INSERT} SELECT 'UPDATE x'; DELETE  FROM/*x*/"Person" WHERE id = NEW.id; END`],
    ['Roster’s state', `${ON_INSERT} UPDATE RosterState SET writer = 1; END`],
    ['the id sequence', `${ON_INSERT} UPDATE sqlite_sequence SET seq = 0 WHERE name = 'Person'; END`],
    [
      'a trigger on another table',
      `CREATE TABLE "Other" (x TEXT); CREATE TRIGGER "t" AFTER INSERT ON "Other" BEGIN DELETE FROM Person; END`,
    ],
    [
      'a trigger on a view',
      `CREATE VIEW "V" AS SELECT name FROM Person; ` +
        `CREATE TRIGGER "t" INSTEAD OF INSERT ON "V" BEGIN INSERT INTO Person (name) VALUES (NEW.name); END`,
    ],
  ])('%s: WORKSPACE_SCHEMA_CHANGED, the file unchanged', async (_label, sql) => {
    const { dir, path } = fileWith(sql);
    const before = sha256OfFile(path);
    const error = await expectRosterError(openWorkspaceFile(path, openOptions(dir)), 'WORKSPACE_SCHEMA_CHANGED');
    expect(error.message).toMatch(/unknown trigger "t" writes to Roster's tables/);
    expect(sha256OfFile(path)).toBe(before);
  });

  it('schema-qualified targets are read too (SQLite itself refuses them inside a trigger)', () => {
    expect(writtenTables(`${ON_INSERT} UPDATE main.Person SET name = 'x'; END`)).toContain('Person');
    expect(writtenTables(`${ON_INSERT} INSERT INTO "main" . "Person" (name) VALUES ('x'); END`)).toContain('Person');
    expect(writtenTables(`${ON_INSERT} DELETE FROM [main].[Person]; END`)).toContain('Person');
  });
});

describe('tolerated: triggers that write only elsewhere', () => {
  it('an audit log, even when its text says "UPDATE Person" in a string or a comment, or writes to PersonLog', async () => {
    const { dir, path } = fileWith(`
      CREATE TABLE "AuditLog" ("at" TEXT, "what" TEXT);
      CREATE TABLE "PersonLog" ("name" TEXT);
      CREATE TRIGGER "audit" AFTER INSERT ON "Person" BEGIN
        -- UPDATE Person would be refused; this only records it
        INSERT INTO "AuditLog" VALUES (datetime('now'), 'UPDATE Person SET name = ' || replace(NEW.name, '''', ''''''));
        /* DELETE FROM Person */ INSERT INTO PersonLog (name) VALUES (NEW.name);
      END;
      CREATE TRIGGER "audit_rename" AFTER UPDATE OF "name" ON "Person" BEGIN
        INSERT OR REPLACE INTO "AuditLog" VALUES (datetime('now'), 'renamed');
      END;`);
    // Triggers on Person run on Roster's writes only once the person trusts them (foreign-objects.test.ts).
    const trust = new MemoryTrustStore();
    trustFile(path, repoMigrations(), trust);
    const workspace = await openWorkspaceFile(path, { ...openOptions(dir), trust });
    try {
      await new PersonService({ workspace }).create({ name: "O'Brien" });
      expect(workspace.db.prepare('SELECT "what" FROM "AuditLog"').pluck().all()).toEqual(["UPDATE Person SET name = O''Brien"]);
      expect(workspace.db.prepare('SELECT "name" FROM "PersonLog"').pluck().all()).toEqual(["O'Brien"]);
      expect(workspace.repaired).toEqual([]);
    } finally {
      await workspace.close();
    }
  });
});
