// `roster people import` and `roster people export`: people from and to CSV or JSON
// files, or standard input and output.

import { basename, extname, resolve } from 'node:path';
import type { ImportFormat } from '../../people/common/people-contract.js';
import { exportChunks, type CsvEol, type CsvStyle } from './export-file.js';
import { resolveExportTarget } from './export-target.js';
import { formatFromPath } from './import/import-format.js';
import { estimatedTotal } from './import/import-task.js';
import { watchSilence } from './import/source-silence.js';
import { readPeopleSnapshot } from './snapshot-reader.js';
import { exportTask } from './export-task.js';
import { exportLedgerDir } from './export-ledger.js';
import { booleanFlag, parsePositiveInt, stringFlag, usageError, type ParsedArgs } from '../../../kernel/node/cli/args.js';
import { modeOf } from '../../../kernel/node/cli/command.js';
import type { RosterCommand } from '../../catalog/node/roster-context.js';
import { json, plural } from '../../../kernel/node/cli/format.js';
import { interruptible } from '../../../kernel/node/cli/interrupt.js';
import { cliLog, Progress, say } from '../../../kernel/node/cli/io.js';
import { workspaceOf } from '../../people/node/people-commands.js';
import { OLD_WORKSPACE_FLAG, WORKSPACE_ARG } from '../../../kernel/node/cli/spec.js';
import { useWorkspace } from '../../people/node/workspace-use.js';
import { indexPendingBeforeExit } from '../../workspace/node/search/index-before-exit.js';
import { PeopleFileService } from './people-file-service.js';

const FORMAT_FLAG = { type: 'string', choices: ['csv', 'json'], help: 'the format (default: from the file name)' } as const;

/** An import's column: a number counts from 1, anything else is header text. */
function columnOf(args: ParsedArgs): string | number | undefined {
  const text = stringFlag(args, 'column');
  if (text === undefined) return undefined;
  return /^\d+$/.test(text) ? parsePositiveInt(text, '--column', 'people import') - 1 : text;
}

export const peopleImport: RosterCommand = {
  spec: {
    name: 'people import',
    summary: [
      'Adds everyone in FILE, all or nothing: one bad row rejects the whole file and names the row.',
      'CSV needs a header row with a "name" column (other columns are ignored), unless --no-header;',
      'JSON is an array of names or of objects with a "name". The format comes from the extension',
      '(.csv, .tsv and .txt are CSV) unless --format is given; standard input needs it. The file is',
      'streamed: any size works.',
    ],
    args: [WORKSPACE_ARG, { name: 'FILE', help: 'the file to import, or - for standard input' }],
    flags: {
      workspace: OLD_WORKSPACE_FLAG,
      format: FORMAT_FLAG,
      encoding: {
        type: 'string',
        value: 'E',
        choices: ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'],
        help: 'the encoding (default: utf-8, or utf-16 when the file shows it)',
      },
      separator: {
        type: 'string',
        value: 'S',
        choices: [',', ';', 'tab', '|'],
        help: 'the CSV separator (default: found from the first line)',
      },
      column: { type: 'string', value: 'C', help: 'the column holding names, by header text or number from 1 (default: "name")' },
      'no-header': { type: 'boolean', help: 'the first row is data, not a header; names come from column 1 (or --column N)' },
      progress: { type: 'boolean', help: 'print progress lines even when standard error is not a terminal' },
    },
    json: '{"imported": N}',
    notes: [
      'Ctrl-C cancels the import: nothing is added, and the exit status is 130.',
      'A source that sends nothing for a few seconds (a named pipe nobody writes to yet) is named on stderr: ' +
        '"note: Waiting for data from FILE".',
    ],
  },
  async run(args, context) {
    const given = args.positionals[1] as string;
    const file = given === '-' ? '-' : resolve(given);
    const format = (stringFlag(args, 'format') as ImportFormat | undefined) ?? (file === '-' ? null : formatFromPath(file));
    if (!format)
      throw usageError(
        file === '-'
          ? 'Say which format standard input is in: --format csv or --format json.'
          : `Cannot tell the format of ${file}; add --format csv or --format json.`,
        'people import',
      );
    const separator = stringFlag(args, 'separator');
    const column = columnOf(args);
    const request = {
      file,
      format,
      ...(stringFlag(args, 'encoding') ? { encoding: stringFlag(args, 'encoding') } : {}),
      ...(separator ? { separator: separator === 'tab' ? '\t' : separator } : {}),
      ...(column === undefined ? {} : { column }),
      ...(booleanFlag(args, 'no-header') ? { header: false } : {}),
    };
    const mode = modeOf(args);
    const progress = new Progress(context.io, 'Importing', { force: booleanFlag(args, 'progress'), ...mode });
    const source = file === '-' ? 'standard input' : file;
    const imported = await interruptible((signal) =>
      useWorkspace(context, workspaceOf(args), async (lease) => {
        let count: number;
        // A pipe with no writer, or a terminal nobody types into, blocks without a word otherwise.
        const silence = watchSilence(() =>
          cliLog(context.io, mode)('warn', `Waiting for data from ${source} (nothing has arrived for a few seconds).`),
        );
        try {
          count = await new PeopleFileService(lease).importFile(request, {
            signal,
            onProgress: (step) => {
              silence.touch();
              progress.update(step.rows, estimatedTotal(step));
            },
          });
        } finally {
          silence.stop();
          progress.finish();
        }
        // Searchable before the command ends, not only once the app opens the file.
        await indexPendingBeforeExit(lease.workspace, context.io, { signal, force: booleanFlag(args, 'progress'), ...mode });
        return count;
      }),
    );
    if (mode.json) context.io.out(json({ imported }));
    else say(context.io, mode, `Imported ${plural(imported, 'person', 'people')}.\n`);
    return 0;
  },
};

