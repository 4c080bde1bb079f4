// Actions on the selection that may reach many people:
// delete, Copy to… / Move to… another workspace, export of the selection, and dragging
// people to another workspace window. Each hands main the selection as the table holds
// it (ids, or "everyone matching" as a query), so a million people cost one request.
// While one runs, a progress panel with Cancel shows (after a moment, so quick ones do
// not flash), and its result comes back as a toast with Undo.

import type { IpcResult, RosterApi } from '../../../../main/app/common/roster-api.js';
import type { ImportFormat, PeopleSelection, TransferMode } from '../../../../main/features/people/common/people-contract.js';
import { settle } from '../../kernel/api.js';
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
  readonly syncHistory: () => Promise<void>;
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
    const ids = table.selectedIds;
    const only = table.selectionSize === 1 ? table.selectedPeople[0] : undefined;
    const what = this.#options.describe();
    const result = await this.#withProgress(`Deleting ${what}`, () => api.history.deleteSelected({ selection }));
    if (!result || this.#failed(result, 'Nobody was deleted.') || !result.ok) return;
    table.afterDelete(ids);
    this.#options.refresh();
    await this.#options.syncHistory();
    const message = only && result.data.count === 1 ? `Deleted ${only.name}.` : `Deleted ${people(result.data.count)}.`;
    toaster.show({ message, timeout: 6000, action: this.#undoAction() });
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
