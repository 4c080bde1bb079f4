// Copy and paste in the workspace window, through the browser's clipboard events, so
// Ctrl+C / Ctrl+V and the Edit menu's Copy and Paste (Electron's webContents.copy and
// paste fire the same events) all work, with no clipboard permission.
//
//   copy   anywhere but a text field: the selected rows, as tab-separated text with a
//          header row (clipboard-rows.ts);
//   paste  on the table (or anywhere but a text field): one person per row, from the
//          name column of what a spreadsheet copied (clipboard-rows.ts), skipping its
//          header row and blank rows, and saying so; into the add field: the same when
//          the text has more than one line. A single line is ordinary typing, but of a
//          row of cells only the name cell is typed. The names go to main in one call
//          (people:createMany): one transaction, so all are added or none, and one step
//          to undo.

import type { RosterApi } from '../../../../main/app/common/roster-api.js';
import { settle } from '../../kernel/api.js';
import type { Disposables } from '../../kernel/disposables.js';
import { isInDialog } from '../../kernel/dom.js';
import type { Field } from '../../kernel/field.js';
import { people } from '../../kernel/format.js';
import type { Toaster } from '../../kernel/toast.js';
import { lineNumbersAsPasted, namesFromPaste, pasteProblem, pasteSummary, rowsAsTsv } from './clipboard-rows.js';
import type { Commands } from '../../kernel/commands.js';
import type { PeopleTable } from './people-table.js';

export interface ClipboardOptions {
  readonly api: RosterApi;
  /** The window's owner: the document's copy and paste listeners go when it closes. */
  readonly owner: Disposables;
  readonly table: PeopleTable;
  readonly commands: Commands;
  readonly addField: Field;
  readonly toaster: Toaster;
  readonly announce: (message: string) => void;
  readonly refresh: () => void;
}

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
}

function rowsLabel(count: number): string {
  return count === 1 ? '1 row' : `${count.toLocaleString()} rows`;
}

export interface WorkspaceClipboard {
  /** Adds one person per line of `text`; `from` says where to show a refusal. */
  pasteNames(text: string, from: 'add-field' | 'table'): Promise<void>;
}

export function installClipboard(options: ClipboardOptions): WorkspaceClipboard {
  installCopy(options);
  const pasteNames = namesPaster(options);
  const { addField } = options;
  options.owner.listen(document, 'paste', (event) => {
    if (isInDialog(event.target)) return;
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (event.target === addField.input) {
      // One line is ordinary typing; several lines are several people.
      const oneLine = text.replace(/[\r\n]+$/, '');
      if (/[\r\n]/.test(oneLine)) {
        event.preventDefault();
        void pasteNames(text, 'add-field');
      } else if (oneLine.includes('\t')) {
        // One spreadsheet row: type its name cell, not the tabs between its cells.
        event.preventDefault();
        typeNameCell(addField, oneLine);
      }
      return;
    }
    if (isTextField(event.target)) return;
    event.preventDefault();
    if (text.trim() !== '') void pasteNames(text, 'table');
  });
  return { pasteNames };
}

/** Types the name cell of one pasted row into the field, as a paste of that text would (the field's own Ctrl+Z undoes it). */
function typeNameCell(field: Field, row: string): void {
  const cell = namesFromPaste(row).names[0] ?? '';
  if (document.execCommand('insertText', false, cell)) return;
  const input = field.input;
  input.setRangeText(cell, input.selectionStart ?? input.value.length, input.selectionEnd ?? input.value.length, 'end');
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Everyone matching (Ctrl+A) is not loaded here: main reads the rows and puts them on
 * the clipboard itself, up to what a spreadsheet holds, and the toast says if it stopped.
 */
async function copyInMain({ api, table, toaster, announce }: ClipboardOptions): Promise<void> {
  const selection = table.selectionRequest;
  if (!selection) return;
  const { sort, direction } = table.query;
  const result = await settle(api.people.copySelection({ selection, sort, direction }));
  if (!result.ok) {
    toaster.show({ message: result.error.message, tone: 'error' });
    return;
  }
  const { copied, total } = result.data;
  if (copied < total) {
    toaster.show({
      message:
        `Copied the first ${rowsLabel(copied)} of ${people(total)}, ` +
        `about as many as a spreadsheet holds. To take everyone, use Export.`,
      timeout: 10000,
    });
  } else {
    announce(`Copied ${rowsLabel(copied)}.`);
  }
}

/** The Copy command and the copy event (Ctrl+C, Edit ▸ Copy): the selected rows. */
function installCopy(options: ClipboardOptions): void {
  const { table, commands, toaster, announce } = options;
  commands.register('copy', {
    label: () => (table.selectionSize > 1 ? `Copy ${rowsLabel(table.selectionSize)}` : 'Copy'),
    keys: { label: 'Ctrl+C', aria: 'Control+C' },
    enabled: () => table.selectionSize > 0,
    run: () => {
      if (table.allSelected) {
        void copyInMain(options);
        return;
      }
      // The copy event below fills the clipboard, as for Ctrl+C.
      if (document.execCommand('copy')) return;
      const text = rowsAsTsv(table.selectedPeople);
      void navigator.clipboard.writeText(text).then(
        () => announce(`Copied ${rowsLabel(table.selectionSize)}.`),
        () => toaster.show({ message: 'Roster could not use the clipboard.', tone: 'error' }),
      );
    },
  });

  options.owner.listen(document, 'copy', (event) => {
    if (isTextField(event.target) || isInDialog(event.target) || !event.clipboardData) return;
    if (table.allSelected) {
      event.preventDefault();
      void copyInMain(options);
      return;
    }
    const selected = table.selectedPeople;
    if (selected.length === 0) return;
    event.preventDefault();
    event.clipboardData.setData('text/plain', rowsAsTsv(selected));
    announce(`Copied ${rowsLabel(selected.length)}.`);
  });
}

/** Adds the pasted lines as people, in one call; one paste at a time. */
function namesPaster(options: ClipboardOptions): WorkspaceClipboard['pasteNames'] {
  const { api, addField, toaster, announce } = options;
  let pasting = false;
  return async (text, from) => {
    const pasted = namesFromPaste(text);
    const refuse = (message: string): void => {
      if (from === 'add-field') {
        addField.showError(message);
        addField.input.focus();
      } else {
        toaster.show({ message: `Nothing was pasted. ${message}`, tone: 'error', timeout: 12000 });
      }
    };
    if (pasted.names.length === 0) {
      // A header alone, or rows with an empty name cell: say why nothing happened.
      if (pasted.header !== null || pasted.blankNames > 0) refuse('The pasted rows hold no names.');
      return;
    }
    const problem = pasteProblem(pasted);
    if (problem) {
      refuse(problem);
      return;
    }
    if (pasting) return;
    pasting = true;
    const result = await settle(api.people.createMany({ names: pasted.names }));
    pasting = false;
    if (!result.ok) {
      refuse(lineNumbersAsPasted(result.error.message, pasted));
      return;
    }
    addField.clearError();
    const { count, firstName } = result.data;
    const message = pasteSummary(pasted, count, firstName);
    toaster.show({ message });
    announce(message);
    options.refresh();
  };
}
