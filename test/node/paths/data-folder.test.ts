// Privacy on a shared machine: Roster's data folder and its folders are owner-only
// (0700), its files too (0600), new or left loose by an older Roster; the person's
// own files and folders are never touched.

import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileLogger, LOG_FILE, PREVIOUS_LOG_FILE } from '../../../main/kernel/node/log/file-logger.js';
import { WindowStateStore } from '../../../main/app/node/window-state.js';
import { prepareDataFolder } from '../../../main/kernel/node/paths/data-folder.js';
import { dataPaths } from '../../../main/kernel/node/paths/data-paths.js';
import { createRosterContext } from '../../../main/app/node/roster-context.js';
import { makeTempDir, removeTempDirs, REPO_MIGRATIONS } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

function mode(path: string): number {
  return statSync(path).mode & 0o7777;
}

describe.skipIf(process.platform === 'win32')('owner-only data folder', () => {
  it('a new data folder, its folders, the catalog and its -wal/-shm, logs and window state are owner-only', async () => {
    const root = join(makeTempDir('private-new'), 'Data');
    const context = createRosterContext({ dataDir: root, migrationsDir: REPO_MIGRATIONS });
    try {
      for (const dir of [root, context.paths.backupsDir, context.paths.trashDir, context.paths.logsDir]) expect(mode(dir)).toBe(0o700);
      const workspace = join(makeTempDir('private-ws'), 'w.roster');
      writeFileSync(workspace, '');
      context.catalog.add(workspace);
      for (const suffix of ['', '-wal', '-shm']) expect(mode(context.paths.catalogFile + suffix)).toBe(0o600);

      const log = fileLogger(context.paths.logsDir);
      log('info', 'opened w.roster');
      await log.flush();
      expect(mode(join(context.paths.logsDir, LOG_FILE))).toBe(0o600);

      new WindowStateStore(context.paths.windowStateFile).set('w', { x: 0, y: 0, width: 800, height: 600, maximized: false });
      expect(mode(context.paths.windowStateFile)).toBe(0o600);
    } finally {
      await context.close();
    }
  });

  it('tightens what an older Roster left readable by others, and leaves the person’s own files alone', () => {
    const root = join(makeTempDir('private-old'), 'Roster');
    const paths = dataPaths(root);
    mkdirSync(root, { mode: 0o755 });
    chmodSync(root, 0o755);
    const loose: string[] = [];
    const looseFile = (path: string): void => {
      writeFileSync(path, 'names');
      chmodSync(path, 0o644);
      loose.push(path);
    };
    const looseDir = (path: string): void => {
      mkdirSync(path, { recursive: true });
      chmodSync(path, 0o755);
      loose.push(path);
    };
    looseFile(paths.legacyCatalogFile);
    looseFile(`${paths.legacyCatalogFile}.migrated`);
    looseFile(paths.windowStateFile);
    looseDir(paths.backupsDir);
    looseFile(join(paths.backupsDir, 'team-3f9a0c12de-20261123T204512123Z.roster-backup'));
    looseDir(paths.logsDir);
    looseFile(join(paths.logsDir, LOG_FILE));
    looseFile(join(paths.logsDir, PREVIOUS_LOG_FILE));
    looseDir(join(paths.trashDir, '11111111-2222-4333-8444-555555555555'));
    looseFile(join(paths.trashDir, '11111111-2222-4333-8444-555555555555', 'old.roster'));
    chmodSync(paths.trashDir, 0o755);
    // Not Roster's to change: the suggested folder for workspaces, and a file a symlink points at.
    mkdirSync(paths.workspacesDir, { mode: 0o755 });
    chmodSync(paths.workspacesDir, 0o755);
    writeFileSync(join(paths.workspacesDir, 'mine.roster'), '');
    chmodSync(join(paths.workspacesDir, 'mine.roster'), 0o644);
    const outside = join(makeTempDir('private-outside'), 'shared.txt');
    writeFileSync(outside, 'shared on purpose');
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(paths.backupsDir, 'link-to-shared'));

    expect(prepareDataFolder(paths)).toBe(loose.length + 2); // + the root and trash/
    expect(mode(root)).toBe(0o700);
    expect(mode(paths.trashDir)).toBe(0o700);
    for (const path of loose) expect(mode(path), path).toBe(statSync(path).isDirectory() ? 0o700 : 0o600);
    expect(mode(paths.workspacesDir)).toBe(0o755);
    expect(mode(join(paths.workspacesDir, 'mine.roster'))).toBe(0o644);
    expect(mode(outside)).toBe(0o644);
    // A second start has nothing left to do.
    expect(prepareDataFolder(paths)).toBe(0);
  });

  it('an existing log is tightened when the logger first writes', async () => {
    const logs = makeTempDir('private-logs');
    writeFileSync(join(logs, LOG_FILE), 'old line\n');
    chmodSync(join(logs, LOG_FILE), 0o644);
    chmodSync(logs, 0o755);
    const log = fileLogger(logs);
    log('info', 'started');
    await log.flush();
    expect(mode(join(logs, LOG_FILE))).toBe(0o600);
    expect(readFileSync(join(logs, LOG_FILE), 'utf8')).toMatch(/^old line\n.* INFO started\n$/);
  });

  it('does not tighten a folder ROSTER_DATA_DIR points at that is not plainly Roster’s, nor a sticky shared folder', () => {
    const own = makeTempDir('private-own');
    chmodSync(own, 0o755);
    writeFileSync(join(own, 'notes.txt'), 'mine');
    prepareDataFolder(dataPaths(own));
    expect(mode(own)).toBe(0o755);
    expect(mode(join(own, 'backups'))).toBe(0o700);

    const shared = makeTempDir('private-sticky');
    chmodSync(shared, 0o1777);
    writeFileSync(join(shared, 'catalog.json'), '{}');
    prepareDataFolder(dataPaths(shared));
    expect(mode(shared)).toBe(0o1777);
    expect(existsSync(join(shared, 'logs'))).toBe(true);
    expect(readdirSync(shared).sort()).toEqual(['backups', 'catalog.json', 'logs', 'trash']);
  });
});
