// A menu button: a button that opens a short list of commands. Arrow keys move, Enter
// or Space runs, Escape closes and returns focus to the button (WAI-ARIA menu button).

import { h, uid } from './dom.js';

export interface MenuItem {
  readonly label: string;
  readonly run: () => void;
  readonly disabled?: boolean;
}

export class MenuButton {
  readonly element: HTMLElement;
  readonly button: HTMLButtonElement;
  readonly #menu: HTMLElement;
  readonly #items: () => readonly MenuItem[];

  constructor(options: { label: string; ariaLabel?: string; className?: string; items: () => readonly MenuItem[] }) {
    const menuId = uid('menu');
    this.#items = options.items;
    this.button = h(
      'button',
      {
        type: 'button',
        class: `menu-button ${options.className ?? ''}`.trim(),
        'aria-haspopup': 'menu',
        'aria-expanded': 'false',
        'aria-controls': menuId,
        'aria-label': options.ariaLabel,
      },
      options.label,
    );
    this.#menu = h('div', { id: menuId, class: 'menu', role: 'menu', hidden: true, 'aria-label': options.ariaLabel ?? options.label });
    this.element = h('div', { class: 'menu-anchor' }, this.button, this.#menu);

    this.button.addEventListener('click', () => (this.isOpen ? this.close(false) : this.open(0)));
    this.button.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        this.open(event.key === 'ArrowDown' ? 0 : -1);
      }
    });
    this.#menu.addEventListener('keydown', (event) => this.#onKey(event));
    this.#menu.addEventListener('focusout', (event) => {
      if (!this.element.contains(event.relatedTarget as Node | null)) this.close(false);
    });
  }

  get isOpen(): boolean {
    return !this.#menu.hidden;
  }

  open(focusIndex: number): void {
    const items = this.#items();
    this.#menu.replaceChildren(
      ...items.map((item) => {
        const entry = h(
          'button',
          { type: 'button', role: 'menuitem', tabindex: '-1', 'aria-disabled': item.disabled ? 'true' : undefined },
          item.label,
        );
        entry.addEventListener('click', () => {
          if (item.disabled) return;
          this.close(true);
          item.run();
        });
        return entry;
      }),
    );
    this.#menu.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.#focusItem(focusIndex < 0 ? items.length - 1 : focusIndex);
  }

  close(returnFocus: boolean): void {
    if (!this.isOpen) return;
    this.#menu.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (returnFocus) this.button.focus();
  }

  #entries(): HTMLElement[] {
    return [...this.#menu.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  #focusItem(index: number): void {
    const entries = this.#entries();
    if (entries.length === 0) return;
    entries[((index % entries.length) + entries.length) % entries.length]?.focus();
  }

  #onKey(event: KeyboardEvent): void {
    const entries = this.#entries();
    const current = entries.indexOf(document.activeElement as HTMLElement);
    switch (event.key) {
      case 'ArrowDown':
        this.#focusItem(current + 1);
        break;
      case 'ArrowUp':
        this.#focusItem(current - 1);
        break;
      case 'Home':
        this.#focusItem(0);
        break;
      case 'End':
        this.#focusItem(entries.length - 1);
        break;
      case 'Escape':
        this.close(true);
        break;
      case 'Tab':
        this.close(false);
        return;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }
}
