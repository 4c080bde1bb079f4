// Undo in the launcher: what it can undo is what its toast offers (Undo "Move to
// trash"), so Ctrl+Z and Edit ▸ Undo from the application menu run the toast's action.
// Inside a text field both are that field's own undo, never the toast's.

import type { RosterApi } from '../../../../main/app/common/roster-api.js';
import type { Disposables } from '../../kernel/disposables.js';
import { isCommand } from '../../kernel/dom.js';
import type { Toaster } from '../../kernel/toast.js';

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
}

export function installToastUndo(options: { readonly api: RosterApi; readonly owner: Disposables; readonly toaster: Toaster }): void {
  const { owner, toaster } = options;
  owner.add(
    options.api.app.onMenuCommand(({ command }) => {
      if (isTextField(document.activeElement)) document.execCommand(command);
      else if (command === 'undo') toaster.runAction();
    }),
  );
  owner.listen(document, 'keydown', (event) => {
    if (event.defaultPrevented || !isCommand(event) || event.altKey) return;
    if (event.key.toLowerCase() !== 'z' || event.shiftKey) return;
    // Never the browser's text undo outside a field.
    if (isTextField(event.target)) return;
    event.preventDefault();
    toaster.runAction();
  });
}
