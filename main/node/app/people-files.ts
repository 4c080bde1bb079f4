// Writing export files, as a port so tests can swap it. The app uses the same writer as
// the `roster` CLI (people/export-file.ts). (Imports go through PersonService.importFile,
// which streams the file in a task.)

import type { ImportFormat } from '../../common/people-contract.js';
import { writeExportFile, type ExportSource } from '../people/export-file.js';

export interface PeopleFiles {
  /** Writes every person of the workspace; returns how many. */
  write(service: ExportSource, path: string, format: ImportFormat): Promise<number>;
}

export const defaultPeopleFiles: PeopleFiles = {
  write: async (service, path, format) => (await writeExportFile(service, path, format)).count,
};
