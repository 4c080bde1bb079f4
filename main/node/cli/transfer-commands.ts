// `roster people copy|move` and `roster workspace merge` (issue 13): people between
// workspaces, with the same task and crash guarantees as the app (transfer/).

import { resolve } from 'node:path';
import { RosterError } from '../../common/errors.js';
import { nameFromPath } from '../catalog/catalog.js';
import type { RosterContext } from '../roster-context.js';
import type { PeopleSelection } from '../../common/people-contract.js';
import { selectionQuery, transferBetween, type TransferRequest } from '../transfer/transfer-service.js';
import type { TransferResult } from '../transfer/transfer-task.js';
import type { WorkspaceLease } from '../workspace/workspace-connections.js';
import { booleanFlag, parsePositiveInt, stringFlag, usageError, type ParsedArgs } from './args.js';
import type { Command, CommandContext } from './command.js';
import { json, plural } from './format.js';
import { Progress } from './io.js';

function displayName(roster: RosterContext, path: string): string {
  try {
    return roster.catalog.findByPath(path)?.name ?? nameFromPath(path);
  } catch {
    return nameFromPath(path);
  }
}

/** Opens both workspaces (upgrading them like any command would), runs `task`, closes them. */
async function withBoth<T>(context: CommandContext, fromPath: string, toPath: string, task: (from: WorkspaceLease, to: WorkspaceLease) => Promise<T>): Promise<T> {
  const roster = context.roster();
  const from = await roster.connections.acquire(fromPath);
  try {
    const to = await roster.connections.acquire(toPath);
    try {
      if (from.path === to.path) throw new RosterError('INVALID_INPUT', 'The two workspaces are the same file; give another one with --to.');
      return await task(from, to);
    } finally {
      await to.release();
    }
  } finally {
    await from.release();
  }
}

