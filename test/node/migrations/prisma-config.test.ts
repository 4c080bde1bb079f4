// prisma.config.ts, the config Prisma's own tools read in this repository: it names
// Roster's schema and migrations and declares the search index's tables external, so
// that Prisma's schema engine (WebAssembly build, the engine `prisma migrate diff` runs)
// sees no drift in a real workspace, where without it it proposes to drop the index.

import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import config from '../../../prisma.config.js';
import { EXTERNAL_TABLES } from '../../../main/features/workspace/node/migrations/external-tables.js';
import { openWorkspaceFile } from '../../../main/features/workspace/node/workspace-file.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { engineDiff, engineDiffWithConfig, REPO_ROOT, REPO_SCHEMA } from '../../support/schema-engine.js';
import { makeTempDir, openOptions, queryFile, removeTempDirs, REPO_MIGRATIONS } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

const CONFIG = join(REPO_ROOT, 'prisma.config.ts');

/** A workspace as Roster leaves it: people added, closed. */
async function realWorkspace(dir: string): Promise<string> {
  const path = join(dir, 'team.roster');
  writeFileSync(path, '');
  const workspace = await openWorkspaceFile(path, openOptions(dir));
  try {
    await new PersonService({ workspace }).createMany({ names: ['Ada Lovelace', 'Søren Kierkegaard', 'Grace Hopper'] });
  } finally {
    await workspace.close();
  }
  expect(queryFile(path, 'SELECT count(*) AS n FROM "Person"')).toEqual([{ n: 3 }]);
  return path;
}

describe('prisma.config.ts', () => {
  it("names Roster's schema and migrations, and exactly the search index's tables as external", () => {
    // Prisma resolves these against the config file's folder.
    expect(resolve(REPO_ROOT, config.schema ?? '')).toBe(REPO_SCHEMA);
    expect(resolve(REPO_ROOT, config.migrations?.path ?? '')).toBe(REPO_MIGRATIONS);
    expect(config.experimental?.externalTables).toBe(true);
    expect(config.tables?.external).toEqual([...EXTERNAL_TABLES]);
  });

  it("Prisma's schema engine, told what the config says, sees no drift in a real workspace; without it, drops the index", async () => {
    const dir = makeTempDir('prisma-config');
    const path = await realWorkspace(dir);
    expect(await engineDiffWithConfig(path, CONFIG)).toBe('');
    // Negative controls: without the external tables, and with only some of them.
    const bare = await engineDiff(path, REPO_SCHEMA, false);
    expect(bare).toContain('DROP TABLE "PersonSearch";');
    const partial = join(dir, 'partial.config.mjs');
    writeFileSync(partial, `export default { tables: { external: ['PersonSearch'] } };\n`);
    const dropped = [...(await engineDiffWithConfig(path, partial)).matchAll(/DROP TABLE "([^"]+)"/g)].map((match) => match[1]);
    expect(dropped).not.toContain('PersonSearch');
    expect(dropped).toEqual(expect.arrayContaining(['PersonSearch_config', 'PersonSearch_data', 'PersonSearch_idx']));
  });
});
