// "Find a person in all workspaces" in the launcher: a search box whose
// text main looks for in every catalogued workspace, open or closed. Each keystroke
// (throttled like the workspace window's search) is a new query with a new id; main
// cancels the older one, and answers that still arrive for an older id are ignored
// here. Workspaces answer one by one and their groups are put in the order of the
// launcher's list as they come (find-tree.ts); opening a person opens its workspace
// with that person selected.

import type { EventPayload } from '../../../../main/app/common/roster-api.js';
import type { FindGroup } from '../../../../main/features/find/common/find-contract.js';
import { roster, settle } from '../../kernel/api.js';
import { Announcer } from '../../kernel/announcer.js';
import type { Disposables } from '../../kernel/disposables.js';
import { h, setText, throttle, uid } from '../../kernel/dom.js';
import { formatNumber, people } from '../../kernel/format.js';
import { FindTree } from './find-tree.js';

const FIND_THROTTLE_MS = 40;
const LABEL = 'Find a person in all workspaces';

export interface FindPanelOptions {
  /** The launcher's owner: the find's subscriptions and timers go when it closes. */
  readonly owner: Disposables;
  /** The launcher list's workspace ids, in the order it shows them. */
  order(): readonly string[];
  /** Something went wrong opening a result (shown as a toast). */
  onError(message: string): void;
}

interface Query {
  readonly id: number;
  readonly text: string;
  workspaces: number | null;
  searched: number;
  matches: number;
  /** Workspaces where someone matched. */
  found: number;
  done: boolean;
  /** The first group of this query has replaced the previous query's results. */
  shown: boolean;
}

function workspaces(count: number): string {
  return `${formatNumber(count)} ${count === 1 ? 'workspace' : 'workspaces'}`;
}

export class FindPanel {
  /** The search box and its status line (a search landmark). */
  readonly element: HTMLElement;
  /** The results, for the launcher's content area. */
  readonly results: HTMLElement;
  readonly input: HTMLInputElement;
  readonly #options: FindPanelOptions;
  readonly #status: HTMLElement;
  readonly #announcer: Announcer;
  readonly #tree: FindTree;
  #nextId = 1;
  #query: Query | null = null;

