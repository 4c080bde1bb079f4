#!/usr/bin/env node
// The `roster` command. The CLI is TypeScript compiled by `npm run build` (which
// `npm install` runs through `prepare`), so this file only loads the build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli/roster.mjs', import.meta.url));
if (!existsSync(built)) {
  process.stderr.write('INTERNAL roster is not built yet: run `npm run build` in the Roster folder first.\n');
  process.exit(1);
}
const { run } = await import(built);
process.exitCode = await run(process.argv.slice(2));
