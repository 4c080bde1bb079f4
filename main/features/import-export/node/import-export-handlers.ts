// A workspace window's import and export channels. The file waiting for its preview
// stays here, in main, behind a token (import-flow.ts); only its base name crosses.
// One import runs per window at a time. Exports run on a separate read-only
// connection, and the window tracks them so that closing it can stop them. It also
// waits for their connections to close before the workspace's own connection does:
// the last connection to close must be read-write, or -wal/-shm stay behind.

import { basename } from 'node:path';
import type { z } from 'zod';
import { RosterError } from '../../../kernel/common/errors.js';
import type { FeatureEmit, FeatureHandlers } from '../../../kernel/common/contract-types.js';
import { checkDroppedFile } from '../../../kernel/node/files/dropped-files.js';
import type { DialogPort } from '../../../kernel/node/ipc/ports.js';
import type { ExportResult } from '../../catalog/common/dialog-contract.js';
import type { ImportFormat } from '../../people/common/people-contract.js';
import type { PersonService } from '../../people/node/person-service.js';
import { selectionQuery } from '../../people/node/selection.js';
import type { WorkspaceLease } from '../../workspace/node/workspace-connections.js';
import type { importExportApi } from '../common/import-export-api.js';
import { resolveExportTarget } from './export-target.js';
import { formatFromPath } from './import/import-format.js';
import type { ImportFileInput } from './import/import-request.js';
import { estimatedTotal, type ImportResult } from './import/import-task.js';
import { ImportFlow } from './import-flow.js';
import { PeopleFileService } from './people-file-service.js';
import type { PeopleFiles } from './people-files.js';

/** Files that can be dropped on a workspace window to import them (.txt and .tsv: Excel's "Unicode Text", tab-separated). */
const IMPORT_DROP = { extensions: ['.csv', '.tsv', '.txt', '.json'], kinds: 'CSV, text or JSON files' } as const;

type ImportExportHandlers = Required<FeatureHandlers<typeof importExportApi>>;

export interface WindowImportExportDeps {
  /** The window's lease as it is now (a reopen replaces it). */
  lease(): WorkspaceLease;
  /** The people of that lease, for the count an export announces. */
  people(): PersonService;
  readonly dialogs: DialogPort<ImportFormat>;
  readonly files: PeopleFiles;
  displayName(path: string): string;
  isCatalogued(path: string): boolean;
  cataloguedPaths(): string[];
  /** The export ledger folder (export-ledger.ts), so the next start removes what a killed export left. */
  readonly exportLedger?: string;
  emit: FeatureEmit<typeof importExportApi>;
  /** An import committed: the window records its undo step. */
  imported(lease: WorkspaceLease, result: ImportResult): void;
}

export interface WindowImportExport {
  readonly handlers: ImportExportHandlers;
  /** True while an import or an export runs in this window. */
  busy(): boolean;
  /** True while an import runs (a paste waits for it). */
  importing(): boolean;
  /** Stops what runs and waits for the exports' connections to close. */
  close(): Promise<void>;
}

