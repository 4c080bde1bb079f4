// Reading import files and writing export files, as a port so tests can swap them.
// The app uses the same readers and writers as the `roster` CLI (people/import-file.ts,
// people/export-file.ts), so a file imports the same way from either.

import type { ImportFormat } from '../../common/people-contract.js';
import { writeExportFile, type ExportOptions, type ExportSource } from '../people/export-file.js';
import { readImportFile } from '../people/import-file.js';

export interface PeopleFiles {
  /** Reads and validates every name in the file. Throws IMPORT_INVALID naming the row. */
  read(path: string, format: ImportFormat, options?: { signal?: AbortSignal }): Promise<string[]>;
  /**
   * Writes every person of `source` (the workspace's snapshot) to `path`; returns how
   * many. Refuses a workspace or other database as the target (TARGET_REFUSED).
   */
  write(source: ExportSource, path: string, format: ImportFormat, options?: ExportOptions): Promise<number>;
}

export const defaultPeopleFiles: PeopleFiles = {
  read: (path, format, options) => readImportFile(path, format, options),
  write: async (source, path, format, options) => (await writeExportFile(source, path, format, options)).count,
};
