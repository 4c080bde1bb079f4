// `roster migrate --all` over 200 catalogued workspace files made by the first
// release (first migration only, 100 people each). Roster's figure is the real
// command, process start included; raw better-sqlite3 runs the same pending
// migration's SQL over 200 fresh copies in-process.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Catalog } from '../main/features/catalog/node/catalog.js';
import { dataPaths } from '../main/kernel/node/paths/data-paths.js';
import { makeV1Workspace, personNames, repoMigrations } from './fixtures.js';
import { median, sample } from './measure.js';
import type { Bench } from './registry.js';

const FILES = 200;
const RUNS = 3;

export const migrateBench: Bench = {
  name: 'Migrating workspace files',
  async run(context) {
    const migrations = repoMigrations(context.root);
    const template = join(context.dir, 'v1-template.roster');
    makeV1Workspace(template, personNames(100), migrations);
    const folder = join(context.dir, 'workspaces');
    mkdirSync(folder, { recursive: true });
    const paths = Array.from({ length: FILES }, (_, i) => join(folder, `ws-${String(i).padStart(3, '0')}.roster`));
    const dataDir = join(context.dir, 'data');
    const layout = dataPaths(dataDir);
    const catalog = new Catalog({ file: layout.catalogFile, trashDir: layout.trashDir });
    const fresh = (): void => {
      for (const path of paths) {
        for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true });
        copyFileSync(template, path);
      }
      rmSync(layout.backupsDir, { recursive: true, force: true });
    };
    fresh();
    for (const path of paths) catalog.add(path);

    const pending = migrations.migrations.slice(1);
    context.log(`migrate --all over ${FILES} files...`);
    const roster = await sample(
      RUNS,
      () => {
        const result = spawnSync(process.execPath, [join(context.root, 'bin', 'roster.mjs'), 'migrate', '--all'], {
          env: { ...process.env, ROSTER_DATA_DIR: dataDir },
          encoding: 'utf8',
        });
        // The summary is a message, so it is on stderr; the per-file lines are on stdout.
        if (result.status !== 0 || !result.stderr.includes(`${FILES} workspaces: ${FILES} migrated`)) {
          throw new Error(`roster migrate --all failed (${String(result.status)}): ${result.stderr}${result.stdout.slice(-300)}`);
        }
      },
      { warmup: 1, setup: fresh },
    );
    const raw = await sample(
      RUNS,
      () => {
        for (const path of paths) {
          const db = new Database(path);
          db.pragma('journal_mode = WAL');
          for (const migration of pending) db.exec(migration.sql);
          db.close();
        }
      },
      { warmup: 1, setup: fresh },
    );
    return [
      {
        operation: `\`migrate --all\` over ${FILES} workspace files`,
        unit: 'ms',
        roster: median(roster),
        raw: median(raw),
        target: 4000,
        note: `${RUNS} runs; Roster = the real CLI incl. process start, integrity check, backup and history; raw = the migration SQL only`,
      },
    ];
  },
};
