// Exporting every person of a workspace to a file, as a task (on a worker in the app):
// the snapshot reader's one read transaction (snapshot-reader.ts) streamed into the
// export writer (export-file.ts), so a million people never hold the main thread.
//
// The caller checks the target first, on its own thread (export-target.ts: it knows
// which files this process holds open); the writer checks it again just before the
// finished file takes its place, against the catalogued paths passed in here.

import type { ImportFormat } from '../../people/common/people-contract.js';
import { canonicalPath } from '../../../kernel/node/sqlite/sqlite-file.js';
import { defineTask } from '../../../kernel/node/tasks/task.js';
import { writeExportFile, type CsvEol } from './export-file.js';
import type { SelectionQuery } from '../../people/node/selection.js';
import { readPeopleSnapshot, SNAPSHOT_BATCH } from './snapshot-reader.js';

export interface ExportInput {
  /** The workspace file. */
  readonly workspace: string;
  readonly out: string;
  readonly format: ImportFormat;
  /** CSV only: start with a UTF-8 byte order mark (default true). */
  readonly bom?: boolean;
  /** CSV only: line ends (default CRLF). */
  readonly eol?: CsvEol;
  /** How the workspace was opened (an immutable read-only file is read that way too). */
  readonly readMode: 'normal' | 'immutable';
  /** Canonical paths of the catalog's workspaces: never written over. */
  readonly catalogued: readonly string[];
  /** Only these people (a window's selection); default everyone. */
  readonly selection?: SelectionQuery;
  /** The export ledger folder (export-ledger.ts): a kill's leftovers are removed at the next start. */
  readonly ledger?: string;
}

export interface ExportProgress {
  readonly count: number;
}

export const exportTask = defineTask<ExportInput, { count: number }, ExportProgress>('export', async (input, context) => {
  const catalogued = new Set(input.catalogued);
  let count = 0;
  const snapshot = readPeopleSnapshot(input.workspace, SNAPSHOT_BATCH, context.signal, input.readMode, input.selection);
  const counted = (async function* () {
    for await (const batch of snapshot) {
      yield batch;
      count += batch.length;
      // About fifty progress messages for a million people.
      if (count % (SNAPSHOT_BATCH * 4) === 0) context.progress({ count });
    }
  })();
  return writeExportFile(counted, input.out, input.format, {
    ...(input.bom === undefined ? {} : { bom: input.bom }),
    ...(input.eol === undefined ? {} : { eol: input.eol }),
    ...(input.ledger === undefined ? {} : { ledger: input.ledger }),
    isCatalogued: (path) => {
      try {
        return catalogued.has(canonicalPath(path)) || catalogued.has(path);
      } catch {
        return catalogued.has(path);
      }
    },
  });
});
