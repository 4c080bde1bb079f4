// The launcher's channels on the catalog. The launcher names workspaces by catalog id
// only; paths stay in main.

import { z } from 'zod';
import { defineFeature, event, files, invoke, NoInput } from '../../../kernel/common/contract.js';
import { TrashEntry, WorkspaceId, WorkspaceSummary } from './catalog-contract.js';
import { LocateResult, OpenDroppedResult, OpenResult } from './dialog-contract.js';

export const catalogApi = defineFeature('catalog', {
  list: invoke('launcher', NoInput, z.array(WorkspaceSummary)),
  create: invoke('launcher', z.strictObject({ name: z.string().max(1024) }), OpenResult),
  openExisting: invoke('launcher', NoInput, OpenResult),
  open: invoke('launcher', z.strictObject({ id: WorkspaceId }), OpenResult),
  rename: invoke('launcher', z.strictObject({ id: WorkspaceId, name: z.string().max(1024) }), z.null()),
  forget: invoke('launcher', z.strictObject({ id: WorkspaceId }), z.null()),
  delete: invoke('launcher', z.strictObject({ id: WorkspaceId }), TrashEntry),
  trash: invoke('launcher', NoInput, z.array(TrashEntry)),
  restore: invoke('launcher', z.strictObject({ trashId: TrashEntry.shape.trashId }), WorkspaceId),
  openInNewWindow: invoke('launcher', z.strictObject({ id: WorkspaceId }), OpenResult),
  reveal: invoke('launcher', z.strictObject({ id: WorkspaceId }), z.null()),
  /** Asks where a missing workspace file went (a native dialog) and points the entry there. */
  locate: invoke('launcher', z.strictObject({ id: WorkspaceId }), LocateResult),
  /** Opens the workspace files the person dropped on the launcher. */
  openFiles: files('launcher', OpenDroppedResult),
  /** The catalog changed (a workspace created, renamed, opened, closed...). */
  onChanged: event(z.strictObject({})),
  /** Sent to the workspace windows of a workspace renamed in the launcher: its new name, for their heading and title. */
  onRenamed: event(z.strictObject({ name: z.string() })),
});
