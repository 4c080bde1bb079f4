// What the import preview dialog shows (import-preview.ts runs it): the summary, the
// notice for a file that is not UTF-8, the three settings and "the first row is data",
// whether times are kept, the rows that look like people already here (and "Skip
// them"), the first rows with the names column marked, the problems, and the Cancel and
// Import buttons.

import type { ImportEncoding, ImportPreview, ImportSeparator } from '../../../../main/features/import-export/common/import-contract.js';
import { h, setText, uid } from '../../kernel/dom.js';
import { formatNumber, people } from '../../kernel/format.js';

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

function select(label: string, className: string): { field: HTMLElement; select: HTMLSelectElement } {
  const id = uid('preview-select');
  const element = h('select', { id, class: className });
  return { field: h('div', { class: 'preview-field' }, h('label', { for: id }, label), element), select: element };
}

function columnLabel(name: string, index: number): string {
  return name === '' ? `Column ${index + 1}` : name;
}

/** The people count as the preview knows it: exact, or estimated from the part read; less the look-alikes when they are skipped. */
function countText(preview: ImportPreview, skip: boolean): string {
  const count = Math.max(0, preview.count - (skip ? (preview.duplicates ?? 0) : 0));
  return preview.complete ? people(count) : `about ${people(count)}`;
}

function checkbox(label: string, className: string): { field: HTMLElement; input: HTMLInputElement } {
  const id = uid('preview-check');
  const input = h('input', { id, type: 'checkbox', class: className });
  return { field: h('div', { class: 'preview-check' }, input, h('label', { for: id }, label)), input };
}

