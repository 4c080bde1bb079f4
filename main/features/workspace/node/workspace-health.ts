// Whether an open workspace accepts writes, and why not (see opened-workspace.ts): the
// state, the refusal each state gives, and the listeners (the windows) told of changes.

import type Database from 'better-sqlite3';
import { RosterError } from '../../../kernel/common/errors.js';
import type { WorkspaceOpenOptions } from './open-options.js';
import { untrustedError, type ForeignTrigger } from './foreign-objects.js';

export type WorkspaceHealth =
  | { readonly state: 'ok' }
  | {
      readonly state: 'read-only';
      readonly reason: string;
      /** Writable here, but read-only because of these foreign triggers until they are removed or trusted (foreign-objects.ts). */
      readonly untrusted?: readonly ForeignTrigger[];
    }
  | { readonly state: 'damaged'; readonly reason: string }
  | { readonly state: 'replaced'; readonly recoveryPath: string | null };

type Listener = (health: WorkspaceHealth) => void;

export class HealthState {
  readonly #db: Database.Database;
  readonly #log: WorkspaceOpenOptions['log'];
  readonly #listeners = new Set<Listener>();
  #health: WorkspaceHealth;

  /** `readOnly`: why the file was opened read-only, or null when it may be written; `untrusted`: the foreign triggers that made it so. */
  constructor(db: Database.Database, readOnly: string | null, log: WorkspaceOpenOptions['log'], untrusted: readonly ForeignTrigger[] = []) {
    this.#db = db;
    this.#log = log;
    this.#health =
      readOnly === null
        ? { state: 'ok' }
        : untrusted.length > 0
          ? { state: 'read-only', reason: readOnly, untrusted }
          : { state: 'read-only', reason: readOnly };
    if (this.#health.state !== 'ok') db.pragma('query_only = ON');
  }

  get current(): WorkspaceHealth {
    return this.#health;
  }

  /** Stops writes for good, for `next`'s reason; once replaced, the worst news stays. */
  set(next: WorkspaceHealth): void {
    if (this.#health.state === 'replaced') return;
    this.#health = next;
    try {
      if (this.#db.open) this.#db.pragma('query_only = ON');
    } catch {
      // A connection inside a transaction cannot change it; the write checks still refuse.
    }
    for (const listener of [...this.#listeners]) {
      try {
        listener(this.#health);
      } catch (error) {
        this.#log?.('warn', 'a health listener failed', error);
      }
    }
  }

  /** The file was replaced and Roster has let go of it: now where its recovery copy is. */
  retired(recoveryPath: string | null): void {
    this.#health = { state: 'replaced', recoveryPath };
    for (const listener of [...this.#listeners]) listener(this.#health);
  }

  /** Told when health changes. Returns the unsubscribe function. */
  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Why writes are refused now, or null when they are not. */
  refusal(): RosterError | null {
    const health = this.#health;
    switch (health.state) {
      case 'ok':
        return null;
      case 'read-only':
        if (health.untrusted) return untrustedError(health.untrusted);
        return new RosterError(
          'WORKSPACE_READ_ONLY',
          `This workspace is read-only here (${health.reason}), so nothing can be changed in it.`,
        );
      case 'damaged':
        return new RosterError(
          'WORKSPACE_CORRUPT',
          'Roster found damage in this workspace file and stopped saving changes to it, ' +
            'so nothing more is lost. Export what you can, or open a backup.',
          { reason: health.reason },
        );
      case 'replaced':
        return new RosterError(
          'WORKSPACE_REPLACED',
          health.recoveryPath
            ? `This workspace file was moved, deleted or replaced by another program while it was open, ` +
                `so Roster stopped using it. What it held is saved in ${health.recoveryPath}. Reopen the workspace to continue.`
            : 'This workspace file was moved, deleted or replaced by another program while it was open, ' +
                'so Roster stopped using it. Reopen the workspace to continue.',
          { recoveryPath: health.recoveryPath },
        );
    }
  }
}

/** A write committed to the file Roster held after another program replaced it at the path. */
export function replacedWriteError(health: WorkspaceHealth): RosterError {
  const recoveryPath = health.state === 'replaced' ? health.recoveryPath : null;
  return new RosterError(
    'WORKSPACE_REPLACED',
    recoveryPath
      ? `This workspace file was moved, deleted or replaced by another program while it was open. ` +
          `Your change was saved in a recovery copy: ${recoveryPath}`
      : 'This workspace file was moved, deleted or replaced by another program while it was open, ' +
          'so your change is not in the file at its place. Reopen it to continue.',
    { recoveryPath },
  );
}
