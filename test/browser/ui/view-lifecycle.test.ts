// The two windows' views own what they hook into outside their elements and let it go
// when they unmount: every subscription to a `window.roster` event, every window and
// document listener, every timer, animation frame and observer. The test page mounts a
// view through the same functions the app's entry uses (a bundle of the current
// sources), uses it (search, find, a context menu, a toast), unmounts it with a menu
// still open and a toast still counting down, and counts what is left.

import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, removeTempDirs } from '../../support/workspace-fixtures.js';
import { buildRenderer, createUiFixture, gridNames, rowNamed, type UiFixture } from './ui-fixture.js';

const PAGE = 'view-lifecycle';

let ui: UiFixture;

/** A page next to the app's that mounts a view on request: `window.rosterViews.mount('launcher' | 'workspace')`. */
async function buildMountPage(): Promise<void> {
  const dir = await buildRenderer();
  const { builds } = (await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'build.mjs')).href)) as {
    builds: Record<string, esbuild.BuildOptions>;
  };
  const { entryPoints: _entryPoints, outdir: _outdir, ...settings } = builds['renderer'] ?? {};
  const contents = [
    "import { mountLauncher } from './renderer/src/app/launcher-window.js';",
    "import { mountWorkspace } from './renderer/src/app/workspace-window.js';",
    'let unmount = null;',
    'window.rosterViews = {',
    "  mount(view) { const root = document.getElementById('app'); " +
      "unmount = view === 'workspace' ? mountWorkspace(root) : mountLauncher(root); },",
    '  unmount() { unmount?.(); unmount = null; },',
    '};',
  ].join('\n');
  await esbuild.build({
    ...settings,
    stdin: { contents, resolveDir: REPO_ROOT, sourcefile: `${PAGE}.ts`, loader: 'ts' },
    outfile: join(dir, `${PAGE}.js`),
    absWorkingDir: REPO_ROOT,
    logLevel: 'silent',
  });
  const html = readFileSync(join(REPO_ROOT, 'renderer', 'index.html'), 'utf8').replace('./app.js', `./${PAGE}.js`);
  if (!html.includes(`./${PAGE}.js`)) throw new Error('renderer/index.html no longer loads ./app.js');
  writeFileSync(join(dir, `${PAGE}.html`), html);
}

beforeAll(async () => {
  ui = await createUiFixture();
  await buildMountPage();
});

afterAll(async () => {
  await ui?.dispose();
  removeTempDirs();
});

interface Held {
  /** Listeners on window and document, as "target type". */
  readonly listeners: string[];
  /** Listeners the preload holds for `window.roster` events. */
  readonly subscriptions: number;
  readonly timers: number;
  readonly frames: number;
  readonly observers: number;
}

// Probes run in the page before a view mounts: they count what is added to window and
// document, timers, animation frames and resize observers, and find the table of event
// listeners the preload keeps (test/support/chromium-harness.ts stands in for
// ipcRenderer there), so `window.roster` subscriptions can be counted too. Each is a
// self-contained page function; they meet in window.viewProbeParts.

/** What each probe adds to the page, read back by viewProbe. */
interface ProbeParts {
  listeners?: () => string[];
  subscriptions?: () => number;
  timers?: () => { timers: number; frames: number; observers: number };
}

/** Counts listeners added to window and document (page function: self-contained). */
function probeListeners(): void {
  type Record_ = { target: EventTarget; type: string; listener: unknown; capture: boolean };
  const records: Record_[] = [];
  const watched: EventTarget[] = [window, document];
  const captureOf = (options: unknown): boolean =>
    typeof options === 'boolean' ? options : Boolean((options as { capture?: boolean } | undefined)?.capture);
  const find = (target: EventTarget, type: string, listener: unknown, capture: boolean): number =>
    records.findIndex(
      (record) => record.target === target && record.type === type && record.listener === listener && record.capture === capture,
    );
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ) {
    const capture = captureOf(options);
    if (watched.includes(this) && listener && find(this, type, listener, capture) === -1)
      records.push({ target: this, type, listener, capture });
    add.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (
    this: EventTarget,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ) {
    const at = find(this, type, listener, captureOf(options));
    if (at !== -1) records.splice(at, 1);
    remove.call(this, type, listener, options);
  };
  const parts = ((window as unknown as { viewProbeParts?: ProbeParts }).viewProbeParts ??= {});
  parts.listeners = () => records.map((record) => `${record.target === window ? 'window' : 'document'} ${record.type}`).sort();
}

