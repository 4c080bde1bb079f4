// Generates the Prisma client offline.
//
// `prisma generate` insists on locating the native schema engine before it starts,
// although generation never runs it, and the engine cannot be downloaded here. When
// PRISMA_SCHEMA_ENGINE_BINARY is unset we point it at a stub that fails loudly if
// anything ever does try to run it. Migrations never use the native engine: see
// docs/dev/migrations.md.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const stub = join(root, 'node_modules', '.cache', 'roster', 'schema-engine-stub');
  mkdirSync(dirname(stub), { recursive: true });
  writeFileSync(stub, '#!/bin/sh\necho "Roster does not use the native Prisma schema engine (see docs/dev/migrations.md)" >&2\nexit 1\n');
  chmodSync(stub, 0o755);
  env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
}
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const prismaCli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', join(root, 'prisma', 'schema.prisma')], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
