// The launcher's list of workspaces, most recent first, with its filter and the Trash
// section: what main's catalog holds, drawn again after every change. Up and Down move
// between entries, F2 renames the focused one (as in a file manager); an entry being
// renamed shows its name field in place. What each entry's actions do is in
// entry-actions.ts.

import type { TrashEntry, WorkspaceSummary } from '../../../../main/features/catalog/common/catalog-contract.js';
import { foldName } from '../../../../main/features/workspace/common/name-fold.js';
import { roster, settle } from '../../kernel/api.js';
import { h, setText, uid } from '../../kernel/dom.js';
import type { Toaster } from '../../kernel/toast.js';
import { restoreFromTrash, workspaceActions } from './entry-actions.js';
import { showCount, trashItem, workspaceItem, type EntryActions } from './launcher-items.js';
import { renameField, type Renaming } from './rename-entry.js';

/** Shown in place of the list while the catalog holds no workspace. */
const NO_WORKSPACES = 'No workspaces yet. Create one with “New workspace…”, or open an existing workspace file with “Open…”.';

export interface WorkspaceListOptions {
  /** The launcher's root: entries are found there to give them focus. */
  readonly root: HTMLElement;
  readonly toaster: Toaster;
  /** "Merge into…" (the transfer feature's), handed in by the launcher. */
  readonly merge: (workspace: WorkspaceSummary) => void;
}

function byRecent(a: WorkspaceSummary, b: WorkspaceSummary): number {
  const at = a.lastOpenedAt ?? a.createdAt;
  const bt = b.lastOpenedAt ?? b.createdAt;
  return bt.localeCompare(at);
}

function matches(workspace: WorkspaceSummary, text: string): boolean {
  if (text === '') return true;
  return foldName(`${workspace.name} ${workspace.location} ${workspace.fileName}`).includes(text);
}

