// Another program using Prisma on a Roster workspace (see docs/user/file-format.md): a
// client generated from Roster's prisma/schema.prisma, on a driver adapter, writing only
// what Prisma's schema requires. Tested by test/node/compat/third-party.test.ts.

import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../../main/generated/prisma/client.js';

/** Adds one person to the workspace at `path` and returns the names in it. */
export async function addWithPrisma(path: string, name: string): Promise<string[]> {
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${path}`, timeout: 5000 }) });
  try {
    // nameKey, createdAt and updatedAt come from the file's defaults and triggers.
    await prisma.person.create({ data: { name } });
    return (await prisma.person.findMany({ orderBy: { id: 'asc' }, select: { name: true } })).map((person) => person.name);
  } finally {
    await prisma.$disconnect();
  }
}
