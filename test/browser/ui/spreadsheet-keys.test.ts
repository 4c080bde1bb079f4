// Keys a spreadsheet user reaches for, in real Chromium over real workspace files:
// Ctrl+Z right after an add undoes the add (and is the field's own text undo once
// something is typed), Escape clears the add field, F2 renames in the launcher, and the
// launcher's two search boxes say which is which. axe checks the states touched here.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../support/workspace-fixtures.js';
import { createUiFixture, gridNames, type UiFixture } from './ui-fixture.js';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let ui: UiFixture;

beforeAll(async () => {
  ui = await createUiFixture();
});

beforeEach(() => {
  for (const entry of ui.context.catalog.list()) ui.context.catalog.forget(entry.id);
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

/** Every axe violation on the page as it is now, of any impact. */
async function axeViolations(page: Page): Promise<string[]> {
  // The page's CSP refuses inline scripts; DevTools' evaluate is not subject to it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE_SOURCE, 'utf8'));
  return page.evaluate(async () => {
    await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined)));
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((violation) => `${violation.id} (${violation.nodes.length})`);
  });
}

function isFocused(page: Page, name: string): Promise<boolean> {
  return page.getByRole('textbox', { name }).evaluate((element) => element === document.activeElement);
}

/** The announcements and toasts the page has made, as one text. */
function liveText(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[aria-live], [role="status"]')].map((element) => element.textContent ?? '').join(' | '),
  );
}

