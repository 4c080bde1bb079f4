// The workspace window's channels about its workspace: its name, the health of its
// file (and reopening it after it was replaced), and how the window was laid out.

import { z } from 'zod';
import { defineFeature, event, invoke, NoInput } from '../../../kernel/common/contract.js';
import { ColumnWidths, HealthNotice, ViewState, WorkspaceInfo } from './workspace-contract.js';

export const workspaceApi = defineFeature('workspace', {
  info: invoke('workspace', NoInput, WorkspaceInfo),
  /** The file's health now (damage found by the background check, read-only, replaced). */
  health: invoke('workspace', NoInput, HealthNotice),
  /**
   * After its file was replaced underneath it: gives up the workspace Roster had open and
   * opens the file now at the same path (the window's own, known to main; never a path
   * from the renderer). Answers the new file's health.
   */
  reopen: invoke('workspace', NoInput, HealthNotice),
  /**
   * The window's workspace is read-only because of triggers another program added
   * (HealthNotice.untrusted): trust exactly those, in this file as it is now, and open it
   * for writing. Asked again once another program changes the file. Answers the new health.
   */
  trust: invoke('workspace', NoInput, HealthNotice),
  /** The same, but removes exactly those triggers (and nothing else) instead. Answers the new health. */
  removeForeign: invoke('workspace', NoInput, HealthNotice),
  viewState: invoke('workspace', NoInput, ViewState),
  setColumnWidths: invoke('workspace', z.strictObject({ columnWidths: ColumnWidths }), z.null()),
  /** The workspace file's health changed (see workspace:health). */
  onHealthChanged: event(HealthNotice),
});
