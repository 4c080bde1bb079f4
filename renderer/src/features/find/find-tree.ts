// The results of "Find a person in all workspaces" as a WAI-ARIA tree: one item per
// workspace that found someone or could not be searched, its people below it.
//
// The tree is flat in the DOM (each workspace's item and its people are siblings,
// the levels said by aria-level, aria-posinset and aria-setsize), so a workspace
// item's name is its own label and not its people's names.
//
// Keyboard (the APG tree pattern): ↑ ↓ move through the visible items, → opens a
// workspace or moves to its first person, ← closes it or moves back to it, Home and
// End, Enter opens the person (or, on a workspace that could not be searched, the
// workspace itself; on one with people it opens or closes it). Focus is roving: one
// item is in the tab order, and it stays on the same item while groups stream in.

import type { FindGroup, FindState } from '../../../../main/features/find/common/find-contract.js';
import { h, setAttrs, uid } from '../../kernel/dom.js';
import { formatNumber, people } from '../../kernel/format.js';
import { highlighted } from '../../kernel/highlight.js';

/** What a workspace's state means, in the launcher's words. */
const STATE_LABELS: Readonly<Record<Exclude<FindState, 'ok'>, string>> = {
  'needs-upgrade': 'Needs upgrade: open it to upgrade it, then search again',
  'too-new': 'Made by a newer version of Roster',
  foreign: 'Not a Roster workspace',
  corrupt: 'Damaged, or not a workspace file',
  'schema-changed': 'Changed by another program',
  missing: 'File missing',
  emptied: 'The file is empty: open it to see its backups',
  busy: 'In use or not closed properly: open it once to search it',
  unreadable: 'Could not be read',
};

export interface FindTreeActions {
  openPerson(group: FindGroup, personId: number): void;
  openWorkspace(group: FindGroup): void;
  /** ↑ on the first item or Escape: back to the search box. */
  leave(): void;
}

function countLabel(group: FindGroup): string {
  if (group.state !== 'ok') return STATE_LABELS[group.state];
  const shown = group.people.length < group.count ? `, first ${formatNumber(group.people.length)} shown` : '';
  return `${people(group.count)} found${shown}`;
}

export class FindTree {
  readonly element: HTMLElement;
  readonly #actions: FindTreeActions;
  readonly #groups = new Map<string, { group: FindGroup; item: HTMLElement }>();
  /** The person has moved in the tree since it was last emptied: keep their item in the tab order. */
  #moved = false;

  constructor(label: string, actions: FindTreeActions) {
    this.#actions = actions;
    this.element = h('div', { role: 'tree', class: 'find-results', 'aria-label': label, id: uid('find-results') });
    this.element.addEventListener('keydown', (event) => this.#onKey(event));
    this.element.addEventListener('click', (event) => {
      const item = (event.target as Element).closest<HTMLElement>('[role="treeitem"]');
      if (item) this.#activate(item);
    });
    this.element.addEventListener('focusin', (event) => {
      const item = (event.target as Element).closest<HTMLElement>('[role="treeitem"]');
      if (!item) return;
      this.#moved = true;
      this.#makeCurrent(item);
    });
  }

  get size(): number {
    return this.#groups.size;
  }

  clear(): void {
    this.#moved = false;
    this.#groups.clear();
    this.element.replaceChildren();
  }

  /** Adds a workspace's group in `rank` order (the launcher list's order), marking what `search` matched in each name. */
  add(group: FindGroup, rank: (workspaceId: string) => number, search: string): void {
    if (this.#groups.has(group.workspaceId)) return;
    const block = this.#block(group, search);
    const item = block.firstElementChild as HTMLElement;
    this.#groups.set(group.workspaceId, { group, item });
    const mine = rank(group.workspaceId);
    const next = [...this.element.children].find((other) => rank((other as HTMLElement).dataset['workspaceId'] ?? '') > mine);
    this.element.insertBefore(block, next ?? null);
    const blocks = [...this.element.children];
    blocks.forEach((other, i) => setAttrs(other.firstElementChild as Element, { 'aria-posinset': i + 1, 'aria-setsize': blocks.length }));
    // Until the person moves in it, the tree is entered at its first item.
    const current = this.element.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]');
    if (!this.#moved || !current) {
      if (current) current.tabIndex = -1;
      (blocks[0]?.firstElementChild as HTMLElement).tabIndex = 0;
    }
  }

  /** Focuses the item in the tab order (the first one at first). */
  focus(): boolean {
    const item = this.element.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]') ?? this.#visible()[0];
    item?.focus();
    return item !== undefined;
  }

