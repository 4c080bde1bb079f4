// axe-core (the accessibility engine behind most checkers) run on a real Chromium page
// as it is now. Every UI test file that shows a new state checks it with
// expectNoSeriousViolations; axe.test.ts walks the states every window has.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe on the page as it is now; returns every violation. With `present`, throws unless that element was shown throughout. */
async function axe(page: Page, present?: string): Promise<Finding[]> {
  // The page's CSP refuses inline and foreign scripts (as it should); DevTools'
  // evaluate is not subject to it, so axe goes in that way.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE_SOURCE, 'utf8'));
  return page.evaluate(async (selector) => {
    const shown = (): boolean => selector === null || document.querySelector(selector)?.checkVisibility() === true;
    if (!shown()) throw new Error(`${selector} is not shown`);
    // Judge what a person sees, not a frame of a fade-in.
    await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined)));
    const result = await (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe.run(document, {
      resultTypes: ['violations'],
    });
    if (!shown()) throw new Error(`${selector} went away while axe ran`);
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  }, present ?? null);
}

/** Fails on any violation of serious or critical impact; prints the rest. */
export async function expectNoSeriousViolations(page: Page, state: string, present?: string): Promise<void> {
  const findings = await axe(page, present);
  const minor = findings.filter((finding) => finding.impact !== 'serious' && finding.impact !== 'critical');
  if (minor.length > 0)
    console.log(
      `axe, ${state}: ` +
        `${minor.map((finding) => `${finding.id} (${finding.impact}) on ${finding.targets.slice(0, 3).join(', ')}`).join('; ')}`,
    );
  expect(
    findings.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical'),
    state,
  ).toEqual([]);
}
