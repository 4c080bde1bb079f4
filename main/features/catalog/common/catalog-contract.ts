// The shapes of the workspace catalog: the list of workspaces Roster knows, shown by
// the launcher and by `roster workspace list`.

import { z } from 'zod';

const DISPLAY_NAME_MAX = 120;

export const WorkspaceId = z.string().regex(/^[0-9a-f-]{36}$/, 'not a workspace id');
export type WorkspaceId = z.infer<typeof WorkspaceId>;

export const DisplayName = z
  .string()
  .trim()
  .min(1, 'A workspace needs a name.')
  .max(DISPLAY_NAME_MAX, `A workspace name can have at most ${DISPLAY_NAME_MAX} characters.`)
  .refine((name) => !/\p{Cc}/u.test(name), 'A workspace name cannot contain control characters.');

/** One catalog entry as stored on disk and as the CLI prints it. */
export const CatalogEntry = z.strictObject({
  id: WorkspaceId,
  name: z.string(),
  /** Absolute, canonical path of the workspace file. */
  path: z.string(),
  createdAt: z.iso.datetime(),
  lastOpenedAt: z.iso.datetime().nullable(),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

/** A catalog entry as the launcher shows it: where it is, whether it is still there. */
export const WorkspaceSummary = z.strictObject({
  id: WorkspaceId,
  name: z.string(),
  /** The folder that holds the file, for display. */
  location: z.string(),
  fileName: z.string(),
  createdAt: z.iso.datetime(),
  lastOpenedAt: z.iso.datetime().nullable(),
  missing: z.boolean(),
  /** Null when the file is missing or could not be read. */
  peopleCount: z.number().int().nonnegative().nullable(),
  /** True while a window shows this workspace. */
  open: z.boolean(),
});
export type WorkspaceSummary = z.infer<typeof WorkspaceSummary>;

/** A deleted workspace waiting in Roster's trash. */
export const TrashEntry = z.strictObject({
  trashId: z.string().regex(/^[0-9a-f-]{36}$/),
  name: z.string(),
  originalPath: z.string(),
  deletedAt: z.iso.datetime(),
});
export type TrashEntry = z.infer<typeof TrashEntry>;
