/*
  Adds Person.nameKey, the folded name that search and sorting use, replacing the
  index on name with keyset indexes for both sort orders.

  Edited after generation: the generated INSERT left the new required column empty.
  SQL can only fill it with lower() (ASCII case folding); Roster's data step for this
  migration (main/node/migrations/data-steps.ts) then recomputes every key with full
  Unicode folding before the migration is marked finished.
*/
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Person" ("createdAt", "id", "name", "nameKey", "updatedAt") SELECT "createdAt", "id", "name", lower("name"), "updatedAt" FROM "Person";
DROP TABLE "Person";
ALTER TABLE "new_Person" RENAME TO "Person";
CREATE INDEX "Person_nameKey_id_idx" ON "Person"("nameKey", "id");
CREATE INDEX "Person_createdAt_id_idx" ON "Person"("createdAt", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
