// The IPC tier's child process (run by ipc.test.ts with tsx): puts hostile cases,
// named by their index in HOSTILE_CASES, through a whole Roster main process without
// Electron (test/support/app-fixture.ts): the launcher's find, then opening the file
// from the launcher and, in its window, listing, searching, exporting and adding.
// It runs in a child because a statement that never ends would block this process's
// event loop, and with it any time limit inside it: the parent kills a child that
// stops answering and names the case. One JSON line per case on standard output:
// {"start": index} when a case starts, then {"index", "path", "outcomes", "find", "before", "after"}.

import { join } from 'node:path';
import { createAppFixture, type AppFixture, type TestWindow } from '../../support/app-fixture.js';
import { HOSTILE_CASES, SEARCH_TEXT } from '../../support/hostile-files.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';
import { buildCases, COMMAND_TIMEOUT_MS, registerCases, snapshotAll, type Built } from './hostile-harness.js';

type Envelope = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

/** Long strings cut, so a case with a huge name reports in a short line. */
function summary(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (Array.isArray(value)) return value.map(summary);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, summary(item)]));
  return value;
}

async function call(window: TestWindow, channel: string, payload: unknown): Promise<Envelope> {
  return summary(await window.call(channel, payload)) as Envelope;
}

/** How long a find may take to report it is done: a missing end is a hang (a guard, as generous as a command's). */
const FIND_DONE_MS = COMMAND_TIMEOUT_MS;

async function findGroup(app: AppFixture, workspaceId: string): Promise<unknown> {
  const launcher = app.openLauncher();
  const started = (await launcher.call('find:find', { queryId: 1, text: SEARCH_TEXT })) as Envelope;
  if (!started.ok) return { refused: started.error };
  const deadline = Date.now() + FIND_DONE_MS;
  while (!launcher.events.some((event) => event.channel === 'find:onFindDone')) {
    if (Date.now() > deadline) return { hung: true };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const groups = launcher.events
    .filter((event) => event.channel === 'find:onFindGroup')
    .map((event) => (event.payload as { group: { workspaceId: string } }).group);
  return groups.find((group) => group.workspaceId === workspaceId) ?? { missing: true };
}

async function inWindow(app: AppFixture, window: TestWindow, out: string): Promise<Record<string, Envelope>> {
  const outcomes: Record<string, Envelope> = {};
  outcomes['list'] = await call(window, 'people:list', { limit: 500 });
  outcomes['search'] = await call(window, 'people:list', { search: SEARCH_TEXT });
  app.dialogs.exportFile.push(out);
  outcomes['export'] = await call(window, 'importExport:export', { format: 'json' });
  outcomes['add'] = await call(window, 'people:create', { name: 'Hostile Test' });
  return outcomes;
}

async function runCase(index: number): Promise<void> {
  const hostile = HOSTILE_CASES[index];
  if (!hostile) throw new Error(`no hostile case ${String(index)}`);
  const root = makeTempDir('hostile-ipc');
  const built: Built = buildCases(join(root, 'files'), [hostile]);
  const item = built.cases[0];
  if (!item) throw new Error('nothing built');
  const app = createAppFixture();
  try {
    await registerCases(app.context, built);
    const entry = app.context.catalog.list().find((candidate) => candidate.path === item.file.path);
    if (!entry) throw new Error('the case is not in the catalog');
    const before = snapshotAll(built);
    const find = summary(await findGroup(app, entry.id));
    const launcher = app.openLauncher();
    const opened = (await launcher.call('catalog:open', { id: entry.id })) as Envelope;
    let outcomes: Record<string, Envelope> = { open: opened };
    if (opened.ok) {
      const window = app.windows.filter((candidate) => candidate.spec.view !== 'launcher').at(-1);
      if (!window) throw new Error('catalog:open answered ok but no workspace window opened');
      outcomes = { ...outcomes, ...(await inWindow(app, window, join(root, 'export.json'))) };
    }
    await app.dispose();
    const after = snapshotAll(built);
    process.stdout.write(`${JSON.stringify({ index, path: item.file.path, outcomes, find, before, after })}\n`);
  } finally {
    removeTempDirs();
  }
}

for (const arg of process.argv.slice(2)) {
  const index = Number(arg);
  process.stdout.write(`${JSON.stringify({ start: index })}\n`);
  await runCase(index);
}
