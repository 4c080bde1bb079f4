// Actions on the selection that may reach many people:
// delete, Copy to… / Move to… another workspace, export of the selection, and dragging
// people to another workspace window. Each hands main the selection as the table holds
// it (ids, or "everyone matching" as a query), so a million people cost one request.
// While one runs, a progress panel with Cancel shows (after a moment, so quick ones do
// not flash), and its result comes back as a toast with Undo.
//
// A delete of many people (1,000 or more, or everyone a search matches) asks first,
// naming the count: Ctrl+A then Delete must not empty a workspace in one keystroke.
// Undoing a delete puts focus back on the grid, on the first row that came back.

import type { IpcResult, RosterApi } from '../../../../main/app/common/roster-api.js';
import type { ImportFormat, PeopleSelection, TransferMode } from '../../../../main/features/people/common/people-contract.js';
import { settle } from '../../kernel/api.js';
import { confirmDialog } from '../../kernel/confirm.js';
import type { Disposables } from '../../kernel/disposables.js';
import { h, setText } from '../../kernel/dom.js';
import { formatNumber, people } from '../../kernel/format.js';
import type { Toaster } from '../../kernel/toast.js';
import type { Commands } from '../../kernel/commands.js';
import type { PeopleTable } from '../people/people-table.js';
import { transferDialog } from './transfer-dialog.js';

/** The drag data type that carries a drag token between Roster windows. */
const PEOPLE_DRAG_TYPE = 'application/x-roster-people';
/** Quick actions finish before the panel would show. */
const PANEL_DELAY_MS = 300;
/** Deleting this many people or more asks first; fewer is one keystroke, with Undo. */
const CONFIRM_DELETE_AT = 1000;
/** How long an undone delete waits for its rows to be counted again before focusing anyway. */
const RESTORE_WAIT_MS = 5000;

export interface BulkActionsOptions {
  readonly api: RosterApi;
  /** The window's owner: subscriptions, timers and drag listeners go when it closes. */
  readonly owner: Disposables;
  readonly table: PeopleTable;
  /** Where people dragged from another workspace window can be dropped (the table's area, empty state included). */
  readonly dropZone: HTMLElement;
  readonly commands: Commands;
  readonly toaster: Toaster;
  readonly announce: (message: string) => void;
  readonly refresh: () => void;
  /** "“Ada Lovelace”" or "5 people": what the selection is called in labels. */
  readonly describe: () => string;
  readonly exportSelection: (format: ImportFormat, selection: PeopleSelection) => void;
  /**
   * Reads the undo history's state now. An action's reply can overtake the event that
   * announces its new step, and an Undo pressed in between must not find nothing to undo.
   */
  /** Reads the history from main; resolves to what Undo would now undo. */
  readonly syncHistory: () => Promise<string | null>;
}

/**
 * Where Undo of a delete puts the person back: the first selected row drawn (the top of
 * what they were looking at when they deleted), else the active row, else the first row.
 */
function firstSelectedIndex(grid: HTMLElement): number {
  const rows = grid.querySelectorAll('.grid-body [role="row"][aria-selected="true"]:not([hidden])');
  const indexes = [...rows].map((row) => Number(row.getAttribute('aria-rowindex')) - 2).filter((index) => index >= 0);
  if (indexes.length > 0) return Math.min(...indexes);
  const active = /-r(\d+)$/.exec(grid.getAttribute('aria-activedescendant') ?? '');
  return active ? Number(active[1]) : 0;
}

/** Resolves once the grid shows more than `before` rows (its aria-rowcount counts the header too), or after a while. */
function rowsCountedAbove(grid: HTMLElement, before: number, owner: Disposables): Promise<void> {
  return new Promise((resolve) => {
    const counted = (): boolean => Number(grid.getAttribute('aria-rowcount')) - 1 > before;
    if (counted()) return resolve();
    const observer = new MutationObserver(() => {
      if (counted()) done();
    });
    const stopTimer = owner.timeout(() => done(), RESTORE_WAIT_MS);
    // A window closed meanwhile: the observer goes with it (the promise then never settles).
    const stopObserving = owner.add(() => observer.disconnect());
    const done = (): void => {
      stopObserving();
      stopTimer();
      resolve();
    };
    observer.observe(grid, { attributes: true, attributeFilter: ['aria-rowcount'] });
  });
}

