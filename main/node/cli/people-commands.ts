// `roster people ...`: add, list, update, delete, import, export, find (find-command.ts).
//
// Every command checks its own input (names, ids, the import file) before it opens
// the workspace, so a usage or validation error writes nothing at all, not even the
// automatic upgrade of an older workspace file that opening would do.

import { resolve } from 'node:path';
import { PAGE_SIZE_MAX, type ImportFormat } from '../../common/people-contract.js';
import { exportChunks } from '../people/export-file.js';
import { resolveExportTarget } from '../people/export-target.js';
import { formatFromPath } from '../people/import/import-format.js';
import { estimatedTotal } from '../people/import/import-task.js';
import { collectPages } from '../people/paging.js';
import { PersonService } from '../people/person-service.js';
import { readPeopleSnapshot } from '../people/snapshot-reader.js';
import { validName } from '../people/validate.js';
import { booleanFlag, parsePositiveInt, stringFlag, usageError, type ParsedArgs } from './args.js';
import type { Command, CommandContext } from './command.js';
import { peopleFind } from './find-command.js';
import { json, peopleTable, personJson, plural } from './format.js';
import { Progress } from './io.js';
import { peopleCopy, peopleMove } from './transfer-commands.js';

async function withPeople<T>(context: CommandContext, path: string, task: (people: PersonService) => Promise<T>): Promise<T> {
  const lease = await context.roster().connections.acquire(path);
  try {
    return await task(new PersonService(lease));
  } finally {
    await lease.release();
  }
}

function workspaceOf(args: ParsedArgs): string {
  return resolve(stringFlag(args, 'workspace') as string);
}

function formatOf(args: ParsedArgs, file: string | undefined, command: string): ImportFormat {
  const given = stringFlag(args, 'format') as ImportFormat | undefined;
  if (given) return given;
  const implied = file === undefined ? null : formatFromPath(file);
  if (implied) return implied;
  throw usageError(file === undefined ? 'Say which format: --format csv or --format json.' : `Cannot tell the format of ${file}; add --format csv or --format json.`, command);
}

/** Runs `task` with an AbortSignal that Ctrl-C trips, so a long import can be cancelled cleanly. */
async function cancellableByInterrupt<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    return await task(controller.signal);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

const workspaceFlag = { workspace: { type: 'string' } } as const;
const jsonFlag = { json: { type: 'boolean' } } as const;

export const peopleAdd: Command = {
  synopsis: 'people add --workspace PATH NAME...',
  help: 'Adds one person per NAME, all or none. Use `--` before a name that starts with a dash.\n  --json  print the added people as JSON',
  spec: { name: 'people add', flags: { ...workspaceFlag, ...jsonFlag }, required: ['workspace'], positionals: { min: 1, max: Infinity, label: 'at least one NAME' } },
  async run(args, context) {
    const names = args.positionals.map((raw, i) => validName(raw, args.positionals.length > 1 ? `Name ${i + 1}` : undefined));
    const added = await withPeople(context, workspaceOf(args), (people) => people.createMany({ names }));
    if (booleanFlag(args, 'json')) context.io.out(json(added.map(personJson)));
    else context.io.out(`Added ${plural(added.length, 'person', 'people')}.\n${peopleTable(added)}`);
    return 0;
  },
};

