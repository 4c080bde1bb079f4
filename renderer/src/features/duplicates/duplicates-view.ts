// The "Likely duplicates" sheet: the names this workspace holds more than once (the
// same letters, ignoring case, accents and spacing: main folds them), a page of groups
// at a time in name order, each with its people and when they were added. The person
// ticks people in the groups and deletes them (one undoable step, Ctrl+Z or Undo
// here), or shows one of them in the table.
//
// A modal <dialog>, like the keyboard help: the browser keeps focus inside, Escape
// closes it and focus goes back to where it was. While it is open it follows the
// workspace (people:onChanged), so a change from anywhere, an undo included, shows.

import type { RosterApi } from '../../../../main/app/common/roster-api.js';
import type { DuplicateGroup, GroupsPage } from '../../../../main/features/duplicates/common/duplicates-contract.js';
import { settle } from '../../kernel/api.js';
import { Disposables } from '../../kernel/disposables.js';
import { h, isCommand, setText } from '../../kernel/dom.js';
import { formatNumber, people } from '../../kernel/format.js';
import { addedOn } from './duplicate-text.js';

/** Groups asked for per page ("Show more names" asks for the next). */
const PAGE = 50;

export interface DuplicatesViewOptions {
  readonly api: RosterApi;
  /** The window's Undo (the workspace's history, with its toast and refresh). */
  undo(): Promise<void>;
  /** People were deleted here: the window refreshes its table and its Undo label. */
  changed(): void;
  /** Closes the sheet and shows this person in the table, selected. */
  reveal(id: number): void;
}

/** Opens the sheet unless it is open already. */
export function openDuplicatesView(options: DuplicatesViewOptions): void {
  if (document.querySelector('dialog.duplicates-view[open]')) return;
  new DuplicatesView(options).open();
}

