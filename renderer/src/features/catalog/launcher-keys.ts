// The launcher's keys: Ctrl+N a new workspace, Ctrl+O open one, Ctrl+F the filter and
// Ctrl+Shift+F the find in all workspaces. Ctrl+Z is the toast's Undo (toast-undo.ts).

import type { Disposables } from '../../kernel/disposables.js';
import { isCommand } from '../../kernel/dom.js';

export interface LauncherKeys {
  create(): void;
  open(): void;
  filter(): void;
  find(): void;
}

export function installLauncherKeys(owner: Disposables, keys: LauncherKeys): void {
  owner.listen(document, 'keydown', (event) => {
    if (event.defaultPrevented || !isCommand(event) || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 'n') {
      event.preventDefault();
      keys.create();
    } else if (key === 'o') {
      event.preventDefault();
      keys.open();
    } else if (key === 'f') {
      event.preventDefault();
      if (event.shiftKey) keys.find();
      else keys.filter();
    }
  });
}