  /** A workspace's item and, after it, its people's items, in a block that is only layout. */
  #block(group: FindGroup, search: string): HTMLElement {
    const label = h(
      'span',
      { class: 'find-group-label' },
      h('span', { class: 'find-group-name' }, group.name),
      h('span', { class: group.state === 'ok' ? 'find-count' : 'find-count find-state' }, countLabel(group)),
    );
    const item = h(
      'div',
      { role: 'treeitem', class: 'find-group', tabindex: '-1', 'aria-level': 1, 'aria-expanded': group.people.length > 0 ? 'true' : null },
      label,
    );
    const block = h('div', { role: 'none', class: 'find-block', 'data-workspace-id': group.workspaceId }, item);
    group.people.forEach((person, i) => {
      block.append(
        h(
          'div',
          {
            role: 'treeitem',
            class: 'find-person',
            tabindex: '-1',
            'aria-level': 2,
            'aria-posinset': i + 1,
            'aria-setsize': group.people.length,
            'data-person-id': person.id,
          },
          ...highlighted(person.name, search),
        ),
      );
    });
    return block;
  }

  /** The items a person can move through now: workspaces, and the people of open ones. */
  #visible(): HTMLElement[] {
    return [...this.element.querySelectorAll<HTMLElement>('[role="treeitem"]')].filter((item) => !item.hidden);
  }

  #makeCurrent(item: HTMLElement): void {
    for (const other of this.element.querySelectorAll<HTMLElement>('[role="treeitem"][tabindex="0"]'))
      if (other !== item) other.tabIndex = -1;
    item.tabIndex = 0;
  }

  #moveTo(item: HTMLElement | undefined): void {
    if (!item) return;
    this.#makeCurrent(item);
    item.focus();
  }

  #groupOf(item: HTMLElement): FindGroup | undefined {
    const block = item.closest<HTMLElement>('.find-block');
    return block ? this.#groups.get(block.dataset['workspaceId'] ?? '')?.group : undefined;
  }

  /** The workspace item of a person's item (or of itself). */
  #groupItemOf(item: HTMLElement): HTMLElement | undefined {
    return item.closest<HTMLElement>('.find-block')?.querySelector<HTMLElement>('.find-group') ?? undefined;
  }

  #setExpanded(item: HTMLElement, expanded: boolean): void {
    if (!item.hasAttribute('aria-expanded')) return;
    item.setAttribute('aria-expanded', String(expanded));
    for (const person of item.parentElement?.querySelectorAll<HTMLElement>('.find-person') ?? []) person.hidden = !expanded;
  }

  #activate(item: HTMLElement): void {
    const group = this.#groupOf(item);
    if (!group) return;
    this.#moveTo(item);
    const personId = item.dataset['personId'];
    if (personId !== undefined) this.#actions.openPerson(group, Number(personId));
    else if (item.hasAttribute('aria-expanded')) this.#setExpanded(item, item.getAttribute('aria-expanded') !== 'true');
    else this.#actions.openWorkspace(group);
  }

  #onKey(event: KeyboardEvent): void {
    const item = (event.target as Element).closest<HTMLElement>('[role="treeitem"]');
    if (!item || event.altKey || event.ctrlKey || event.metaKey) return;
    const visible = this.#visible();
    const at = visible.indexOf(item);
    const isGroup = item.classList.contains('find-group');
    const expanded = item.getAttribute('aria-expanded') === 'true';
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        this.#moveTo(visible[at + 1]);
        break;
      case 'ArrowUp':
        if (at === 0) this.#actions.leave();
        else this.#moveTo(visible[at - 1]);
        break;
      case 'Home':
        this.#moveTo(visible[0]);
        break;
      case 'End':
        this.#moveTo(visible.at(-1));
        break;
      case 'ArrowRight':
        if (isGroup && item.hasAttribute('aria-expanded') && !expanded) this.#setExpanded(item, true);
        else if (isGroup && expanded) this.#moveTo(item.parentElement?.querySelector<HTMLElement>('.find-person') ?? undefined);
        break;
      case 'ArrowLeft':
        if (isGroup && expanded) this.#setExpanded(item, false);
        else if (!isGroup) this.#moveTo(this.#groupItemOf(item));
        break;
      case 'Enter':
      case ' ':
        this.#activate(item);
        break;
      case 'Escape':
        this.#actions.leave();
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  }
}
