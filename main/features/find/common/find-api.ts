// "Find a person in every workspace": the launcher's find, and the workspace window's
// half of opening a result (take the person to show, find where it is in the list).

import { z } from 'zod';
import { defineFeature, event, invoke, NoInput } from '../../../kernel/common/contract.js';
import { OpenResult } from '../../catalog/common/dialog-contract.js';
import {
  FindCancelInput,
  FindDoneEvent,
  FindGroupEvent,
  FindInput,
  FindStarted,
  OpenPersonInput,
  PersonPosition,
  PositionInput,
  RevealRequest,
} from './find-contract.js';

export const findApi = defineFeature('find', {
  /**
   * Searches every catalogued workspace for people. Answers at once; the groups follow
   * as find:onFindGroup events, then find:onFindDone. A newer find from the same window
   * cancels the older one.
   */
  find: invoke('launcher', FindInput, FindStarted),
  /** The find box got focus: main starts the threads a find runs on, so the first keystroke does not wait for them. */
  prepareFind: invoke('launcher', NoInput, z.null()),
  /** Stops the find with this id; false when it is not the one running. */
  cancelFind: invoke('launcher', FindCancelInput, z.boolean()),
  /** Opens the workspace (or focuses its window) and has its windows show and select the person. */
  openPerson: invoke('launcher', OpenPersonInput, OpenResult),
  /** One workspace's answer to a find (see find:find). */
  onFindGroup: event(FindGroupEvent),
  /** Every workspace of a find has answered. */
  onFindDone: event(FindDoneEvent),
  /** The person the launcher asked this window to show (once; null when there is none). */
  takeReveal: invoke('workspace', NoInput, RevealRequest),
  /** Where a person is in this order (0-based), for scrolling to it; null when there is no such person. */
  position: invoke('workspace', PositionInput, PersonPosition),
  /** The launcher asked this window to show a person: call find:takeReveal. */
  onRevealRequested: event(z.strictObject({})),
});
