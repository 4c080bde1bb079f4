// Import and export from the workspace window. Main opens the native file dialog and
// does the work. An import, from the dialog or a dropped file, shows its preview
// first (import-preview.ts) and runs only when the person confirms it; while it runs,
// its progress arrives as events and the person can cancel it (a cancelled import
// writes nothing: it is one transaction in main).

import type { ChannelOutput, IpcResult } from '../../../../main/app/common/roster-api.js';
import type { ImportFormat, PeopleSelection } from '../../../../main/features/people/common/people-contract.js';
import { roster, settle } from '../../kernel/api.js';
import type { Disposables } from '../../kernel/disposables.js';
import { h, setText } from '../../kernel/dom.js';
import { installFileDrop } from '../../kernel/file-drop.js';
import { formatNumber, people } from '../../kernel/format.js';
import { MenuButton } from '../../kernel/menu.js';
import type { Toaster } from '../../kernel/toast.js';
import { importPreviewDialog } from './import-preview.js';

const FORMATS: readonly { format: ImportFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'json', label: 'JSON' },
];

export class ImportExport {
  readonly importMenu: MenuButton;
  readonly exportMenu: MenuButton;
  /** The progress panel; the view places it. */
  readonly progress: HTMLElement;
  readonly #bar: HTMLProgressElement;
  readonly #label: HTMLElement;
  readonly #cancelButton: HTMLButtonElement;
  readonly #toaster: Toaster;
  readonly #announce: (message: string) => void;
  /** From choosing a file to the end of its import (the preview included). */
  #importing = false;
  /** The import itself runs (after the preview was confirmed). */
  #running = false;
  #exporting = false;

