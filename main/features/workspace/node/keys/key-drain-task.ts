// Drains PersonKeyQueue on a connection of its own (see key-upkeep.ts), in short
// transactions, until the queue is empty or the task is cancelled.

import { setImmediate as yieldNow } from 'node:timers/promises';
import { openSqlite } from '../../../../kernel/node/sqlite/driver.js';
import { BUSY_TIMEOUT_MS } from '../../../../kernel/node/sqlite/pragmas.js';
import { defineTask } from '../../../../kernel/node/tasks/task.js';
import type { TaskHandler } from '../../../../kernel/node/tasks/task-context.js';
import { drainKeyQueue } from './key-upkeep.js';
import { stalled } from '../../../../kernel/node/sqlite/paging.js';

export interface KeyDrainInput {
  readonly path: string;
}

export interface KeyDrainResult {
  readonly processed: number;
  readonly changed: number;
}

const drainKeys: TaskHandler<KeyDrainInput, KeyDrainResult, KeyDrainResult> = async (input, context) => {
  const db = openSqlite(input.path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  let processed = 0;
  let changed = 0;
  try {
    for (;;) {
      if (context.signal.aborted) break;
      const step = drainKeyQueue(db);
      processed += step.processed;
      changed += step.changed;
      if (step.processed > 0) context.progress({ processed, changed });
      if (step.remaining === 0) break;
      // Each step empties what it read from the queue; rows left while a step read none would spin this loop.
      if (step.processed === 0) throw stalled('key queue', { remaining: step.remaining, processed });
      await yieldNow();
    }
    return { processed, changed };
  } finally {
    db.close();
  }
};

export const keyDrainTask = defineTask('key-drain', drainKeys, { lane: 'background' });
