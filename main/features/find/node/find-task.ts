// The find task: a batch of workspace files searched one after another on a worker
// thread in the app (inline in the CLI), each file's answer sent back as progress the
// moment it is known, so results stream in while the rest of the batch is read.
// Between files the task yields, so a cancel (the next keystroke) stops it there.

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { loadMigrationSet, type MigrationSet } from '../../workspace/node/migrations/migration-set.js';
import { defineTask } from '../../../kernel/node/tasks/task.js';
import { throwIfCancelled } from '../../../kernel/node/tasks/task-context.js';
import { referenceSchema } from '../../workspace/node/schema-check.js';
import { currentFoldId } from '../../workspace/node/keys/fold-id.js';
import { findInFile, type FileFindResult } from './find-file.js';

export interface FindTaskInput {
  /** The files of this batch; `index` comes back with each answer. */
  readonly files: readonly { readonly index: number; readonly path: string }[];
  /** The folded search text (not empty). */
  readonly term: string;
  /** People listed per file. */
  readonly limit: number;
  readonly migrationsDir: string;
}

export interface FindTaskProgress extends FileFindResult {
  readonly index: number;
}

const migrationSets = new Map<string, MigrationSet>();

function migrationsFrom(dir: string): MigrationSet {
  let set = migrationSets.get(dir);
  if (!set) migrationSets.set(dir, (set = loadMigrationSet(dir)));
  return set;
}

export const findTask = defineTask<FindTaskInput, { readonly searched: number }, FindTaskProgress>('find', async (input, context) => {
  const migrations = migrationsFrom(input.migrationsDir);
  // What a file's schema and keys are compared with: worked out once per thread, by the
  // empty batch that starts the thread ahead of the first find (find-handlers.ts), so
  // the first keystroke does not pay for them. Each is embedded by the build when this
  // runtime built it (workspace/node/precomputed.ts); Electron computes the fold's.
  referenceSchema(migrations);
  currentFoldId();
  let searched = 0;
  for (const file of input.files) {
    throwIfCancelled(context.signal, 'The search');
    context.progress({ index: file.index, ...findInFile(file.path, input.term, input.limit, migrations) });
    searched++;
    await yieldToEventLoop();
  }
  return { searched };
});
