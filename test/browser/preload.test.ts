// The real preload bundle in real Chromium, with a stand-in for Electron's
// contextBridge and ipcRenderer (test/support/chromium-harness.ts), serving a tiny page
// with the production CSP. Proves `window.roster` is exactly the intended API, that it
// reaches the window's own workspace, that events arrive without the IPC event, and
// that the page gets nothing else.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rosterPreloadTable } from '../../main/app/common/roster-api.js';
import { createAppFixture, createWorkspaceFileAt, type AppFixture } from '../support/app-fixture.js';
import { launchChromium, openRosterPage, TEST_APP_ORIGIN } from '../support/chromium-harness.js';
import { dropFiles } from './drop-files.js';
import { removeTempDirs } from '../support/workspace-fixtures.js';

let browser: Browser;
let app: AppFixture;
let site: string;
let pathA: string;
let pathB: string;

beforeAll(async () => {
  browser = await launchChromium();
  app = createAppFixture();
  site = join(app.root, 'site');
  mkdirSync(site);
  writeFileSync(
    join(site, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>t</title><script src="app.js"></script><p id="p">page</p>',
  );
  writeFileSync(join(site, 'app.js'), 'window.appScriptRan = typeof window.roster;');
  writeFileSync(join(site, 'inline.html'), '<!doctype html><script>window.inlineRan = true</script><script src="app.js"></script>');
  pathA = await createWorkspaceFileAt(app, 'a.roster');
  pathB = await createWorkspaceFileAt(app, 'b.roster');
});

afterAll(async () => {
  await browser?.close();
  await app?.dispose();
  removeTempDirs();
});

describe('preload in Chromium', () => {
  it('exposes exactly the RosterApi, frozen, before the page scripts run, and nothing of Electron', async () => {
    const session = await app.core.openWorkspaceSession(pathA);
    const { page, close } = await openRosterPage(browser, session, { rendererDir: site });
    try {
      const shape = await page.evaluate(() => {
        const roster = (window as unknown as { roster: Record<string, Record<string, unknown>> }).roster;
        const out: Record<string, Record<string, string>> = {};
        for (const group of Object.keys(roster)) {
          out[group] = {};
          for (const key of Object.keys(roster[group] as object)) out[group]![key] = typeof roster[group]![key];
        }
        const descriptor = Object.getOwnPropertyDescriptor(window, 'roster');
        return {
          out,
          frozen: Object.isFrozen(roster) && Object.values(roster).every((group) => Object.isFrozen(group)),
          writable: descriptor?.writable,
          configurable: descriptor?.configurable,
          appScriptRan: (window as unknown as { appScriptRan: string }).appScriptRan,
          leaks: ['require', 'process', 'ipcRenderer', 'electron', 'module', 'Buffer', 'global'].filter((name) => name in window),
        };
      });
      const expected: Record<string, Record<string, string>> = {};
      for (const [group, methods] of Object.entries(rosterPreloadTable())) {
        expected[group] = Object.fromEntries(Object.keys(methods).map((key) => [key, 'function']));
      }
      expect(shape.out).toEqual(expected);
      expect(shape.frozen).toBe(true);
      expect(shape.writable).toBe(false);
      expect(shape.configurable).toBe(false);
      expect(shape.appScriptRan).toBe('object');
      expect(shape.leaks).toEqual([]);
      // Replacing or extending it does nothing.
      const after = await page.evaluate(() => {
        const w = window as unknown as { roster: { people: Record<string, unknown> } };
        try {
          (w as { roster: unknown }).roster = {};
        } catch {
          /* strict mode would throw */
        }
        try {
          w.roster.people['evil'] = 1;
        } catch {
          /* frozen */
        }
        return { same: typeof w.roster.people['list'], evil: w.roster.people['evil'] };
      });
      expect(after).toEqual({ same: 'function', evil: undefined });
    } finally {
      await close();
      await session.close();
    }
  });
});

describe('preload in Chromium: calls', () => {
  it('calls reach the window’s own workspace and come back as envelopes', async () => {
    const sessionA = await app.core.openWorkspaceSession(pathA);
    const sessionB = await app.core.openWorkspaceSession(pathB);
    const a = await openRosterPage(browser, sessionA, { rendererDir: site });
    const b = await openRosterPage(browser, sessionB, { rendererDir: site });
    try {
      type R = { roster: { people: Record<string, (input?: unknown) => Promise<unknown>>; workspace: { info(): Promise<unknown> } } };
      const created = await a.page.evaluate(() => (window as unknown as R).roster.people.create!({ name: 'Ana' }));
      expect(created).toMatchObject({ ok: true, data: { id: 1, name: 'Ana' } });
      expect(await a.page.evaluate(() => (window as unknown as R).roster.workspace.info())).toEqual({ ok: true, data: { name: 'a' } });
      expect(await b.page.evaluate(() => (window as unknown as R).roster.people.count!({}))).toEqual({ ok: true, data: 0 });
      expect(await b.page.evaluate(() => (window as unknown as R).roster.people.get!({ id: 1 }))).toMatchObject({
        ok: false,
        error: { code: 'PERSON_NOT_FOUND' },
      });
      // Bad input: typed error. Functions cannot cross: rejected before main, as in Electron.
      expect(await a.page.evaluate(() => (window as unknown as R).roster.people.create!({ name: 5 }))).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      const uncloneable = await a.page.evaluate(() =>
        (window as unknown as R).roster.people.create!({ name: () => 1 }).then(
          () => 'resolved',
          (error: Error) => error.message,
        ),
      );
      expect(uncloneable).toBe('An object could not be cloned.');
      // Extra arguments are dropped by the preload, not forwarded.
      expect(
        await a.page.evaluate(() =>
          (window as unknown as { roster: { people: { count: (...a: unknown[]) => Promise<unknown> } } }).roster.people.count(
            {},
            '/etc/passwd',
          ),
        ),
      ).toEqual({
        ok: true,
        data: 1,
      });
    } finally {
      await a.close();
      await b.close();
      await sessionA.close();
      await sessionB.close();
    }
  });
});

describe('preload in Chromium: dropped files', () => {
  it('turns dropped files into paths with webUtils.getPathForFile; a File the page made has none and main refuses it', async () => {
    const session = await app.core.openWorkspaceSession(pathA);
    const { page, close } = await openRosterPage(browser, session, { rendererDir: site });
    const csv = join(app.root, 'dropped.csv');
    writeFileSync(csv, 'name\nDropped Person\n');
    try {
      type W = {
        roster: {
          importExport: {
            chooseDroppedImport(files: unknown): Promise<unknown>;
            previewImport(input: unknown): Promise<unknown>;
            confirmImport(input: unknown): Promise<unknown>;
          };
        };
        outcome?: { ok: boolean; data: { token: string } };
      };
      await page.evaluate(() => {
        window.addEventListener('drop', (event) => {
          event.preventDefault();
          const w = window as unknown as W;
          void w.roster.importExport
            .chooseDroppedImport([...(event.dataTransfer?.files ?? [])])
            .then((result) => (w.outcome = result as W['outcome']));
        });
      });
      await dropFiles(page, [csv]);
      // Main keeps the path; the page gets a token and the file's name, then previews and confirms.
      await expect
        .poll(() => page.evaluate(() => (window as unknown as W).outcome))
        .toEqual({
          ok: true,
          data: { status: 'chosen', token: expect.stringMatching(/^[0-9a-f-]{36}$/), fileName: 'dropped.csv', format: 'csv' },
        });
      const imported = await page.evaluate(async () => {
        const w = window as unknown as W;
        const token = w.outcome?.data.token;
        await w.roster.importExport.previewImport({ token });
        return w.roster.importExport.confirmImport({ token });
      });
      expect(imported).toEqual({ ok: true, data: { status: 'imported', count: 1 } });
      // Made in the page: no path; the preload sends '' and main says no.
      const made = await page.evaluate(() =>
        (window as unknown as W).roster.importExport.chooseDroppedImport([new File(['name\nForged\n'], 'forged.csv')]),
      );
      expect(made).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'Only files from your computer can be dropped here.' } });
      // Not a File at all: refused by the preload, as Electron's webUtils would.
      const notFiles = await page.evaluate(() =>
        (window as unknown as W).roster.importExport.chooseDroppedImport([{ name: '/etc/passwd', path: '/etc/passwd' }]).then(
          () => 'resolved',
          (error: Error) => error.message,
        ),
      );
      expect(notFiles).toMatch(/only dropped files can be passed/);
      const count = await page.evaluate(() =>
        (window as unknown as { roster: { people: { count(i: unknown): Promise<unknown> } } }).roster.people.count({}),
      );
      expect(count).toEqual({ ok: true, data: 2 });
    } finally {
      await close();
      await session.close();
    }
  });
});