/** " 2 of them have the same name as someone already in “Beta”." (where: 'in “Beta”', 'here'). */
function duplicatesNote(duplicates: number, where: string): string {
  if (duplicates === 0) return '';
  return ` ${duplicates === 1 ? '1 of them has' : `${formatNumber(duplicates)} of them have`} the same name as someone already ${where}.`;
}

export class BulkActions {
  readonly progress: HTMLElement;
  readonly #options: BulkActionsOptions;
  readonly #bar: HTMLProgressElement;
  readonly #label: HTMLElement;
  #running: string | null = null;
  /** The token of a drag that started here (this window is then no drop target for it). */
  #outgoing: string | null = null;
  /** The last delete made here: where its first row was, and how many rows were left, for the Undo that brings it back. */
  /**
   * Where the last delete made from the table was, so that its Undo can put focus back
   * there: only for that very step (its label), and only while the table shows the same
   * query (a row index means nothing under another search, filter or sort).
   */
  #restore: { readonly index: number; readonly left: number; readonly label: string; readonly query: string } | null = null;

  constructor(options: BulkActionsOptions) {
    this.#options = options;
    this.#bar = h('progress', { class: 'progress-bar', max: 1, 'aria-label': 'Progress' });
    this.#label = h('span', { class: 'progress-label' });
    const cancel = h('button', { type: 'button' }, 'Cancel');
    cancel.addEventListener('click', () => this.cancel());
    this.progress = h(
      'div',
      { class: 'import-progress bulk-progress', hidden: true, role: 'group', 'aria-label': 'Working on the selection' },
      this.#label,
      this.#bar,
      cancel,
    );
    options.owner.add(
      options.api.transfer.onBulkProgress(({ done, total }) => {
        if (this.#running === null) return;
        this.#bar.max = Math.max(1, total);
        this.#bar.value = done;
      }),
    );
    this.#register();
    this.#installDropTarget();
    // People dragged from here were moved into another window's workspace: they are gone
    // from this one, and so from the selection.
    options.owner.add(
      options.api.transfer.onDraggedAway(({ count, workspaceName }) => {
        options.table.clearSelection();
        options.refresh();
        options.toaster.show({ message: `Moved ${people(count)} to “${workspaceName}”.`, timeout: 6000 });
      }),
    );
  }

  get running(): boolean {
    return this.#running !== null;
  }

  cancel(): void {
    if (this.#running !== null) void settle(this.#options.api.transfer.cancelBulk());
  }

  /** Runs one action with the progress panel shown after a moment; the panel goes when it ends. */
  async #withProgress<T>(label: string, run: () => Promise<IpcResult<T>>): Promise<IpcResult<T> | null> {
    if (this.#running !== null) {
      this.#options.toaster.show({ message: `Wait for “${this.#running}” to finish, or cancel it.`, tone: 'error' });
      return null;
    }
    this.#running = label;
    setText(this.#label, `${label}…`);
    this.#bar.removeAttribute('value');
    const stopTimer = this.#options.owner.timeout(() => {
      if (this.#running === label) this.progress.hidden = false;
    }, PANEL_DELAY_MS);
    try {
      return await settle(run());
    } finally {
      stopTimer();
      this.#running = null;
      const hadFocus = this.progress.contains(document.activeElement);
      this.progress.hidden = true;
      if (hadFocus) this.#options.table.focus();
    }
  }

  #failed(result: IpcResult<unknown>, nothing: string): boolean {
    if (result.ok) return false;
    const { toaster } = this.#options;
    if (result.error.code === 'CANCELLED') toaster.show({ message: `Cancelled. ${nothing}` });
    else toaster.show({ message: result.error.message, tone: 'error', timeout: 12000 });
    return true;
  }

