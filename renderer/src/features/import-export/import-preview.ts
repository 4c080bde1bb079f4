// The import preview (issue 12): before anything is written, a modal dialog shows the
// file's name, the encoding and separator it is read with, the column names come from,
// its first rows, how many people it holds and any problems with their lines. Each of
// the three settings can be changed, which reads the file again in main. Confirm
// (Enter) imports with the settings shown; Cancel (Escape) lets the file go.
//
// The dialog only holds the token main gave for the file and its base name: no path.
// A file that is not UTF-8 is shown read as Windows-1252 with a notice saying so, so
// the person sees real names (never mojibake) and chooses knowingly.

import type { ImportEncoding, ImportPreview, ImportSeparator } from '../../../../main/features/import-export/common/import-contract.js';
import type { ChannelOutput } from '../../../../main/app/common/ipc-contract.js';
import { roster, settle } from '../../kernel/api.js';
import { h, setText, uid } from '../../kernel/dom.js';
import { formatNumber, people } from '../../kernel/format.js';

type Chosen = Extract<ChannelOutput<'people:import-choose'>, { status: 'chosen' }>;

const ENCODINGS: readonly { value: ImportEncoding; label: string }[] = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'utf-16le', label: 'UTF-16 (little-endian)' },
  { value: 'utf-16be', label: 'UTF-16 (big-endian)' },
  { value: 'windows-1252', label: 'Windows-1252 (Western)' },
];
const SEPARATORS: readonly { value: ImportSeparator; label: string }[] = [
  { value: ',', label: 'Comma ( , )' },
  { value: ';', label: 'Semicolon ( ; )' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Vertical bar ( | )' },
];

/** The person's own choices; what is left out is found from the file. */
interface Choices {
  encoding?: ImportEncoding;
  separator?: ImportSeparator;
  column?: number;
}

function select(label: string, className: string): { field: HTMLElement; select: HTMLSelectElement } {
  const id = uid('preview-select');
  const element = h('select', { id, class: className });
  return { field: h('div', { class: 'preview-field' }, h('label', { for: id }, label), element), select: element };
}

function columnLabel(name: string, index: number): string {
  return name === '' ? `Column ${index + 1}` : name;
}

/** The people count as the preview knows it: exact, or estimated from the part read. */
function countText(preview: ImportPreview): string {
  return preview.complete ? people(preview.count) : `about ${people(preview.count)}`;
}

/**
 * Shows the preview of a chosen file. Resolves true when the person confirms (the
 * caller then imports it, with progress); false when they cancel, after telling main
 * to let the file go.
 */
export function importPreviewDialog(chosen: Chosen): Promise<boolean> {
  const api = roster();
  const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const titleId = uid('preview-title');
  const summaryId = uid('preview-summary');
  const summary = h('p', { id: summaryId, class: 'preview-summary', role: 'status' }, `Reading ${chosen.fileName}…`);
  const notice = h('p', { class: 'preview-notice', hidden: true });
  const encoding = select('Encoding', 'preview-encoding');
  const separator = select('Separator', 'preview-separator');
  const column = select('Names from column', 'preview-column');
  for (const option of ENCODINGS) encoding.select.append(h('option', { value: option.value }, option.label));
  for (const option of SEPARATORS) separator.select.append(h('option', { value: option.value }, option.label));
  const csv = chosen.format === 'csv';
  separator.field.hidden = !csv;
  column.field.hidden = !csv;
  const table = h('table', { class: 'preview-table' });
  const tableWrap = h('div', { class: 'preview-table-wrap', role: 'region', 'aria-label': 'First rows', tabindex: '0', hidden: true }, table);
  const problemsTitle = h('h3', {});
  const problemsList = h('ul', {});
  const problemsNote = h('p', { class: 'muted' });
  const problems = h('section', { class: 'preview-problems', hidden: true, 'aria-label': 'Problems' }, problemsTitle, problemsList, problemsNote);
  const partial = h('p', { class: 'muted preview-partial', hidden: true });
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const confirm = h('button', { type: 'button', class: 'primary', disabled: true }, 'Import');
  const body = h('div', { class: 'preview-body' }, summary, notice, h('div', { class: 'preview-options' }, encoding.field, separator.field, column.field), tableWrap, problems, partial);
  const dialog = h(
    'dialog',
    { class: 'import-preview', 'aria-labelledby': titleId, 'aria-describedby': summaryId },
    h('h2', { id: titleId }, `Import “${chosen.fileName}”`),
    body,
    h('div', { class: 'dialog-actions' }, cancel, confirm),
  );
  document.body.append(dialog);

  let choices: Choices = {};
  let shown: ImportPreview | null = null;
  let request = 0;
  let first = true;

  const canConfirm = (): boolean => shown !== null && shown.problemCount === 0 && shown.count > 0 && (shown.format === 'json' || shown.nameColumn !== null);

  function setBusy(busy: boolean): void {
    body.setAttribute('aria-busy', busy ? 'true' : 'false');
    confirm.disabled = busy || !canConfirm();
    for (const control of [encoding.select, separator.select, column.select]) control.disabled = busy && shown === null;
  }

  function renderTable(preview: ImportPreview): void {
    const headers = preview.format === 'json' ? ['Name'] : preview.columns.map(columnLabel);
    const nameAt = preview.format === 'json' ? 0 : preview.nameColumn;
    const head = h('tr', {}, h('th', { scope: 'col', class: 'preview-where' }, preview.format === 'json' ? 'Item' : 'Line'));
    headers.forEach((text, index) => {
      const isName = index === nameAt;
      head.append(h('th', { scope: 'col', class: isName ? 'is-name' : undefined }, text, isName ? ' ' : null, isName ? h('span', { class: 'name-tag' }, 'names') : null));
    });
    const problemRows = new Set(preview.problems.map((problem) => problem.where));
    const rows = preview.rows.map((row) => {
      const cells = headers.map((_, index) => h('td', { class: index === nameAt ? 'is-name' : undefined }, row.cells[index] ?? ''));
      const where = row.where.replace(/^(Line|Index) /, '');
      return h('tr', { class: problemRows.has(row.where) ? 'has-problem' : undefined }, h('th', { scope: 'row', class: 'preview-where' }, where), ...cells);
    });
    const caption = h('caption', { class: 'visually-hidden' }, `First rows of ${chosen.fileName}${nameAt === null ? '' : `; names come from “${headers[nameAt] ?? ''}”`}`);
    table.replaceChildren(caption, h('thead', {}, head), h('tbody', {}, ...rows));
    tableWrap.hidden = preview.rows.length === 0 && headers.length === 0;
  }

  function render(preview: ImportPreview): void {
    shown = preview;
    encoding.select.value = preview.encoding;
    const guessed = encoding.select.querySelector<HTMLOptionElement>('option[value="windows-1252"]');
    if (guessed) setText(guessed, preview.encodingCertain ? 'Windows-1252 (Western)' : 'Windows-1252 (Western), guessed');
    if (preview.separator) separator.select.value = preview.separator;
    column.select.replaceChildren(
      ...(preview.nameColumn === null ? [h('option', { value: '' }, 'Choose a column…')] : []),
      ...preview.columns.map((name, index) => h('option', { value: String(index) }, columnLabel(name, index))),
    );
    column.select.value = preview.nameColumn === null ? '' : String(preview.nameColumn);
    notice.hidden = preview.encodingCertain;
    setText(
      notice,
      `${preview.fileName} is not UTF-8 text. It is shown read as Windows-1252, the encoding of a spreadsheet's plain “CSV” on Western Windows. Check that the accented letters below look right before importing, or choose another encoding.`,
    );
    renderTable(preview);
    const count = countText(preview);
    if (preview.problemCount > 0) {
      setText(summary, `Nothing can be imported until ${preview.problemCount === 1 ? 'this problem is' : 'these problems are'} fixed.`);
    } else if (preview.count === 0) {
      setText(summary, `${preview.fileName} has no people to add.`);
    } else {
      setText(summary, `${count.charAt(0).toUpperCase()}${count.slice(1)} will be added.`);
    }
    problems.hidden = preview.problemCount === 0;
    setText(problemsTitle, preview.problemCount === 1 ? '1 problem' : `${formatNumber(preview.problemCount)} problems`);
    problemsList.replaceChildren(...preview.problems.map((problem) => h('li', {}, problem.where === 'File' ? problem.message : `${problem.where}: ${problem.message}`)));
    const more = preview.problemCount - preview.problems.length;
    setText(
      problemsNote,
      `${more > 0 ? `And ${formatNumber(more)} more. ` : ''}An import adds everyone or no one: fix ${preview.problemCount === 1 ? 'it' : 'them'} in the file and import it again${csv ? ', or choose another column, separator or encoding' : ''}.`,
    );
    partial.hidden = preview.complete;
    setText(partial, 'This preview read the first part of the file; the rest is checked as it is imported, and a bad row there stops the import with nothing added.');
    setText(confirm, preview.count > 0 && preview.problemCount === 0 ? `Import ${count}` : 'Import');
  }

  async function load(): Promise<void> {
    const mine = ++request;
    setBusy(true);
    if (shown) setText(summary, `Reading ${chosen.fileName} again…`);
    const result = await settle(api.people.previewImport({ token: chosen.token, ...choices }));
    if (mine !== request || !dialog.open) return;
    if (result.ok) {
      render(result.data);
    } else if (result.error.code !== 'CANCELLED') {
      shown = null;
      tableWrap.hidden = true;
      problems.hidden = true;
      setText(summary, `Roster cannot read ${chosen.fileName}: ${result.error.message}`);
    }
    setBusy(false);
    if (first) {
      first = false;
      // Where the person goes next: Import, or the column to choose, or Cancel.
      if (document.activeElement === cancel || document.activeElement === document.body) {
        if (!confirm.disabled) confirm.focus();
        else if (shown?.format === 'csv' && shown.nameColumn === null && shown.columns.length > 0) column.select.focus();
      }
    }
  }

  encoding.select.addEventListener('change', () => {
    // Another encoding can change the header, so the column is found again.
    choices = { ...choices, encoding: encoding.select.value as ImportEncoding };
    delete choices.column;
    void load();
  });
  separator.select.addEventListener('change', () => {
    choices = { ...choices, separator: separator.select.value as ImportSeparator };
    delete choices.column;
    void load();
  });
  column.select.addEventListener('change', () => {
    if (column.select.value === '') return;
    choices = { ...choices, column: Number(column.select.value) };
    void load();
  });

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
      if (!answer) void settle(api.people.discardImport({ token: chosen.token }));
      if (returnFocus?.isConnected) returnFocus.focus();
      resolve(answer);
    });
    dialog.showModal();
    cancel.focus();
    void load();
  });
}
