// Tables in a workspace file that schema.prisma does not describe: the full-text search
// index the third migration creates (an FTS5 virtual table and the shadow tables
// SQLite keeps for it). Prisma's schema language cannot declare them, so Prisma's tools
// are told they are managed outside Prisma ("external tables", `tables.external` in a
// Prisma config); `npm run migration:new` and the drift test diff with this list, and
// the drift test proves that these are the only difference. The triggers, which Prisma
// ignores, are checked by main/features/workspace/node/schema-check.ts against the migrations.

const SEARCH_INDEX_TABLE = 'PersonSearch';
/** The short-term index (migration 20261207020000), also FTS5; contentless without sizes, so no _content or _docsize. */
const GRAM_INDEX_TABLE = 'PersonGram';

export const EXTERNAL_TABLES: readonly string[] = [
  SEARCH_INDEX_TABLE,
  ...['config', 'data', 'docsize', 'idx'].map((suffix) => `${SEARCH_INDEX_TABLE}_${suffix}`),
  GRAM_INDEX_TABLE,
  ...['config', 'data', 'idx'].map((suffix) => `${GRAM_INDEX_TABLE}_${suffix}`),
];
