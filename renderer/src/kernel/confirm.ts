// A modal confirmation built on <dialog>: focus is trapped by the browser, Escape
// cancels, and focus returns to where it was. Resolves true only for the confirm button.
// Focus starts on Cancel unless the caller says the confirm button is the expected
// answer (a delete the person just asked for with its count named: Enter confirms it).

import { h } from './dom.js';

export interface ConfirmOptions {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  /** The button focused first; default 'cancel'. */
  readonly initialFocus?: 'cancel' | 'confirm';
}

export function confirmDialog(options: ConfirmOptions): Promise<boolean> {
  const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const confirm = h('button', { type: 'button', class: options.danger ? 'danger' : 'primary' }, options.confirmLabel);
  const dialog = h(
    'dialog',
    { class: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-message' },
    h('h2', { id: 'confirm-title' }, options.title),
    h('p', { id: 'confirm-message' }, options.message),
    h('div', { class: 'dialog-actions' }, cancel, confirm),
  );
  document.body.append(dialog);
  // An Enter held down since it opened the dialog repeats: a repeat must not answer for
  // the person (with focus on the confirm button it would delete at once).
  dialog.addEventListener('keydown', (event) => {
    if (event.repeat && (event.key === 'Enter' || event.key === ' ')) event.preventDefault();
  });
  return new Promise((resolve) => {
    let answer = false;
    cancel.addEventListener('click', () => dialog.close());
    confirm.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (returnFocus?.isConnected) returnFocus.focus();
      resolve(answer);
    });
    dialog.showModal();
    (options.initialFocus === 'confirm' ? confirm : cancel).focus();
  });
}