describe('the add field: Ctrl+Z', () => {
  it('Ctrl+Z right after an add undoes the add and says so; with text typed since, it is the field’s own undo', async () => {
    const path = await ui.createWorkspace('keys-undo-add.roster', ['Ada Lovelace']);
    const { page, close, problems } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace']);

    const field = page.getByRole('textbox', { name: 'Add a person' });
    await field.click();
    await page.keyboard.type('Grace Hopper');
    await page.keyboard.press('Enter');
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(await field.inputValue()).toBe('');
    expect(await isFocused(page, 'Add a person')).toBe(true);

    await page.keyboard.press('Control+z');
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace']);
    await expect.poll(() => page.locator('.toast-text').textContent()).toMatch(/^Undone: .*Grace Hopper/);
    await expect.poll(() => liveText(page)).toMatch(/Undone: .*Grace Hopper/);
    expect(await field.inputValue()).toBe('');

    // Added again, then typed into: Ctrl+Z edits the text and removes nobody.
    await page.keyboard.type('Grace Hopper');
    await page.keyboard.press('Enter');
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    await page.keyboard.type('abc');
    expect(await field.inputValue()).toBe('abc');
    await page.keyboard.press('Control+z');
    await expect.poll(() => field.inputValue()).not.toBe('abc');
    // Anything a wrongly run Undo would do arrives through the same refresh as the add did.
    await page.keyboard.type('Katherine Johnson');
    await page.keyboard.press('Enter');
    await expect.poll(() => gridNames(page)).toContain('Katherine Johnson');
    expect(await gridNames(page)).toContain('Grace Hopper');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it('after an add, leaving the field and coming back makes Ctrl+Z the field’s again', async () => {
    const path = await ui.createWorkspace('keys-undo-left.roster', ['Ada Lovelace']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace']);
    const field = page.getByRole('textbox', { name: 'Add a person' });
    await field.fill('Grace Hopper');
    await field.press('Enter');
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    await page.getByRole('grid').focus();
    await field.focus();
    await field.press('Control+z');
    // A second add proves the page caught up; Grace must still be there.
    await field.fill('Mary Somerville');
    await field.press('Enter');
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Mary Somerville']);
    await close();
  });

  it('Edit ▸ Undo from the menu right after an add undoes the add too; once typed into, it undoes the typing', async () => {
    const path = await ui.createWorkspace('keys-undo-menu.roster', ['Ada Lovelace']);
    const { page, session, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace']);
    const field = page.getByRole('textbox', { name: 'Add a person' });
    await field.fill('Grace Hopper');
    await field.press('Enter');
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    session.emit('app:onMenuCommand', { command: 'undo' });
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace']);

    await field.fill('Mary Somerville');
    await field.press('Enter');
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace', 'Mary Somerville']);
    await field.pressSequentially('Typed');
    session.emit('app:onMenuCommand', { command: 'undo' });
    await expect.poll(() => field.inputValue()).toBe('');
    expect(await gridNames(page)).toEqual(['Ada Lovelace', 'Mary Somerville']);
    await close();
  });
});

describe('the add field: Escape', () => {
  it('Escape clears typed text and its error; in an empty field Escape still cancels what is running', async () => {
    const path = await ui.createWorkspace('keys-escape.roster', ['Ada Lovelace']);
    const { page, close } = await ui.openWorkspacePage(path);
    await expect.poll(() => gridNames(page)).toEqual(['Ada Lovelace']);
    const field = page.getByRole('textbox', { name: 'Add a person' });
    await field.fill('Half typed');
    await field.press('Escape');
    expect(await field.inputValue()).toBe('');
    expect(await isFocused(page, 'Add a person')).toBe(true);

    await field.fill('x'.repeat(400));
    await field.press('Enter');
    const error = page.getByRole('alert').filter({ hasText: /characters/ });
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await field.press('Escape');
    expect(await field.inputValue()).toBe('');
    expect(await field.getAttribute('aria-invalid')).toBeNull();
    expect(await error.count()).toBe(0);

    // Empty: Escape goes on to the window, whose Escape cancels an import or export
    // (workspace-keys.ts). The field stays as it was.
    await page.evaluate(() => {
      document.addEventListener('keydown', (event) => {
        document.body.dataset['escapeReached'] = String(event.key === 'Escape' && !event.defaultPrevented);
      });
    });
    await field.press('Escape');
    expect(await page.evaluate(() => document.body.dataset['escapeReached'])).toBe('true');
    expect(await field.inputValue()).toBe('');
    expect(await gridNames(page)).toEqual(['Ada Lovelace']);
    expect(await axeViolations(page)).toEqual([]);
    await close();
  });
});

describe('the launcher', () => {
  it('F2 on a focused workspace starts the inline rename; Enter renames, Escape gives up', async () => {
    const path = await ui.createWorkspace('keys-f2.roster', ['Ada Lovelace']);
    ui.context.catalog.add(path, 'Analytical Society');
    const { page, close, problems } = await ui.openLauncherPage();
    const open = page.getByRole('button', { name: 'Analytical Society', exact: true });
    await expect.poll(() => open.count()).toBe(1);

    await open.focus();
    await page.keyboard.press('F2');
    const field = page.getByRole('textbox', { name: 'New name for Analytical Society' });
    await expect.poll(() => isFocused(page, 'New name for Analytical Society')).toBe(true);
    expect(await field.inputValue()).toBe('Analytical Society');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => open.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(ui.context.catalog.findByPath(path)?.name).toBe('Analytical Society');

    // From the "⋯" button too, and the rename goes through.
    await page.getByRole('button', { name: 'More actions for Analytical Society' }).focus();
    await page.keyboard.press('F2');
    await expect.poll(() => isFocused(page, 'New name for Analytical Society')).toBe(true);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Difference Engine Club');
    await page.keyboard.press('Enter');
    await expect.poll(() => ui.context.catalog.findByPath(path)?.name).toBe('Difference Engine Club');
    await expect.poll(() => page.getByRole('button', { name: 'Difference Engine Club', exact: true }).count()).toBe(1);
    expect(problems).toEqual([]);
    await close();
  });

  it('the two search boxes are labelled, visibly and by name, as filtering workspaces vs finding people', async () => {
    const path = await ui.createWorkspace('keys-boxes.roster', ['Ada Lovelace']);
    ui.context.catalog.add(path, 'Boxes');
    const { page, close } = await ui.openLauncherPage();
    await expect.poll(() => page.getByRole('button', { name: 'Boxes', exact: true }).count()).toBe(1);

    const filter = page.getByRole('searchbox', { name: 'Filter workspaces', exact: true });
    const find = page.getByRole('searchbox', { name: 'Find a person in all workspaces', exact: true });
    expect(await filter.count()).toBe(1);
    expect(await find.count()).toBe(1);
    expect(await page.getByRole('searchbox').count()).toBe(2);
    // Visible labels, not only placeholders that vanish as soon as something is typed.
    for (const [box, label] of [
      [filter, 'Filter workspaces'],
      [find, 'Find a person in all workspaces'],
    ] as const) {
      await box.fill('a');
      const shown = page.locator('label.search-label', { hasText: label });
      expect(await shown.isVisible()).toBe(true);
      expect(await shown.evaluate((element: HTMLLabelElement) => element.control?.getAttribute('type'))).toBe('search');
      await box.fill('');
    }
    expect(await filter.getAttribute('placeholder')).toMatch(/workspace/i);
    expect(await find.getAttribute('placeholder')).toMatch(/person/i);
    expect(await axeViolations(page)).toEqual([]);
    await close();
  });
});
