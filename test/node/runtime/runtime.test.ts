// The runtime every npm script runs on: the Node 24 that the `node` devDependency
// installs (npm puts node_modules/.bin first on PATH), the same major that Electron 45
// embeds, and better-sqlite3 13's Node-API addon with the SQLite it bundles. The
// `roster` command refuses an older Node in words instead of crashing in the addon.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../../main/kernel/node/sqlite/driver.js';
import { ROSTER_BIN } from '../../support/cli.js';
import { REPO_ROOT } from '../../support/schema-engine.js';

interface Manifest {
  readonly engines: { readonly node: string };
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const major = (version: string): number => Number(/(\d+)/.exec(version)?.[1]);

describe('the runtime under npm scripts', () => {
  it('is the Node major of the node devDependency, which engines asks for', () => {
    const pinned = manifest.devDependencies['node'];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(major(process.versions.node)).toBe(major(pinned ?? ''));
    expect(major(process.versions.node)).toBeGreaterThanOrEqual(major(manifest.engines.node));
  });

  it('loads better-sqlite3 13 and the SQLite it bundles (3.54 or newer)', () => {
    const installed = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(installed.version).toBe(manifest.dependencies['better-sqlite3']);
    expect(major(installed.version)).toBeGreaterThanOrEqual(13);
    const db = openSqlite(':memory:');
    try {
      const [maj, min] = String(db.prepare('SELECT sqlite_version()').pluck().get()).split('.').map(Number);
      expect(maj).toBe(3);
      expect(min).toBeGreaterThanOrEqual(54);
      // FTS5 with the trigram tokenizer is what the search index is built on.
      db.exec("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'trigram remove_diacritics 1')");
    } finally {
      db.close();
    }
  });
});

describe('roster on a Node that is too old', () => {
  // Node freezes process.version but lets process.versions.node be redefined: this is
  // how a run on Node 20 looks to the check, without a second Node on the machine.
  const asNode20 = `data:text/javascript,Object.defineProperty(process.versions,'node',{value:'20.20.2'})`;

  it('says which Node it needs and how to get it, on one line, and exits 1 without loading anything', () => {
    const result = spawnSync(process.execPath, ['--import', asNode20, ROSTER_BIN, '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^UNSUPPORTED_NODE roster needs Node\.js 24 or newer, but this is Node\.js 20\.20\.2 \(/);
    expect(lines[0]).toContain('`npx roster …`');
  });

  it('runs on the Node it needs', () => {
    const result = spawnSync(process.execPath, [ROSTER_BIN, '--version'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