/** Counts pending timers, animation frames and observing resize observers (page function: self-contained). */
function probeTimers(): void {
  const timers = new Set<number>();
  const setTimeout_ = window.setTimeout.bind(window);
  const clearTimeout_ = window.clearTimeout.bind(window);
  window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
    const id: number = setTimeout_(
      (...passed: unknown[]) => {
        timers.delete(id);
        if (typeof handler === 'function') (handler as (...a: unknown[]) => void)(...passed);
      },
      ms,
      ...args,
    );
    timers.add(id);
    return id;
  }) as typeof window.setTimeout;
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined) timers.delete(id);
    clearTimeout_(id);
  }) as typeof window.clearTimeout;

  const frames = new Set<number>();
  const requestFrame = window.requestAnimationFrame.bind(window);
  const cancelFrame = window.cancelAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback: FrameRequestCallback) => {
    const id = requestFrame((time) => {
      frames.delete(id);
      callback(time);
    });
    frames.add(id);
    return id;
  };
  window.cancelAnimationFrame = (id: number) => {
    frames.delete(id);
    cancelFrame(id);
  };

  const observing = new Set<ResizeObserver>();
  window.ResizeObserver = class extends ResizeObserver {
    override observe(target: Element, options?: ResizeObserverOptions): void {
      observing.add(this);
      super.observe(target, options);
    }
    override disconnect(): void {
      observing.delete(this);
      super.disconnect();
    }
  };
  const parts = ((window as unknown as { viewProbeParts?: ProbeParts }).viewProbeParts ??= {});
  parts.timers = () => ({ timers: timers.size, frames: frames.size, observers: observing.size });
}

/** Counts `window.roster` subscriptions in the preload's table of listeners (page function: self-contained). */
function probeSubscriptions(): void {
  // The preload's listeners live in a Map of channel → listeners: catch it as one
  // subscription is made (and undone) through window.roster itself.
  const api = (window as unknown as { roster: Record<string, Record<string, unknown>> }).roster;
  const subscribe = Object.values(api)
    .flatMap((group) => Object.entries(group))
    .find(([name, value]) => /^on[A-Z]/.test(name) && typeof value === 'function')?.[1] as
    ((listener: () => void) => () => void) | undefined;
  let table: Map<string, unknown[]> | null = null;
  const set = Map.prototype.set;
  Map.prototype.set = function (this: Map<unknown, unknown>, key: unknown, value: unknown) {
    if (typeof key === 'string' && Array.isArray(value)) table = this as Map<string, unknown[]>;
    return set.call(this, key, value);
  };
  try {
    subscribe?.(() => undefined)();
  } finally {
    Map.prototype.set = set;
  }
  const listenerTable = table as Map<string, unknown[]> | null;
  if (!listenerTable) throw new Error("could not find the preload's table of event listeners");

  const parts = ((window as unknown as { viewProbeParts?: ProbeParts }).viewProbeParts ??= {});
  parts.subscriptions = () => [...listenerTable.values()].reduce((sum, listeners) => sum + listeners.length, 0);
  (window as unknown as { viewProbe: () => Held }).viewProbe = () => {
    const { listeners, subscriptions, timers } = parts as Required<ProbeParts>;
    return { listeners: listeners(), subscriptions: subscriptions(), ...timers() };
  };
}

/** Unmounts the view, then finds everything it held back where it was before mounting and the page empty. */
async function expectAllReleased(page: Page, before: Held, problems: readonly unknown[]): Promise<void> {
  await unmountAndSettle(page);
  expect(await held(page)).toEqual(before);
  expect(await page.evaluate(() => document.getElementById('app')?.childElementCount)).toBe(0);
  expect(await page.locator('.drop-overlay, .context-menu').count()).toBe(0);
  expect(problems).toEqual([]);
}

function held(page: Page): Promise<Held> {
  return page.evaluate(() => (window as unknown as { viewProbe: () => Held }).viewProbe());
}

async function mount(page: Page, view: 'launcher' | 'workspace'): Promise<Held> {
  await page.evaluate(probeListeners);
  await page.evaluate(probeTimers);
  await page.evaluate(probeSubscriptions);
  const before = await held(page);
  await page.evaluate((name) => (window as unknown as { rosterViews: { mount(view: string): void } }).rosterViews.mount(name), view);
  return before;
}