export function windowImportExport(deps: WindowImportExportDeps): WindowImportExport {
  let importing: AbortController | null = null;
  const exporting = new Map<AbortController, Promise<unknown>>();
  const imports = new ImportFlow({
    tasks: () => deps.lease().workspace.tasks,
    workspace: () => ({ path: deps.lease().path, readMode: deps.lease().workspace.readMode }),
  });
  const refuseIfImporting = (): void => {
    if (importing) throw new RosterError('INVALID_INPUT', 'An import is already running in this window.');
  };

  /** Reads and adds every person in the file, with progress; the one way an import runs. */
  const importFile = async (request: ImportFileInput): Promise<{ status: 'imported'; count: number; skipped?: number }> => {
    refuseIfImporting();
    const controller = new AbortController();
    importing = controller;
    const bound = deps.lease();
    try {
      const result = await new PeopleFileService(bound).importFileResult(request, {
        signal: controller.signal,
        onProgress: (progress) => deps.emit('importExport:onImportProgress', { done: progress.rows, total: estimatedTotal(progress) }),
        onImported: (result) => deps.imported(bound, result),
      });
      return { status: 'imported' as const, count: result.count, ...(result.skipped > 0 ? { skipped: result.skipped } : {}) };
    } finally {
      if (importing === controller) importing = null;
    }
  };

  const handlers: ImportExportHandlers = {
    'importExport:chooseImport': async ({ format }) => {
      const file = await deps.dialogs.chooseImportFile(format);
      if (file === null) return { status: 'dismissed' as const };
      return imports.choose(file, formatFromPath(file) ?? format);
    },
    'importExport:chooseDroppedImport': ({ paths }) => {
      if (paths.length !== 1) throw new RosterError('INVALID_INPUT', 'Drop one file at a time to import it.');
      const file = checkDroppedFile(paths[0] as string, IMPORT_DROP);
      return imports.choose(file, formatFromPath(file) ?? 'csv');
    },
    'importExport:previewImport': (request) => imports.preview(request),
    'importExport:confirmImport': async ({ token, skipDuplicates }) => {
      refuseIfImporting();
      return importFile(await imports.confirm(token, skipDuplicates));
    },
    'importExport:discardImport': ({ token }) => imports.discard(token),
    'importExport:cancelImport': () => {
      if (!importing) return false;
      importing.abort();
      return true;
    },
    'importExport:cancelExport': () => {
      for (const controller of exporting.keys()) controller.abort();
      return exporting.size > 0;
    },
    'importExport:export': (input) => exportPeople(deps, exporting, input),
  };

  return {
    handlers,
    busy: () => importing !== null || exporting.size > 0,
    importing: () => importing !== null,
    async close() {
      imports.close();
      importing?.abort();
      for (const controller of exporting.keys()) controller.abort();
      await Promise.all(exporting.values());
    },
  };
}

/** Exports everyone, or the selection, to a file the person chooses; tracked in `exporting` while it runs. */
async function exportPeople(
  deps: WindowImportExportDeps,
  exporting: Map<AbortController, Promise<unknown>>,
  { format, selection }: Parameters<ImportExportHandlers['importExport:export']>[0],
): Promise<z.output<typeof ExportResult>> {
  const lease = deps.lease();
  const file = await deps.dialogs.chooseExportFile(format, `${deps.displayName(lease.path)}.${format}`);
  if (file === null) return { status: 'dismissed' as const };
  // The same refusals as the CLI: never over a workspace or any database. The
  // people come from one read transaction on a separate read-only connection.
  const controller = new AbortController();
  const request = {
    workspace: lease.path,
    out: resolveExportTarget(file, { isCatalogued: deps.isCatalogued }).path,
    format,
    readMode: lease.workspace.readMode,
    catalogued: deps.cataloguedPaths(),
    ...(deps.exportLedger ? { ledger: deps.exportLedger } : {}),
    ...(selection ? { selection: selectionQuery(selection) } : {}),
  };
  const total =
    selection?.kind === 'ids'
      ? selection.ids.length
      : await deps
          .people()
          .count(
            selection?.kind === 'matching'
              ? { ...(selection.search ? { search: selection.search } : {}), ...(selection.filter ? { filter: selection.filter } : {}) }
              : {},
          );
  deps.emit('importExport:onExportProgress', { done: 0, total });
  const writing = deps.files.export(request, {
    signal: controller.signal,
    tasks: lease.workspace.tasks,
    onProgress: (done) => deps.emit('importExport:onExportProgress', { done: Math.min(done, total), total: Math.max(done, total) }),
  });
  exporting.set(
    controller,
    writing.catch(() => undefined),
  );
  try {
    const count = await writing;
    return { status: 'exported' as const, count, fileName: basename(file) };
  } finally {
    exporting.delete(controller);
  }
}
