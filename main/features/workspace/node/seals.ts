// A seal is the identity (file-identity.ts) of a workspace file at the moment Roster
// closed it cleanly: every connection closed, the WAL folded in and removed. Opening a
// file whose identity still equals its seal, with no -wal or -journal beside it, needs
// no whole-file check before its first rows: nothing has touched it since Roster last
// saw it whole and sound (it still gets one in the background). Anything else (a crash,
// another program's write, a copy from elsewhere, no seal at all) gets quick_check
// before the first rows.
//
// Seals live in Roster's data folder (the catalog database), never in the workspace
// file, so that checking one costs no write on open.

import type { FileIdentity } from '../../../kernel/node/files/file-identity.js';

export interface SealStore {
  get(path: string): FileIdentity | null;
  set(path: string, identity: FileIdentity): void;
  delete(path: string): void;
}

/** Seals held in memory: for tests, and when the catalog cannot be opened. */
export class MemorySealStore implements SealStore {
  readonly #seals = new Map<string, FileIdentity>();

  get(path: string): FileIdentity | null {
    return this.#seals.get(path) ?? null;
  }

  set(path: string, identity: FileIdentity): void {
    this.#seals.set(path, identity);
  }

  delete(path: string): void {
    this.#seals.delete(path);
  }
}

/** Where seals are recorded: the catalog (main/features/catalog/node/catalog.ts). */
export interface SealRecords {
  seal(path: string): FileIdentity | null;
  setSeal(path: string, identity: FileIdentity): void;
  deleteSeal(path: string): void;
}

/**
 * Seals kept in the catalog database, shared by the app and the CLI. A catalog that
 * cannot be read or written only costs a whole-file check on the next open.
 */
export class CatalogSealStore implements SealStore {
  readonly #catalog: SealRecords;

  constructor(catalog: SealRecords) {
    this.#catalog = catalog;
  }

  get(path: string): FileIdentity | null {
    try {
      return this.#catalog.seal(path);
    } catch {
      return null;
    }
  }

  set(path: string, identity: FileIdentity): void {
    try {
      this.#catalog.setSeal(path, identity);
    } catch {
      // No seal: the next open checks the whole file first. Nothing is lost.
    }
  }

  delete(path: string): void {
    try {
      this.#catalog.deleteSeal(path);
    } catch {
      // A seal that cannot be removed would skip a check the file needs: say so loudly.
      process.emitWarning(`Roster could not forget the seal of ${path}; it will be checked in the background only.`);
    }
  }
}
