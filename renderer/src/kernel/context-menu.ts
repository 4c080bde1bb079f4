// A context menu (WAI-ARIA menu pattern): opened by a right click, Shift+F10 or the
// Menu key; focus moves to its first item; Up/Down/Home/End move, a letter jumps to
// the next item starting with it, Enter or Space runs, Escape or Tab closes and gives
// focus back to where the menu was opened. Clicking elsewhere closes it. One at a time.

import { Disposables } from './disposables.js';
import { h, uid } from './dom.js';
import type { MenuItem } from './menu.js';

export interface ContextMenuItem extends MenuItem {
  /** Shown at the item's end and told to assistive technology (aria-keyshortcuts). */
  readonly keys?: { readonly label: string; readonly aria: string };
}

export interface ContextMenuOptions {
  readonly label: string;
  readonly items: readonly ContextMenuItem[];
  /** Where to put the menu's top-left corner, in viewport pixels. */
  readonly at: { readonly x: number; readonly y: number };
  /** Gets focus back when the menu closes without running an item. */
  readonly returnFocus: HTMLElement | null;
}

let current: { close(returnFocus: boolean): void } | null = null;

export function closeContextMenu(): void {
  current?.close(false);
}

export function openContextMenu(options: ContextMenuOptions): HTMLElement {
  current?.close(false);
  const menu = h('div', { id: uid('context-menu'), class: 'menu context-menu', role: 'menu', 'aria-label': options.label, tabindex: '-1' });
  const entries = options.items.map((item) => {
    const entry = h(
      'button',
      {
        type: 'button',
        role: 'menuitem',
        tabindex: '-1',
        'aria-disabled': item.disabled ? 'true' : undefined,
        'aria-keyshortcuts': item.keys?.aria,
      },
      h('span', { class: 'menu-label' }, item.label),
      item.keys ? h('span', { class: 'menu-keys', 'aria-hidden': 'true' }, item.keys.label) : null,
    );
    entry.addEventListener('click', () => {
      if (item.disabled) return;
      close(true);
      item.run();
    });
    return entry;
  });
  menu.append(...entries);
  // Inside the main landmark, so assistive technology finds it with the content it acts on.
  (document.querySelector('main') ?? document.body).append(menu);

  // Keep the whole menu on screen: flip left or up when it would overflow.
  const box = menu.getBoundingClientRect();
  const x = Math.max(0, Math.min(options.at.x, window.innerWidth - box.width - 4));
  const y = Math.max(0, Math.min(options.at.y, window.innerHeight - box.height - 4));
  menu.style.left = `${x}px`;
  menu.style.top = `${y}px`;

  let closed = false;
  // The menu's own owner: its window and document listeners go when it closes.
  const owner = new Disposables();
  const onPointerDown = (event: PointerEvent): void => {
    if (!menu.contains(event.target as Node)) close(false);
  };
  const onWindowChange = (): void => close(false);
  function close(runningItem: boolean): void {
    if (closed) return;
    closed = true;
    if (current === handle) current = null;
    owner.dispose();
    const hadFocus = menu.contains(document.activeElement);
    menu.remove();
    // An item that runs decides where focus goes; before it does, focus goes back, so
    // it never falls to <body>.
    if ((hadFocus || runningItem) && options.returnFocus?.isConnected) options.returnFocus.focus({ preventScroll: true });
  }
  const handle = { close: (returnFocus: boolean) => (returnFocus ? close(true) : close(false)) };
  current = handle;

  const focusAt = (index: number): void => {
    if (entries.length === 0) return;
    entries[((index % entries.length) + entries.length) % entries.length]?.focus();
  };
  menu.addEventListener('keydown', (event) => {
    const at = entries.indexOf(document.activeElement as HTMLButtonElement);
    switch (event.key) {
      case 'ArrowDown':
        focusAt(at + 1);
        break;
      case 'ArrowUp':
        focusAt(at - 1);
        break;
      case 'Home':
        focusAt(0);
        break;
      case 'End':
        focusAt(entries.length - 1);
        break;
      case 'Escape':
      case 'Tab':
        close(true);
        break;
      default:
        if (event.key.length === 1 && /\S/.test(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) {
          const letter = event.key.toLocaleLowerCase();
          const order = [...entries.slice(at + 1), ...entries.slice(0, at + 1)];
          order.find((entry) => (entry.textContent ?? '').trim().toLocaleLowerCase().startsWith(letter))?.focus();
          break;
        }
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  });
  menu.addEventListener('focusout', (event) => {
    if (!menu.contains(event.relatedTarget as Node | null) && event.relatedTarget !== null) close(false);
  });
  owner.listen(document, 'pointerdown', onPointerDown, true);
  owner.listen(window, 'resize', onWindowChange);
  owner.listen(window, 'blur', onWindowChange);
  focusAt(0);
  return menu;
}

/** Shift+F10 or the Menu key: the keyboard's way to ask for a context menu. */
export function isContextMenuKey(event: KeyboardEvent): boolean {
  return event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey);
}
