// The workspace window's header: the workspace's name (also the window's title, both
// following a rename in the launcher), the count line and the actions placed beside
// them (Import…, Export…).

import type { RosterApi } from '../../../../main/app/common/roster-api.js';
import { settle } from '../../kernel/api.js';
import type { Disposables } from '../../kernel/disposables.js';
import { h, setText } from '../../kernel/dom.js';

export class WorkspaceHeader {
  readonly element: HTMLElement;
  readonly #title = h('h1', { class: 'title' }, 'Workspace');
  readonly #count = h('p', { class: 'count', 'aria-live': 'polite', 'data-testid': 'count' }, 'Counting…');

  constructor(actions: readonly HTMLElement[]) {
    this.element = h(
      'header',
      { class: 'topbar' },
      h('div', { class: 'title-block' }, this.#title, this.#count),
      h('div', { class: 'topbar-actions' }, ...actions),
    );
  }

  /** "3 people", "1 of 3 people match", "Counting…". */
  showCount(text: string): void {
    setText(this.#count, text);
  }

  /**
   * Asks main for the workspace's name and shows it, then follows renames made in the
   * launcher (main retitles the native window; this is the heading and the page's title)
   * until the window's `owner` lets go.
   */
  async loadName(api: RosterApi, owner: Disposables): Promise<void> {
    let renamed = false;
    owner.add(
      api.catalog.onRenamed(({ name }) => {
        renamed = true;
        this.#showName(name);
      }),
    );
    const result = await settle(api.workspace.info());
    if (!renamed) this.#showName(result.ok ? result.data.name : 'Workspace');
  }

  #showName(name: string): void {
    setText(this.#title, name);
    document.title = `${name} — Roster`;
  }
}
