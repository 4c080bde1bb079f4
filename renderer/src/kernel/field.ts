// A text field with its error message next to it. The message is tied to the input
// with aria-describedby and aria-invalid, and announced when it appears. Showing an
// error never touches what the person typed.

import { h, setText, uid, type Attrs } from './dom.js';

export class Field {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  readonly #error: HTMLElement;

  constructor(options: { label: string; visibleLabel?: boolean; placeholder?: string; className?: string; inputAttrs?: Attrs }) {
    const id = uid('field');
    const errorId = `${id}-error`;
    this.input = h('input', {
      id,
      type: 'text',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: options.placeholder,
      'aria-describedby': errorId,
      ...(options.visibleLabel ? {} : { 'aria-label': options.label }),
      ...options.inputAttrs,
    });
    this.#error = h('div', { id: errorId, class: 'field-error', role: 'alert', hidden: true });
    this.element = h(
      'div',
      { class: `field ${options.className ?? ''}`.trim() },
      options.visibleLabel ? h('label', { for: id }, options.label) : null,
      this.input,
      this.#error,
    );
  }

  get value(): string {
    return this.input.value;
  }

  set value(text: string) {
    this.input.value = text;
  }

  showError(message: string): void {
    setText(this.#error, message);
    this.#error.hidden = false;
    this.input.setAttribute('aria-invalid', 'true');
    this.element.classList.add('has-error');
  }

  clearError(): void {
    if (this.#error.hidden) return;
    this.#error.hidden = true;
    setText(this.#error, '');
    this.input.removeAttribute('aria-invalid');
    this.element.classList.remove('has-error');
  }

  get errorText(): string | null {
    return this.#error.hidden ? null : this.#error.textContent;
  }
}
