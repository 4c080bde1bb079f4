// Keeps the launcher's people counts (and names) current while the launcher is in
// view: what its own windows change is announced, but the CLI, another Roster or any
// program that writes a workspace file tells nobody. So, while the page is visible, the
// list is read again every second. That read is cheap in main: an open workspace's
// count is one stored value, and a closed file is only opened again when its size or
// times changed (peek-people-count.ts).

import type { Disposables } from '../../kernel/disposables.js';
import type { WorkspaceList } from './workspace-list.js';

const REFRESH_MS = 1000;

export function installLiveCounts(owner: Disposables, list: WorkspaceList): void {
  let pending: (() => void) | null = null;
  let reading = false;
  const stop = (): void => {
    pending?.();
    pending = null;
  };
  const schedule = (): void => {
    stop();
    if (document.visibilityState !== 'visible') return;
    pending = owner.timeout(() => {
      pending = null;
      void read();
    }, REFRESH_MS);
  };
  const read = async (): Promise<void> => {
    if (reading) return;
    reading = true;
    try {
      await list.refresh();
    } finally {
      reading = false;
    }
    schedule();
  };
  // Back in view: read at once, then every second again. Hidden: nothing runs.
  owner.listen(document, 'visibilitychange', () => {
    stop();
    if (document.visibilityState === 'visible') void read();
  });
  schedule();
}
