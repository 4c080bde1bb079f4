// Measures the renderer's figures for docs/dev/benchmarks.md. Not a test (nothing is
// asserted on time); run it by hand on a quiet machine:
//
//   npx tsx test/browser/ui/figures.ts            # bundle size, 100,000 people
//   npx tsx test/browser/ui/figures.ts --million  # and 1,000,000 people
//   npx tsx test/browser/ui/figures.ts --scripts [--million]
//       # only keystroke → results, on names in every script (bench/script-names.ts), at
//       # 100,000 people (or 1,000,000): the workspace is the terms bench's cached one
//       # (built once through Roster's import and caught up; ROSTER_BENCH_CACHE), copied
//       # into a temp folder so the session's writes never touch the cache; per key, it
//       # also prints main's own time in people:list and people:count
//
// Times come from inside the page (performance.now / performance marks), so the
// harness's transport is part of them: Playwright's exposeBinding costs a few ms per
// call, more than Electron's IPC, so these are upper bounds for the real app.

import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { makeTempDir, removeTempDirs, REPO_ROOT } from '../../support/workspace-fixtures.js';
import { InlineTaskRunner } from '../../../main/kernel/node/tasks/inline-runner.js';
import { catchUpSearchTask } from '../../../main/features/workspace/node/search/search-catch-up.js';
import { repoMigrations } from '../../../bench/fixtures.js';
import { cachedScriptWorkspace } from '../../../bench/script-names.js';
import type { WindowSession } from '../../../main/kernel/node/ipc/window-session.js';
import { openRosterPage } from '../../support/chromium-harness.js';
import { buildRenderer, createUiFixture, numberedNames } from './ui-fixture.js';

const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

async function bundleSizes(): Promise<string[]> {
  const { builds } = (await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'build.mjs')).href)) as {
    builds: Record<string, esbuild.BuildOptions>;
  };
  const lines: string[] = [];
  for (const minify of [true, false]) {
    const outdir = join(makeTempDir('bundle'), 'renderer');
    mkdirSync(outdir, { recursive: true });
    await esbuild.build({ ...builds['renderer'], absWorkingDir: REPO_ROOT, outdir, minify, sourcemap: false, logLevel: 'silent' });
    for (const file of readdirSync(outdir).sort()) {
      const bytes = readFileSync(join(outdir, file));
      lines.push(
        `| ${file} | ${minify ? 'production (minified)' : 'development'} ` +
          `| ${kb(bytes.length)} | ${kb(gzipSync(bytes, { level: 9 }).length)} |`,
      );
    }
  }
  return lines;
}

/** Milliseconds from navigation start to the first people rows drawn (the grid's mark). */
async function firstRows(page: Page): Promise<number> {
  await page.reload();
  await page.waitForFunction(() => performance.getEntriesByName('roster:first-rows').length > 0, undefined, { timeout: 30_000 });
  return page.evaluate(() => (performance.getEntriesByName('roster:first-rows')[0] as PerformanceEntry).startTime);
}

/** Folds as the page compares: case and accents off (enough for the terms typed here). */
const FOLD_IN_PAGE = (text: string): string => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Types `keys` into the search box, one key at a time; for each, the time from the key
 * reaching the box to the grid showing the new result (count known, first row a match).
 * A key on a US keyboard is pressed (keydown, then input); Playwright presses no other,
 * so any other key is committed as text (input events only), as an input method or the
 * emoji picker does: the clock starts at whichever event comes first.
 */
async function keystrokes(page: Page, keys: readonly string[]): Promise<number[]> {
  // tsx keeps function names with a __name() helper that the page does not have.
  await page.evaluate('globalThis.__name = (value) => value');
  await page.evaluate(`globalThis.__fold = ${FOLD_IN_PAGE.toString()}`);
  const search = page.getByRole('searchbox', { name: 'Search people' });
  await search.fill('');
  await search.focus();
  await page.waitForFunction(() => (document.querySelector('[role="grid"]') as HTMLElement).dataset['search'] === '');
  await page.waitForTimeout(300);
  const times: number[] = [];
  let typed = '';
  for (const key of keys) {
    typed += key;
    await page.evaluate((want) => {
      const w = window as unknown as { __lap?: Promise<number>; __fold: (text: string) => string };
      const input = document.querySelector('input[type="search"]') as HTMLInputElement;
      w.__lap = new Promise((resolve) => {
        let start = 0;
        const mark = (): void => {
          if (start === 0) start = performance.now();
        };
        for (const type of ['keydown', 'beforeinput', 'input']) input.addEventListener(type, mark, { once: true, capture: true });
        const grid = document.querySelector('[role="grid"]') as HTMLElement;
        const done = (): boolean => {
          if (start === 0 || grid.dataset['search'] !== want || grid.dataset['state'] !== 'ready') return false;
          const first = grid.querySelector('.grid-body [role="row"]:not([hidden])[aria-rowindex="2"]');
          const empty = !grid.querySelector('.grid-message')?.hasAttribute('hidden');
          return (
            empty ||
            (first !== null && first.getAttribute('aria-busy') !== 'true' && w.__fold(first.textContent ?? '').includes(w.__fold(want)))
          );
        };
        const observer = new MutationObserver(() => {
          if (done()) {
            observer.disconnect();
            resolve(performance.now() - start);
          }
        });
        observer.observe(grid, { subtree: true, childList: true, characterData: true, attributes: true });
      });
    }, typed);
    if (/^[ -~]$/.test(key)) await search.press(key);
    else await page.keyboard.insertText(key);
    times.push(await page.evaluate(() => (window as unknown as { __lap: Promise<number> }).__lap));
    await page.waitForTimeout(150);
  }
  return times;
}

