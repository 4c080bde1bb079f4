// A workspace window's channels on likely duplicates: the add field's "already here"
// note, and the view of every name the workspace holds more than once.

import { defineFeature, invoke } from '../../../kernel/common/contract.js';
import { GroupsInput, GroupsPage, SameNameInput, SameNameResult } from './duplicates-contract.js';

export const duplicatesApi = defineFeature('duplicates', {
  /** Who in this workspace has a name that folds like this one (one index lookup). */
  sameName: invoke('workspace', SameNameInput, SameNameResult),
  /** A page of the groups of people sharing a folded name, in name order, with the totals. */
  groups: invoke('workspace', GroupsInput, GroupsPage),
});
