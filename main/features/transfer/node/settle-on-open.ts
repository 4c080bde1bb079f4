// How a workspace settles, as it opens, the moves out of it that an earlier run left
// unfinished (transfer-settle.ts). The workspace feature opens files but knows nothing
// of moves, so it asks through its SettlePort, and the composition root hands it this.

import type { SettlePort } from '../../workspace/node/open-options.js';
import { hasJournalRows } from './transfer-journal.js';
import { settleTask } from './transfer-settle.js';

export const settleOnOpen: SettlePort = {
  // Moves out of the file to settle, or "in" rows of settled moves to tidy (transfer-settle.ts).
  pending: hasJournalRows,
  settle: (path, tasks) => tasks.run(settleTask, { path }),
};
