// The keyboard-help sheet: a modal <dialog> listing every shortcut of this window
// (shortcuts.ts). F1 opens it from anywhere; "?" opens it unless focus is in a text
// field, where it is typed like any character. As with the confirmation (confirm.ts),
// the browser keeps focus inside the modal, Escape closes it and focus goes back to
// where it was.

import type { Disposables } from './disposables.js';
import { h } from './dom.js';
import { shortcutsFor, type ShortcutWindow } from './shortcuts.js';

const NOT_TEXT = new Set(['button', 'checkbox', 'color', 'file', 'image', 'radio', 'range', 'reset', 'submit']);

/** True where a typed "?" is text: text inputs, text areas, editable content. */
function takesText(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement) return !NOT_TEXT.has(target.type);
  return target instanceof HTMLTextAreaElement || (target instanceof HTMLElement && target.isContentEditable);
}

/** Opens the sheet for `where` unless one is already open; returns the dialog. */
function openKeyboardHelp(where: ShortcutWindow): HTMLDialogElement {
  const open = document.querySelector<HTMLDialogElement>('dialog.keyboard-help[open]');
  if (open) return open;
  const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const close = h('button', { type: 'button', class: 'primary' }, 'Close');
  const rows = shortcutsFor(where).map((shortcut) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, ...shortcut.keys.flatMap((keys, index) => [index > 0 ? ' or ' : null, h('kbd', {}, keys)])),
      h('td', {}, shortcut.label),
    ),
  );
  const dialog = h(
    'dialog',
    { class: 'keyboard-help', 'aria-labelledby': 'keyboard-help-title' },
    h('h2', { id: 'keyboard-help-title' }, 'Keyboard shortcuts'),
    h(
      'div',
      // Focusable, so a window too short for the whole list can scroll it by keyboard.
      { class: 'keyboard-help-list', tabindex: 0, role: 'region', 'aria-label': 'All shortcuts' },
      h(
        'table',
        {},
        h('thead', { class: 'visually-hidden' }, h('tr', {}, h('th', { scope: 'col' }, 'Keys'), h('th', { scope: 'col' }, 'Action'))),
        h('tbody', {}, ...rows),
      ),
    ),
    h('div', { class: 'dialog-actions' }, close),
  );
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('keydown', (event) => keepFocusInside(event, dialog));
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (returnFocus?.isConnected) returnFocus.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
  return dialog;
}

/** Tab from the last control goes to the first and Shift+Tab from the first to the last, never out of the sheet. */
function keepFocusInside(event: KeyboardEvent, dialog: HTMLDialogElement): void {
  if (event.key !== 'Tab' || event.ctrlKey || event.altKey || event.metaKey) return;
  const stops = [...dialog.querySelectorAll<HTMLElement>('button, [tabindex="0"]')];
  const first = stops[0];
  const last = stops[stops.length - 1];
  if (!first || !last) return;
  const wrapTo = event.shiftKey ? (document.activeElement === first ? last : null) : document.activeElement === last ? first : null;
  if (!wrapTo) return;
  event.preventDefault();
  wrapTo.focus();
}

/** F1 and "?" open the sheet for `where` while `owner` lives. */
export function installKeyboardHelp(owner: Disposables, where: ShortcutWindow): void {
  // Capture, so the grid's type-to-search never sees the "?" that opens the sheet.
  owner.listen(
    window,
    'keydown',
    (event) => {
      if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
      const help = event.key === 'F1' || (event.key === '?' && !takesText(event.target));
      if (!help) return;
      event.preventDefault();
      event.stopPropagation();
      openKeyboardHelp(where);
    },
    { capture: true },
  );
}
