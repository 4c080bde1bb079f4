// A workspace window's channels for importing people from a file and exporting them.
//
// Importing is choose (dialog) or drop, preview (as often as the person changes a
// setting), then confirm or discard. The file stays in main behind a token; only its
// base name crosses.

import { z } from 'zod';
import { defineFeature, event, files, invoke, NoInput } from '../../../kernel/common/contract.js';
import { ExportResult } from '../../catalog/common/dialog-contract.js';
import { ImportFormat, PeopleSelection } from '../../people/common/people-contract.js';
import {
  ImportChooseResult,
  ImportConfirmInput,
  ImportChosen,
  ImportPreview,
  ImportPreviewRequest,
  ImportResult,
  ImportTokenInput,
} from './import-contract.js';

const Progress = z.strictObject({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() });

export const importExportApi = defineFeature('importExport', {
  /** Asks for a file with the native dialog; it waits in this window for its preview. */
  chooseImport: invoke('workspace', z.strictObject({ format: ImportFormat }), ImportChooseResult),
  /** The one file the person dropped on the window (its format from its extension); it waits for its preview like a chosen one. */
  chooseDroppedImport: files('workspace', ImportChosen),
  /** Reads the waiting file (on a worker) as asked: encoding, separator, rows, count, problems. Writes nothing. */
  previewImport: invoke('workspace', ImportPreviewRequest, ImportPreview),
  /** Imports the waiting file with the settings of its last preview, with progress; one undo step. */
  confirmImport: invoke('workspace', ImportConfirmInput, ImportResult),
  /** Lets the waiting file go (the preview was cancelled). False if that token was not waiting. */
  discardImport: invoke('workspace', ImportTokenInput, z.boolean()),
  /** Stops this window's running import; nothing is added. True if one was running. */
  cancelImport: invoke('workspace', NoInput, z.boolean()),
  /** Exports everyone, or only the selected people. */
  export: invoke('workspace', z.strictObject({ format: ImportFormat, selection: PeopleSelection.optional() }), ExportResult),
  /** Stops this window's export; the file at the target stays as it was. True if one was running. */
  cancelExport: invoke('workspace', NoInput, z.boolean()),
  onImportProgress: event(Progress),
  onExportProgress: event(Progress),
});
