// What crosses IPC when people go from one workspace to another: Copy to… and Move to…
// from a workspace window, a drag of people between windows, and the launcher's
// "Merge into…"; and the progress of these and the other bulk actions main runs. A
// window learns only what it asked for: the other workspace's name and counts, never
// its people.

import { z } from 'zod';
import { TrashEntry, WorkspaceId } from '../../catalog/common/catalog-contract.js';

/** A workspace a window may copy or move people to (Copy to… / Move to…): open ones first, then recent. */
export const TransferTarget = z.strictObject({
  id: WorkspaceId,
  name: z.string(),
  /** Shown in a window now. */
  open: z.boolean(),
  /** Its file is gone: listed so the person sees it, refused if chosen. */
  missing: z.boolean(),
});

/**
 * What a copy or move did, as much as the window that asked may know: how many people
 * went, how many of them the other workspace already had under the same folded name,
 * and that workspace's display name. Nothing about the other workspace's people.
 */
export const TransferOutcome = z.strictObject({
  count: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  workspaceName: z.string(),
});

/** Names a drag of people from one workspace window, for the window it is dropped on (an opaque, short-lived id). */
export const DragToken = z.string().regex(/^[0-9a-f-]{36}$/, 'not a drag token');

/** What merging a workspace into another did. */
export const MergeOutcome = z.strictObject({
  moved: z.number().int().nonnegative(),
  /** Likely duplicates left in the merged workspace (skipDuplicates). */
  skipped: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  /** The emptied workspace, now in Roster's trash; null when people stayed in it. */
  trashed: TrashEntry.nullable(),
});

/** How far a bulk action in main has got: one on the selection (delete, copy, Copy to…, Move to…, a drop) or a merge. */
export const BulkProgress = z.strictObject({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() });
