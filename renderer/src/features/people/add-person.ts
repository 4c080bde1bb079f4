// The workspace window's "Add a person" row: a name field and its Add button. Enter
// or the button sends the name; a name main refuses stays in the field with the
// reason. Many names at once are a paste (workspace-clipboard.ts).
//
// As in a spreadsheet, Ctrl+Z right after an add, in the field the add just emptied,
// undoes the add: the field has no text of its own to undo then. Once something is
// typed, Ctrl+Z is the field's own text undo again. Escape clears typed text; in an
// empty field it is the window's Escape (cancel what is running).

import type { RosterApi } from '../../../../main/app/common/roster-api.js';
import { settle } from '../../kernel/api.js';
import { h, isCommand } from '../../kernel/dom.js';
import { Field } from '../../kernel/field.js';
import { NameCounter, nameErrorMessage, unsendableName } from '../../kernel/names.js';

export interface AddPersonOptions {
  readonly api: RosterApi;
  readonly announce: (message: string) => void;
  /** Someone was added: show them. */
  readonly refresh: () => void;
  /** The window's Undo (the workspace's history, with its toast). */
  readonly undo: () => void;
}

export class AddPersonRow {
  readonly element: HTMLElement;
  readonly field: Field;
  readonly #button: HTMLButtonElement;
  readonly #options: AddPersonOptions;
  /** "100 of 256 characters" under the field once a name gets long. */
  readonly #counter: NameCounter;
  /** The field was emptied by an add and nothing has been typed in it since. */
  #emptiedByAdd = false;

  /** Also told to the DOM, so Edit ▸ Undo from the menu does what Ctrl+Z does (workspace-history.ts). */
  #setEmptiedByAdd(value: boolean): void {
    this.#emptiedByAdd = value;
    if (value) this.field.input.dataset['undoIsWindows'] = 'true';
    else delete this.field.input.dataset['undoIsWindows'];
  }

  constructor(options: AddPersonOptions) {
    this.#options = options;
    this.field = new Field({
      label: 'Add a person',
      placeholder: 'Add a person — type a name and press Enter',
      className: 'add-field',
      inputAttrs: { 'aria-keyshortcuts': 'Control+N', enterkeyhint: 'done' },
    });
    this.#counter = new NameCounter(this.field.input);
    this.field.element.append(this.#counter.element);
    this.#button = h('button', { type: 'button', class: 'primary' }, 'Add');
    this.element = h('section', { class: 'add-row', 'aria-label': 'Add people' }, this.field.element, this.#button);

    this.field.input.addEventListener('keydown', (event) => this.#onKey(event));
    this.field.input.addEventListener('input', () => {
      this.#setEmptiedByAdd(false);
      this.field.clearError();
    });
    // Only "right after": once focus has been elsewhere, Ctrl+Z here is the field's again.
    this.field.input.addEventListener('blur', () => this.#setEmptiedByAdd(false));
    this.#button.addEventListener('click', () => void this.#add());
  }

  focus(): void {
    this.field.input.focus();
  }

  #onKey(event: KeyboardEvent): void {
    if (event.isComposing) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      void this.#add();
    } else if (event.key === 'Escape' && this.field.value !== '') {
      // Only typed text: the window's Escape (cancel an import) is not also run.
      event.preventDefault();
      event.stopPropagation();
      this.field.value = '';
      this.#counter.update();
      this.field.clearError();
    } else if (this.#undoesAdd(event)) {
      event.preventDefault();
      this.#setEmptiedByAdd(false);
      this.#options.undo();
    }
  }

  /** Ctrl+Z (not redo) while the field is still as the last add left it. */
  #undoesAdd(event: KeyboardEvent): boolean {
    if (!this.#emptiedByAdd || this.field.value !== '') return false;
    return isCommand(event) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'z';
  }

  async #add(): Promise<void> {
    const field = this.field;
    const raw = field.value;
    const local = unsendableName(raw);
    if (local) {
      field.showError(local);
      return;
    }
    this.#button.disabled = true;
    const result = await settle(this.#options.api.people.create({ name: raw }));
    this.#button.disabled = false;
    if (!result.ok) {
      field.showError(nameErrorMessage(result.error, raw));
      field.input.focus();
      return;
    }
    // Only clear what was sent: the person may have typed more while it was saved.
    if (field.value === raw) {
      field.value = '';
      this.#counter.update();
      this.#setEmptiedByAdd(true);
    }
    field.clearError();
    this.#options.announce(`Added ${result.data.name}.`);
    this.#options.refresh();
  }
}
