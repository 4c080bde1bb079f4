// Prisma's own tools (the `prisma` CLI: migrate status, migrate diff, studio...) pointed
// at a Roster workspace. The search index's tables (an FTS5 table and the shadow tables
// SQLite keeps for it) are not in schema.prisma, because Prisma's schema language cannot
// declare them; listed here as external, Prisma leaves them alone instead of proposing
// to drop them. docs/user/file-format.md ("Prisma's own tools") tells outside Prisma
// users how to use this file, and test/node/migrations/prisma-config.test.ts checks it
// with Prisma's config loader and schema engine.
//
// Point it at a copy of a closed workspace, never at one Roster has open:
//   DATABASE_URL=file:/path/to/copy.roster npx prisma migrate status
// Never run `prisma migrate dev` or `prisma db push` against a workspace: Roster applies
// its migrations itself (with its data steps, a backup and a lock; docs/dev/migrations.md).

import { defineConfig } from 'prisma/config';
import { EXTERNAL_TABLES } from './main/features/workspace/node/migrations/external-tables.js';

const url = process.env['DATABASE_URL'];

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  experimental: { externalTables: true },
  tables: { external: [...EXTERNAL_TABLES] },
  ...(url === undefined ? {} : { datasource: { url } }),
});
