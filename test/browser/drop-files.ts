// Dropping files from the disk on a page in the Chromium harness. Kept apart from the
// harness because it runs DOM code in the page (the harness is type-checked for Node).

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DISK_FILES } from '../support/chromium-harness.js';

/**
 * Drops files from the disk on the page, as a person dragging them from a file manager
 * would: dragenter, dragover and drop with a DataTransfer holding Files whose paths
 * the stand-in `webUtils.getPathForFile` knows. `at` is a CSS selector (default: body).
 */
export async function dropFiles(page: Page, paths: readonly string[], at = 'body'): Promise<void> {
  const files = paths.map((path) => ({ path, name: path.split(/[\\/]/).pop() ?? path, bytes: [...readFileSync(path)] }));
  await page.evaluate(
    ([list, key, selector]) => {
      const register = (globalThis as unknown as Record<symbol, (file: File, path: string) => void>)[Symbol.for(key)];
      const transfer = new DataTransfer();
      for (const entry of list) {
        const file = new File([new Uint8Array(entry.bytes)], entry.name);
        register?.(file, entry.path);
        transfer.items.add(file);
      }
      const target = document.querySelector(selector) ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    },
    [files, DISK_FILES, at] as const,
  );
}
