// Child-process entry point that runs Prisma's WebAssembly schema engine for the tests.
//
// Why a child process: the engine's module imports a .wasm file as an ES module, which
// needs `node --experimental-wasm-modules` and which vitest's module loader does not
// handle; and a live engine holds a lock on its database file. Running each request in
// a short-lived process sidesteps both. Use it through test/support/schema-engine.ts.
//
//   node --experimental-wasm-modules --no-warnings --import tsx schema-engine-runner.ts '<json request>'
//
// Prints one JSON line: {"ok":true,"result":...} or {"ok":false,"error":"..."}.

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { PrismaConfigInternal } from 'prisma/config';
import type { SchemaFilter } from '@prisma/schema-engine-wasm';
import { loadMigrationSet, type MigrationSet } from '../../main/features/workspace/node/migrations/migration-set.js';
import { diffFileAgainstSchema, migrationsListOf, NO_FILTERS, ROSTER_FILTERS, withSchemaEngine } from '../../scripts/new-migration.js';
import type { EngineRequest } from './schema-engine.js';

function firstMigrations(dir: string, count: number | undefined): MigrationSet {
  const set = loadMigrationSet(dir);
  if (count === undefined) return set;
  const migrations = set.migrations.slice(0, count);
  return { dir: set.dir, migrations, byName: new Map(migrations.map((m) => [m.name, m])) };
}

/** The external tables and enums a Prisma config file declares: its default export, as defineConfig made it. */
async function filtersOf(configFile: string): Promise<SchemaFilter> {
  const config = ((await import(pathToFileURL(configFile).href)) as { default: PrismaConfigInternal }).default;
  return { externalTables: config.tables?.external ?? [], externalEnums: config.enums?.external ?? [] };
}

async function handle(request: EngineRequest): Promise<unknown> {
  const schemaText = readFileSync(request.schema, 'utf8');
  switch (request.command) {
    case 'diff': {
      const filters =
        request.config !== undefined ? await filtersOf(request.config) : request.external === false ? NO_FILTERS : ROSTER_FILTERS;
      return { sql: await diffFileAgainstSchema(request.db, schemaText, filters) };
    }
    case 'diagnose': {
      const list = migrationsListOf(firstMigrations(request.migrations, request.count));
      return withSchemaEngine(request.db, schemaText, (engine) =>
        engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: false, filters: ROSTER_FILTERS }),
      );
    }
    case 'apply': {
      const list = migrationsListOf(firstMigrations(request.migrations, request.count));
      return withSchemaEngine(request.db, schemaText, (engine) =>
        engine.applyMigrations({ migrationsList: list, filters: ROSTER_FILTERS }),
      );
    }
  }
}

const raw = process.argv[2];
try {
  if (raw === undefined) throw new Error('usage: schema-engine-runner.ts <json request>');
  const result = await handle(JSON.parse(raw) as EngineRequest);
  process.stdout.write(`${JSON.stringify({ ok: true, result })}\n`);
} catch (error) {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  process.stdout.write(`${JSON.stringify({ ok: false, error: message })}\n`);
  process.exitCode = 1;
}
