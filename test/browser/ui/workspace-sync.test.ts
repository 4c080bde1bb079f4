// Changes reach every window on the same workspace without a reload: from another page
// (another window) and from another process (the CLI, here a child `node` writing
// the file with better-sqlite3). A page on another workspace never sees them.

import { spawn } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, REPO_ROOT } from '../../support/workspace-fixtures.js';
import { addThroughUi, countText, createUiFixture, gridNames, rowNamed, type UiFixture } from './ui-fixture.js';

/**
 * The 200 ms is a speed target: it is measured (figures.ts, docs/dev/benchmarks.md)
 * and printed here, not asserted, because test files share two cores. What is asserted
 * is the behaviour: the change arrives by itself, without a reload, well before anyone
 * would reach for one.
 */
const WITHOUT_RELOAD_MS = 2000;
const POLL_MS = 10;

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

/** Milliseconds from `since` until `names` shows `name`. Fails after 3 s. */
async function msUntilShown(page: Page, name: string, since: number): Promise<number> {
  for (;;) {
    if ((await gridNames(page)).includes(name)) return performance.now() - since;
    if (performance.now() - since > 3000) throw new Error(`${name} never appeared`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The moment `check` first holds (polled every few ms); fails after 3 s. */
async function whenTrue(check: () => Promise<boolean>): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await check()) return performance.now();
    if (performance.now() - start > 3000) throw new Error('condition never held');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Inserts one person from a separate Node process, the way the CLI writes the file.
 * Resolves with the moment the child reported its commit.
 */
function insertFromAnotherProcess(path: string, name: string): Promise<number> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1], { timeout: 5000 });
    const now = new Date().toISOString().replace('Z', '+00:00');
    db.prepare('INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)')
      .run(process.argv[2], process.argv[2].normalize('NFKD').replace(/\\p{M}/gu, '').toLowerCase(), now, now);
    process.stdout.write('committed\\n');
    db.close();
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, path, name], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let committedAt: number | undefined;
    let stderr = '';
    child.stdout.on('data', () => {
      committedAt ??= performance.now();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      if (code === 0 && committedAt !== undefined) resolve(committedAt);
      else reject(new Error(`child failed (${code}): ${stderr}`));
    });
  });
}

describe('changes from elsewhere', () => {
  it('two pages on the same workspace see each other’s changes; a page on another workspace does not', async () => {
    const shared = await ui.createWorkspace('shared.roster', ['Benjamin Franklin']);
    const other = await ui.createWorkspace('other.roster', ['Alexander Hamilton']);
    const a = await ui.openWorkspacePage(shared);
    const b = await ui.openWorkspacePage(shared);
    const c = await ui.openWorkspacePage(other);
    for (const page of [a.page, b.page]) await expect.poll(() => gridNames(page)).toEqual(['Benjamin Franklin']);
    await expect.poll(() => gridNames(c.page)).toEqual(['Alexander Hamilton']);

    // Add in A: once A's write is done (its field clears), B shows it within the limit.
    await addThroughUi(a.page, 'Abigail Adams');
    const added = await whenTrue(async () => (await a.page.getByRole('textbox', { name: 'Add a person' }).inputValue()) === '');
    const addedMs = await msUntilShown(b.page, 'Abigail Adams', added);
    console.log(`change in another window → page updated: ${addedMs.toFixed(0)} ms`);
    expect(addedMs).toBeLessThan(WITHOUT_RELOAD_MS);
    expect(await countText(b.page)).toBe('2 people');

    // Rename in B: A shows it.
    await rowNamed(b.page, 'Benjamin Franklin').dblclick();
    const editor = b.page.getByRole('textbox', { name: 'Name of Benjamin Franklin' });
    await editor.fill('Ben Franklin');
    await editor.press('Enter');
    const renamed = await whenTrue(async () => (await editor.count()) === 0);
    expect(await msUntilShown(a.page, 'Ben Franklin', renamed)).toBeLessThan(WITHOUT_RELOAD_MS);

    // Delete in A: B drops the row; Undo in A brings it back in B.
    await rowNamed(a.page, 'Abigail Adams').click();
    await a.page.keyboard.press('Delete');
    await expect.poll(() => gridNames(b.page), { timeout: 1000 }).toEqual(['Ben Franklin']);
    await a.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => gridNames(b.page), { timeout: 1000 }).toEqual(['Abigail Adams', 'Ben Franklin']);

    // The page on the other workspace never changed.
    await c.page.waitForTimeout(250);
    expect(await gridNames(c.page)).toEqual(['Alexander Hamilton']);
    expect(await countText(c.page)).toBe('1 person');
    expect([...a.problems, ...b.problems, ...c.problems]).toEqual([]);
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('a change written by another process appears without a reload, only on pages of that file', async () => {
    const path = await ui.createWorkspace('cli-target.roster', ['John Jay']);
    const other = await ui.createWorkspace('cli-other.roster', ['Paul Revere']);
    const a = await ui.openWorkspacePage(path);
    const b = await ui.openWorkspacePage(other);
    await expect.poll(() => gridNames(a.page)).toEqual(['John Jay']);
    await expect.poll(() => gridNames(b.page)).toEqual(['Paul Revere']);

    const timings: number[] = [];
    for (const name of ['Samuel Adams', 'Patrick Henry', 'John Hancock']) {
      const committed = await insertFromAnotherProcess(path, name);
      timings.push(await msUntilShown(a.page, name, committed));
    }
    console.log(`external change → page updated: ${timings.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    for (const ms of timings) expect(ms).toBeLessThan(WITHOUT_RELOAD_MS);
    expect(await countText(a.page)).toBe('4 people');
    expect(await gridNames(b.page)).toEqual(['Paul Revere']);
    await Promise.all([a.close(), b.close()]);
  });
});
