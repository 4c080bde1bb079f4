// `roster people copy|move` and `roster workspace merge`: people between workspaces,
// with the same task and crash guarantees as the app (transfer/).

import { resolve } from 'node:path';
import { RosterError } from '../../../kernel/common/errors.js';
import type { PeopleSelection } from '../../people/common/people-contract.js';
import { nameFromPath } from '../../catalog/node/catalog.js';
import type { RosterCommand, RosterCommandContext, RosterContext } from '../../catalog/node/roster-context.js';
import { selectionQuery, transferBetween, type TransferRequest } from './transfer-service.js';
import type { TransferResult } from './transfer-task.js';
import type { WorkspaceLease } from '../../workspace/node/workspace-connections.js';
import { booleanFlag, parsePositiveInt, stringFlag, usageError, type ParsedArgs } from '../../../kernel/node/cli/args.js';
import { modeOf } from '../../../kernel/node/cli/command.js';
import { json, plainQuotes, plural, quoted } from '../../../kernel/node/cli/format.js';
import { interruptible } from '../../../kernel/node/cli/interrupt.js';
import { Progress, say } from '../../../kernel/node/cli/io.js';
import type { FlagSpec } from '../../../kernel/node/cli/spec.js';
import { useWorkspace } from '../../people/node/workspace-use.js';
import { indexPendingBeforeExit } from '../../workspace/node/search/index-before-exit.js';

function displayName(roster: RosterContext, path: string): string {
  try {
    return roster.catalog.findByPath(path)?.name ?? nameFromPath(path);
  } catch {
    return nameFromPath(path);
  }
}

/** Opens both workspaces (upgrading them like any command would), runs `task`, closes them. */
function withBoth<T>(
  context: RosterCommandContext,
  fromPath: string,
  toPath: string,
  task: (from: WorkspaceLease, to: WorkspaceLease) => Promise<T>,
): Promise<T> {
  return useWorkspace(context, fromPath, (from) =>
    useWorkspace(context, toPath, (to) => {
      if (from.path === to.path)
        throw new RosterError('INVALID_INPUT', 'The two workspaces are the same file; give another one with --into.');
      return task(from, to);
    }),
  );
}

/** Runs a transfer with progress on a terminal and Ctrl-C as cancel. */
function transfer(
  context: RosterCommandContext,
  args: ParsedArgs,
  leases: { from: WorkspaceLease; to: WorkspaceLease },
  request: TransferRequest,
  label: string,
): Promise<TransferResult> {
  const progress = new Progress(context.io, label, { force: booleanFlag(args, 'progress'), ...modeOf(args) });
  return interruptible(async (signal) => {
    let result: TransferResult;
    try {
      result = await transferBetween(leases.from.workspace, leases.to.workspace, request, {
        signal,
        onProgress: (step) => progress.update(step.done, step.total),
      });
    } finally {
      progress.finish();
    }
    // The copies are searchable before the command ends, not only once the app opens DST.
    await indexPendingBeforeExit(leases.to.workspace, context.io, { signal, force: booleanFlag(args, 'progress'), ...modeOf(args) });
    return result;
  });
}

function choiceOf(args: ParsedArgs, command: string): PeopleSelection {
  const ids = args.positionals.slice(1);
  const all = booleanFlag(args, 'all');
  const search = stringFlag(args, 'search');
  const given = [all, search !== undefined, ids.length > 0].filter(Boolean).length;
  if (given !== 1) throw usageError('Name the people: IDs, or --search TEXT, or --all (one of them).', command);
  if (ids.length > 0) return { kind: 'ids', ids: ids.map((text) => parsePositiveInt(text, 'ID', command)) };
  return { kind: 'matching', ...(search === undefined ? {} : { search }) };
}

/** ` 2 of them have the same name as someone already in "Beta" (likely duplicates).` */
function duplicatesNote(duplicates: number, total: number, where: string): string {
  if (duplicates === 0) return '';
  const place = `already in ${quoted(where)}`;
  if (total === 1) return ` This person has the same name as someone ${place} (likely a duplicate).`;
  if (duplicates === 1) return ` One of them has the same name as someone ${place} (likely a duplicate).`;
  const who = duplicates === total ? `All ${duplicates.toLocaleString('en-US')}` : `${duplicates.toLocaleString('en-US')} of them`;
  return ` ${who} have the same name as someone ${place} (likely duplicates).`;
}

function newIds(result: TransferResult): string {
  if (result.firstId === null) return '';
  return result.firstId === result.lastId ? ` (new id ${result.firstId})` : ` (new ids ${result.firstId}-${result.lastId})`;
}

const PROGRESS_FLAG: FlagSpec = { type: 'boolean', help: 'print progress lines even when standard error is not a terminal' };
const INTO_FLAG: FlagSpec = { type: 'string', value: 'DST', help: 'the workspace the people go to' };

