// The import preview: before anything is written, a modal dialog shows the
// file's name, the encoding and separator it is read with, the column names come from,
// its first rows, how many people it holds and any problems with their lines. Each of
// the three settings can be changed, which reads the file again in main. Confirm
// (Enter) imports with the settings shown; Cancel (Escape) lets the file go.
// When the first preview read only part of a big file, the whole file is read next (on
// main's worker) and the exact count replaces the estimate, the Import button's too;
// Import stays usable meanwhile. "Skip them" changes only what the import adds, so it
// reads nothing again.
//
// The dialog only holds the token main gave for the file and its base name: no path.
// A file that is not UTF-8 is shown read as Windows-1252 with a notice saying so, so
// the person sees real names (never mojibake) and chooses knowingly.

import type { ImportEncoding, ImportPreview, ImportSeparator } from '../../../../main/features/import-export/common/import-contract.js';
import type { ChannelOutput } from '../../../../main/app/common/roster-api.js';
import { roster, settle } from '../../kernel/api.js';
import { PreviewView } from './import-preview-view.js';

type Chosen = Extract<ChannelOutput<'importExport:chooseImport'>, { status: 'chosen' }>;

/** The person's own choices; what is left out is found from the file. */
interface Choices {
  encoding?: ImportEncoding;
  separator?: ImportSeparator;
  column?: number;
  /** False: the first row is data. */
  header?: boolean;
}

/** What the person confirmed: import, leaving out the look-alikes or not. */
export interface Confirmed {
  readonly skipDuplicates: boolean;
}

/**
 * Shows the preview of a chosen file. Resolves with the person's choice when they
 * confirm (the caller then imports it, with progress); null when they cancel, after
 * telling main to let the file go.
 */
export function importPreviewDialog(chosen: Chosen): Promise<Confirmed | null> {
  const api = roster();
  const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const view = new PreviewView(chosen);
  const { dialog, cancel, confirm } = view;
  document.body.append(dialog);

  let choices: Choices = {};
  let shown: ImportPreview | null = null;
  let request = 0;
  let first = true;

  /** After a partial preview: the whole file, for the exact count. Nothing waits for it. */
  async function count(mine: number): Promise<void> {
    const result = await settle(api.importExport.previewImport({ token: chosen.token, ...choices, whole: true }));
    if (mine !== request || !dialog.open || !result.ok) return;
    shown = result.data;
    view.render(result.data);
  }

  async function load(): Promise<void> {
    const mine = ++request;
    view.setBusy(true, shown);
    if (shown) view.readingAgain();
    const result = await settle(api.importExport.previewImport({ token: chosen.token, ...choices }));
    if (mine !== request || !dialog.open) return;
    if (result.ok) {
      shown = result.data;
      view.render(result.data);
    } else if (result.error.code !== 'CANCELLED') {
      shown = null;
      view.showFailure(result.error.message);
    }
    view.setBusy(false, shown);
    if (result.ok && !result.data.complete && result.data.problemCount === 0) void count(mine);
    if (first) {
      first = false;
      // Where the person goes next: Import, or the column to choose, or Cancel.
      if (document.activeElement === cancel || document.activeElement === document.body) {
        if (!confirm.disabled) confirm.focus();
        else if (shown?.format === 'csv' && shown.nameColumn === null && shown.columns.length > 0) view.column.select.focus();
      }
    }
  }

  watchSettings(
    view,
    (change) => {
      choices = change(choices);
      void load();
    },
    () => shown,
  );

  return new Promise((resolve) => {
    let answer = false;
    cancel.addEventListener('click', () => dialog.close());
    confirm.addEventListener('click', () => {
      if (confirm.disabled) return;
      answer = true;
      dialog.close();
    });
    dialog.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || event.isComposing || event.target instanceof HTMLButtonElement) return;
      event.preventDefault();
      confirm.click();
    });
    dialog.addEventListener('close', () => {
      request++;
      dialog.remove();
      if (!answer) void settle(api.importExport.discardImport({ token: chosen.token }));
      if (returnFocus?.isConnected) returnFocus.focus();
      resolve(answer ? { skipDuplicates: view.skipping } : null);
    });
    dialog.showModal();
    cancel.focus();
    void load();
  });
}

/** A changed setting changes the choices (`reread` applies it) and the file is read again. */
function watchSettings(
  view: PreviewView,
  reread: (change: (choices: Choices) => Choices) => void,
  shown: () => ImportPreview | null,
): void {
  const { encoding, separator, column, firstRowIsData } = view;
  encoding.select.addEventListener('change', () => {
    // Another encoding can change the header, so the column is found again.
    reread(({ column: _column, ...rest }) => ({ ...rest, encoding: encoding.select.value as ImportEncoding }));
  });
  separator.select.addEventListener('change', () => {
    reread(({ column: _column, ...rest }) => ({ ...rest, separator: separator.select.value as ImportSeparator }));
  });
  column.select.addEventListener('change', () => {
    if (column.select.value === '') return;
    reread((choices) => ({ ...choices, column: Number(column.select.value) }));
  });
  firstRowIsData.input.addEventListener('change', () => {
    // Without a header the column is a position: keep the one shown (the first if none).
    // With a header again, the column is found from it.
    const noHeader = firstRowIsData.input.checked;
    const at = shown()?.nameColumn ?? 0;
    reread(({ column: _column, header: _header, ...rest }) => (noHeader ? { ...rest, header: false, column: at } : rest));
  });
}
