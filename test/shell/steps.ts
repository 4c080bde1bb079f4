// Steps the shell scenarios share: a person creating a workspace from the launcher
// (a save dialog answered with a path), and what is on disk afterwards.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Envelope } from '../support/ipc-envelopes.js';
import { queryFile } from '../support/workspace-fixtures.js';
import type { ShellRun } from './harness.js';
import type { WindowState } from './stand-in/control.js';

/** What a channel answers (main's IpcResult). */
export type IpcResult<T> = Envelope<T>;

/** "New workspace…" in the launcher, saved as <dir>/<name>.roster; resolves with its window. */
export async function createWorkspace(
  run: ShellRun,
  launcherId: number,
  dir: string,
  name: string,
): Promise<{ path: string; window: WindowState }> {
  const path = join(dir, `${name}.roster`);
  await run.request({ op: 'answer-dialogs', save: [path] });
  const created = await run.call<IpcResult<{ status: string; id: string }>>(launcherId, 'catalog.create', { name });
  expect(created).toMatchObject({ ok: true, data: { status: 'opened' } });
  return { path, window: await run.window('workspace', name) };
}

export async function addPeople(run: ShellRun, windowId: number, names: readonly string[]): Promise<void> {
  for (const name of names) expect(await run.call(windowId, 'people.create', { name })).toMatchObject({ ok: true, data: { name } });
}

/** The SQLite files left beside a workspace (-wal, -shm): none once it is closed. */
export function sidecars(path: string): string[] {
  return ['-wal', '-shm', '-journal'].filter((suffix) => existsSync(path + suffix)).map((suffix) => path + suffix);
}

export function peopleIn(path: string): string[] {
  return queryFile<{ name: string }>(path, 'SELECT name FROM "Person" ORDER BY name').map((row) => row.name);
}
