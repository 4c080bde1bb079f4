// Sending a typed name to main, and counting it as it is typed. Main is the judge and
// its message is what the person sees; the only name the renderer refuses itself is
// one too long to even cross IPC (main would answer with a message about payload
// sizes, not about names). The counter counts as main does (person-name.ts): what
// people see, so "👩‍🔬" is one character, not three code points or five UTF-16 units.

import type { ErrorInfo } from '../../../main/kernel/common/errors.js';
import {
  characterCount,
  checkName,
  NAME_MAX_CHARACTERS,
  NAME_MAX_CODE_POINTS,
} from '../../../main/features/workspace/common/person-name.js';
import { h, setText, uid } from './dom.js';

/** The IPC contract's loose length bound for a name (UTF-16 units). */
const WIRE_MAX = NAME_MAX_CODE_POINTS * 4;

/** A plain-words message for a name that cannot be sent at all, or null. */
export function unsendableName(raw: string): string | null {
  if (raw.length <= WIRE_MAX) return null;
  const check = checkName(raw);
  return check.ok ? null : check.message;
}

/** Main's message, reworded only when it speaks about the request rather than the name. */
export function nameErrorMessage(error: ErrorInfo, raw: string): string {
  if (error.code === 'INVALID_INPUT') {
    const check = checkName(raw);
    if (!check.ok) return check.message;
  }
  return error.message;
}

/** The counter stays out of the way of ordinary names: it shows from this many characters on. */
const COUNT_FROM = 64;

/**
 * "100 of 256 characters" under a name field once the name gets long, counted as main
 * counts (trimmed and composed). Past the limit it says so, before the name is sent.
 */
export class NameCounter {
  readonly element: HTMLElement;
  readonly #input: HTMLInputElement;

  constructor(input: HTMLInputElement) {
    this.#input = input;
    const id = uid('name-counter');
    this.element = h('div', { id, class: 'name-counter', hidden: true });
    // Described by the count too, so a screen reader hears "300 of 256 characters: too long"
    // with the field, not only the refusal after Enter.
    const describedBy = input.getAttribute('aria-describedby');
    input.setAttribute('aria-describedby', describedBy ? `${describedBy} ${id}` : id);
    input.addEventListener('input', () => this.update());
  }

  update(): void {
    const text = this.#input.value.trim();
    // Cheap for short text: no name under COUNT_FROM code points has COUNT_FROM characters.
    const count = text.length < COUNT_FROM ? 0 : characterCount(text.normalize('NFC'));
    const show = count >= COUNT_FROM;
    this.element.hidden = !show;
    if (!show) return;
    const over = count > NAME_MAX_CHARACTERS;
    setText(this.element, `${count.toLocaleString()} of ${NAME_MAX_CHARACTERS} characters${over ? ': too long' : ''}`);
    this.element.classList.toggle('over', over);
  }
}