/** Runs a transfer with progress on a terminal and Ctrl-C as cancel. */
async function run(context: CommandContext, from: WorkspaceLease, to: WorkspaceLease, request: TransferRequest, label: string, force: boolean): Promise<TransferResult> {
  const progress = new Progress(context.io, label, { force });
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    return await transferBetween(from.workspace, to.workspace, request, {
      signal: controller.signal,
      onProgress: (step) => progress.update(step.done, step.total),
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    progress.finish();
  }
}

function choiceOf(args: ParsedArgs, command: string): PeopleSelection {
  const all = booleanFlag(args, 'all');
  const search = stringFlag(args, 'search');
  const given = [all, search !== undefined, args.positionals.length > 0].filter(Boolean).length;
  if (given !== 1) throw usageError('Name the people: IDs, or --search TEXT, or --all (one of them).', command);
  if (args.positionals.length > 0) return { kind: 'ids', ids: args.positionals.map((text) => parsePositiveInt(text, 'ID', command)) };
  return { kind: 'matching', ...(search === undefined ? {} : { search }) };
}

function duplicatesNote(duplicates: number, where: string): string {
  if (duplicates === 0) return '';
  return ` ${plural(duplicates, 'of them has', 'of them have')} the same name as someone already in “${where}” (likely ${duplicates === 1 ? 'a duplicate' : 'duplicates'}).`;
}

function transferCommand(mode: 'copy' | 'move'): Command {
  const verb = mode === 'copy' ? 'Copies' : 'Moves';
  const name = `people ${mode}`;
  return {
    synopsis: `${name} --from PATH --to PATH ID...|--search TEXT|--all [--json]`,
    help: [
      `${verb} people from one workspace to another, all or none: if one id is unknown, nothing happens.`,
      'Names and creation times are kept; the people get new ids in the target. Someone with the same',
      'name (ignoring case and accents) already in the target is still copied, and counted as a likely duplicate.',
      ...(mode === 'move'
        ? ['A move is safe against a crash at any instant: the worst case is a person in both workspaces until the', 'source is next opened, which finishes the move (or undoes it if nothing was copied yet).']
        : []),
      '  --search TEXT  everyone whose name contains TEXT, instead of IDs',
      '  --all          everyone, instead of IDs',
      `  --json         print {"${mode === 'copy' ? 'copied' : 'moved'}": N, "duplicates": N, "firstId": N, "lastId": N}`,
      'Ctrl-C cancels while the people are being copied; nothing changes then.',
    ].join('\n'),
    spec: {
      name,
      flags: { from: { type: 'string' }, to: { type: 'string' }, search: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' }, progress: { type: 'boolean' } },
      required: ['from', 'to'],
      positionals: { min: 0, max: Infinity, label: 'IDs' },
    },
    async run(args, context) {
      const choice = choiceOf(args, name);
      const fromPath = resolve(stringFlag(args, 'from') as string);
      const toPath = resolve(stringFlag(args, 'to') as string);
      const result = await withBoth(context, fromPath, toPath, (from, to) =>
        run(context, from, to, { mode, selection: selectionQuery(choice) }, mode === 'copy' ? 'Copying' : 'Moving', booleanFlag(args, 'progress')),
      );
      const roster = context.roster();
      const key = mode === 'copy' ? 'copied' : 'moved';
      if (booleanFlag(args, 'json')) {
        context.io.out(json({ [key]: result.copied, duplicates: result.duplicates, firstId: result.firstId, lastId: result.lastId }));
      } else {
        const target = displayName(roster, toPath);
        const ids = result.firstId === null ? '' : result.firstId === result.lastId ? ` (new id ${result.firstId})` : ` (new ids ${result.firstId}–${result.lastId})`;
        context.io.out(`${mode === 'copy' ? 'Copied' : 'Moved'} ${plural(result.copied, 'person', 'people')} to “${target}”${ids}.${duplicatesNote(result.duplicates, target)}\n`);
      }
      return 0;
    },
  };
}

export const peopleCopy = transferCommand('copy');
export const peopleMove = transferCommand('move');

export const workspaceMerge: Command = {
  synopsis: 'workspace merge SRC --into DST [--skip-duplicates] [--json]',
  help: [
    'Moves everyone in the workspace SRC into DST, with the same crash guarantee as `people move`.',
    "When SRC is empty at the end, it goes to Roster's trash (the app can restore it from there).",
    '  --skip-duplicates  leave people whose name (ignoring case and accents) DST already has in SRC',
    '  --json             print {"moved": N, "skipped": N, "duplicates": N, "trashed": true|false}',
  ].join('\n'),
  spec: {
    name: 'workspace merge',
    flags: { into: { type: 'string' }, 'skip-duplicates': { type: 'boolean' }, json: { type: 'boolean' }, progress: { type: 'boolean' } },
    required: ['into'],
    positionals: { min: 1, max: 1, label: 'the workspace SRC to merge' },
  },
  async run(args, context) {
    const fromPath = resolve(args.positionals[0] as string);
    const toPath = resolve(stringFlag(args, 'into') as string);
    const skipDuplicates = booleanFlag(args, 'skip-duplicates');
    const roster = context.roster();
    let sourcePath = fromPath;
    const result = await withBoth(context, fromPath, toPath, (from, to) => {
      sourcePath = from.path;
      return run(context, from, to, { mode: 'move', selection: { matching: '', except: [] }, skipDuplicates }, 'Merging', booleanFlag(args, 'progress'));
    });
    const source = displayName(roster, sourcePath);
    const target = displayName(roster, toPath);
    let trashed = false;
    let trashNote = '';
    if (result.sourceRemaining === 0) {
      // Both files are closed again (withBoth released them): the empty one can go.
      try {
        const entry = roster.catalog.findByPath(sourcePath) ?? roster.catalog.add(sourcePath);
        roster.catalog.moveToTrash(entry.id);
        trashed = true;
        trashNote = ` “${source}” is empty now and was moved to Roster's trash.`;
      } catch (error) {
        const message = error instanceof RosterError ? error.message : 'it could not be moved';
        trashNote = ` “${source}” is empty now, but stays where it is: ${message}`;
      }
    }
    if (booleanFlag(args, 'json')) {
      context.io.out(json({ moved: result.copied, skipped: result.skipped, duplicates: result.duplicates, trashed }));
    } else {
      const stayed = result.skipped > 0 ? ` ${plural(result.skipped, 'likely duplicate')} (same name as someone in “${target}”) stayed in “${source}”.` : duplicatesNote(result.duplicates, target);
      context.io.out(`Moved ${plural(result.copied, 'person', 'people')} from “${source}” into “${target}”.${stayed}${trashNote}\n`);
    }
    return 0;
  },
};
