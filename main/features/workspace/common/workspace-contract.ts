// What a workspace window learns about its workspace and keeps about itself: the
// workspace's name, the health of its file, its undo history, and how the window was
// laid out (column widths). The channels that carry them are declared in
// workspace-api.ts and, for the undo history, main/features/history/common/history-api.ts.

import { z } from 'zod';

export const WorkspaceInfo = z.strictObject({
  /** Display name from the catalog, or the file's name when it is not catalogued. */
  name: z.string(),
});

export const HealthNotice = z.strictObject({
  /**
   * 'restored': healthy, but restored from a backup when it was opened (an older Roster left it half-upgraded).
   * 'set-aside': healthy, but files beside it that could not be its own (another file's WAL) were set aside, unread, when it was opened.
   */
  state: z.enum(['ok', 'restored', 'set-aside', 'read-only', 'damaged', 'replaced']),
  /** What the window shows, in plain words; null while the file is healthy. */
  message: z.string().nullable(),
  /**
   * Read-only because of triggers another program added, named here (`"name" on Table`):
   * the window offers workspace:removeForeign and workspace:trust. Absent otherwise.
   */
  untrusted: z.array(z.string()).optional(),
});

export const HistoryState = z.strictObject({
  undoLabel: z.string().nullable(),
  redoLabel: z.string().nullable(),
});

export const HistoryOutcome = z.strictObject({
  action: z.enum(['undo', 'redo']),
  label: z.string(),
});

/** Widths of the people table's columns in CSS pixels; absent: the default. */
export const ColumnWidths = z.strictObject({
  name: z.number().int().min(48).max(4000).optional(),
  created: z.number().int().min(48).max(4000).optional(),
  updated: z.number().int().min(48).max(4000).optional(),
});
export type ColumnWidths = z.infer<typeof ColumnWidths>;

/** How this workspace's window was last laid out; kept by main per workspace file. */
export const ViewState = z.strictObject({ columnWidths: ColumnWidths });
