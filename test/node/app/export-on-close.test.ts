// Closing a workspace window while it exports: the export is stopped (CANCELLED) and
// its read-only snapshot connection is closed before the workspace's own connection,
// so the file is left closed properly: no -wal or -shm beside it (which would make it
// look open elsewhere, and the launcher would refuse to delete it).

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PeopleFiles } from '../../../main/features/import-export/node/people-files.js';
import { writeExportFile } from '../../../main/features/import-export/node/export-file.js';
import { readPeopleSnapshot } from '../../../main/features/import-export/node/snapshot-reader.js';
import { createRosterCore } from '../../../main/app/node/roster-core.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { createRosterContext } from '../../../main/app/node/roster-context.js';
import { ScriptedDialogs } from '../../support/app-fixture.js';
import { makeTempDir, removeTempDirs, REPO_MIGRATIONS } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

describe('closing a window during an export', () => {
  it('cancels the export and closes the snapshot first: no -wal/-shm left, no export file', async () => {
    const dir = makeTempDir('export-close');
    const context = createRosterContext({ dataDir: join(dir, 'data'), migrationsDir: REPO_MIGRATIONS });
    const path = join(dir, 'big.roster');
    const lease = await context.connections.create(path);
    await new PersonService(lease).insertValidated(Array.from({ length: 12_000 }, (_, i) => `Person ${i}`));
    await lease.release();

    let firstBatch!: () => void;
    const sawFirstBatch = new Promise<void>((resolve) => (firstBatch = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The real writer, slowed down after its first batch until the test says go.
    const files: PeopleFiles = {
      export: async (request, { signal }) => {
        const source = readPeopleSnapshot(request.workspace, undefined, signal, request.readMode);
        const slowed = (async function* () {
          for await (const batch of source) {
            yield batch;
            firstBatch();
            await gate;
          }
        })();
        return (await writeExportFile(slowed, request.out, request.format)).count;
      },
    };
    const dialogs = new ScriptedDialogs();
    dialogs.exportFile.push(join(dir, 'out.csv'));
    const core = createRosterCore({ context, dialogs, windows: { showWorkspace: async () => undefined }, files, log: () => undefined });
    const session = await core.openWorkspaceSession(path);

    const exporting = session.invoke('importExport:export', { format: 'csv' });
    await sawFirstBatch;
    const closing = session.close();
    setTimeout(release, 50);
    await closing;
    expect(await exporting).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    await core.shutdown(2000);

    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}-shm`)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['big.roster', 'data']);
  });
});
