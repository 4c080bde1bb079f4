// The channels that take people from one workspace to another: Copy to… and Move to…
// and drags between workspace windows, the launcher's Merge into…, and the progress of
// these and the other bulk actions main runs.

import { z } from 'zod';
import { defineFeature, event, invoke, NoInput } from '../../../kernel/common/contract.js';
import { WorkspaceId } from '../../catalog/common/catalog-contract.js';
import { PeopleSelection, TransferMode } from '../../people/common/people-contract.js';
import { BulkProgress, DragToken, MergeOutcome, TransferOutcome, TransferTarget } from './transfer-contract.js';

export const transferApi = defineFeature('transfer', {
  /** Workspaces this window's people can be copied or moved to (never this one). */
  transferTargets: invoke('workspace', NoInput, z.array(TransferTarget)),
  /** Copies or moves the selected people to a workspace chosen by catalog id; one undoable step. */
  transfer: invoke('workspace', z.strictObject({ targetId: WorkspaceId, mode: TransferMode, selection: PeopleSelection }), TransferOutcome),
  /** Stops this window's copy or move while it is still copying (nothing changes then). True if one was running. */
  cancelBulk: invoke('workspace', NoInput, z.boolean()),
  /**
   * The person started dragging these people out of the window. The page puts a fresh
   * random token in the drag's data (a drag must be filled in at once, before any reply
   * could come) and tells main what it stands for; the window it is dropped on hands it back.
   */
  dragStart: invoke('workspace', z.strictObject({ token: DragToken, selection: PeopleSelection }), z.null()),
  /** People dragged from another workspace window were dropped here: copies or moves them into this workspace. */
  drop: invoke('workspace', z.strictObject({ token: DragToken, mode: TransferMode }), TransferOutcome),
  /** Moves everyone in one workspace into another; the emptied one goes to the trash. */
  merge: invoke('launcher', z.strictObject({ id: WorkspaceId, intoId: WorkspaceId, skipDuplicates: z.boolean() }), MergeOutcome),
  /** How far this window's bulk action (delete, copy, Copy to…, Move to…, a drop) has got. */
  onBulkProgress: event(BulkProgress),
  /** People dragged out of this window were moved into another workspace (its name): the window lets go of them. */
  onDraggedAway: event(z.strictObject({ count: z.number().int().nonnegative(), workspaceName: z.string() })),
  onMergeProgress: event(BulkProgress),
});