export const peopleList: Command = {
  synopsis: 'people list --workspace PATH [--search TEXT] [--sort name|created] [--desc] [--limit N] [--json]',
  help: [
    'Lists people, by name unless --sort created.',
    '  --search TEXT  only names containing TEXT (ignoring case and accents)',
    '  --desc         reverse order',
    '  --limit N      at most N people',
    '  --json         print [{id, name, createdAt, updatedAt}, ...]',
  ].join('\n'),
  spec: {
    name: 'people list',
    flags: { ...workspaceFlag, ...jsonFlag, search: { type: 'string' }, sort: { type: 'string', choices: ['name', 'created'] }, desc: { type: 'boolean' }, limit: { type: 'string' } },
    required: ['workspace'],
    positionals: { min: 0, max: 0, label: 'no arguments' },
  },
  async run(args, context) {
    const limitText = stringFlag(args, 'limit');
    const limit = limitText === undefined ? Infinity : parsePositiveInt(limitText, '--limit', 'people list');
    const search = stringFlag(args, 'search');
    const base = {
      sort: (stringFlag(args, 'sort') ?? 'name') as 'name' | 'created',
      direction: booleanFlag(args, 'desc') ? ('desc' as const) : ('asc' as const),
      ...(search === undefined ? {} : { search }),
    };
    const found = await withPeople(context, workspaceOf(args), (people) =>
      collectPages((cursor, want) => people.list({ ...base, limit: want, ...(cursor === undefined ? {} : { cursor }) }), {
        loop: 'people list',
        pageSize: PAGE_SIZE_MAX,
        limit,
        log: context.log,
      }),
    );
    if (booleanFlag(args, 'json')) context.io.out(json(found.map(personJson)));
    else if (found.length === 0) context.io.out(search === undefined ? 'No people in this workspace.\n' : `No people match "${search}".\n`);
    else context.io.out(peopleTable(found));
    return 0;
  },
};

export const peopleUpdate: Command = {
  synopsis: 'people update --workspace PATH ID NAME',
  help: 'Renames the person with this id.\n  --json  print the updated person as JSON',
  spec: { name: 'people update', flags: { ...workspaceFlag, ...jsonFlag }, required: ['workspace'], positionals: { min: 2, max: 2, label: 'an ID and a NAME' } },
  async run(args, context) {
    const [idText, rawName] = args.positionals as [string, string];
    const id = parsePositiveInt(idText, 'ID', 'people update');
    const name = validName(rawName);
    const person = await withPeople(context, workspaceOf(args), (people) => people.update({ id, name }));
    if (booleanFlag(args, 'json')) context.io.out(json(personJson(person)));
    else context.io.out(`Renamed person ${person.id} to ${person.name}.\n`);
    return 0;
  },
};

export const peopleDelete: Command = {
  synopsis: 'people delete --workspace PATH ID...',
  help: 'Deletes the people with these ids, all or none: if one id is unknown, nothing is deleted.\n  --json  print the deleted people as JSON',
  spec: { name: 'people delete', flags: { ...workspaceFlag, ...jsonFlag }, required: ['workspace'], positionals: { min: 1, max: Infinity, label: 'at least one ID' } },
  async run(args, context) {
    const ids = args.positionals.map((text) => parsePositiveInt(text, 'ID', 'people delete'));
    const deleted = await withPeople(context, workspaceOf(args), (people) => people.delete({ ids }));
    if (booleanFlag(args, 'json')) context.io.out(json(deleted.map(personJson)));
    else context.io.out(`Deleted ${plural(deleted.length, 'person', 'people')}.\n`);
    return 0;
  },
};

