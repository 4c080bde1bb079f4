// How long a `roster` command takes as a whole process: start Node, load the built CLI,
// do the work, exit. Roster's figures are the real command (bin/roster.mjs); the raw
// figures are the floor under them: `node -e 0` for `roster --version`, and a script
// that opens the same workspace with better-sqlite3 alone and prints its 1,000 people
// for `roster people list`. The target is 150 ms over `node -e 0`, measured in the same
// rounds (interleaved, so a busy machine slows every side alike).
//
// Registered by bench/run.ts through its OPTIONAL_MODULES list, as `benchCliStartup`.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkspace, personNames, repoMigrations } from './fixtures.js';
import { interleaved } from './measure.js';
import type { BenchContext, BenchRow } from './registry.js';

const ROUNDS = 15;
const PEOPLE = 1000;
/** The start-up budget over a bare `node -e 0`: what a person notices is Roster's own part. */
const OVER_NODE_MS = 150;

function runOrThrow(args: readonly string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed (${String(result.status)}): ${result.stderr}`);
}

/** The raw side of `people list`: open read-only, read every person by name, print them. */
function bareScript(dir: string, root: string): string {
  const script = join(dir, 'bare-list.mjs');
  const driver = JSON.stringify(join(root, 'node_modules', 'better-sqlite3', 'lib', 'index.js'));
  writeFileSync(
    script,
    [
      `import Database from ${driver};`,
      'const db = new Database(process.argv[2], { readonly: true, fileMustExist: true });',
      `const rows = db.prepare('SELECT "id", "name", "createdAt" FROM "Person" ORDER BY "nameKey", "id"').all();`,
      "process.stdout.write(rows.map((row) => `${row.id}  ${row.name}  ${row.createdAt}`).join('\\n') + '\\n');",
      'db.close();',
    ].join('\n'),
  );
  return script;
}

export async function benchCliStartup(context: BenchContext): Promise<BenchRow[]> {
  const bin = join(context.root, 'bin', 'roster.mjs');
  const env = { ...process.env, ROSTER_DATA_DIR: join(context.dir, 'data') };
  const workspace = await makeWorkspace(
    join(context.dir, 'people.roster'),
    personNames(PEOPLE),
    repoMigrations(context.root),
    join(context.dir, 'backups'),
  );
  const bare = bareScript(context.dir, context.root);
  // Opened once, so every timed run finds it sealed and up to date, as a person's file is.
  runOrThrow([bin, 'people', 'list', workspace], env);

  context.log(`roster --version and node -e 0, ${ROUNDS} rounds...`);
  const version = await interleaved(ROUNDS, { roster: () => runOrThrow([bin, '--version'], env), raw: () => runOrThrow(['-e', '0'], env) });
  context.log(`roster people list on ${PEOPLE.toLocaleString('en-US')} people and a bare better-sqlite3 script, ${ROUNDS} rounds...`);
  const list = await interleaved(ROUNDS, {
    roster: () => runOrThrow([bin, 'people', 'list', workspace], env),
    raw: () => runOrThrow([bare, workspace], env),
  });
  const target = version.raw.median + OVER_NODE_MS;
  const note =
    `whole process, median of ${ROUNDS} interleaved runs; target: ` +
    `node -e 0 (${version.raw.median.toFixed(0)} ms here) + ${OVER_NODE_MS} ms`;
  const row = (operation: string, figures: typeof version): BenchRow => ({
    operation,
    unit: 'ms',
    roster: figures.roster.median,
    raw: figures.raw.median,
    target,
    rosterSpread: [figures.roster.low, figures.roster.high],
    rawSpread: [figures.raw.low, figures.raw.high],
    note,
  });
  return [
    row('roster --version (raw: node -e 0)', version),
    row(`roster people list, ${PEOPLE.toLocaleString('en-US')} people (raw: a bare better-sqlite3 script)`, list),
  ];
}