async function measureWorkspace(count: number): Promise<string[]> {
  const ui = await createUiFixture();
  try {
    const started = performance.now();
    const path = await ui.createWorkspace(`figures-${count}.roster`, numberedNames(count));
    const fill = performance.now() - started;
    // The steady state: the search index caught up with the bulk insert, as the app's
    // background upkeep does within seconds of an import.
    await new InlineTaskRunner().run(catchUpSearchTask, { path });
    const { page, close } = await ui.openWorkspacePage(path);
    await firstRows(page);
    const loads: number[] = [];
    for (let run = 0; run < RUNS; run++) loads.push(await firstRows(page));
    const laps: number[] = [];
    for (const text of ['0999', '4242', '12345']) laps.push(...(await keystrokes(page, [...text])));

    // The last row, by keyboard.
    await page.getByRole('searchbox', { name: 'Search people' }).fill('');
    await page.waitForFunction(() => (document.querySelector('[role="grid"]') as HTMLElement).dataset['search'] === '');
    const grid = page.getByRole('grid', { name: 'People' });
    await grid.focus();
    const endStart = performance.now();
    await page.keyboard.press('End');
    await page.waitForFunction(
      (rowIndex) =>
        document.querySelector(`.grid-body [role="row"][aria-rowindex="${rowIndex}"]:not([hidden]):not([aria-busy="true"])`) !== null,
      count + 1,
      { timeout: 30_000 },
    );
    const end = performance.now() - endStart;
    await close();
    const label = count.toLocaleString('en');
    return [
      `| ${label} | page load → first rows (median of ${RUNS}) ` +
        `| ${median(loads).toFixed(0)} ms (min ${Math.min(...loads).toFixed(0)}, max ${Math.max(...loads).toFixed(0)}) |`,
      `| ${label} | keystroke → updated results (median of ${laps.length}) ` +
        `| ${median(laps).toFixed(0)} ms (min ${Math.min(...laps).toFixed(0)}, max ${Math.max(...laps).toFixed(0)}) |`,
      `| ${label} | End → last row drawn (measured from Node, includes Playwright) | ${end.toFixed(0)} ms |`,
      `| ${label} | (setup) bulk insert through PersonService.insertValidated | ${fill.toFixed(0)} ms |`,
    ];
  } finally {
    await ui.dispose();
  }
}

/**
 * What people type over names in every script, as they type it: 22 keys, each step one
 * key (a Cyrillic letter from a Cyrillic layout, a CJK or Hangul character committed by
 * an input method, an emoji from the picker). Terms reach 1, 2 and 3+ characters.
 */
const SCRIPT_TERMS: readonly { script: string; keys: readonly string[] }[] = [
  { script: 'Latin', keys: ['m', 'a', 'r', 't'] },
  { script: 'Latin', keys: ['n', 'z'] },
  { script: 'Cyrillic', keys: ['о', 'в', 'а'] },
  { script: 'CJK', keys: ['王'] },
  { script: 'CJK', keys: ['高', '橋', '健'] },
  { script: 'Hangul', keys: ['김', '지', '훈'] },
  { script: 'Greek', keys: ['ν', 'ι', 'κ'] },
  { script: 'Arabic', keys: ['م', 'ح'] },
  { script: 'emoji', keys: ['🎉'] },
];

function spread(values: number[]): string {
  if (values.length === 0) return 'none';
  const [low, high] = [Math.min(...values), Math.max(...values)];
  return `${median(values).toFixed(0)} ms (min ${low.toFixed(0)}, max ${high.toFixed(0)}, n ${values.length})`;
}

/** Copies a closed workspace file (and any journal beside it) to `target`. */
function copyWorkspace(source: string, target: string): string {
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(source + suffix)) copyFileSync(source + suffix, target + suffix);
  return target;
}

/** Main-process time of each people:list and people:count request, by its search term. */
type HandlerTimes = Map<string, { list: number[]; count: number[] }>;