class DuplicatesView {
  readonly #options: DuplicatesViewOptions;
  readonly #owner = new Disposables();
  readonly #dialog: HTMLDialogElement;
  readonly #summary = h(
    'p',
    { class: 'duplicates-summary', 'data-testid': 'duplicates-summary' },
    'Looking for names held more than once…',
  );
  readonly #list = h('div', { class: 'duplicates-groups' });
  readonly #more = h('button', { type: 'button', hidden: true }, 'Show more names');
  readonly #status = h('p', { class: 'duplicates-status', role: 'status' });
  readonly #undo = h('button', { type: 'button', hidden: true, 'aria-keyshortcuts': 'Control+Z' }, 'Undo');
  readonly #delete = h(
    'button',
    { type: 'button', class: 'danger-quiet', disabled: true, 'aria-keyshortcuts': 'Delete' },
    'Delete selected',
  );
  readonly #close = h('button', { type: 'button', class: 'primary' }, 'Close');
  readonly #returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  /** Groups shown: reloading keeps at least this many. */
  #shown = PAGE;
  #loading = 0;

  constructor(options: DuplicatesViewOptions) {
    this.#options = options;
    this.#dialog = h(
      'dialog',
      { class: 'duplicates-view', 'aria-labelledby': 'duplicates-title', 'aria-describedby': 'duplicates-hint' },
      h('h2', { id: 'duplicates-title' }, 'Likely duplicates'),
      h(
        'p',
        { id: 'duplicates-hint', class: 'duplicates-hint' },
        'People whose names match, ignoring case and accents. Tick people to delete them.',
      ),
      this.#summary,
      // Focusable, so a long list can be scrolled by keyboard.
      h(
        'div',
        { class: 'duplicates-body', tabindex: 0, role: 'region', 'aria-label': 'Names held more than once' },
        this.#list,
        this.#more,
      ),
      h('div', { class: 'duplicates-status-line' }, this.#status, this.#undo),
      h('div', { class: 'dialog-actions' }, this.#delete, this.#close),
    );
  }

  open(): void {
    const owner = this.#owner;
    owner.listen(this.#close, 'click', () => this.#dialog.close());
    owner.listen(this.#delete, 'click', () => void this.#deleteTicked());
    owner.listen(this.#undo, 'click', () => void this.#runUndo());
    owner.listen(this.#more, 'click', () => void this.#load(this.#shown + PAGE, true));
    owner.listen(this.#list, 'change', () => this.#showTicked());
    owner.listen(this.#dialog, 'keydown', (event) => this.#onKey(event));
    owner.add(this.#options.api.people.onChanged(() => void this.#load(this.#shown)));
    this.#dialog.addEventListener('close', () => {
      owner.dispose();
      this.#dialog.remove();
      if (this.#returnFocus?.isConnected) this.#returnFocus.focus();
    });
    document.body.append(this.#dialog);
    this.#dialog.showModal();
    this.#close.focus();
    void this.#load(PAGE);
  }

  #onKey(event: KeyboardEvent): void {
    if (event.key === 'Tab' && !event.ctrlKey && !event.altKey && !event.metaKey) this.#keepFocusInside(event);
    else if (isCommand(event) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      void this.#runUndo();
    } else if (event.key === 'Delete' && event.target instanceof HTMLInputElement && !this.#delete.disabled) {
      event.preventDefault();
      void this.#deleteTicked();
    }
  }

  /** Tab from the last control goes to the first and Shift+Tab from the first to the last. */
  #keepFocusInside(event: KeyboardEvent): void {
    const stops = [...this.#dialog.querySelectorAll<HTMLElement>('button:not([hidden]):not(:disabled), input, [tabindex="0"]')];
    const first = stops[0];
    const last = stops.at(-1);
    const active = document.activeElement;
    const wrapTo = event.shiftKey ? (active === first ? last : null) : active === last ? first : null;
    if (!wrapTo) return;
    event.preventDefault();
    wrapTo.focus();
  }

  /** Reads the first `count` groups again (in pages) and shows them, keeping what was ticked. */
  async #load(count: number, focusNew = false): Promise<void> {
    const loading = ++this.#loading;
    const groups: DuplicateGroup[] = [];
    let page: GroupsPage | null = null;
    while (groups.length < count) {
      const result = await settle(
        this.#options.api.duplicates.groups({ offset: groups.length, limit: Math.min(PAGE, count - groups.length) }),
      );
      if (loading !== this.#loading) return;
      if (!result.ok) {
        setText(this.#summary, result.error.message);
        return;
      }
      page = result.data;
      groups.push(...page.groups);
      if (page.groups.length === 0 || groups.length >= page.total) break;
    }
    const firstNew = groups.length > this.#shown ? this.#shown : -1;
    this.#shown = Math.max(count, PAGE);
    this.#render(page, groups);
    if (focusNew && firstNew >= 0) this.#list.querySelectorAll<HTMLElement>('.duplicate-group h3')[firstNew]?.focus();
  }

  #render(page: GroupsPage | null, groups: readonly DuplicateGroup[]): void {
    const ticked = new Set(this.#tickedIds());
    const total = page?.total ?? 0;
    setText(
      this.#summary,
      total === 0
        ? 'No two people in this workspace share a name.'
        : `${formatNumber(total)} ${total === 1 ? 'name is' : 'names are'} held by more than one person (${people(page?.people ?? 0)}).`,
    );
    this.#list.replaceChildren(...groups.map((group, index) => this.#group(group, index, ticked)));
    this.#more.hidden = groups.length >= total;
    this.#showTicked();
  }

  #group(group: DuplicateGroup, index: number, ticked: ReadonlySet<number>): HTMLElement {
    const titleId = `duplicates-group-${index}`;
    const rows = group.people.map((person) => {
      const box = h('input', { type: 'checkbox', 'data-id': person.id, checked: ticked.has(person.id) });
      const show = h(
        'button',
        { type: 'button', 'aria-label': `Show ${person.name} (added ${addedOn(person.createdAt)}) in the table` },
        'Show',
      );
      show.addEventListener('click', () => {
        this.#dialog.close();
        this.#options.reveal(person.id);
      });
      return h(
        'li',
        {},
        h(
          'label',
          {},
          box,
          h('span', { class: 'duplicate-name' }, person.name),
          h('span', { class: 'duplicate-added' }, `added ${addedOn(person.createdAt)}`),
        ),
        show,
      );
    });
    const unlisted = group.count - group.people.length;
    return h(
      'section',
      { class: 'duplicate-group', 'aria-labelledby': titleId },
      h('h3', { id: titleId, tabindex: -1 }, group.name, h('span', { class: 'duplicate-count' }, ` · ${people(group.count)}`)),
      h('ul', {}, ...rows),
      unlisted > 0 ? h('p', { class: 'duplicate-unlisted' }, `and ${people(unlisted)} more, not listed here`) : null,
    );
  }

  #tickedIds(): number[] {
    return [...this.#list.querySelectorAll<HTMLInputElement>('input[type="checkbox"]:checked')].map((box) => Number(box.dataset['id']));
  }

  #showTicked(): void {
    const count = this.#tickedIds().length;
    this.#delete.disabled = count === 0;
    setText(this.#delete, count === 0 ? 'Delete selected' : `Delete ${people(count)}`);
  }

  async #deleteTicked(): Promise<void> {
    const ids = this.#tickedIds();
    if (ids.length === 0) return;
    this.#delete.disabled = true;
    const result = await settle(this.#options.api.history.deleteSelected({ selection: { kind: 'ids', ids } }));
    if (!result.ok) {
      this.#say(result.error.message, false);
      this.#showTicked();
      return;
    }
    this.#options.changed();
    this.#say(`Deleted ${people(result.data.count)}. Undo (Ctrl+Z) brings them back.`, true);
    await this.#load(this.#shown);
    this.#undo.focus();
  }

  async #runUndo(): Promise<void> {
    await this.#options.undo();
    this.#say('', false);
    this.#close.focus();
  }

  #say(message: string, canUndo: boolean): void {
    setText(this.#status, message);
    this.#undo.hidden = !canUndo;
  }
}