export const peopleImport: Command = {
  synopsis: 'people import --workspace PATH FILE|- [--format csv|json] [--encoding E] [--separator S] [--column C] [--progress] [--json]',
  help: [
    'Adds everyone in FILE (or standard input, given as -), all or nothing: one bad row rejects the whole',
    'file and names the row. CSV needs a header row with a "name" column (other columns are ignored);',
    'JSON is an array of names or of objects with a "name". The format comes from the extension unless',
    '--format is given (standard input needs it). The file is streamed: any size works.',
    '  --encoding E   utf-8 (default), utf-16le, utf-16be, or windows-1252 for a spreadsheet\'s plain "CSV"',
    '  --separator S  the CSV separator: , ; tab or | (default: found from the header line)',
    '  --column C     the column holding names, by header text or number from 1 (default: "name")',
    '  --progress     print progress lines even when stderr is not a terminal',
    '  --json         print {"imported": N}',
    'Ctrl-C cancels the import; nothing is added.',
  ].join('\n'),
  spec: {
    name: 'people import',
    flags: {
      ...workspaceFlag,
      ...jsonFlag,
      format: { type: 'string', choices: ['csv', 'json'] },
      encoding: { type: 'string', choices: ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] },
      separator: { type: 'string', choices: [',', ';', 'tab', '|'] },
      column: { type: 'string' },
      progress: { type: 'boolean' },
    },
    required: ['workspace'],
    positionals: { min: 1, max: 1, label: 'a FILE to import, or - for standard input' },
  },
  async run(args, context) {
    const given = args.positionals[0] as string;
    const file = given === '-' ? '-' : resolve(given);
    const format = formatOf(args, file === '-' ? undefined : file, 'people import');
    const separatorFlag = stringFlag(args, 'separator');
    const columnFlag = stringFlag(args, 'column');
    const request = {
      file,
      format,
      ...(stringFlag(args, 'encoding') ? { encoding: stringFlag(args, 'encoding') } : {}),
      ...(separatorFlag ? { separator: separatorFlag === 'tab' ? '\t' : separatorFlag } : {}),
      ...(columnFlag ? { column: /^\d+$/.test(columnFlag) ? parsePositiveInt(columnFlag, 'column', 'people import') - 1 : columnFlag } : {}),
    };
    const progress = new Progress(context.io, 'Importing', { force: booleanFlag(args, 'progress') });
    const imported = await cancellableByInterrupt((signal) =>
      withPeople(context, workspaceOf(args), async (people) => {
        try {
          return await people.importFile(request, {
            signal,
            onProgress: (step) => progress.update(step.rows, estimatedTotal(step)),
          });
        } finally {
          progress.finish();
        }
      }),
    );
    if (booleanFlag(args, 'json')) context.io.out(json({ imported }));
    else context.io.out(`Imported ${plural(imported, 'person', 'people')}.\n`);
    return 0;
  },
};

export const peopleExport: Command = {
  synopsis: 'people export --workspace PATH --format csv|json [--out FILE] [--no-bom]',
  help: [
    'Writes everyone, in id order and as of one instant, to FILE (replaced in one step) or to standard output.',
    'Refuses (exit 2, TARGET_REFUSED) to write over a workspace or any other database. A symlink is',
    'followed to its target; a named pipe is written into directly.',
    'CSV columns: id,name,createdAt,updatedAt. A name starting with = + - @ or \' is written with a',
    'leading \' so spreadsheets show it as text instead of running it as a formula; import removes it.',
    'With --out, --format may be left out when FILE ends in .csv or .json.',
    'A CSV starts with a UTF-8 byte order mark, so Excel reads accented names right; --no-bom leaves it out.',
  ].join('\n'),
  spec: {
    name: 'people export',
    flags: { ...workspaceFlag, format: { type: 'string', choices: ['csv', 'json'] }, out: { type: 'string' }, 'no-bom': { type: 'boolean' } },
    required: ['workspace'],
    positionals: { min: 0, max: 0, label: 'no arguments' },
  },
  async run(args, context) {
    const outText = stringFlag(args, 'out');
    const out = outText === undefined ? undefined : resolve(outText);
    const format = formatOf(args, out, 'people export');
    const bom = !booleanFlag(args, 'no-bom');
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
    if (out !== undefined) resolveExportTarget(out, { isCatalogued });
    // The lease checks and upgrades the file and keeps it open, so the snapshot's
    // read-only connection is never the last one to close (that would leave -wal/-shm).
    const lease = await roster.connections.acquire(workspaceOf(args));
    try {
      await cancellableByInterrupt(async (signal) => {
        if (out === undefined) {
          const snapshot = readPeopleSnapshot(lease.path, undefined, signal, lease.workspace.readMode);
          for await (const chunk of exportChunks(snapshot, format, undefined, { bom })) context.io.out(chunk);
          return;
        }
        const catalogued = roster.catalog.list().map((entry) => entry.path);
        const { count } = await roster.tasks.run(
          'export',
          { workspace: lease.path, out, format, bom, readMode: lease.workspace.readMode, catalogued },
          { signal },
        );
        context.io.out(`Exported ${plural(count, 'person', 'people')} to ${out}.\n`);
      });
    } finally {
      await lease.release();
    }
    return 0;
  },
};

export const peopleCommands: Readonly<Record<string, Command>> = {
  add: peopleAdd,
  list: peopleList,
  update: peopleUpdate,
  delete: peopleDelete,
  import: peopleImport,
  export: peopleExport,
  copy: peopleCopy,
  move: peopleMove,
  find: peopleFind,
};
