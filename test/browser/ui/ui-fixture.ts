// Everything a UI test needs: a real Roster core over temp folders (real catalog, real
// workspace files, real handlers), the current renderer built into a temp folder, and
// real Chromium pages opened through the shared harness (test/support/chromium-harness.ts).
// Dialogs answer from scripts the test sets; "show this workspace" opens a session as
// the window manager would.

import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { createRosterCore, type RosterCore, type WorkspaceSession } from '../../../main/app/node/roster-core.js';
import type { WindowSession } from '../../../main/kernel/node/ipc/window-session.js';
import { createRosterContext, type RosterContext } from '../../../main/app/node/roster-context.js';
import { ScriptedDialogs } from '../../support/app-fixture.js';
import { launchChromium, openRosterPage, type RosterPageOptions } from '../../support/chromium-harness.js';
import { makeTempDir, REPO_MIGRATIONS, REPO_ROOT } from '../../support/workspace-fixtures.js';

let rendererBuild: Promise<string> | undefined;

/** The renderer as scripts/build.mjs builds it, from the current sources, into a temp folder. */
export function buildRenderer(): Promise<string> {
  rendererBuild ??= (async () => {
    const outdir = join(makeTempDir('renderer'), 'renderer');
    mkdirSync(outdir, { recursive: true });
    const { builds } = (await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'build.mjs')).href)) as {
      builds: Record<string, esbuild.BuildOptions>;
    };
    await esbuild.build({ ...builds['renderer'], absWorkingDir: REPO_ROOT, outdir, logLevel: 'silent' });
    cpSync(join(REPO_ROOT, 'renderer', 'index.html'), join(outdir, 'index.html'));
    return outdir;
  })();
  return rendererBuild;
}

interface OpenedPage {
  readonly page: Page;
  readonly session: WindowSession;
  /** Page errors and console errors, to assert the page ran clean. */
  readonly problems: string[];
  close(): Promise<void>;
}

type PageOptions = Omit<RosterPageOptions, 'view' | 'rendererDir'>;

export interface UiFixture {
  readonly browser: Browser;
  readonly context: RosterContext;
  readonly core: RosterCore;
  readonly dialogs: ScriptedDialogs;
  /** Folder for workspace files. */
  readonly files: string;
  /** Paths the core asked the shell to show, in order. */
  readonly shown: string[];
  /** Paths the core asked the shell to open a second window on ("Open in new window"). */
  readonly newWindows: string[];
  /** Paths the core asked the file manager to show ("Reveal"). */
  readonly revealed: string[];
  /** What the core wrote to its log (main.log in the app). */
  readonly logs: { level: string; message: string; details: unknown }[];
  /** Creates a workspace file with these people (fast bulk insert) and returns its path. */
  createWorkspace(fileName: string, names?: readonly string[]): Promise<string>;
  openWorkspacePage(path: string, options?: PageOptions): Promise<OpenedPage>;
  openLauncherPage(options?: PageOptions): Promise<OpenedPage>;
  /** A page for the window the core last asked the shell to show for `path` (its session already exists, as in the app). */
  openShownWorkspacePage(path: string, options?: PageOptions): Promise<OpenedPage>;
  dispose(): Promise<void>;
}

/** What the fixture's pages share. */
interface PageHost {
  readonly browser: Browser;
  readonly rendererDir: string;
  /** Pages that may use the system clipboard, newest last. */
  readonly clipboardPages: Set<Page>;
  /** Every page opened, to close at the end. */
  readonly pages: OpenedPage[];
}

/** Opens a page on `session`, recording its errors. */
async function openPage(host: PageHost, session: WindowSession, view: 'launcher' | 'workspace', options: PageOptions): Promise<OpenedPage> {
  const problems: string[] = [];
  const opened = await openRosterPage(host.browser, session, { ...options, view, rendererDir: host.rendererDir });
  if (options.clipboard) {
    host.clipboardPages.add(opened.page);
    opened.page.on('close', () => host.clipboardPages.delete(opened.page));
  }
  opened.page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  opened.page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  const page: OpenedPage = {
    page: opened.page,
    session,
    problems,
    async close() {
      await opened.close();
      await session.close();
    },
  };
  host.pages.push(page);
  return page;
}

