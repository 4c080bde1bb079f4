/*
  Rows other tools write with an explicit NULL in a column Roster derives (nameKey,
  createdAt, updatedAt) are accepted, as rows that leave those columns out always were:
  a SQLAlchemy mapping that includes nameKey, or sqlite-utils inserting rows where only
  some carry createdAt, send NULL rather than omitting the column, and SQLite refused
  them ("NOT NULL constraint failed"). With NOT NULL ON CONFLICT REPLACE, SQLite stores
  the column's default instead of the NULL, on INSERT and UPDATE alike; the insert
  trigger then gives the row a provisional key and queues it for folding, and the time
  trigger stores the times in Prisma's form (docs/user/file-format.md). Prisma's schema
  language cannot say ON CONFLICT, and Prisma's schema engine does not compare it: the
  columns read the same to Prisma as before (the drift test shows it).

  Written by hand, as the twelve-step rebuild SQLite documents for changing a column
  (https://www.sqlite.org/lang_altertable.html#otheralter), in the form Prisma's own
  rebuilds take. Two things Prisma's rebuild does not do:
    - AUTOINCREMENT's counter is carried over: the copy alone would set it to the
      highest id left, and ids of deleted people (which undo brings back) would be
      given to new ones;
    - dropping Person drops its triggers, so they are created again, each exactly as
      the migration that last defined it wrote it.
  One trigger is new: a row whose times end up out of order when the time trigger
  rewrites them (a NULL createdAt filled with the current time while updatedAt was
  given) gets updatedAt = createdAt. It fires on that rewrite, an UPDATE, so Roster's
  bulk inserts (times already in Prisma's form, in order) pay nothing for it.
*/
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL ON CONFLICT REPLACE DEFAULT '',
    "createdAt" DATETIME NOT NULL ON CONFLICT REPLACE DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL ON CONFLICT REPLACE DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Person" ("createdAt", "id", "name", "nameKey", "updatedAt") SELECT "createdAt", "id", "name", "nameKey", "updatedAt" FROM "Person";
DELETE FROM "sqlite_sequence" WHERE "name" = 'new_Person';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT 'new_Person', max("seq") FROM "sqlite_sequence" WHERE "name" = 'Person' HAVING count(*) > 0;
DROP TABLE "Person";
ALTER TABLE "new_Person" RENAME TO "Person";
CREATE INDEX "Person_nameKey_id_idx" ON "Person"("nameKey", "id");
CREATE INDEX "Person_createdAt_id_idx" ON "Person"("createdAt", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- The triggers of 20261124000000_search_index_and_outside_writers, unchanged.
CREATE TRIGGER "Person_after_insert" AFTER INSERT ON "Person"
WHEN coalesce((SELECT "writer" FROM "RosterState" WHERE "id" = 1), 0) != 2
BEGIN
  INSERT INTO "PersonSearch" (rowid, "nameKey")
    SELECT NEW."id", NEW."nameKey" WHERE NEW."id" <= coalesce((SELECT "searchPendingFrom" FROM "RosterState" WHERE "id" = 1), NEW."id");
  INSERT OR IGNORE INTO "PersonKeyQueue" ("personId")
    SELECT NEW."id" WHERE coalesce((SELECT "writer" FROM "RosterState" WHERE "id" = 1), 0) = 0;
  UPDATE "RosterState" SET "personCount" = "personCount" + 1 WHERE "id" = 1 AND "writer" != 2;
  UPDATE "Person" SET "nameKey" = lower(NEW."name")
    WHERE "id" = NEW."id" AND NEW."nameKey" = '';
  UPDATE "Person" SET "createdAt" = coalesce(CASE WHEN typeof(NEW."createdAt") IN ('integer', 'real') THEN strftime('%Y-%m-%dT%H:%M:%f+00:00', CASE WHEN abs(NEW."createdAt") < 100000000000 THEN NEW."createdAt" ELSE NEW."createdAt" / 1000.0 END, 'unixepoch') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', NEW."createdAt") END, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')), "updatedAt" = coalesce(CASE WHEN typeof(NEW."updatedAt") IN ('integer', 'real') THEN strftime('%Y-%m-%dT%H:%M:%f+00:00', CASE WHEN abs(NEW."updatedAt") < 100000000000 THEN NEW."updatedAt" ELSE NEW."updatedAt" / 1000.0 END, 'unixepoch') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', NEW."updatedAt") END, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
    WHERE "id" = NEW."id" AND NOT ((typeof(NEW."createdAt") = 'text' AND NEW."createdAt" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]+00:00') AND (typeof(NEW."updatedAt") = 'text' AND NEW."updatedAt" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]+00:00'));
