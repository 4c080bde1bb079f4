// Measures the renderer's figures for docs/dev/benchmarks.md. Not a test (nothing is
// asserted on time); run it by hand on a quiet machine:
//
//   npx tsx test/browser/ui/figures.ts            # bundle size, 100,000 people
//   npx tsx test/browser/ui/figures.ts --million  # and 1,000,000 people
//
// Times come from inside the page (performance.now / performance marks), so the
// harness's transport is part of them: Playwright's exposeBinding costs a few ms per
// call, more than Electron's IPC, so these are upper bounds for the real app.

import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { makeTempDir, removeTempDirs, REPO_ROOT } from '../../support/workspace-fixtures.js';
import { InlineTaskRunner } from '../../../main/kernel/node/tasks/inline-runner.js';
import { catchUpSearchTask } from '../../../main/features/workspace/node/search/search-catch-up.js';
import { createUiFixture, numberedNames } from './ui-fixture.js';

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

/**
 * Types `text` into the search box one key at a time; for each key, the time from the
 * keydown to the grid showing the new result (count known, first row a match).
 */
async function keystrokes(page: Page, text: string): Promise<number[]> {
  // tsx keeps function names with a __name() helper that the page does not have.
  await page.evaluate('globalThis.__name = (value) => value');
  const search = page.getByRole('searchbox', { name: 'Search people' });
  await search.fill('');
  await page.waitForFunction(() => (document.querySelector('[role="grid"]') as HTMLElement).dataset['search'] === '');
  await page.waitForTimeout(300);
  const times: number[] = [];
  for (let i = 1; i <= text.length; i++) {
    const expected = text.slice(0, i);
    await page.evaluate((want) => {
      const w = window as unknown as { __lap?: Promise<number> };
      const input = document.querySelector('input[type="search"]') as HTMLInputElement;
      w.__lap = new Promise((resolve) => {
        let start = 0;
        input.addEventListener('keydown', () => (start = performance.now()), { once: true, capture: true });
        const grid = document.querySelector('[role="grid"]') as HTMLElement;
        const done = (): boolean => {
          if (start === 0 || grid.dataset['search'] !== want || grid.dataset['state'] !== 'ready') return false;
          const first = grid.querySelector('.grid-body [role="row"]:not([hidden])[aria-rowindex="2"]');
          const empty = !grid.querySelector('.grid-message')?.hasAttribute('hidden');
          return (
            empty ||
            (first !== null &&
              first.getAttribute('aria-busy') !== 'true' &&
              (first.textContent ?? '').toLowerCase().includes(want.toLowerCase()))
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
    }, expected);
    await search.press(text[i - 1] as string);
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
    for (const text of ['0999', '4242', '12345']) laps.push(...(await keystrokes(page, text)));

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

const lines = [
  '| file | build | raw | gzip |',
  '|---|---|---|---|',
  ...(await bundleSizes()),
  '',
  '| people | measure | result |',
  '|---|---|---|',
];
lines.push(...(await measureWorkspace(100_000)));
if (process.argv.includes('--million')) lines.push(...(await measureWorkspace(1_000_000)));
console.log(lines.join('\n'));
removeTempDirs();
