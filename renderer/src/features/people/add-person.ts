// The workspace window's "Add a person" row: a name field and its Add button. Enter
// or the button sends the name; a name main refuses stays in the field with the
// reason. Many names at once are a paste (workspace-clipboard.ts).

import type { RosterApi } from '../../../../main/app/common/roster-api.js';
import { settle } from '../../kernel/api.js';
import { h } from '../../kernel/dom.js';
import { Field } from '../../kernel/field.js';
import { nameErrorMessage, unsendableName } from '../../kernel/names.js';

export interface AddPersonOptions {
  readonly api: RosterApi;
  readonly announce: (message: string) => void;
  /** Someone was added: show them. */
  readonly refresh: () => void;
}

export class AddPersonRow {
  readonly element: HTMLElement;
  readonly field: Field;
  readonly #button: HTMLButtonElement;
  readonly #options: AddPersonOptions;

  constructor(options: AddPersonOptions) {
    this.#options = options;
    this.field = new Field({
      label: 'Add a person',
      placeholder: 'Add a person — type a name and press Enter',
      className: 'add-field',
      inputAttrs: { 'aria-keyshortcuts': 'Control+N', enterkeyhint: 'done' },
    });
    this.#button = h('button', { type: 'button', class: 'primary' }, 'Add');
    this.element = h('section', { class: 'add-row', 'aria-label': 'Add people' }, this.field.element, this.#button);

    this.field.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.isComposing) {
        event.preventDefault();
        void this.#add();
      }
    });
    this.field.input.addEventListener('input', () => this.field.clearError());
    this.#button.addEventListener('click', () => void this.#add());
  }

  focus(): void {
    this.field.input.focus();
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
    if (field.value === raw) field.value = '';
    field.clearError();
    this.#options.announce(`Added ${result.data.name}.`);
    this.#options.refresh();
  }
}