/**
 * Times the session's requests where main receives them (the harness's binding calls
 * `session.invoke` per request): the handler's own work, without the transport.
 */
function timeHandlers(session: WindowSession): HandlerTimes {
  const times: HandlerTimes = new Map();
  const invoke = session.invoke.bind(session);
  Object.assign(session, {
    async invoke(channel: string, payload: unknown) {
      const started = performance.now();
      const result = await invoke(channel, payload);
      const method = channel === 'people:list' ? 'list' : channel === 'people:count' ? 'count' : undefined;
      const search = (payload as { search?: unknown } | undefined)?.search;
      if (method && typeof search === 'string') {
        const entry = times.get(search) ?? { list: [], count: [] };
        entry[method].push(performance.now() - started);
        times.set(search, entry);
      }
      return result;
    },
  });
  return times;
}

/** "12 ms" for one request, "12 + 3 ms" for several (a page and the rows around it). */
function handlerCell(values: readonly number[] | undefined): string {
  if (!values || values.length === 0) return '–';
  return `${values.map((ms) => ms.toFixed(0)).join(' + ')} ms`;
}

/**
 * What one request costs the page beyond main's own work: people:count of one term,
 * repeated (main answers it from its count cache), timed in the page and in main.
 */
async function roundTrip(page: Page, handlers: HandlerTimes): Promise<string> {
  const term = 'zq';
  const inPage = await page.evaluate(async (search) => {
    const api = (window as unknown as { roster: { people: { count(input: unknown): Promise<unknown> } } }).roster;
    const laps: number[] = [];
    for (let i = 0; i < 21; i++) {
      const started = performance.now();
      await api.people.count({ search });
      laps.push(performance.now() - started);
    }
    return laps;
  }, term);
  return [
    `| one request's round trip (people:count, 21 times): in the page | ${spread(inPage)} |`,
    `| … of which in main's handler | ${spread(handlers.get(term)?.count ?? [])} |`,
  ].join('\n');
}

/** Keystroke → results over `count` people with names in every script; per key, then medians. */
async function measureScripts(count: number): Promise<string[]> {
  const source = await cachedScriptWorkspace(count, repoMigrations(REPO_ROOT), (message) => console.error(message));
  const ui = await createUiFixture();
  try {
    const path = copyWorkspace(source, join(ui.files, `scripts-${count}.roster`));
    const session = await ui.core.openWorkspaceSession(path);
    const handlers = timeHandlers(session);
    const opened = await openRosterPage(ui.browser, session, { view: 'workspace', rendererDir: await buildRenderer() });
    const page = opened.page;
    await firstRows(page);
    // One untimed key first, so the first timed one does not pay for the page's first
    // search (statements prepared, code paths compiled).
    await keystrokes(page, ['x']);
    const rows: string[] = [];
    const short: number[] = [];
    const long: number[] = [];
    const all: number[] = [];
    for (const { script, keys } of SCRIPT_TERMS) {
      const laps = await keystrokes(page, keys);
      laps.forEach((ms, i) => {
        const typed = keys.slice(0, i + 1).join('');
        const length = [...typed].length;
        const main = handlers.get(typed);
        (length <= 2 ? short : long).push(ms);
        all.push(ms);
        rows.push(
          `| ${all.length} | ${script} | ${typed} | ${length} | ${ms.toFixed(0)} ms ` +
            `| ${handlerCell(main?.list)} | ${handlerCell(main?.count)} |`,
        );
      });
    }
    const transport = await roundTrip(page, handlers);
    await opened.close();
    await session.close();
    const label = count.toLocaleString('en');
    return [
      `Keystroke → updated results, ${label} people, names in every script:`,
      '',
      '| key | script | search box holds | characters | keystroke → results | main: people:list | main: people:count |',
      '|---|---|---|---|---|---|---|',
      ...rows,
      '',
      '| keys | median |',
      '|---|---|',
      `| all | ${spread(all)} |`,
      `| 1st and 2nd character | ${spread(short)} |`,
      `| 3rd character on | ${spread(long)} |`,
      transport,
      '',
    ];
  } finally {
    await ui.dispose();
  }
}

const million = process.argv.includes('--million');
if (process.argv.includes('--scripts')) {
  console.log((await measureScripts(million ? 1_000_000 : 100_000)).join('\n'));
  removeTempDirs();
  process.exit(0);
}

const lines = [
  '| file | build | raw | gzip |',
  '|---|---|---|---|',
  ...(await bundleSizes()),
  '',
  '| people | measure | result |',
  '|---|---|---|',
];
lines.push(...(await measureWorkspace(100_000)));
if (million) lines.push(...(await measureWorkspace(1_000_000)));
console.log(lines.join('\n'));
removeTempDirs();
