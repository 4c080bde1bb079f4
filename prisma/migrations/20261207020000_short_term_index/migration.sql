/*
  An index for search terms of one or two characters, in every script: the trigram
  index (PersonSearch) cannot serve them, so they scanned every key, and at a million
  people a Cyrillic, Greek, CJK or Hangul letter took a second or more.

  PersonGram lists, for each person, every distinct 1- and 2-code-point piece of the
  folded key, each as the hex of its UTF-8 bytes, one token per piece
  (main/features/workspace/node/search/gram-index.ts explains the choices). Contentless
  and rowids only; no per-row sizes (columnsize=0), which nothing reads. Not
  contentless_delete: that needs SQLite 3.43, and other programs with an older SQLite
  (Debian 12's shell and Python have 3.40) could then not write to Person at all. So,
  as for PersonSearch, a row leaves the index by a 'delete' that repeats the tokens it
  was indexed with, computed again from the old key by the same expression.
  Written by hand: Prisma's schema language cannot declare a virtual table or triggers;
  the table is listed in main/features/workspace/node/migrations/external-tables.ts.

  The grams are computed in one pass over the key: at each character, the character and
  the two from there (the last one's pair is the character alone again). A token
  repeated in one row's text is stored once, as FTS5 keeps rowids only here, so a row
  holds the same tokens as the distinct set Roster's catch-up computes.

  It follows PersonSearch's rule: rows with an id above RosterState.searchPendingFrom
  are in neither index (search scans them), so the triggers skip those rows, as
  PersonSearch's do, and Roster's catch-up fills both. This migration does not fill it
  (indexing a million keys took about 23 s inside the upgrade): in a file with people
  it empties PersonSearch and marks every row pending, and the catch-up rebuilds both
  in the background while search scans, exactly, meanwhile.

  A key longer than 1024 characters (Roster's names have at most 256; only another
  program writes longer ones) gets the single token "long" instead of its grams, so
  that a 50 MB name cannot stall a write: search tests those few rows with instr().
*/
CREATE VIRTUAL TABLE "PersonGram" USING fts5("grams", content='', columnsize=0, detail='none', tokenize='ascii');

INSERT INTO "PersonSearch" ("PersonSearch") SELECT 'delete-all' WHERE EXISTS (SELECT 1 FROM "Person");
UPDATE "RosterState" SET "searchPendingFrom" = 0 WHERE "id" = 1 AND EXISTS (SELECT 1 FROM "Person");

-- Skipped, as PersonSearch's insert is, for Roster's bulk writes (writer = 2: their rows
-- are pending). A row inserted without a key is indexed with none (no tokens), then
-- moved to its provisional key by the update trigger below.
CREATE TRIGGER "Person_after_insert_grams" AFTER INSERT ON "Person"
WHEN coalesce((SELECT "writer" FROM "RosterState" WHERE "id" = 1), 0) != 2
BEGIN
  INSERT INTO "PersonGram" (rowid, "grams")
    SELECT NEW."id", CASE WHEN length(NEW."nameKey") > 1024 THEN 'long' ELSE (SELECT group_concat(lower(hex(substr(NEW."nameKey", "s"."key" + 1, 1))) || ' ' || lower(hex(substr(NEW."nameKey", "s"."key" + 1, 2))), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(NEW."nameKey"))), '00', '0,'), ',') || ']') AS "s") END WHERE NEW."id" <= coalesce((SELECT "searchPendingFrom" FROM "RosterState" WHERE "id" = 1), NEW."id");
END;

-- Only when the key or the id changed: a refold that finds a key already right, or a
-- rename that folds to the same key, leaves the index as it is.
CREATE TRIGGER "Person_after_update_grams" AFTER UPDATE OF "id", "nameKey" ON "Person"
WHEN OLD."nameKey" IS NOT NEW."nameKey" OR OLD."id" IS NOT NEW."id"
BEGIN
  INSERT INTO "PersonGram" ("PersonGram", rowid, "grams")
    SELECT 'delete', OLD."id", CASE WHEN length(OLD."nameKey") > 1024 THEN 'long' ELSE (SELECT group_concat(lower(hex(substr(OLD."nameKey", "s"."key" + 1, 1))) || ' ' || lower(hex(substr(OLD."nameKey", "s"."key" + 1, 2))), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(OLD."nameKey"))), '00', '0,'), ',') || ']') AS "s") END WHERE OLD."id" <= coalesce((SELECT "searchPendingFrom" FROM "RosterState" WHERE "id" = 1), OLD."id");
  INSERT INTO "PersonGram" (rowid, "grams")
    SELECT NEW."id", CASE WHEN length(NEW."nameKey") > 1024 THEN 'long' ELSE (SELECT group_concat(lower(hex(substr(NEW."nameKey", "s"."key" + 1, 1))) || ' ' || lower(hex(substr(NEW."nameKey", "s"."key" + 1, 2))), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(NEW."nameKey"))), '00', '0,'), ',') || ']') AS "s") END WHERE NEW."id" <= coalesce((SELECT "searchPendingFrom" FROM "RosterState" WHERE "id" = 1), NEW."id");
END;

CREATE TRIGGER "Person_after_delete_grams" AFTER DELETE ON "Person"
BEGIN
  INSERT INTO "PersonGram" ("PersonGram", rowid, "grams")
    SELECT 'delete', OLD."id", CASE WHEN length(OLD."nameKey") > 1024 THEN 'long' ELSE (SELECT group_concat(lower(hex(substr(OLD."nameKey", "s"."key" + 1, 1))) || ' ' || lower(hex(substr(OLD."nameKey", "s"."key" + 1, 2))), ' ') FROM json_each('[' || rtrim(replace(hex(zeroblob(length(OLD."nameKey"))), '00', '0,'), ',') || ']') AS "s") END WHERE OLD."id" <= coalesce((SELECT "searchPendingFrom" FROM "RosterState" WHERE "id" = 1), OLD."id");
END;
