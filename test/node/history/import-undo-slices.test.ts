// Undo of an import in slices (import-undo-task.ts): each slice is its own short write
// transaction, the compare is an indexed join, and an undo cut off between slices
// carries on from where it stopped. Whatever happens, exactly the imported rows go:
// never a row someone else added or changed, and a conflict puts back what was deleted.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { importTask, type ImportResult } from '../../../main/features/import-export/node/import/import-task.js';
import { importUndoTask, type ImportUndoInput, type ImportUndoProgress } from '../../../main/features/history/node/import-undo-task.js';
import { finishInterruptedUndos, prepareUndoFolder } from '../../../main/features/history/node/history-handlers.js';
import { applyWorkspacePragmas } from '../../../main/kernel/node/sqlite/pragmas.js';
import { InlineTaskRunner } from '../../../main/kernel/node/tasks/inline-runner.js';
import { expectRosterError, makeCurrentFile, makeTempDir, queryFile, REPO_ROOT, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

const BEFORE = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing'];
const IMPORTED = 5000;
const SLICE = 1000;

interface Setup {
  readonly dir: string;
  readonly path: string;
  readonly input: ImportUndoInput;
}

const quiet = { signal: new AbortController().signal, progress: () => undefined };

/** A workspace of BEFORE plus a real import of IMPORTED people, and the undo's input (small slices). */
async function importedWorkspace(label: string): Promise<Setup> {
  const dir = makeTempDir(`undo-slices-${label}`);
  const path = join(dir, 'w.roster');
  makeCurrentFile(path, BEFORE, foldName);
  const csv = join(dir, 'people.csv');
  writeFileSync(csv, `name\n${Array.from({ length: IMPORTED }, (_, i) => `Imported ${i}`).join('\n')}\n`);
  const result: ImportResult = await importTask.handler({ workspace: path, file: csv, format: 'csv' }, quiet);
  mkdirSync(join(dir, 'undo'));
  const side = join(dir, 'undo', 'import-side.db');
  closeSync(openSync(side, 'wx', 0o600));
  const { firstId, lastId, count, stamp, keptTimes, keptAfterStamp, keptLatest } = result;
  const kept = { keptTimes, keptAfterStamp, keptLatest };
  const input: ImportUndoInput = { workspace: path, side, action: 'undo', firstId, lastId, count, stamp, ...kept, sliceIds: SLICE };
  return { dir, path, input };
}

function people(path: string): { id: number; name: string; updatedAt: string }[] {
  return queryFile(path, 'SELECT "id", "name", "updatedAt" FROM "Person" ORDER BY "id"');
}

function storedCount(path: string): number {
  return queryFile<{ n: number }>(path, 'SELECT "personCount" AS n FROM "RosterState"')[0]?.n ?? -1;
}

/** Runs `sql` on the workspace as another program would (its own connection). */
function outsideWrite(path: string, sql: string, ...params: unknown[]): void {
  const db = new Database(path);
  try {
    applyWorkspacePragmas(db);
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

describe('undo of an import, in slices', () => {
  it('removes exactly the imported rows, slice by slice, keeps the count right, and redo puts them back', async () => {
    const { path, input } = await importedWorkspace('plain');
    const imported = people(path);
    const seen: ImportUndoProgress[] = [];
    await importUndoTask.handler(input, { ...quiet, progress: (progress) => seen.push(progress) });
    expect(people(path).map((row) => row.name)).toEqual(BEFORE);
    expect(storedCount(path)).toBe(BEFORE.length);
    // One report after the copy, then one per slice of SLICE ids.
    expect(seen.map((progress) => progress.done)).toEqual(Array.from({ length: IMPORTED / SLICE + 1 }, (_, i) => i * SLICE));
    await importUndoTask.handler({ ...input, action: 'redo' }, quiet);
    expect(people(path)).toEqual(imported);
    expect(storedCount(path)).toBe(BEFORE.length + IMPORTED);
  });

  it('compares a slice through the keys of both tables (no scan per row)', async () => {
    const { path, input } = await importedWorkspace('plan');
    await importUndoTask.handler(input, quiet);
    const db = new Database(path, { readonly: true });
    try {
      db.prepare('ATTACH DATABASE ? AS "side"').run(input.side);
      const plan = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT count(*) FROM "side"."Saved" AS s JOIN "main"."Person" AS p ON p."id" = s."id"
            WHERE s."id" BETWEEN ? AND ? AND p."name" IS s."name" AND p."createdAt" IS s."createdAt" AND p."updatedAt" IS s."updatedAt"`,
        )
        .all(1, 2) as { detail: string }[];
      const details = plan.map((row) => row.detail);
      expect(
        details.some((detail) => /^SCAN/.test(detail)),
        details.join('; '),
      ).toBe(false);
      expect(details.filter((detail) => /INTEGER PRIMARY KEY/.test(detail))).toHaveLength(2);
    } finally {
      db.close();
    }
  });

  it('a row another program renames in a later slice while the undo runs: UNDO_CONFLICT, and every deleted slice is put back', async () => {
    const { path, input } = await importedWorkspace('conflict');
    const imported = people(path);
    const late = input.firstId + 3 * SLICE + 5;
    let renamed = false;
    const progress = (step: ImportUndoProgress): void => {
      // After the second slice has committed: the undo has deleted 2,000 rows by now.
      if (step.done === 2 * SLICE && !renamed) {
        renamed = true;
        expect(people(path)).toHaveLength(BEFORE.length + IMPORTED - 2 * SLICE);
        outsideWrite(path, 'UPDATE "Person" SET "name" = ? WHERE "id" = ?', 'Renamed elsewhere', late);
      }
    };
    await expectRosterError(importUndoTask.handler(input, { ...quiet, progress }), 'UNDO_CONFLICT');
    const after = people(path);
    expect(after).toHaveLength(imported.length);
    expect(after.find((row) => row.id === late)?.name).toBe('Renamed elsewhere');
    expect(after.filter((row) => row.id !== late)).toEqual(imported.filter((row) => row.id !== late));
    expect(storedCount(path)).toBe(imported.length);
  });

  it('a row another program changed before the undo: UNDO_CONFLICT, nothing deleted', async () => {
    const { path, input } = await importedWorkspace('before');
    outsideWrite(path, 'DELETE FROM "Person" WHERE "id" = ?', input.lastId);
    const before = people(path);
    await expectRosterError(importUndoTask.handler(input, quiet), 'UNDO_CONFLICT');
    expect(people(path)).toEqual(before);
  });
});

function runSteppedUndo(input: ImportUndoInput, stopAfter: number): Promise<{ slices: number; killed: boolean }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'test', 'support', 'step-import-undo.ts'), JSON.stringify(input), String(stopAfter)],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let slices = 0;
  let buffered = '';
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('slice ')) slices++;
        if (line === 'stopped') child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ slices, killed: true });
      else if (code === 0) resolve({ slices, killed: false });
      else reject(new Error(`stepped undo exited with ${code}`));
    });
  });
}

describe('an import undo killed between slices', () => {
  it('carries on from where it stopped when run again, and leaves what another program added meanwhile', async () => {
    const { path, input } = await importedWorkspace('killed');
    const run = await runSteppedUndo(input, 2);
    expect(run).toEqual({ slices: 2, killed: true });
    expect(people(path)).toHaveLength(BEFORE.length + IMPORTED - 2 * SLICE);
    // Someone else adds a person while the undo is stopped.
    outsideWrite(
      path,
      'INSERT INTO "Person" ("name", "createdAt", "updatedAt") VALUES (?, ?, ?)',
      'Added meanwhile',
      input.stamp,
      input.stamp,
    );
    const seen: number[] = [];
    await importUndoTask.handler(input, { ...quiet, progress: (progress) => seen.push(progress.done) });
    // Resumed: no new copy, and the first slice it runs is the third.
    expect(seen[0]).toBe(2 * SLICE);
    expect(people(path).map((row) => row.name)).toEqual([...BEFORE, 'Added meanwhile']);
    expect(storedCount(path)).toBe(BEFORE.length + 1);
  }, 60_000);

  it('a resumed undo that meets a row changed while it was stopped puts everything back', async () => {
    const { path, input } = await importedWorkspace('killed-conflict');
    const imported = people(path);
    expect((await runSteppedUndo(input, 1)).killed).toBe(true);
    outsideWrite(path, 'UPDATE "Person" SET "name" = ? WHERE "id" = ?', 'Changed while stopped', input.lastId);
    await expectRosterError(importUndoTask.handler(input, quiet), 'UNDO_CONFLICT');
    const after = people(path);
    expect(after.find((row) => row.id === input.lastId)?.name).toBe('Changed while stopped');
    expect(after.filter((row) => row.id !== input.lastId)).toEqual(imported.filter((row) => row.id !== input.lastId));
    expect(storedCount(path)).toBe(imported.length);
  }, 60_000);

  it('the next start of the app finishes an undo whose process was killed (the history itself is gone)', async () => {
    const { dir, path, input } = await importedWorkspace('app-start');
    expect((await runSteppedUndo(input, 3)).killed).toBe(true);
    const undoFolder = join(dir, 'undo');
    writeFileSync(join(undoFolder, 'import-finished.db'), ''); // a side file with nothing left to do
    const interrupted = prepareUndoFolder(undoFolder);
    // What the side file recorded: the undo as asked, without the test's small slices.
    const { sliceIds, ...recorded } = input;
    expect(sliceIds).toBe(SLICE);
    expect(interrupted).toEqual([recorded]);
    expect(readdirSync(undoFolder)).toEqual(['import-side.db']);
    const logged: string[] = [];
    const tasks = new InlineTaskRunner();
    try {
      await finishInterruptedUndos(interrupted, tasks, (level, message) => logged.push(`${level} ${message}`));
    } finally {
      await tasks.close();
    }
    expect(people(path).map((row) => row.name)).toEqual(BEFORE);
    expect(storedCount(path)).toBe(BEFORE.length);
    expect(existsSync(input.side)).toBe(false);
    expect(logged).toEqual([`info finished undoing an import of ${IMPORTED} people in ${path}, cut off when Roster last ran`]);
  }, 60_000);
});