async function unmountAndSettle(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { rosterViews: { unmount(): void } }).rosterViews.unmount());
  // Replies still in flight land on a view that is gone; give them time to try.
  await new Promise((resolve) => setTimeout(resolve, 400));
}

describe('views release what they hold when they unmount', () => {
  it('the workspace window: subscriptions, listeners, timers, frames and observers all go', async () => {
    const path = await ui.createWorkspace('lifecycle.roster', ['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
    const { page, close, problems } = await ui.openWorkspacePage(path, { path: `/${PAGE}.html` });
    try {
      const before = await mount(page, 'workspace');
      expect(before).toEqual({ listeners: [], subscriptions: 0, timers: 0, frames: 0, observers: 0 });
      await expect.poll(() => gridNames(page)).toHaveLength(3);

      const search = page.getByRole('searchbox', { name: 'Search people' });
      await search.pressSequentially('gr');
      await expect.poll(() => gridNames(page)).toEqual(['Grace Hopper']);
      await search.fill('');
      await expect.poll(() => gridNames(page)).toHaveLength(3);
      // A deletion leaves a toast with Undo counting down.
      await rowNamed(page, 'Alan Turing').click();
      await page.keyboard.press('Delete');
      await expect.poll(() => page.getByText('Deleted Alan Turing.').isVisible()).toBe(true);
      // And a context menu, open (it listens to the window and the document).
      await rowNamed(page, 'Ada Lovelace').click({ button: 'right' });
      await expect.poll(() => page.getByRole('menu', { name: 'Actions for the selected people' }).isVisible()).toBe(true);

      const mounted = await held(page);
      expect(mounted.subscriptions).toBeGreaterThan(0);
      expect(mounted.listeners).toEqual(
        expect.arrayContaining([
          'document keydown',
          'document copy',
          'document paste',
          'document pointerdown',
          'window drop',
          'window resize',
        ]),
      );
      expect(mounted.timers).toBeGreaterThan(0);
      expect(mounted.observers).toBe(1);

      await expectAllReleased(page, before, problems);
    } finally {
      await close();
    }
  });

  it('the launcher: subscriptions, listeners and timers all go', async () => {
    for (const entry of ui.context.catalog.list()) ui.context.catalog.forget(entry.id);
    const club = await ui.createWorkspace('club.roster', ['Ada Lovelace']);
    const team = await ui.createWorkspace('team.roster', ['Grace Hopper']);
    ui.context.catalog.add(club, 'Book Club');
    ui.context.catalog.add(team, 'Team');
    const { page, close, problems } = await ui.openLauncherPage({ path: `/${PAGE}.html` });
    try {
      const before = await mount(page, 'launcher');
      expect(before).toEqual({ listeners: [], subscriptions: 0, timers: 0, frames: 0, observers: 0 });
      const entries = page.getByRole('list', { name: 'Recent workspaces' }).getByRole('listitem');
      await expect.poll(() => entries.count()).toBe(2);

      await page.getByRole('searchbox', { name: 'Filter workspaces' }).fill('club');
      await expect.poll(() => entries.count()).toBe(1);
      await page.getByRole('searchbox', { name: 'Find a person in all workspaces' }).pressSequentially('ada');
      await expect.poll(() => page.getByRole('tree').getByText('Ada Lovelace').count()).toBeGreaterThan(0);
      // A toast counting down, and a context menu open.
      await page.getByRole('button', { name: 'More actions for Book Club' }).click();
      await page.getByRole('menuitem', { name: 'Remove from list' }).click();
      await expect.poll(() => page.getByText('Removed Book Club from the list. The file was not touched.').isVisible()).toBe(true);
      await page.getByRole('searchbox', { name: 'Filter workspaces' }).fill('');
      await page.getByRole('button', { name: 'Team', exact: true }).click({ button: 'right' });
      await expect.poll(() => page.getByRole('menu', { name: 'Actions for Team' }).isVisible()).toBe(true);

      const mounted = await held(page);
      expect(mounted.subscriptions).toBeGreaterThan(0);
      expect(mounted.listeners).toEqual(expect.arrayContaining(['document keydown', 'document pointerdown', 'window drop', 'window blur']));
      expect(mounted.timers).toBeGreaterThan(0);

      await expectAllReleased(page, before, problems);
    } finally {
      await close();
    }
  });
});
