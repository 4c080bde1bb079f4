// What the native dialogs and file drops answer across IPC: a file opened, located or
// exported, or nothing because the person closed the dialog; and the paths of dropped
// files, which main checks before it touches them.

import { z } from 'zod';
import { WorkspaceId } from './catalog-contract.js';

/** What a dialog-driven action returns when the person closes the dialog. */
export const Dismissed = z.strictObject({ status: z.literal('dismissed') });

export const ExportResult = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('exported'), count: z.number().int().nonnegative(), fileName: z.string() }),
  Dismissed,
]);
export const OpenResult = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('opened'), id: WorkspaceId }),
  Dismissed,
]);

/**
 * Files the person dropped on a window, as the preload hands them to main: the paths
 * Electron's `webUtils.getPathForFile` gave for them ('' for a file that is not on
 * disk, such as one a page made from a Blob). Main checks every path before use.
 */
export const DroppedPaths = z.strictObject({ paths: z.array(z.string().max(4096)).min(1).max(100) });

export const LocateResult = z.discriminatedUnion('status', [z.strictObject({ status: z.literal('located'), id: WorkspaceId }), Dismissed]);

/** One dropped workspace file: opened, or why not (by file name only). */
export const OpenDroppedResult = z.array(
  z.discriminatedUnion('status', [
    z.strictObject({ status: z.literal('opened'), id: WorkspaceId }),
    z.strictObject({ status: z.literal('failed'), fileName: z.string(), message: z.string() }),
  ]),
);