  #undoAction(): { label: string; run: () => void } {
    return {
      label: 'Undo',
      run: () => {
        this.#options.commands.run('undo');
        this.#options.table.focus();
      },
    };
  }

  #register(): void {
    const { commands, table, describe } = this.#options;
    const some = (): boolean => table.selectionSize > 0 && this.#running === null;
    commands.register('delete', {
      label: () => `Delete ${describe()}`,
      keys: { label: 'Del', aria: 'Delete' },
      enabled: () => table.selectionSize > 0,
      run: () => void this.deleteSelection(),
    });
    commands.register('copy-to', { label: () => 'Copy to…', enabled: some, run: () => void this.transfer('copy') });
    commands.register('move-to', { label: () => 'Move to…', enabled: some, run: () => void this.transfer('move') });
    commands.register('export-selection', {
      label: () => `Export ${describe()} as CSV…`,
      enabled: some,
      run: () => {
        const selection = table.selectionRequest;
        if (selection) this.#options.exportSelection('csv', selection);
      },
    });
  }

  async deleteSelection(): Promise<void> {
    const { api, table, toaster } = this.#options;
    const selection = table.selectionRequest;
    if (!selection) return;
    if (!(await this.#sureToDelete())) return;
    const ids = table.selectedIds;
    const only = table.selectionSize === 1 ? table.selectedPeople[0] : undefined;
    const what = this.#options.describe();
    const restoreAt = firstSelectedIndex(table.element);
    const countBefore = table.count ?? 0;
    const result = await this.#withProgress(`Deleting ${what}`, () => api.history.deleteSelected({ selection }));
    if (!result || this.#failed(result, 'Nobody was deleted.') || !result.ok) return;
    const query = JSON.stringify(table.query);
    table.afterDelete(ids);
    this.#options.refresh();
    const label = await this.#options.syncHistory();
    this.#restore = label === null ? null : { index: restoreAt, left: Math.max(0, countBefore - result.data.count), label, query };
    const message = only && result.data.count === 1 ? `Deleted ${only.name}.` : `Deleted ${people(result.data.count)}.`;
    toaster.show({ message, timeout: 6000, action: this.#undoAction() });
  }

  /** Many people, or everyone matching: ask first, naming the count. Fewer: no question (Undo is there). */
  async #sureToDelete(): Promise<boolean> {
    const { table } = this.#options;
    const size = table.selectionSize;
    if (!table.allSelected && size < CONFIRM_DELETE_AT) return true;
    const search = table.query.search;
    const who = table.allSelected && search ? `Everyone matching “${search}” is deleted` : 'They are deleted';
    return confirmDialog({
      title: `Delete ${people(size)}?`,
      message: `${who} from this workspace. Undo (Ctrl+Z) brings them back.`,
      confirmLabel: `Delete ${formatNumber(size)}`,
      danger: true,
      // The person asked for this delete and the dialog names its count: Enter confirms, Escape cancels.
      initialFocus: 'confirm',
    });
  }

  /**
   * An undo or redo ran in this window. When it brought back the delete made here, the
   * grid takes focus on the first row that came back, once the rows are counted again.
   */
  afterHistoryStep(outcome: { readonly action: 'undo' | 'redo'; readonly label: string }): void {
    const restore = this.#restore;
    if (outcome.action !== 'undo' || restore === null) return;
    this.#restore = null;
    const { table, owner } = this.#options;
    if (outcome.label !== restore.label || JSON.stringify(table.query) !== restore.query) return;
    // Focus the person moved meanwhile (into a field, a dialog) is left where it is; focus
    // still where the undo was asked for (the grid, the toast's Undo, or the page once the
    // toast is gone) comes back to the rows.
    const asked = document.activeElement;
    const calm = (): boolean => {
      const active = document.activeElement;
      return active === null || active === asked || active === document.body || table.element.contains(active);
    };
    void rowsCountedAbove(table.element, restore.left, owner).then(() => {
      if (owner.disposed || !calm() || JSON.stringify(table.query) !== restore.query) return;
      // The people back are no longer "just deleted" (rows the table would not select).
      table.afterDelete([]);
      table.reveal(restore.index);
    });
  }

  async transfer(mode: TransferMode): Promise<void> {
    const { api, table, toaster } = this.#options;
    const selection = table.selectionRequest;
    if (!selection) return;
    const ids = table.selectedIds;
    const what = this.#options.describe();
    const targets = await settle(api.transfer.transferTargets());
    if (!targets.ok) {
      toaster.show({ message: targets.error.message, tone: 'error' });
      return;
    }
    const targetId = await transferDialog({ mode, what, targets: targets.data });
    if (targetId === null) return;
    const label = `${mode === 'copy' ? 'Copying' : 'Moving'} ${what}`;
    const result = await this.#withProgress(label, () => api.transfer.transfer({ targetId, mode, selection }));
    if (!result || this.#failed(result, mode === 'copy' ? 'Nobody was copied.' : 'Nobody was moved.') || !result.ok) return;
    const { count, duplicates, workspaceName } = result.data;
    if (mode === 'move') {
      table.afterDelete(ids);
      this.#options.refresh();
    }
    await this.#options.syncHistory();
    toaster.show({
      message:
        `${mode === 'copy' ? 'Copied' : 'Moved'} ${people(count)} to ` +
        `“${workspaceName}”.${duplicatesNote(duplicates, `in “${workspaceName}”`)}`,
      timeout: 8000,
      action: this.#undoAction(),
    });
  }

  /** The table's rows are dragged: put a fresh token in the drag and tell main what it stands for. */
  dragStart(event: DragEvent): void {
    const { api, table } = this.#options;
    const selection = table.selectionRequest;
    if (!selection || !event.dataTransfer) return;
    const token = crypto.randomUUID();
    this.#outgoing = token;
    // Only the token: the window it is dropped on (or any other program) learns nothing
    // about these people; main moves them (Ctrl+C is the way to take rows elsewhere).
    event.dataTransfer.setData(PEOPLE_DRAG_TYPE, token);
    event.dataTransfer.effectAllowed = 'copyMove';
    void settle(api.transfer.dragStart({ token, selection }));
    this.#options.owner.listen(window, 'dragend', () => (this.#outgoing = null), { once: true });
  }

  #installDropTarget(): void {
    const { api, toaster } = this.#options;
    const grid = this.#options.dropZone;
    const carriesPeople = (event: DragEvent): boolean =>
      this.#outgoing === null && (event.dataTransfer?.types.includes(PEOPLE_DRAG_TYPE) ?? false);
    grid.addEventListener('dragover', (event) => {
      if (!carriesPeople(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = event.shiftKey ? 'move' : 'copy';
      grid.classList.add('drop-target');
    });
    grid.addEventListener('dragleave', (event) => {
      if (!grid.contains(event.relatedTarget as Node | null)) grid.classList.remove('drop-target');
    });
    grid.addEventListener('drop', (event) => {
      grid.classList.remove('drop-target');
      if (!carriesPeople(event)) return;
      event.preventDefault();
      const token = event.dataTransfer?.getData(PEOPLE_DRAG_TYPE) ?? '';
      // Shift moves, as in a file manager; a plain drop copies (nothing leaves the other window by surprise).
      const mode: TransferMode = event.shiftKey ? 'move' : 'copy';
      void (async () => {
        const result = await this.#withProgress(mode === 'copy' ? 'Copying people here' : 'Moving people here', () =>
          api.transfer.drop({ token, mode }),
        );
        if (!result || this.#failed(result, 'Nobody was added.') || !result.ok) return;
        const { count, duplicates, workspaceName } = result.data;
        this.#options.refresh();
        await this.#options.syncHistory();
        toaster.show({
          message:
            `${mode === 'copy' ? 'Copied' : 'Moved'} ${people(count)} here ` +
            `from “${workspaceName}”.${duplicatesNote(duplicates, 'here')}`,
          timeout: 8000,
          action: this.#undoAction(),
        });
      })();
    });
  }
}
