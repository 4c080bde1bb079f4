// What the native dialogs and file drops answer across IPC: a file opened, located or
// exported, or nothing because the person closed the dialog. (What a drop sends main,
// the paths of the dropped files, is DroppedPaths in main/kernel/common/contract.ts.)

import { z } from 'zod';
import { WorkspaceId } from './catalog-contract.js';

/** What a dialog-driven action returns when the person closes the dialog. */
export const Dismissed = z.strictObject({ status: z.literal('dismissed') });

export const ExportResult = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('exported'), count: z.number().int().nonnegative(), fileName: z.string() }),
  Dismissed,
]);
export const OpenResult = z.discriminatedUnion('status', [z.strictObject({ status: z.literal('opened'), id: WorkspaceId }), Dismissed]);

export const LocateResult = z.discriminatedUnion('status', [z.strictObject({ status: z.literal('located'), id: WorkspaceId }), Dismissed]);

/** One dropped workspace file: opened, or why not (by file name only). */
export const OpenDroppedResult = z.array(
  z.discriminatedUnion('status', [
    z.strictObject({ status: z.literal('opened'), id: WorkspaceId }),
    z.strictObject({ status: z.literal('failed'), fileName: z.string(), message: z.string() }),
  ]),
);
