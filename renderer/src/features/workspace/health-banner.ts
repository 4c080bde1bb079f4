// The banner above the table that says what is wrong with the workspace file:
// damage found in the background, a read-only file, a file replaced underneath
// Roster (with Reopen, which opens the file now at the same place), or, as information,
// that the file was restored from a backup when it was opened (with Dismiss), or a file
// read-only because of triggers another program added (with Remove triggers and Trust
// this file, main/features/workspace/node/foreign-objects.ts). The words come from main;
// the window never names a file.

import type { EventPayload, RosterApi } from '../../../../main/app/common/roster-api.js';
import { settle } from '../../kernel/api.js';
import type { Disposables } from '../../kernel/disposables.js';
import { h, setText } from '../../kernel/dom.js';

type Notice = EventPayload<'workspace:onHealthChanged'>;

export interface HealthBannerOptions {
  readonly api: RosterApi;
  /** The window's owner: the banner stops following the file's health when it closes. */
  readonly owner: Disposables;
  /** Says the outcome to screen readers and in a toast. */
  readonly tell: (message: string, tone?: 'error') => void;
  /** The workspace under the window changed: everything on screen is reloaded. */
  readonly onReopened: () => void;
}

export class HealthBanner {
  readonly element: HTMLElement;
  readonly #text = h('p', { class: 'health-text' });
  readonly #reopen = h('button', { type: 'button', class: 'primary' }, 'Reopen');
  readonly #dismiss = h('button', { type: 'button' }, 'Dismiss');
  readonly #removeForeign = h('button', { type: 'button', class: 'primary' }, 'Remove triggers');
  readonly #trust = h('button', { type: 'button' }, 'Trust this file');
  readonly #options: HealthBannerOptions;
  #dismissed: string | null = null;

  constructor(options: HealthBannerOptions) {
    this.#options = options;
    this.element = h(
      'div',
      { class: 'health-banner', role: 'alert', hidden: true },
      this.#text,
      h('div', { class: 'health-actions' }, this.#reopen, this.#removeForeign, this.#trust, this.#dismiss),
    );
    this.#reopen.addEventListener('click', () => void this.#reopenNow());
    this.#removeForeign.addEventListener('click', () => void this.#settleForeign('remove'));
    this.#trust.addEventListener('click', () => void this.#settleForeign('trust'));
    this.#dismiss.addEventListener('click', () => {
      this.#dismissed = this.#text.textContent;
      this.element.hidden = true;
    });
    options.owner.add(options.api.workspace.onHealthChanged((notice) => this.show(notice)));
    void settle(options.api.workspace.health()).then((result) => {
      if (result.ok) this.show(result.data);
    });
  }

  show({ state, message, untrusted }: Notice): void {
    this.element.dataset['state'] = state;
    setText(this.#text, message ?? '');
    // A notice that is only information can be put away; one that stops changes cannot.
    this.#reopen.hidden = state !== 'replaced';
    this.#removeForeign.hidden = this.#trust.hidden = state !== 'read-only' || !untrusted?.length;
    const information = state === 'restored' || state === 'set-aside';
    this.#dismiss.hidden = !information;
    this.element.setAttribute('role', information ? 'status' : 'alert');
    this.element.hidden = message === null || (information && message === this.#dismissed);
  }

  /** Removes the foreign triggers, or trusts them; main reopens the workspace for writing either way. */
  async #settleForeign(action: 'remove' | 'trust'): Promise<void> {
    this.#removeForeign.disabled = this.#trust.disabled = true;
    const api = this.#options.api.workspace;
    const result = await settle(action === 'remove' ? api.removeForeign() : api.trust());
    this.#removeForeign.disabled = this.#trust.disabled = false;
    if (!result.ok) {
      this.#options.tell(result.error.message, 'error');
      return;
    }
    this.show(result.data);
    this.#options.onReopened();
    this.#options.tell(
      action === 'remove' ? 'Removed the triggers; the workspace can be changed again.' : 'Trusted this file; its triggers now run.',
    );
  }

  async #reopenNow(): Promise<void> {
    this.#reopen.disabled = true;
    const result = await settle(this.#options.api.workspace.reopen());
    this.#reopen.disabled = false;
    if (!result.ok) {
      this.#options.tell(result.error.message, 'error');
      return;
    }
    this.show(result.data);
    this.#options.onReopened();
    this.#options.tell('Reopened the workspace.');
  }
}