END;

-- A new name or key (or id): move the index entry, queue the row for folding unless
-- Roster wrote it, and stamp updatedAt when another tool renamed without doing so.
CREATE TRIGGER "Person_after_update_key" AFTER UPDATE OF "id", "name", "nameKey" ON "Person"
BEGIN
  INSERT INTO "PersonSearch" ("PersonSearch", rowid, "nameKey")
    SELECT 'delete', OLD."id", OLD."nameKey" WHERE OLD."id" <= coalesce((SELECT "searchPendingFrom" FROM "RosterState" WHERE "id" = 1), OLD."id");
  INSERT INTO "PersonSearch" (rowid, "nameKey")
    SELECT NEW."id", NEW."nameKey" WHERE NEW."id" <= coalesce((SELECT "searchPendingFrom" FROM "RosterState" WHERE "id" = 1), NEW."id");
  INSERT OR IGNORE INTO "PersonKeyQueue" ("personId")
    SELECT NEW."id" WHERE coalesce((SELECT "writer" FROM "RosterState" WHERE "id" = 1), 0) = 0;
  UPDATE "Person" SET "updatedAt" = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
    WHERE "id" = NEW."id" AND NEW."name" IS NOT OLD."name" AND NEW."updatedAt" IS OLD."updatedAt" AND coalesce((SELECT "writer" FROM "RosterState" WHERE "id" = 1), 0) = 0;
END;

CREATE TRIGGER "Person_after_update_times" AFTER UPDATE OF "createdAt", "updatedAt" ON "Person"
WHEN NOT ((typeof(NEW."createdAt") = 'text' AND NEW."createdAt" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]+00:00') AND (typeof(NEW."updatedAt") = 'text' AND NEW."updatedAt" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]+00:00'))
BEGIN
  UPDATE "Person" SET "createdAt" = coalesce(CASE WHEN typeof(NEW."createdAt") IN ('integer', 'real') THEN strftime('%Y-%m-%dT%H:%M:%f+00:00', CASE WHEN abs(NEW."createdAt") < 100000000000 THEN NEW."createdAt" ELSE NEW."createdAt" / 1000.0 END, 'unixepoch') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', NEW."createdAt") END, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')), "updatedAt" = coalesce(CASE WHEN typeof(NEW."updatedAt") IN ('integer', 'real') THEN strftime('%Y-%m-%dT%H:%M:%f+00:00', CASE WHEN abs(NEW."updatedAt") < 100000000000 THEN NEW."updatedAt" ELSE NEW."updatedAt" / 1000.0 END, 'unixepoch') ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', NEW."updatedAt") END, strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
    WHERE "id" = NEW."id";
END;

CREATE TRIGGER "Person_after_delete" AFTER DELETE ON "Person"
BEGIN
  INSERT INTO "PersonSearch" ("PersonSearch", rowid, "nameKey")
    SELECT 'delete', OLD."id", OLD."nameKey" WHERE OLD."id" <= coalesce((SELECT "searchPendingFrom" FROM "RosterState" WHERE "id" = 1), OLD."id");
  DELETE FROM "PersonKeyQueue" WHERE "personId" = OLD."id";
  UPDATE "RosterState" SET "personCount" = "personCount" - 1 WHERE "id" = 1 AND "writer" != 2;
END;

-- Times kept in order: createdAt <= updatedAt, whenever the times are written by an
-- UPDATE (the insert trigger's rewrite of a time in another form is one). Only times in
-- Prisma's form are compared: that form sorts as text in time order, and any other form
-- is rewritten into it first (Person_after_update_times), which fires this again.
CREATE TRIGGER "Person_times_in_order" AFTER UPDATE OF "createdAt", "updatedAt" ON "Person"
WHEN NEW."createdAt" > NEW."updatedAt" AND typeof(NEW."createdAt") = 'text' AND typeof(NEW."updatedAt") = 'text' AND NEW."createdAt" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]+00:00' AND NEW."updatedAt" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]+00:00'
BEGIN
  UPDATE "Person" SET "updatedAt" = NEW."createdAt" WHERE "id" = NEW."id";
END;
