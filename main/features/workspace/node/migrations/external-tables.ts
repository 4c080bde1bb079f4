// Tables in a workspace file that schema.prisma does not describe: the full-text search
// index the third migration creates (an FTS5 virtual table and the shadow tables
// SQLite keeps for it). Prisma's schema language cannot declare them, so Prisma's tools
// are told they are managed outside Prisma ("external tables", `tables.external` in a
// Prisma config); `npm run migration:new` and the drift test diff with this list, and
// the drift test proves that these are the only difference. The triggers, which Prisma
// ignores, are checked by main/features/workspace/node/schema-check.ts against the migrations.

const SEARCH_INDEX_TABLE = 'PersonSearch';

export const EXTERNAL_TABLES: readonly string[] = [
  SEARCH_INDEX_TABLE,
  ...['config', 'data', 'docsize', 'idx'].map((suffix) => `${SEARCH_INDEX_TABLE}_${suffix}`),
];
