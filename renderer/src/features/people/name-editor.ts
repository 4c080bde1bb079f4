// The inline editor for one person's name inside the grid. Enter or Tab saves, Escape
// gives up; leaving the field saves a changed name. When main refuses the name, its
// message appears under the field, the typed text stays exactly as it was, and focus
// stays in the field (Tab never lets focus fall to <body>, where a later Ctrl+Z would
// reach the browser's own text undo). A long name shows its length as main counts it
// ("257 of 256 characters: too long"), in the place the error takes when there is one.

import type { IpcResult } from '../../../../main/app/common/roster-api.js';
import type { PersonDto } from '../../../../main/features/people/common/people-contract.js';
import { h, setText, uid } from '../../kernel/dom.js';
import { NameCounter, nameErrorMessage, unsendableName } from '../../kernel/names.js';

interface EditOutcome {
  readonly saved: PersonDto | null;
  readonly returnFocus: boolean;
}

export interface NameEditorOptions {
  readonly person: PersonDto;
  readonly save: (name: string) => Promise<IpcResult<PersonDto>>;
  readonly onDone: (outcome: EditOutcome) => void;
}

export class NameEditor {
  readonly element: HTMLElement;
  readonly personId: number;
  readonly #input: HTMLInputElement;
  readonly #error: HTMLElement;
  readonly #counter: NameCounter;
  readonly #options: NameEditorOptions;
  #saving = false;
  #done = false;

  constructor(options: NameEditorOptions) {
    this.#options = options;
    this.personId = options.person.id;
    const errorId = uid('edit-error');
    this.#input = h('input', {
      type: 'text',
      class: 'name-input',
      value: options.person.name,
      'aria-label': `Name of ${options.person.name}`,
      'aria-describedby': errorId,
      autocomplete: 'off',
      spellcheck: 'false',
    });
    this.#error = h('div', { id: errorId, class: 'field-error bubble', role: 'alert', hidden: true });
    this.#counter = new NameCounter(this.#input);
    this.#counter.element.classList.add('bubble');
    this.element = h('div', { class: 'name-editor' }, this.#input, this.#error, this.#counter.element);
    this.#counter.update();

    this.#input.addEventListener('keydown', (event) => {
      event.stopPropagation();
      if (event.key === 'Enter' || (event.key === 'Tab' && !event.altKey && !event.ctrlKey && !event.metaKey)) {
        // Tab commits like Enter and moves on to the grid; refused, the editor keeps focus.
        event.preventDefault();
        void this.commit(true);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        this.cancel(true);
      }
    });
    this.#input.addEventListener('input', () => this.#showError(null));
    this.#input.addEventListener('blur', () => {
      // Rows are recycled while scrolling; a detached editor is not the person leaving it.
      if (!this.#input.isConnected || this.#done) return;
      if (this.#input.value === this.#options.person.name) this.cancel(false);
      else void this.commit(false);
    });
  }

  /** After a refused save, focus that has nowhere to be comes back to the field. */
  #reclaimFocus(): void {
    const active = document.activeElement;
    if (this.#input.isConnected && (active === null || active === document.body)) this.#input.focus({ preventScroll: true });
  }

  get value(): string {
    return this.#input.value;
  }

  focus(): void {
    this.#input.focus({ preventScroll: true });
    this.#input.select();
  }

  cancel(returnFocus: boolean): void {
    if (this.#done) return;
    this.#done = true;
    this.#options.onDone({ saved: null, returnFocus });
  }

  async commit(returnFocus: boolean): Promise<void> {
    if (this.#saving || this.#done) return;
    const raw = this.#input.value;
    if (raw === this.#options.person.name) {
      this.cancel(returnFocus);
      return;
    }
    const local = unsendableName(raw);
    if (local) {
      this.#showError(local);
      this.#reclaimFocus();
      return;
    }
    this.#saving = true;
    this.#input.setAttribute('aria-busy', 'true');
    const result = await this.#options.save(raw);
    this.#saving = false;
    this.#input.removeAttribute('aria-busy');
    if (this.#done) return;
    if (!result.ok) {
      this.#showError(nameErrorMessage(result.error, raw));
      if (returnFocus && this.#input.isConnected) this.#input.focus({ preventScroll: true });
      else this.#reclaimFocus();
      return;
    }
    this.#done = true;
    this.#options.onDone({ saved: result.data, returnFocus });
  }

  #showError(message: string | null): void {
    if (message === null) {
      if (this.#error.hidden) return;
      this.#error.hidden = true;
      this.#input.removeAttribute('aria-invalid');
      this.#counter.update();
      return;
    }
    setText(this.#error, message);
    this.#error.hidden = false;
    this.#counter.element.hidden = true;
    this.#input.setAttribute('aria-invalid', 'true');
  }
}