export async function createUiFixture(): Promise<UiFixture> {
  const root = makeTempDir('ui');
  const files = join(root, 'files');
  mkdirSync(files);
  const context = createRosterContext({ dataDir: join(root, 'data'), migrationsDir: REPO_MIGRATIONS });
  const dialogs = new ScriptedDialogs();
  const shown: string[] = [];
  const newWindows: string[] = [];
  const revealed: string[] = [];
  const logs: UiFixture['logs'] = [];
  const shellSessions: WorkspaceSession[] = [];
  const pages: OpenedPage[] = [];
  const clipboardPages = new Set<Page>();
  const core = createRosterCore({
    context,
    dialogs,
    log: (level, message, details) => logs.push({ level, message, details }),
    shell: { showItemInFolder: (path) => revealed.push(path) },
    // As Electron's clipboard in main: the one system clipboard the pages read too (here,
    // the newest page that may use it).
    clipboard: {
      writeText: (text) => {
        const target = [...clipboardPages].at(-1);
        if (target) void target.evaluate((value) => navigator.clipboard.writeText(value), text);
      },
    },
  });
  // As the window manager does: windows open on the core's own sessions.
  core.connectWindows({
    async showWorkspace(path) {
      shown.push(path);
      shellSessions.push(await core.openWorkspaceSession(path));
    },
    async openNewWindow(path) {
      newWindows.push(path);
      shellSessions.push(await core.openWorkspaceSession(path));
    },
  });
  const [browser, rendererDir] = await Promise.all([launchChromium(), buildRenderer()]);

  const host: PageHost = { browser, rendererDir, clipboardPages, pages };
  const open = (session: WindowSession, view: 'launcher' | 'workspace', options: PageOptions): Promise<OpenedPage> =>
    openPage(host, session, view, options);

  return {
    browser,
    context,
    core,
    dialogs,
    files,
    shown,
    newWindows,
    revealed,
    logs,
    async createWorkspace(fileName, names = []) {
      const lease = await context.connections.create(join(files, fileName));
      try {
        if (names.length > 0) await new PersonService(lease).insertValidated(names);
        return lease.path;
      } finally {
        await lease.release();
      }
    },
    async openWorkspacePage(path, options = {}) {
      return open(await core.openWorkspaceSession(path), 'workspace', options);
    },
    async openLauncherPage(options = {}) {
      return open(core.openLauncherSession(), 'launcher', options);
    },
    async openShownWorkspacePage(path, options = {}) {
      const session = [...shellSessions].reverse().find((candidate) => candidate.path === path && !candidate.closed);
      if (!session) throw new Error(`the core did not ask to show ${path}`);
      shellSessions.splice(shellSessions.indexOf(session), 1);
      return open(session, 'workspace', options);
    },
    async dispose() {
      for (const page of pages.splice(0)) await page.close().catch(() => undefined);
      for (const session of shellSessions.splice(0)) await session.close().catch(() => undefined);
      await browser.close();
      await core.shutdown(10_000);
    },
  };
}

/** Names like "Person 000001", in order, for big workspaces. */
export function numberedNames(count: number, prefix = 'Person'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix} ${String(i + 1).padStart(6, '0')}`);
}

// ---- reading the page ----------------------------------------------------------------

/** Names in the grid's rendered data rows, in row order (only what is in the DOM). */
export function gridNames(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[role="grid"] .grid-body [role="row"]:not([hidden]):not([aria-busy="true"])')]
      .map((row) => ({ index: Number(row.getAttribute('aria-rowindex')), name: row.querySelector('.cell-name')?.textContent ?? '' }))
      .sort((a, b) => a.index - b.index)
      .map((row) => row.name),
  );
}

/** The always-visible count line ("3 people", "1 of 3 people match"). */
export function countText(page: Page): Promise<string> {
  return page.getByTestId('count').innerText();
}

/** The row (by accessible name) whose name cell is exactly `name`. */
export function rowNamed(page: Page, name: string) {
  return page
    .locator('[role="grid"] .grid-body [role="row"]:not([hidden])')
    .filter({ has: page.locator('.cell-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Adds a person through the inline add field, as a person would (type, Enter). */
export async function addThroughUi(page: Page, name: string): Promise<void> {
  const field = page.getByRole('textbox', { name: 'Add a person' });
  await field.fill(name);
  await field.press('Enter');
}