/** The format an export file name makes clear: only .csv and .json do. */
function formatOfName(path: string): ImportFormat | null {
  const extension = extname(path).toLowerCase();
  return extension === '.csv' ? 'csv' : extension === '.json' ? 'json' : null;
}

function exportFormat(args: ParsedArgs, out: string | null): ImportFormat {
  const given = stringFlag(args, 'format') as ImportFormat | undefined;
  const implied = out === null ? null : formatOfName(out);
  if (given && implied && given !== implied) {
    throw usageError(
      `--format ${given} does not match ${basename(out as string)}, whose extension says ${implied}; change one of them.`,
      'people export',
    );
  }
  const format = given ?? implied;
  if (format) return format;
  throw usageError(
    out === null
      ? 'Say which format to write: --format csv or --format json.'
      : `Cannot tell the format from the name ${basename(out)}; add --format csv or --format json, or name the file .csv or .json.`,
    'people export',
  );
}

/**
 * A CSV for a spreadsheet (a regular file) starts with a byte order mark and ends lines
 * with CRLF, which Excel needs; on standard output or a pipe, where other programs
 * read it, neither, unless the flags ask.
 */
function csvStyle(args: ParsedArgs, forSpreadsheet: boolean): CsvStyle {
  const bom = booleanFlag(args, 'bom') ? true : booleanFlag(args, 'no-bom') ? false : forSpreadsheet;
  const eol: CsvEol = booleanFlag(args, 'crlf') ? '\r\n' : booleanFlag(args, 'lf') ? '\n' : forSpreadsheet ? '\r\n' : '\n';
  return { bom, eol };
}

export const peopleExport: RosterCommand = {
  spec: {
    name: 'people export',
    summary: [
      'Writes everyone, in id order and as of one instant, to FILE (replaced in one step) or to standard',
      'output. Refuses (exit 2, TARGET_REFUSED) to write over a workspace or any other database. A',
      'symlink is followed to its target; a named pipe is written into directly.',
      "CSV columns: id,name,createdAt,updatedAt. A name starting with = + - @ or ' is written with a",
      "leading ' so spreadsheets show it as text instead of running it as a formula; import removes it.",
      "The format comes from FILE's extension (.csv or .json) unless --format is given; they must agree.",
      'A CSV file starts with a UTF-8 byte order mark and ends lines with CRLF, for spreadsheets; on',
      'standard output or a named pipe it has neither, unless --bom or --crlf ask.',
    ],
    args: [WORKSPACE_ARG],
    flags: {
      workspace: OLD_WORKSPACE_FLAG,
      out: { type: 'string', value: 'FILE', help: 'the file to write, or - for standard output (the default)' },
      format: { ...FORMAT_FLAG, help: "the format (default: from FILE's extension)" },
      bom: { type: 'boolean', help: 'start a CSV with a UTF-8 byte order mark (the default for a file)' },
      'no-bom': { type: 'boolean', help: 'no byte order mark (the default on standard output)' },
      crlf: { type: 'boolean', help: 'end CSV lines with CRLF (the default for a file)' },
      lf: { type: 'boolean', help: 'end CSV lines with LF (the default on standard output)' },
    },
    exclusive: [
      ['bom', 'no-bom'],
      ['crlf', 'lf'],
    ],
    json: '{"exported": N, "path": FILE} after writing a file (on standard output the rows are the result)',
    notes: ['Ctrl-C cancels the export: no file is written, and the exit status is 130.'],
  },
  async run(args, context) {
    const outText = stringFlag(args, 'out');
    const out = outText === undefined || outText === '-' ? null : resolve(outText);
    const roster = context.roster();
    const isCatalogued = (path: string): boolean => {
      try {
        return roster.catalog.findByPath(path) !== undefined;
      } catch {
        return false;
      }
    };
    // Refused targets are refused before the workspace is even opened (an older file
    // would otherwise be upgraded first): nothing at all changes.
    const target = out === null ? null : resolveExportTarget(out, { isCatalogued });
    const format = exportFormat(args, out);
    const style = csvStyle(args, target?.kind === 'file');
    // The lease checks and upgrades the file and keeps it open, so the snapshot's
    // read-only connection is never the last one to close (that would leave -wal/-shm).
    await useWorkspace(context, workspaceOf(args), (lease) =>
      interruptible(async (signal) => {
        if (out === null) {
          const snapshot = readPeopleSnapshot(lease.path, undefined, signal, lease.workspace.readMode);
          for await (const chunk of exportChunks(snapshot, format, undefined, style)) context.io.out(chunk);
          return;
        }
        const catalogued = roster.catalog.list().map((entry) => entry.path);
        const ledger = exportLedgerDir(roster.paths.root);
        const input = { workspace: lease.path, out, format, ...style, readMode: lease.workspace.readMode, catalogued, ledger };
        const { count } = await roster.tasks.run(exportTask, input, { signal });
        const mode = modeOf(args);
        if (mode.json) context.io.out(json({ exported: count, path: out }));
        else say(context.io, mode, `Exported ${plural(count, 'person', 'people')} to ${out}.\n`);
      }),
    );
    return 0;
  },
};
