// The add field's "Already here" note: while a name is typed, main is asked (after a
// pause in typing) who already has a name that folds like it, and the note under the
// field says so. It is tied to the field with aria-describedby and said politely once
// when it appears or changes, never in the way: Enter still adds the name.
//
// The fold runs in main (the keys are main's), so the note sends the name as typed.
// It follows the workspace too: when the people change (an add from this field, or
// anyone's change) it asks again for what the field now holds, so it goes away once the
// field is emptied by an add.

import type { RosterApi } from '../../../../main/app/common/roster-api.js';
import { settle } from '../../kernel/api.js';
import type { Disposables } from '../../kernel/disposables.js';
import { h, setText, uid } from '../../kernel/dom.js';
import { sameNameText } from './duplicate-text.js';

/** Quiet time after a keystroke before main is asked (one lookup per pause, not per key). */
const TYPING_PAUSE_MS = 200;

export interface SameNameNoteOptions {
  readonly api: RosterApi;
  readonly owner: Disposables;
  /** The add field's input. */
  readonly input: HTMLInputElement;
  /** The window's polite announcer. */
  readonly announce: (message: string) => void;
}

export class SameNameNote {
  readonly element: HTMLElement;
  readonly #options: SameNameNoteOptions;
  #cancelWait: () => void = () => undefined;
  /** Numbers the lookups, so an answer overtaken by a newer one is dropped. */
  #asked = 0;

  constructor(options: SameNameNoteOptions) {
    this.#options = options;
    const id = uid('same-name');
    this.element = h('div', { id, class: 'same-name-note', hidden: true, 'data-testid': 'same-name-note' });
    const describedBy = options.input.getAttribute('aria-describedby');
    options.input.setAttribute('aria-describedby', describedBy ? `${describedBy} ${id}` : id);
    options.owner.listen(options.input, 'input', () => this.#soon());
    options.owner.add(options.api.people.onChanged(() => this.#soon()));
    options.owner.add(() => this.#cancelWait());
  }

  #soon(): void {
    this.#cancelWait();
    this.#cancelWait = this.#options.owner.timeout(() => void this.#check(), TYPING_PAUSE_MS);
  }

  async #check(): Promise<void> {
    const name = this.#options.input.value;
    const asked = ++this.#asked;
    if (name.trim() === '') {
      this.#show('');
      return;
    }
    const result = await settle(this.#options.api.duplicates.sameName({ name }));
    if (asked !== this.#asked || this.#options.input.value !== name) return;
    // A failed lookup only costs the note: adding works as before.
    this.#show(result.ok ? sameNameText(result.data) : '');
  }

  #show(text: string): void {
    const changed = this.element.textContent !== text;
    setText(this.element, text);
    this.element.hidden = text === '';
    // Read out only to someone typing in the field: a change from another window that
    // alters the note while they work elsewhere updates it quietly (aria-describedby).
    if (changed && text !== '' && document.activeElement === this.#options.input) this.#options.announce(text);
  }
}
