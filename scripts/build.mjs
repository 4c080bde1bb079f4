// Builds everything Roster runs from: the Electron main bundle, the sandboxed preload,
// the renderer, and the `roster` CLI.
// Usage: node scripts/build.mjs [--production] [main|preload|renderer|cli ...]
//   --production (or NODE_ENV=production): minified, no source maps; what installers ship.
//
// Output (dist/ is never committed):
//   dist/main/main.mjs        Electron main process (ESM)
//   dist/main/task-worker.cjs worker thread for heavy work (checks, upgrades, imports);
//                             CommonJS, because Electron's asar support in worker
//                             threads covers require() (electron/electron#33216)
//   dist/preload/preload.cjs  one self-contained CommonJS file (sandboxed preloads
//                             cannot load modules)
//   dist/renderer/            index.html, app.js, app.css
//   dist/cli/roster.mjs       the command-line tool, run by bin/roster.mjs; the commands
//                             are in dist/cli/chunks/, loaded when one runs
import * as esbuild from 'esbuild';
import console from 'node:console';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const production = process.env.NODE_ENV === 'production' || process.argv.includes('--production');

/** Native and Electron-provided modules stay outside the bundles. */
const nodeExternals = ['electron', 'better-sqlite3'];

/** Bundles the named packages although `packages: 'external'` leaves the others out. */
function bundlePackages(names) {
  const filter = new RegExp(`^(${names.join('|')})(/|$)`);
  return {
    name: 'bundle-packages',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: fileURLToPath(import.meta.resolve(args.path)) }));
    },
  };
}

// The preload builds `window.roster` from plain data derived from the feature contracts.
// The contracts carry zod schemas, which the sandboxed preload must not bundle, so the
// table is computed here and put into the bundle as a constant (preload.ts declares it).
const rosterApi = await tsImport(new URL('../main/app/common/roster-api.ts', import.meta.url).href, import.meta.url);
const preloadTable = rosterApi.rosterPreloadTable();

// The schema check's reference and the fold's fingerprint, worked out once here rather
// than in every process that opens a workspace (main/features/workspace/node/precomputed.ts
// says when a process may use them). better-sqlite3 13 needs Node 22 or newer; a build
// run by an older Node embeds nothing, and the bundles compute both themselves.
async function precomputedValues() {
  if (Number(process.versions.node.split('.')[0]) < 22) return null;
  const module = await tsImport(
    new URL('../main/features/workspace/node/migrations/reference-schema.ts', import.meta.url).href,
    import.meta.url,
  );
  return module.buildTimeValues(join(root, 'prisma', 'migrations'));
}
const precomputed = { ROSTER_PRECOMPUTED: JSON.stringify(await precomputedValues()) };

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
};

// Node-side bundles are ESM; the generated Prisma client and some dependencies still
// call require() or read __dirname, so give them the CommonJS names they expect.
const esmNodeBanner = [
  "import { createRequire as __rosterCreateRequire } from 'node:module';",
  "import { fileURLToPath as __rosterFileURLToPath } from 'node:url';",
  "import { dirname as __rosterDirname } from 'node:path';",
  'const require = __rosterCreateRequire(import.meta.url);',
  'const __filename = __rosterFileURLToPath(import.meta.url);',
  'const __dirname = __rosterDirname(__filename);',
].join('\n');

export const builds = {
  main: {
    ...common,
    entryPoints: ['main/app/electron-main/main.ts'],
    outfile: join(out, 'main', 'main.mjs'),
    define: precomputed,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    external: nodeExternals,
    banner: { js: esmNodeBanner },
  },
  worker: {
    ...common,
    entryPoints: ['main/app/node/worker-main.ts'],
    outfile: join(out, 'main', 'task-worker.cjs'),
    define: precomputed,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    external: nodeExternals,
  },
  preload: {
    ...common,
    entryPoints: ['main/app/preload/preload.ts'],
    outfile: join(out, 'preload', 'preload.cjs'),
    platform: 'browser',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
    sourcemap: false,
    define: { ROSTER_PRELOAD_TABLE: JSON.stringify(preloadTable) },
  },
  renderer: {
    ...common,
    entryPoints: { app: 'renderer/src/main.ts' },
    outdir: join(out, 'renderer'),
    platform: 'browser',
    format: 'esm',
    target: 'chrome140',
    loader: { '.css': 'css' },
  },
  // Every `roster` run pays for what its bundle loads before the command starts, so the
  // bundle is split at dynamic imports (cli/main.ts loads the commands only after --version
  // and help) and packages stay external, loaded by the chunk that needs them, except
  // zod: bundled, esbuild leaves out what Roster does not use and it loads in half the time.
  cli: {
    ...common,
    entryPoints: { roster: 'main/app/node/cli/main.ts' },
    outdir: join(out, 'cli'),
    define: precomputed,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    format: 'esm',
    target: 'node24',
    // The generated client is our own source, not a package, so it is bundled anyway.
    packages: 'external',
    plugins: [bundlePackages(['zod'])],
    banner: { js: esmNodeBanner },
  },
};

async function main() {
  const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const names = only.length > 0 ? only : Object.keys(builds);
  // A full build starts from an empty dist/; building some bundles keeps the others.
  if (only.length === 0) rmSync(out, { recursive: true, force: true });
  for (const name of names) {
    const config = builds[name];
    if (!config) throw new Error(`unknown build "${name}"; known: ${Object.keys(builds).join(', ')}`);
    // A split bundle's chunks have hashed names: old ones would pile up beside the new.
    if (config.splitting) rmSync(config.outdir, { recursive: true, force: true });
    await esbuild.build(config);
  }
  if (names.includes('renderer')) {
    mkdirSync(join(out, 'renderer'), { recursive: true });
    const html = join(root, 'renderer', 'index.html');
    if (existsSync(html)) cpSync(html, join(out, 'renderer', 'index.html'));
  }
  console.log(`built ${names.join(', ')} into dist/${production ? ' (production)' : ''}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
