// The launcher's "New workspace…": a button that opens a panel with the new
// workspace's name; main then asks where to save the file (a native dialog) and opens
// the workspace in its own window.

import { roster, settle } from '../../kernel/api.js';
import { h } from '../../kernel/dom.js';
import { Field } from '../../kernel/field.js';

export interface CreatePanelOptions {
  /** A workspace was created: list it. */
  readonly onCreated: () => Promise<void>;
}

export class CreatePanel {
  /** "New workspace…", for the header: opens and closes the panel. */
  readonly button: HTMLButtonElement;
  readonly element: HTMLElement;
  readonly #field: Field;
  readonly #createButton: HTMLButtonElement;
  readonly #options: CreatePanelOptions;

  constructor(options: CreatePanelOptions) {
    this.#options = options;
    this.button = h(
      'button',
      { type: 'button', class: 'primary', 'aria-expanded': 'false', 'aria-controls': 'create-panel' },
      'New workspace…',
    );
    this.#field = new Field({ label: 'Name of the new workspace', visibleLabel: true, placeholder: 'For example: Founding Fathers' });
    this.#createButton = h('button', { type: 'button', class: 'primary' }, 'Choose location and create…');
    const cancel = h('button', { type: 'button' }, 'Cancel');
    this.element = h(
      'section',
      { id: 'create-panel', class: 'create-panel', hidden: true, 'aria-label': 'New workspace' },
      this.#field.element,
      h('div', { class: 'create-actions' }, cancel, this.#createButton),
      h('p', { class: 'muted' }, 'Next you choose the folder and file name. The workspace opens in its own window.'),
    );

    const field = this.#field;
    this.button.addEventListener('click', () => this.toggle(this.element.hidden));
    cancel.addEventListener('click', () => this.toggle(false));
    this.#createButton.addEventListener('click', () => void this.#create());
    field.input.addEventListener('input', () => field.clearError());
    field.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.isComposing) {
        event.preventDefault();
        void this.#create();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        this.toggle(false);
      }
    });
  }

  /** Opens the panel (focus to the name) or closes it (focus back to the button). */
  toggle(show: boolean): void {
    this.element.hidden = !show;
    this.button.setAttribute('aria-expanded', String(show));
    if (show) this.#field.input.focus();
    else {
      this.#field.clearError();
      this.button.focus();
    }
  }

  async #create(): Promise<void> {
    const field = this.#field;
    const name = field.value;
    field.clearError();
    this.#createButton.disabled = true;
    const result = await settle(roster().catalog.create({ name }));
    this.#createButton.disabled = false;
    if (!result.ok) {
      field.showError(result.error.message);
      field.input.focus();
      return;
    }
    if (result.data.status === 'dismissed') {
      field.input.focus();
      return;
    }
    field.value = '';
    this.toggle(false);
    await this.#options.onCreated();
  }
}
