// A small JSON file of entries keyed by a string (a workspace file's path), such as
// window bounds or column widths: `{ "version": 1, "<field>": { key: entry } }`. Only
// the `max` most recently saved keys are kept. A missing, unreadable or corrupt file
// reads as empty, because such state is a convenience, not data. The keys name
// workspaces, so the file is written atomically (atomic-file.ts), owner-only, in an
// owner-only folder.

import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ensurePrivateDir } from '../paths/data-folder.js';
import { writeFileAtomic } from './atomic-file.js';

export class KeyedStateFile<T> {
  readonly #file: string;
  readonly #field: string;
  readonly #schema: z.ZodType<{ version: 1 } & Record<string, Record<string, T>>>;
  readonly #max: number;

  constructor(file: string, field: string, entry: z.ZodType<T>, max: number) {
    this.#file = file;
    this.#field = field;
    this.#schema = z.object({ version: z.literal(1), [field]: z.record(z.string(), entry) }) as unknown as z.ZodType<
      { version: 1 } & Record<string, Record<string, T>>
    >;
    this.#max = max;
  }

  /** Every remembered entry, oldest saved first. */
  read(): Record<string, T> {
    try {
      const parsed = this.#schema.safeParse(JSON.parse(readFileSync(this.#file, 'utf8')));
      if (parsed.success) return parsed.data[this.#field] ?? {};
    } catch {
      // Missing or unreadable: start afresh.
    }
    return {};
  }

  get(key: string): T | undefined {
    return this.read()[key];
  }

  /** Saves `entry` as the newest; the oldest keys past `max` are dropped. */
  set(key: string, entry: T): void {
    const entries = this.read();
    delete entries[key];
    entries[key] = entry;
    const keys = Object.keys(entries);
    for (const old of keys.slice(0, Math.max(0, keys.length - this.#max))) delete entries[old];
    ensurePrivateDir(dirname(this.#file));
    writeFileAtomic(this.#file, `${JSON.stringify({ version: 1, [this.#field]: entries }, null, 2)}\n`);
  }
}
