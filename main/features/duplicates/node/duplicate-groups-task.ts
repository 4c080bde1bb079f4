// The list of duplicate groups as a task: one ordered pass over a million entries of
// the (nameKey, id) index takes a few hundred milliseconds, which must not block the
// main process's event loop. In the app it runs on a worker thread with a read-only
// connection of its own (inline in the CLI); main keeps the answer and pages it
// (duplicates-service.ts). Only two number arrays come back, so the reply is cheap to
// hand across threads whatever the names are.

import { immutableFilename, openSqlite } from '../../../kernel/node/sqlite/driver.js';
import { throwIfCancelled } from '../../../kernel/node/tasks/task-context.js';
import { defineTask } from '../../../kernel/node/tasks/task.js';
import { groupList, type GroupList } from './duplicate-queries.js';

export interface DuplicateGroupsInput {
  readonly workspace: string;
  readonly readMode: 'normal' | 'immutable';
}

export const duplicateGroupsTask = defineTask<DuplicateGroupsInput, GroupList>('duplicate-groups', async (input, context) => {
  throwIfCancelled(context.signal, 'Listing duplicates');
  const db =
    input.readMode === 'immutable'
      ? openSqlite(immutableFilename(input.workspace), { readonly: true, fileMustExist: true })
      : openSqlite(input.workspace, { readonly: true, fileMustExist: true, timeout: 5000 });
  db.defaultSafeIntegers(false);
  try {
    return groupList(db);
  } finally {
    db.close();
  }
});
