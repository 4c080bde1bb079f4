-- Keyset paging by last change (the table sorted by its Last changed column) and the
-- date-range filter on it read the (updatedAt, id) index, as (createdAt, id) serves
-- the Added column: without it a million rows would be sorted for every page.
-- CreateIndex
CREATE INDEX "Person_updatedAt_id_idx" ON "Person"("updatedAt", "id");
