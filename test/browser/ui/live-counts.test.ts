// The launcher's people counts and the windows' names stay current, in real Chromium
// over a real catalog and real workspace files: a person added in an open workspace
// window, rows the sqlite3 shell inserts into a closed and into an open workspace file
// (another program, which tells Roster nothing), and a rename in the launcher, which
// the open window's heading and title follow.

import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heavyTestFile } from '../../support/loaded-machine.js';
import { removeTempDirs } from '../../support/workspace-fixtures.js';
import { expectNoSeriousViolations } from './axe-check.js';
import { addThroughUi, countText, createUiFixture, type UiFixture } from './ui-fixture.js';

heavyTestFile();

let ui: UiFixture;
let open: string;
let closed: string;

beforeAll(async () => {
  ui = await createUiFixture();
  open = await ui.createWorkspace('live-open.roster', ['Ada Lovelace', 'Grace Hopper']);
  closed = await ui.createWorkspace('live-closed.roster', ['John Adams']);
  ui.context.catalog.add(open, 'Book Club');
  ui.context.catalog.add(closed, 'Founders');
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

/** Another program writing the file: the sqlite3 shell, as docs/user/file-format.md shows. */
function sqlite3Insert(path: string, name: string): void {
  execFileSync('sqlite3', ['-cmd', '.timeout 10000', path, `INSERT INTO Person(name) VALUES ('${name}')`]);
}

/** The people count an entry of the launcher shows ("3 people"). */
function listedCount(page: Page, workspace: string): Promise<string> {
  return page
    .getByRole('list', { name: 'Recent workspaces' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: workspace, exact: true }) })
    .locator('.workspace-count')
    .innerText();
}

describe('live counts and names', () => {
  it('the launcher counts follow a window, and other programs writing closed and open files', async () => {
    const launcher = await ui.openLauncherPage();
    await expect.poll(() => listedCount(launcher.page, 'Book Club')).toBe('2 people');
    await expect.poll(() => listedCount(launcher.page, 'Founders')).toBe('1 person');

    // Another program inserts into a file no window has open.
    sqlite3Insert(closed, 'Abigail Adams');
    await expect.poll(() => listedCount(launcher.page, 'Founders')).toBe('2 people');
    sqlite3Insert(closed, 'Samuel Adams');
    await expect.poll(() => listedCount(launcher.page, 'Founders')).toBe('3 people');

    // A person added in an open window.
    const window = await ui.openWorkspacePage(open);
    await expect.poll(() => countText(window.page)).toBe('2 people');
    await addThroughUi(window.page, 'Katherine Johnson');
    await expect.poll(() => countText(window.page)).toBe('3 people');
    await expect.poll(() => listedCount(launcher.page, 'Book Club')).toBe('3 people');
    // Another program inserts into the file the window has open.
    sqlite3Insert(open, 'Hedy Lamarr');
    await expect.poll(() => listedCount(launcher.page, 'Book Club')).toBe('4 people');
    await expect.poll(() => countText(window.page)).toBe('4 people');
    await expectNoSeriousViolations(launcher.page, 'launcher with live counts');

    // A menu open on an entry stays open while counts change underneath it.
    await launcher.page.getByRole('button', { name: 'More actions for Founders' }).click();
    await expect.poll(() => launcher.page.getByRole('menu').isVisible()).toBe(true);
    sqlite3Insert(closed, 'John Quincy Adams');
    await expect.poll(() => listedCount(launcher.page, 'Founders')).toBe('4 people');
    expect(await launcher.page.getByRole('menu').isVisible()).toBe(true);
    await launcher.page.keyboard.press('Escape');

    expect(launcher.problems).toEqual([]);
    expect(window.problems).toEqual([]);
    await window.close();
    await launcher.close();
  });

  it('a rename in the launcher changes the open window’s heading and title', async () => {
    const window = await ui.openWorkspacePage(open);
    await expect.poll(() => window.page.getByRole('heading', { level: 1 }).innerText()).toBe('Book Club');
    expect(await window.page.title()).toBe('Book Club — Roster');
    const launcher = await ui.openLauncherPage();
    await launcher.page.getByRole('button', { name: 'Book Club', exact: true }).focus();
    await launcher.page.keyboard.press('F2');
    const field = launcher.page.getByRole('textbox', { name: 'New name for Book Club' });
    await field.fill('Reading Circle');
    await field.press('Enter');
    await expect.poll(() => launcher.page.getByRole('button', { name: 'Reading Circle', exact: true }).count()).toBe(1);
    await expect.poll(() => window.page.getByRole('heading', { level: 1 }).innerText()).toBe('Reading Circle');
    await expect.poll(() => window.page.title()).toBe('Reading Circle — Roster');
    await expectNoSeriousViolations(window.page, 'workspace window after a rename in the launcher');
    // A window opened later shows the new name too.
    const another = await ui.openWorkspacePage(open);
    await expect.poll(() => another.page.getByRole('heading', { level: 1 }).innerText()).toBe('Reading Circle');
    expect(window.problems).toEqual([]);
    expect(launcher.problems).toEqual([]);
    await another.close();
    await window.close();
    await launcher.close();
  });
});