  constructor(options: FindPanelOptions) {
    this.#options = options;
    const api = roster().find;
    this.#tree = new FindTree('People found in your workspaces', {
      openPerson: (group, personId) => void this.#open(group, personId),
      openWorkspace: (group) => void this.#open(group, null),
      leave: () => this.input.focus(),
    });
    const statusId = uid('find-status');
    this.input = h('input', {
      type: 'search',
      id: uid('find-input'),
      class: 'search-input',
      // Labelled in view: the launcher's other box only filters the list of workspaces.
      placeholder: 'A person’s name',
      'aria-label': LABEL,
      'aria-keyshortcuts': 'Control+Shift+F',
      'aria-controls': this.#tree.element.id,
      'aria-describedby': statusId,
      autocomplete: 'off',
      spellcheck: 'false',
    });
    this.#status = h('p', { class: 'find-status muted', id: statusId, hidden: true });
    this.#announcer = new Announcer(options.owner);
    this.element = h(
      'section',
      { class: 'toolbar find-bar', role: 'search', 'aria-label': LABEL },
      h('div', { class: 'search-box' }, h('label', { class: 'search-label', for: this.input.id }, LABEL), this.input),
      this.#status,
      this.#announcer.element,
    );
    this.results = h('section', { class: 'find-panel', 'aria-label': 'People found', hidden: true }, this.#tree.element);

    // The threads a find runs on start while the person is about to type.
    this.input.addEventListener('focus', () => void settle(api.prepareFind()));
    const search = throttle(FIND_THROTTLE_MS, () => void this.#search());
    options.owner.add(() => search.cancel());
    this.input.addEventListener('input', search);
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown' || (event.key === 'Enter' && !event.isComposing)) {
        search.flush();
        if (this.#tree.focus()) event.preventDefault();
      } else if (event.key === 'Escape' && this.input.value !== '') {
        event.preventDefault();
        event.stopPropagation();
        this.input.value = '';
        search.flush();
      }
    });
    options.owner.add(api.onFindGroup((event) => this.#onGroup(event)));
    options.owner.add(api.onFindDone((event) => this.#onDone(event)));
  }

  focus(): void {
    this.input.focus();
    this.input.select();
  }

  async #search(): Promise<void> {
    const text = this.input.value.trim();
    const previous = this.#query;
    if (text === previous?.text) return;
    if (text === '') {
      this.#query = null;
      if (previous && !previous.done) void settle(roster().find.cancelFind({ queryId: previous.id }));
      this.#tree.clear();
      this.#render();
      return;
    }
    const query: Query = { id: this.#nextId++, text, workspaces: null, searched: 0, matches: 0, found: 0, done: false, shown: false };
    this.#query = query;
    this.#render();
    const started = await settle(roster().find.find({ queryId: query.id, text }));
    if (this.#query !== query) return;
    if (!started.ok) {
      query.done = true;
      this.#tree.clear();
      setText(this.#status, started.error.message);
      this.#status.hidden = false;
      return;
    }
    query.workspaces = started.data.workspaces;
    if (query.workspaces === 0) query.done = true;
    this.#render();
  }

  #current(queryId: number): Query | null {
    return this.#query?.id === queryId ? this.#query : null;
  }

  /** The previous query's results stay until this one has something to show. */
  #takeOver(query: Query): void {
    if (query.shown) return;
    query.shown = true;
    this.#tree.clear();
  }

  #onGroup({ queryId, group }: EventPayload<'find:onFindGroup'>): void {
    const query = this.#current(queryId);
    if (!query) return;
    query.searched++;
    query.matches += group.count;
    if (group.count > 0) query.found++;
    if (group.count > 0 || group.state !== 'ok') {
      this.#takeOver(query);
      const order = this.#options.order();
      const rank = (id: string): number => {
        const at = order.indexOf(id);
        return at === -1 ? order.length : at;
      };
      this.#tree.add(group, rank, query.text);
    }
    this.#render();
  }

  #onDone({ queryId, searched, matches }: EventPayload<'find:onFindDone'>): void {
    const query = this.#current(queryId);
    if (!query) return;
    query.done = true;
    query.searched = searched;
    query.matches = matches;
    this.#takeOver(query);
    this.#render();
    this.#announcer.say(() => this.#summary(query));
  }

  #summary(query: Query): string {
    const total = query.workspaces ?? query.searched;
    if (query.matches === 0) return `No one matches “${query.text}” in ${workspaces(total)}.`;
    const where = query.found === total ? workspaces(total) : `${formatNumber(query.found)} of ${workspaces(total)}`;
    return `${people(query.matches)} found in ${where}.`;
  }

  #render(): void {
    const query = this.#query;
    const wasHidden = this.results.hidden;
    this.results.hidden = query === null || this.#tree.size === 0;
    // Results appear at the top of the launcher's content: bring them into view if the
    // workspace list below them had been scrolled.
    if (wasHidden && !this.results.hidden) this.results.scrollIntoView({ block: 'nearest' });
    this.#status.hidden = query === null;
    if (!query) return;
    if (query.done) setText(this.#status, this.#summary(query));
    else
      setText(
        this.#status,
        query.workspaces === null ? 'Searching…' : `Searching… ${formatNumber(query.searched)} of ${workspaces(query.workspaces)}`,
      );
    this.results.setAttribute('aria-busy', String(!query.done));
  }

  async #open(group: FindGroup, personId: number | null): Promise<void> {
    const api = roster().catalog;
    const result = await settle(
      personId === null ? api.open({ id: group.workspaceId }) : roster().find.openPerson({ id: group.workspaceId, personId }),
    );
    if (!result.ok) this.#options.onError(result.error.message);
  }
}
