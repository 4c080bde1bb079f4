// A workspace window's channels on the workspace's undo history, which every window on
// the file shares, and the delete of a selection of any size (one undo step).

import { z } from 'zod';
import { defineFeature, event, invoke, NoInput } from '../../../kernel/common/contract.js';
import { PeopleSelection } from '../../people/common/people-contract.js';
import { HistoryOutcome, HistoryState } from '../../workspace/common/workspace-contract.js';

export const historyApi = defineFeature('history', {
  /** Undoes the workspace's newest change (made in any window on it); says what was undone. */
  undo: invoke('workspace', NoInput, HistoryOutcome),
  redo: invoke('workspace', NoInput, HistoryOutcome),
  /** What Undo and Redo would do now (labels for the menu and the buttons). */
  history: invoke('workspace', NoInput, HistoryState),
  /** Deletes the selected people, of any number, in main by query (progress, cancel, one undo step). */
  deleteSelected: invoke(
    'workspace',
    z.strictObject({ selection: PeopleSelection }),
    z.strictObject({ count: z.number().int().nonnegative() }),
  ),
  /** The workspace's undo history changed (a change or an undo in any window on it). */
  onHistoryChanged: event(HistoryState),
});
