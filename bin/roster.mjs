#!/usr/bin/env node
// The `roster` command. The CLI is TypeScript compiled by `npm run build` (which
// `npm install` runs through `prepare`), so this file only loads the build.
//
// It first checks the Node it runs on, because an older Node does not fail cleanly:
// better-sqlite3's Node-API addon crashes Node 20 with a segmentation fault. This file
// stays plain enough for any Node to parse, so that the person always gets the words.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const needed = Number(/(\d+)/.exec(manifest.engines.node)[1]);
const running = Number(process.versions.node.split('.')[0]);
if (running < needed) {
  process.stderr.write(
    `UNSUPPORTED_NODE roster needs Node.js ${needed} or newer, but this is Node.js ${process.versions.node} (${process.execPath}). ` +
      `In the Roster folder, \`npx roster …\` uses the Node.js ${needed} that ` +
      `\`npm install\` put in node_modules; or install Node.js ${needed}.\n`,
  );
  process.exit(1);
}

const built = fileURLToPath(new URL('../dist/cli/roster.mjs', import.meta.url));
if (!existsSync(built)) {
  process.stderr.write('INTERNAL roster is not built yet: run `npm run build` in the Roster folder first.\n');
  process.exit(1);
}
const { run } = await import(built);
process.exitCode = await run(process.argv.slice(2));