export class WorkspaceList {
  readonly root: HTMLElement;
  readonly toaster: Toaster;
  // A visible label, not only a placeholder: the launcher has two search boxes, and
  // this one narrows the list of workspaces, never searches inside them.
  readonly filter = h('input', {
    type: 'search',
    id: uid('workspace-filter'),
    class: 'search-input',
    placeholder: 'Workspace name or folder',
    'aria-label': 'Filter workspaces',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  /** The filter's bar, for above the list. */
  readonly toolbar = h(
    'div',
    { class: 'toolbar', role: 'search', 'aria-label': 'Filter workspaces' },
    h('div', { class: 'search-box' }, h('label', { class: 'search-label', for: this.filter.id }, 'Filter workspaces'), this.filter),
  );
  readonly list = h('ul', { class: 'workspace-list', 'aria-label': 'Recent workspaces' });
  readonly message = h('div', { class: 'list-message', role: 'status' });
  readonly #trashList = h('ul', { class: 'trash-list', 'aria-label': 'Deleted workspaces' });
  readonly trashSection = h(
    'section',
    { class: 'trash', hidden: true, 'aria-labelledby': 'trash-title' },
    h('h2', { id: 'trash-title' }, 'Trash'),
    h('p', { class: 'muted' }, 'Deleted workspaces stay here until you restore them.'),
    this.#trashList,
  );
  readonly #actions: EntryActions;
  readonly #errors = new Map<string, string>();
  #workspaces: WorkspaceSummary[] = [];
  #trash: TrashEntry[] = [];
  #loaded = false;
  #renaming: Renaming | null = null;
  #loading: Promise<void> | null = null;
  /** Bumped by every reload, so a refresh that a reload overtook drops its older list. */
  #generation = 0;
  #loadAgain = false;

  constructor(options: WorkspaceListOptions) {
    this.root = options.root;
    this.toaster = options.toaster;
    this.#actions = { ...workspaceActions(this), rename: (workspace) => this.#startRename(workspace), merge: options.merge };
    this.filter.addEventListener('input', () => this.render());
    this.filter.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        this.list.querySelector<HTMLElement>('.workspace-open:not(:disabled), .menu-button')?.focus();
      }
    });
    this.list.addEventListener('keydown', (event) => {
      if (event.key === 'F2') this.#renameFocused(event);
      else this.#moveBetweenEntries(event);
    });
  }

  /** The listed workspaces, most recent first. */
  get workspaces(): readonly WorkspaceSummary[] {
    return this.#workspaces;
  }

  setError(id: string, message: string): void {
    this.#errors.set(id, message);
  }

  clearError(id: string): void {
    this.#errors.delete(id);
  }

  render(): void {
    const focusKey = (document.activeElement as HTMLElement | null)?.dataset['focusKey'];
    const typed = this.filter.value.trim();
    const text = foldName(typed);
    const shown = this.#workspaces.filter((workspace) => matches(workspace, text));
    this.list.replaceChildren(...shown.map((workspace) => this.#item(workspace)));
    if (!this.#loaded) setText(this.message, 'Loading…');
    else if (this.#workspaces.length === 0) setText(this.message, NO_WORKSPACES);
    else if (shown.length === 0) setText(this.message, `No workspace matches “${typed}”.`);
    else setText(this.message, '');
    this.message.hidden = this.message.textContent === '';

    this.trashSection.hidden = this.#trash.length === 0;
    this.#trashList.replaceChildren(...this.#trash.map((entry) => trashItem(entry, (restored) => this.restore(restored))));

    const renaming = this.#renaming;
    if (renaming) {
      if (!renaming.field.input.isConnected) this.#renaming = null;
      else if (focusKey === `rename:${renaming.id}` || focusKey === undefined) renaming.field.input.focus();
    }
    if (focusKey) this.root.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  }

  /** Reads the list and the trash from main again (one read at a time, at most one more queued). */
  reload(): Promise<void> {
    if (this.#loading) {
      this.#loadAgain = true;
      return this.#loading;
    }
    this.#generation++;
    this.#loading = (async () => {
      const api = roster().catalog;
      const [listed, trashed] = await Promise.all([settle(api.list()), settle(api.trash())]);
      if (listed.ok) this.#workspaces = [...listed.data].sort(byRecent);
      else this.toaster.show({ message: listed.error.message, tone: 'error' });
      if (trashed.ok) this.#trash = [...trashed.data].sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
      this.#loaded = true;
      this.render();
    })().finally(() => {
      this.#loading = null;
      if (this.#loadAgain) {
        this.#loadAgain = false;
        void this.reload();
      }
    });
    return this.#loading;
  }

  /**
   * Reads the list again and shows what changed since (live-counts.ts): new people
   * counts in place, so a menu or a rename in progress is left alone; anything else
   * (a name, a file gone, a workspace opened) by drawing the list again.
   */
  async refresh(): Promise<void> {
    if (this.#loading || !this.#loaded) return;
    const generation = this.#generation;
    const listed = await settle(roster().catalog.list());
    if (!listed.ok || this.#loading || generation !== this.#generation) return;
    const next = [...listed.data].sort(byRecent);
    const withoutCounts = (all: readonly WorkspaceSummary[]): string => JSON.stringify(all.map((entry) => ({ ...entry, peopleCount: 0 })));
    if (withoutCounts(next) !== withoutCounts(this.#workspaces)) {
      this.#workspaces = next;
      this.render();
      return;
    }
    next.forEach((workspace, i) => {
      if (workspace.peopleCount === this.#workspaces[i]?.peopleCount) return;
      const count = this.list.querySelector<HTMLElement>(`.workspace-item[data-id="${CSS.escape(workspace.id)}"] .workspace-count`);
      if (count) showCount(count, workspace.peopleCount);
    });
    this.#workspaces = next;
  }

  /** Focus on the entry's Open button, or its "⋯" button when it cannot be opened. */
  focusEntry(id: string): boolean {
    const target = this.root.querySelector<HTMLElement>(
      `[data-focus-key="${CSS.escape(`open:${id}`)}"]:not(:disabled), [data-focus-key="${CSS.escape(`menu:${id}`)}"]`,
    );
    target?.focus();
    return target !== null;
  }

  /** Brings a deleted workspace back from the trash. */
  restore(entry: TrashEntry): void {
    void restoreFromTrash(this, entry);
  }

  #item(workspace: WorkspaceSummary): HTMLElement {
    return workspaceItem(workspace, {
      actions: this.#actions,
      renameField: this.#renaming?.id === workspace.id ? this.#renaming.field.element : null,
      error: this.#errors.get(workspace.id),
    });
  }

  /** Up and Down move between workspaces, keeping the same kind of control. */
  #moveBetweenEntries(event: KeyboardEvent): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const target = event.target as HTMLElement;
    if (!target.matches('.workspace-open, .menu-button')) return;
    const selector = target.matches('.workspace-open') ? '.workspace-open:not(:disabled)' : '.menu-button';
    const all = [...this.list.querySelectorAll<HTMLElement>(selector)];
    const next = all[all.indexOf(target) + (event.key === 'ArrowDown' ? 1 : -1)];
    event.preventDefault();
    if (next) next.focus();
    else if (event.key === 'ArrowUp') this.filter.focus();
  }

  /** F2 on an entry's Open or "⋯" button: the same rename as its menu's Rename. */
  #renameFocused(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
    const target = event.target as HTMLElement;
    if (!target.matches('.workspace-open, .menu-button')) return;
    const id = target.closest<HTMLElement>('.workspace-item')?.dataset['id'];
    const workspace = this.#workspaces.find((candidate) => candidate.id === id);
    if (!workspace) return;
    event.preventDefault();
    this.#startRename(workspace);
  }

  #startRename(workspace: WorkspaceSummary): void {
    const field = renameField(workspace, {
      commit: () => void this.#commitRename(workspace, field),
      cancel: () => this.#endRename(workspace.id),
    });
    this.#renaming = { id: workspace.id, field };
    this.render();
    field.input.focus();
    field.input.select();
  }

  #endRename(id: string): void {
    this.#renaming = null;
    this.render();
    this.root
      .querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(`open:${id}`)}"], [data-focus-key="${CSS.escape(`menu:${id}`)}"]`)
      ?.focus();
  }

  async #commitRename(workspace: WorkspaceSummary, field: Renaming['field']): Promise<void> {
    const name = field.value;
    if (name === workspace.name) {
      this.#endRename(workspace.id);
      return;
    }
    const result = await settle(roster().catalog.rename({ id: workspace.id, name }));
    if (!result.ok) {
      field.showError(result.error.message);
      return;
    }
    await this.reload();
    this.#endRename(workspace.id);
  }
}
