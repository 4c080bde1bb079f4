// A seal is the identity (file-identity.ts) of a workspace file at the moment Roster
// closed it cleanly: every connection closed, the WAL folded in and removed. Opening a
// file whose identity still equals its seal, with no -wal or -journal beside it, needs
// no whole-file check before its first rows: nothing has touched it since Roster last
// saw it whole and sound (it still gets one in the background). Anything else (a crash,
// another program's write, a copy from elsewhere, no seal at all) gets quick_check
// before the first rows.
//
// A seal is forgotten as soon as Roster opens the file to write it (one write to the
// catalog): until it closes it cleanly again, a -wal beside the file may hold its
// committed changes. While a file still matches its seal, a -wal or -journal beside it
// holding changes cannot be Roster's, and is set aside unread (sidecars.ts).
//
// Seals live in Roster's data folder (the catalog database), never in the workspace
// file, so that checking or forgetting one never writes the workspace file.

import { z } from 'zod';
import type { FileIdentity } from '../../../kernel/node/files/file-identity.js';
import { KeyedStateFile } from '../../../kernel/node/files/keyed-state-file.js';

export interface SealStore {
  get(path: string): FileIdentity | null;
  set(path: string, identity: FileIdentity): void;
  delete(path: string): void;
  /** Whether Roster knows a workspace at this path even without a seal (the catalog lists it): an emptied file there is refused. */
  knows?(path: string): boolean;
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
  /** The catalog's entry for a workspace path, if it lists one. */
  findByPath?(path: string): unknown;
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

  knows(path: string): boolean {
    try {
      return this.#catalog.findByPath?.(path) !== undefined;
    } catch {
      return false;
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

/**
 * The person's trust in the foreign triggers of one file (foreign-objects.ts): which
 * triggers (their fingerprint) and the file's identity when trust was given or, since,
 * when Roster last closed the file cleanly. Like a seal, it holds only while nothing
 * else has written the file: a file another program changed is asked about again.
 */
export interface TrustRecord {
  readonly fingerprint: string;
  readonly identity: FileIdentity;
}

export interface TrustStore {
  get(path: string): TrustRecord | null;
  set(path: string, record: TrustRecord): void;
  delete(path: string): void;
}

/** Trust held in memory: for tests. */
export class MemoryTrustStore implements TrustStore {
  readonly #records = new Map<string, TrustRecord>();

  get(path: string): TrustRecord | null {
    return this.#records.get(path) ?? null;
  }

  set(path: string, record: TrustRecord): void {
    this.#records.set(path, record);
  }

  delete(path: string): void {
    this.#records.delete(path);
  }
}

const TrustEntry = z.strictObject({
  fingerprint: z.string(),
  identity: z.strictObject({ dev: z.string(), ino: z.string(), size: z.string(), mtimeNs: z.string(), ctimeNs: z.string() }),
});

/** How many files' trust is remembered; the oldest is forgotten first (and asked about again). */
const TRUST_MAX = 500;

/**
 * Trust kept in a small file in Roster's data folder (shared by the app and the CLI).
 * A record that cannot be read only means the person is asked again: it never lets a
 * trigger run that was not trusted.
 */
export class FileTrustStore implements TrustStore {
  readonly #state: KeyedStateFile<TrustRecord>;

  constructor(file: string) {
    this.#state = new KeyedStateFile(file, 'trusted', TrustEntry, TRUST_MAX);
  }

  get(path: string): TrustRecord | null {
    return this.#state.get(path) ?? null;
  }

  set(path: string, record: TrustRecord): void {
    this.#state.set(path, record);
  }

  delete(path: string): void {
    const entry = this.#state.get(path);
    if (entry) this.#state.set(path, { ...entry, fingerprint: '' });
  }
}