describe('preload in Chromium: events, the page’s CSP', () => {
  it('delivers events as the payload alone and unsubscribes', async () => {
    const session = await app.core.openWorkspaceSession(pathA);
    const { page, close } = await openRosterPage(browser, session, { rendererDir: site });
    try {
      await page.evaluate(() => {
        const w = window as unknown as {
          roster: { people: { onChanged(l: (...a: unknown[]) => void): () => void } };
          seen: unknown[][];
          stop: () => void;
        };
        w.seen = [];
        w.stop = w.roster.people.onChanged((...args) => w.seen.push(args));
      });
      await page.evaluate(() =>
        (window as unknown as { roster: { people: { create(i: unknown): Promise<unknown> } } }).roster.people.create({ name: 'Bo' }),
      );
      await expect.poll(() => page.evaluate(() => (window as unknown as { seen: unknown[][] }).seen)).toEqual([[{ source: 'window' }]]);
      await page.evaluate(() => (window as unknown as { stop: () => void }).stop());
      await page.evaluate(() =>
        (window as unknown as { roster: { people: { create(i: unknown): Promise<unknown> } } }).roster.people.create({ name: 'Cy' }),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await page.evaluate(() => (window as unknown as { seen: unknown[][] }).seen)).toHaveLength(1);
      expect(
        await page
          .evaluate(() =>
            (window as unknown as { roster: { people: { onChanged(l: unknown): unknown } } }).roster.people.onChanged(
              'x' as unknown as () => void,
            ),
          )
          .catch((e: Error) => e.message),
      ).toMatch(/listener must be a function/);
    } finally {
      await close();
      await session.close();
    }
  });

  it('serves the page with the production CSP: inline scripts do not run, the network is unreachable', async () => {
    const session = await app.core.openWorkspaceSession(pathA);
    const { page, close } = await openRosterPage(browser, session, { rendererDir: site, path: '/inline.html' });
    try {
      const response = await page.goto(`${TEST_APP_ORIGIN}/inline.html`);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
      expect(await page.evaluate(() => (window as unknown as { appScriptRan: string }).appScriptRan)).toBe('object');
      const fetched = await page.evaluate(() =>
        fetch('https://example.com/').then(
          () => 'fetched',
          (error: Error) => error.name,
        ),
      );
      expect(fetched).toBe('TypeError');
    } finally {
      await close();
      await session.close();
    }
  });
});
