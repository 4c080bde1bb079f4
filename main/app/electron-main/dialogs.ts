// Native dialogs behind the core's DialogPort.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { DialogPort } from '../../kernel/node/ipc/ports.js';
import type { ImportFormat } from '../../features/people/common/people-contract.js';
import { OPENABLE_EXTENSIONS, WORKSPACE_EXTENSION } from '../../kernel/node/sqlite/sqlite-file.js';

function documents(): string {
  try {
    return app.getPath('documents');
  } catch {
    return homedir();
  }
}

/** A name usable as a file name on every platform. */
function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\p{Cc}]/gu, '-').replace(/^[.\s]+|[.\s]+$/g, '');
  return cleaned === '' ? 'Workspace' : cleaned.slice(0, 120);
}

async function save(options: SaveDialogOptions): Promise<string | null> {
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

async function open(options: OpenDialogOptions): Promise<string | null> {
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

const ext = (e: string): string => e.replace(/^\./, '');

export const electronDialogs: DialogPort<ImportFormat> = {
  chooseNewWorkspacePath: (suggestedName) =>
    save({
      title: 'New Workspace',
      buttonLabel: 'Create',
      defaultPath: join(documents(), `${safeFileName(suggestedName)}${WORKSPACE_EXTENSION}`),
      filters: [{ name: 'Roster workspace', extensions: [ext(WORKSPACE_EXTENSION)] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    }),
  chooseExistingWorkspace: () =>
    open({
      title: 'Open Workspace',
      filters: [{ name: 'Roster workspace', extensions: OPENABLE_EXTENSIONS.map(ext) }],
      properties: ['openFile'],
    }),
  chooseImportFile: (format) =>
    open({
      title: 'Import People',
      // Excel's "Unicode Text" is a tab-separated .txt; the preview shows what is in it.
      filters: [format === 'csv' ? { name: 'CSV or text', extensions: ['csv', 'tsv', 'txt'] } : { name: 'JSON', extensions: ['json'] }],
      properties: ['openFile'],
    }),
  chooseExportFile: (format, suggestedFileName) =>
    save({
      title: 'Export People',
      defaultPath: join(documents(), safeFileName(suggestedFileName.replace(/\.(csv|json)$/, '')) + `.${format}`),
      filters: [{ name: format === 'csv' ? 'CSV' : 'JSON', extensions: [format] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    }),
  locateWorkspace: (name, previousFileName) =>
    open({
      title: `Locate “${name}” (${previousFileName})`,
      buttonLabel: 'Use This File',
      filters: [{ name: 'Roster workspace', extensions: OPENABLE_EXTENSIONS.map(ext) }],
      properties: ['openFile'],
    }),
};