function transferCommand(mode: 'copy' | 'move'): RosterCommand {
  const name = `people ${mode}`;
  const key = mode === 'copy' ? 'copied' : 'moved';
  return {
    spec: {
      name,
      summary: [
        `${mode === 'copy' ? 'Copies' : 'Moves'} people from the workspace SRC to DST, all or none: if one id is unknown, nothing happens.`,
        'Names and creation times are kept; the people get new ids in DST. Someone with the same name',
        '(ignoring case and accents) already in DST is still copied, and counted as a likely duplicate.',
        'A name another program stored that Roster would refuse (too long, control characters) stops it',
        'with INVALID_NAME, naming the person; nothing changes then.',
        ...(mode === 'move'
          ? [
              'A move is safe against a crash at any instant: the worst case is a person in both workspaces until',
              'SRC is next opened, which finishes the move (or undoes it if nothing was copied yet).',
            ]
          : []),
      ],
      args: [
        { name: 'SRC', help: 'the workspace the people come from' },
        { name: 'ID', optional: true, many: true, help: 'the ids of the people (or --search, or --all)' },
      ],
      flags: {
        into: INTO_FLAG,
        search: { type: 'string', value: 'TEXT', help: 'everyone whose name contains TEXT, instead of IDs' },
        all: { type: 'boolean', help: 'everyone, instead of IDs' },
        progress: PROGRESS_FLAG,
        from: { type: 'string', value: 'PATH', help: 'the workspace the people come from', oldSpellingOf: { arg: 0 } },
        to: { type: 'string', value: 'PATH', help: 'the workspace the people go to', oldSpellingOf: { flag: 'into' } },
      },
      required: ['into'],
      json: `{"${key}": N, "duplicates": N, "firstId": N, "lastId": N}`,
      notes: ['Ctrl-C cancels while the people are being copied: nothing changes, and the exit status is 130.'],
    },
    async run(args, context) {
      const choice = choiceOf(args, name);
      const fromPath = resolve(args.positionals[0] as string);
      const toPath = resolve(stringFlag(args, 'into') as string);
      const result = await withBoth(context, fromPath, toPath, (from, to) =>
        transfer(context, args, { from, to }, { mode, selection: selectionQuery(choice) }, mode === 'copy' ? 'Copying' : 'Moving'),
      );
      if (booleanFlag(args, 'json')) {
        context.io.out(json({ [key]: result.copied, duplicates: result.duplicates, firstId: result.firstId, lastId: result.lastId }));
        return 0;
      }
      const target = displayName(context.roster(), toPath);
      const verb = mode === 'copy' ? 'Copied' : 'Moved';
      say(
        context.io,
        modeOf(args),
        `${verb} ${plural(result.copied, 'person', 'people')} ` +
          `to ${quoted(target)}${newIds(result)}.${duplicatesNote(result.duplicates, result.copied, target)}\n`,
      );
      return 0;
    },
  };
}

export const peopleCopy = transferCommand('copy');
export const peopleMove = transferCommand('move');

/** Sends the emptied source of a merge to the trash; says what happened. */
function trashEmptied(roster: RosterContext, sourcePath: string, source: string): { trashed: boolean; note: string } {
  // Both files are closed again (withBoth released them): the empty one can go.
  try {
    const entry = roster.catalog.findByPath(sourcePath) ?? roster.catalog.add(sourcePath);
    roster.catalog.moveToTrash(entry.id);
    return {
      trashed: true,
      note: ` ${quoted(source)} is empty now and was moved to Roster's trash (\`roster workspace restore\` brings it back).`,
    };
  } catch (error) {
    const message = error instanceof RosterError ? plainQuotes(error.message) : 'it could not be moved.';
    return { trashed: false, note: ` ${quoted(source)} is empty now, but stays where it is: ${message}` };
  }
}

export const workspaceMerge: RosterCommand = {
  spec: {
    name: 'workspace merge',
    summary: [
      'Moves everyone in the workspace SRC into DST, with the same crash guarantee as `people move`.',
      "When SRC is empty at the end, it goes to Roster's trash (`roster workspace restore` brings it back).",
    ],
    args: [{ name: 'SRC', help: 'the workspace to merge' }],
    flags: {
      into: INTO_FLAG,
      'skip-duplicates': { type: 'boolean', help: 'leave people whose name (ignoring case and accents) DST already has in SRC' },
      progress: PROGRESS_FLAG,
    },
    required: ['into'],
    json: '{"moved": N, "skipped": N, "duplicates": N, "trashed": true|false}',
    notes: ['Ctrl-C cancels while the people are being copied: nothing changes, and the exit status is 130.'],
  },
  async run(args, context) {
    const fromPath = resolve(args.positionals[0] as string);
    const toPath = resolve(stringFlag(args, 'into') as string);
    const skipDuplicates = booleanFlag(args, 'skip-duplicates');
    const roster = context.roster();
    let sourcePath = fromPath;
    const result = await withBoth(context, fromPath, toPath, (from, to) => {
      sourcePath = from.path;
      return transfer(context, args, { from, to }, { mode: 'move', selection: { matching: '', except: [] }, skipDuplicates }, 'Merging');
    });
    const source = displayName(roster, sourcePath);
    const target = displayName(roster, toPath);
    const { trashed, note } = result.sourceRemaining === 0 ? trashEmptied(roster, sourcePath, source) : { trashed: false, note: '' };
    if (booleanFlag(args, 'json')) {
      context.io.out(json({ moved: result.copied, skipped: result.skipped, duplicates: result.duplicates, trashed }));
      return 0;
    }
    const stayed =
      result.skipped > 0
        ? ` ${plural(result.skipped, 'likely duplicate')} (same name as someone in ${quoted(target)}) stayed in ${quoted(source)}.`
        : duplicatesNote(result.duplicates, result.copied, target);
    say(
      context.io,
      modeOf(args),
      `Moved ${plural(result.copied, 'person', 'people')} from ${quoted(source)} into ${quoted(target)}.${stayed}${note}\n`,
    );
    return 0;
  },
};
