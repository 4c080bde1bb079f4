// Opening workspace files the catalog does not list yet: "Open…" (main's native file
// dialog) and workspace files dropped on the launcher.

import { roster, settle } from '../../kernel/api.js';
import { h } from '../../kernel/dom.js';
import type { Toaster } from '../../kernel/toast.js';

export interface OpenContext {
  readonly toaster: Toaster;
  /** The catalog changed: read the list again. */
  reload(): Promise<void>;
}

/** "Open…": main asks for the file, and the workspace opens in its window. */
export function openExistingButton(context: OpenContext): HTMLButtonElement {
  const button = h('button', { type: 'button' }, 'Open…');
  button.addEventListener('click', async () => {
    const result = await settle(roster().catalog.openExisting());
    if (!result.ok) context.toaster.show({ message: result.error.message, tone: 'error', timeout: 10000 });
    else await context.reload();
  });
  return button;
}

export async function openDroppedFiles(files: File[], context: OpenContext): Promise<void> {
  const result = await settle(roster().catalog.openFiles(files));
  if (!result.ok) {
    context.toaster.show({ message: result.error.message, tone: 'error', timeout: 10000 });
    return;
  }
  const failed = result.data.flatMap((outcome) => (outcome.status === 'failed' ? [`${outcome.fileName}: ${outcome.message}`] : []));
  if (failed.length > 0) context.toaster.show({ message: `Could not open ${failed.join(' ')}`, tone: 'error', timeout: 12000 });
  await context.reload();
}