  /** `owner` is the window's: the progress subscriptions go when it closes. */
  constructor(options: { owner: Disposables; toaster: Toaster; announce: (message: string) => void }) {
    this.#toaster = options.toaster;
    this.#announce = options.announce;
    this.importMenu = new MenuButton({
      label: 'Import…',
      ariaLabel: 'Import people',
      items: () =>
        FORMATS.map(({ format, label }) => ({
          label: `From ${label} file…`,
          disabled: this.#importing,
          run: () => void this.runImport(format),
        })),
    });
    this.exportMenu = new MenuButton({
      label: 'Export…',
      ariaLabel: 'Export people',
      items: () =>
        FORMATS.map(({ format, label }) => ({
          label: `As ${label} file…`,
          disabled: this.#exporting,
          run: () => void this.runExport(format),
        })),
    });
    this.#bar = h('progress', { class: 'progress-bar', max: 1, 'aria-label': 'Import progress' });
    this.#label = h('span', { class: 'progress-label' }, 'Importing…');
    this.#cancelButton = h('button', { type: 'button' }, 'Cancel import');
    this.#cancelButton.addEventListener('click', () => this.cancel());
    this.progress = h(
      'div',
      { class: 'import-progress', hidden: true, role: 'group', 'aria-label': 'Import' },
      this.#label,
      this.#bar,
      this.#cancelButton,
    );

    options.owner.add(
      roster().importExport.onExportProgress(({ done, total }) => {
        if (!this.#exporting) return;
        if (this.progress.hidden) this.#showPanel('export');
        this.#bar.max = Math.max(1, total);
        this.#bar.value = done;
        setText(this.#label, `Exporting ${formatNumber(done)} of ${people(total)}…`);
      }),
    );
    options.owner.add(
      roster().importExport.onImportProgress(({ done, total }) => {
        if (!this.#running) return;
        this.#bar.max = Math.max(1, total);
        this.#bar.value = done;
        // Until the end of the file, the total is main's estimate from how far it has read.
        setText(
          this.#label,
          done < total
            ? `Importing ${formatNumber(done)} of about ${people(total)}…`
            : `Importing ${formatNumber(done)} of ${people(total)}…`,
        );
      }),
    );
  }

  get importing(): boolean {
    return this.#importing;
  }

  /** An import or an export is running (Escape cancels it). */
  get running(): boolean {
    return this.#running || this.#exporting;
  }

  cancel(): void {
    if (!this.running || this.#cancelButton.disabled) return;
    this.#cancelButton.disabled = true;
    setText(this.#label, 'Cancelling…');
    void settle(this.#running ? roster().importExport.cancelImport() : roster().importExport.cancelExport());
  }

  /** The one progress panel, labelled for what runs in it. */
  #showPanel(job: 'import' | 'export'): void {
    this.#bar.removeAttribute('value');
    this.#bar.setAttribute('aria-label', job === 'import' ? 'Import progress' : 'Export progress');
    this.progress.setAttribute('aria-label', job === 'import' ? 'Import' : 'Export');
    setText(this.#cancelButton, job === 'import' ? 'Cancel import' : 'Cancel export');
    this.#cancelButton.disabled = false;
    this.progress.hidden = false;
  }

  /** Import… menu: main asks for the file with its native dialog, then the preview shows it. */
  runImport(format: ImportFormat): Promise<void> {
    return this.#choose(() => roster().importExport.chooseImport({ format }));
  }

  /** Files dropped on the window import through the same preview, one at a time. */
  acceptDrops(owner: Disposables): void {
    installFileDrop({
      owner,
      hint: 'Drop a CSV or JSON file to import its people',
      onFiles: (files) => {
        const [file] = files;
        if (files.length > 1 || !file) this.#toaster.show({ message: 'Drop one file at a time to import it.', tone: 'error' });
        else void this.importDroppedFile(file);
      },
    });
  }

  /** A file dropped on the window: the one place a drop turns into an import, through the same preview. */
  importDroppedFile(file: File): Promise<void> {
    if (!/\.(csv|tsv|txt|json)$/i.test(file.name)) {
      this.#toaster.show({ message: `${file.name} cannot be imported: drop a CSV, text or JSON file.`, tone: 'error', timeout: 10000 });
      return Promise.resolve();
    }
    return this.#choose(() => roster().importExport.chooseDroppedImport([file]));
  }

  async #choose(choose: () => Promise<IpcResult<ChannelOutput<'importExport:chooseImport'>>>): Promise<void> {
    if (this.#importing) {
      this.#toaster.show({ message: 'An import is already running in this window.', tone: 'error' });
      return;
    }
    this.#importing = true;
    try {
      const chosen = await settle(choose());
      if (!chosen.ok) {
        this.#toaster.show({ message: `Could not import: ${chosen.error.message}`, tone: 'error', timeout: 12000 });
        return;
      }
      if (chosen.data.status !== 'chosen') return;
      const { token } = chosen.data;
      const confirmed = await importPreviewDialog(chosen.data);
      if (!confirmed) {
        this.#announce(`Nothing was imported from ${chosen.data.fileName}.`);
        return;
      }
      const skip = confirmed.skipDuplicates ? { skipDuplicates: true } : {};
      await this.#run(() => roster().importExport.confirmImport({ token, ...skip }));
    } finally {
      this.#importing = false;
    }
  }

  async #run(start: () => Promise<IpcResult<ChannelOutput<'importExport:confirmImport'>>>): Promise<void> {
    this.#running = true;
    this.#showPanel('import');
    setText(this.#label, 'Importing…');
    const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.#cancelButton.focus();
    const result = await settle(start());
    this.#running = false;
    this.progress.hidden = true;
    if (returnFocus?.isConnected && returnFocus.closest('[role="menu"]') === null) returnFocus.focus();
    else this.importMenu.button.focus();
    if (result.ok) {
      const { count, skipped = 0 } = result.data;
      this.#toaster.show({
        message: `Imported ${people(count)}.${skipped > 0 ? ` Skipped ${formatNumber(skipped)} already here.` : ''}`,
      });
      return;
    }
    if (result.error.code === 'CANCELLED') {
      this.#toaster.show({ message: 'Import cancelled. Nothing was added.' });
    } else {
      this.#toaster.show({ message: `Could not import: ${result.error.message}`, tone: 'error', timeout: 12000 });
    }
  }

  /** Exports everyone, or only `selection` (the context menu's Export selected…). */
  async runExport(format: ImportFormat, selection?: PeopleSelection): Promise<void> {
    if (this.#exporting) return;
    this.#exporting = true;
    this.#announce('Exporting…');
    const result = await settle(roster().importExport.export(selection ? { format, selection } : { format }));
    this.#exporting = false;
    const hadFocus = !this.progress.hidden && this.progress.contains(document.activeElement);
    this.progress.hidden = true;
    if (hadFocus) this.exportMenu.button.focus();
    if (!result.ok && result.error.code === 'CANCELLED') {
      this.#toaster.show({ message: 'Export cancelled. No file was written.' });
    } else if (!result.ok) {
      this.#toaster.show({ message: `Could not export: ${result.error.message}`, tone: 'error', timeout: 12000 });
    } else if (result.data.status === 'exported') {
      this.#toaster.show({ message: `Exported ${people(result.data.count)} to ${result.data.fileName}.` });
    }
  }
}