export class PreviewView {
  readonly dialog: HTMLDialogElement;
  readonly encoding = select('Encoding', 'preview-encoding');
  readonly separator = select('Separator', 'preview-separator');
  readonly column = select('Names from column', 'preview-column');
  readonly firstRowIsData = checkbox('The first row is data (no header row)', 'preview-no-header');
  readonly skipDuplicates = checkbox('Skip them', 'preview-skip');
  readonly cancel = h('button', { type: 'button' }, 'Cancel');
  readonly confirm = h('button', { type: 'button', class: 'primary', disabled: true }, 'Import');
  readonly #fileName: string;
  readonly #csv: boolean;
  readonly #summary: HTMLElement;
  readonly #notice = h('p', { class: 'preview-notice', hidden: true });
  readonly #table = h('table', { class: 'preview-table' });
  readonly #tableWrap = h(
    'div',
    { class: 'preview-table-wrap', role: 'region', 'aria-label': 'First rows', tabindex: '0', hidden: true },
    this.#table,
  );
  readonly #problemsTitle = h('h3', {});
  readonly #problemsList = h('ul', {});
  readonly #problemsNote = h('p', { class: 'muted' });
  readonly #problems = h(
    'section',
    { class: 'preview-problems', hidden: true, 'aria-label': 'Problems' },
    this.#problemsTitle,
    this.#problemsList,
    this.#problemsNote,
  );
  readonly #partial = h('p', { class: 'muted preview-partial', hidden: true });
  readonly #times = h('p', { class: 'preview-times', hidden: true }, 'Added and Last changed are kept from the file.');
  readonly #duplicatesText = h('span', {});
  readonly #duplicates: HTMLElement;
  #shown: ImportPreview | null = null;
  readonly #body: HTMLElement;

  constructor(file: { readonly fileName: string; readonly format: string }) {
    this.#fileName = file.fileName;
    this.#csv = file.format === 'csv';
    const titleId = uid('preview-title');
    const summaryId = uid('preview-summary');
    this.#summary = h('p', { id: summaryId, class: 'preview-summary', role: 'status' }, `Reading ${file.fileName}…`);
    for (const option of ENCODINGS) this.encoding.select.append(h('option', { value: option.value }, option.label));
    for (const option of SEPARATORS) this.separator.select.append(h('option', { value: option.value }, option.label));
    this.separator.field.hidden = !this.#csv;
    this.column.field.hidden = !this.#csv;
    this.firstRowIsData.field.hidden = !this.#csv;
    const options = h(
      'div',
      { class: 'preview-options' },
      this.encoding.field,
      this.separator.field,
      this.column.field,
      this.firstRowIsData.field,
    );
    this.#duplicates = h(
      'div',
      { class: 'preview-duplicates', hidden: true, role: 'group', 'aria-label': 'People already here' },
      h('p', {}, this.#duplicatesText),
      this.skipDuplicates.field,
    );
    this.skipDuplicates.input.addEventListener('change', () => {
      if (this.#shown) this.#renderCount(this.#shown);
    });
    this.#body = h(
      'div',
      { class: 'preview-body' },
      this.#summary,
      this.#notice,
      options,
      this.#times,
      this.#duplicates,
      this.#tableWrap,
      this.#problems,
      this.#partial,
    );
    this.dialog = h(
      'dialog',
      { class: 'import-preview', 'aria-labelledby': titleId, 'aria-describedby': summaryId },
      h('h2', { id: titleId }, `Import “${file.fileName}”`),
      this.#body,
      h('div', { class: 'dialog-actions' }, this.cancel, this.confirm),
    );
  }

  /** While main reads the file: Import waits, and the settings wait until a first preview. */
  setBusy(busy: boolean, shown: ImportPreview | null): void {
    this.#body.setAttribute('aria-busy', busy ? 'true' : 'false');
    this.confirm.disabled = busy || !canImport(shown, this.skipDuplicates.input.checked);
    for (const control of [this.encoding.select, this.separator.select, this.column.select, this.firstRowIsData.input]) {
      control.disabled = busy && shown === null;
    }
  }

  readingAgain(): void {
    setText(this.#summary, `Reading ${this.#fileName} again…`);
  }

  showFailure(message: string): void {
    this.#tableWrap.hidden = true;
    this.#problems.hidden = true;
    setText(this.#summary, `Roster cannot read ${this.#fileName}: ${message}`);
  }

  render(preview: ImportPreview): void {
    this.#shown = preview;
    this.#renderSettings(preview);
    this.#renderTable(preview);
    this.#renderProblems(preview);
    this.#times.hidden = preview.keepsTimes !== true;
    this.#partial.hidden = preview.complete;
    setText(
      this.#partial,
      `This preview read the first part of the file${preview.problemCount === 0 ? '; the exact count follows' : ''}. ` +
        'The rest is checked as it is imported, and a bad row there stops the import with nothing added.',
    );
    this.#renderCount(preview);
  }

  /** The summary, the look-alikes and the Import button: what the import would add, with "Skip them" as it is. */
  #renderCount(preview: ImportPreview): void {
    const skip = this.skipDuplicates.input.checked;
    const count = countText(preview, skip);
    const duplicates = preview.duplicates ?? 0;
    const adds = preview.count - (skip ? duplicates : 0) > 0;
    this.#duplicates.hidden = duplicates === 0 || preview.problemCount > 0;
    const about = preview.complete ? '' : 'about ';
    setText(
      this.#duplicatesText,
      duplicates === 1 && preview.complete
        ? '1 looks like a person already here (the same name, ignoring case and accents, in this workspace or earlier in the file).'
        : `${about}${formatNumber(duplicates)} look like people already here ` +
            '(the same name, ignoring case and accents, in this workspace or earlier in the file).',
    );
    if (preview.problemCount > 0) {
      setText(
        this.#summary,
        `Nothing can be imported until ${preview.problemCount === 1 ? 'this problem is' : 'these problems are'} fixed.`,
      );
    } else if (!adds) {
      setText(this.#summary, `${preview.fileName} has no people to add.`);
    } else {
      setText(this.#summary, `${count.charAt(0).toUpperCase()}${count.slice(1)} will be added.`);
    }
    setText(this.confirm, adds && preview.problemCount === 0 ? `Import ${count}` : 'Import');
    this.confirm.disabled = this.#body.getAttribute('aria-busy') === 'true' || !canImport(preview, skip);
  }

  /** The person chose to leave out the rows that look like people already here. */
  get skipping(): boolean {
    return this.skipDuplicates.input.checked;
  }

  #renderSettings(preview: ImportPreview): void {
    const { encoding, separator, column } = this;
    encoding.select.value = preview.encoding;
    const guessed = encoding.select.querySelector<HTMLOptionElement>('option[value="windows-1252"]');
    if (guessed) setText(guessed, preview.encodingCertain ? 'Windows-1252 (Western)' : 'Windows-1252 (Western), guessed');
    if (preview.separator) separator.select.value = preview.separator;
    column.select.replaceChildren(
      ...(preview.nameColumn === null ? [h('option', { value: '' }, 'Choose a column…')] : []),
      ...preview.columns.map((name, index) => h('option', { value: String(index) }, columnLabel(name, index))),
    );
    column.select.value = preview.nameColumn === null ? '' : String(preview.nameColumn);
    this.firstRowIsData.input.checked = preview.header === false;
    this.#notice.hidden = preview.encodingCertain;
    setText(
      this.#notice,
      `${preview.fileName} is not UTF-8 text. It is shown read as Windows-1252, the encoding of a spreadsheet's plain “CSV” ` +
        `on Western Windows. Check that the accented letters below look right before importing, or choose another encoding.`,
    );
  }

  #renderTable(preview: ImportPreview): void {
    const headers = preview.format === 'json' ? ['Name'] : preview.columns.map(columnLabel);
    const nameAt = preview.format === 'json' ? 0 : preview.nameColumn;
    const head = h('tr', {}, h('th', { scope: 'col', class: 'preview-where' }, preview.format === 'json' ? 'Item' : 'Line'));
    headers.forEach((text, index) => {
      const isName = index === nameAt;
      head.append(
        h(
          'th',
          { scope: 'col', class: isName ? 'is-name' : undefined },
          text,
          isName ? ' ' : null,
          isName ? h('span', { class: 'name-tag' }, 'names') : null,
        ),
      );
    });
    const problemRows = new Set(preview.problems.map((problem) => problem.where));
    const rows = preview.rows.map((row) => {
      const cells = headers.map((_, index) => h('td', { class: index === nameAt ? 'is-name' : undefined }, row.cells[index] ?? ''));
      const where = row.where.replace(/^(Line|Index) /, '');
      return h(
        'tr',
        { class: problemRows.has(row.where) ? 'has-problem' : undefined },
        h('th', { scope: 'row', class: 'preview-where' }, where),
        ...cells,
      );
    });
    const caption = h(
      'caption',
      { class: 'visually-hidden' },
      `First rows of ${this.#fileName}${nameAt === null ? '' : `; names come from “${headers[nameAt] ?? ''}”`}`,
    );
    this.#table.replaceChildren(caption, h('thead', {}, head), h('tbody', {}, ...rows));
    this.#tableWrap.hidden = preview.rows.length === 0 && headers.length === 0;
  }

  #renderProblems(preview: ImportPreview): void {
    this.#problems.hidden = preview.problemCount === 0;
    setText(this.#problemsTitle, preview.problemCount === 1 ? '1 problem' : `${formatNumber(preview.problemCount)} problems`);
    this.#problemsList.replaceChildren(
      ...preview.problems.map((problem) =>
        h('li', {}, problem.where === 'File' ? problem.message : `${problem.where}: ${problem.message}`),
      ),
    );
    const more = preview.problemCount - preview.problems.length;
    setText(
      this.#problemsNote,
      `${more > 0 ? `And ${formatNumber(more)} more. ` : ''}An import adds everyone or no one: ` +
        `fix ${preview.problemCount === 1 ? 'it' : 'them'} in the file ` +
        `and import it again${this.#csv ? ', or choose another column, separator or encoding' : ''}.`,
    );
  }
}

/** Import can run: a preview with people to add, no problems, and (for CSV) a names column. */
function canImport(shown: ImportPreview | null, skip: boolean): boolean {
  return (
    shown !== null &&
    shown.problemCount === 0 &&
    shown.count - (skip ? (shown.duplicates ?? 0) : 0) > 0 &&
    (shown.format === 'json' || shown.nameColumn !== null)
  );
}
