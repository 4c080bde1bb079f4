// `roster workspace ...`: create, list, rename, forget, delete. These work on the
// catalog (the list of workspaces the app's launcher shows) and on workspace files.

import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { DisplayName, type CatalogEntry } from '../../common/catalog-contract.js';
import { RosterError } from '../../common/errors.js';
import { withWorkspaceExtension } from '../workspace/workspace-file.js';
import { booleanFlag, stringFlag } from './args.js';
import type { Command } from './command.js';
import { json, shortTime, table } from './format.js';
import { workspaceMerge } from './transfer-commands.js';

const jsonFlag = { json: { type: 'boolean' } } as const;

/** Checks a display name before anything is written. */
function checkedDisplayName(raw: string): string {
  const result = DisplayName.safeParse(raw);
  if (!result.success) throw new RosterError('INVALID_INPUT', result.error.issues[0]?.message ?? 'That name cannot be used.');
  return result.data;
}

function removeWorkspaceFile(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

function entryJson(entry: CatalogEntry): CatalogEntry & { missing: boolean } {
  return { ...entry, missing: !existsSync(entry.path) };
}

export const workspaceCreate: Command = {
  synopsis: 'workspace create PATH [--name NAME] [--json]',
  help: [
    'Creates an empty workspace file at PATH (".roster" is added when PATH has no extension) and',
    'adds it to the list of workspaces. Refuses to overwrite an existing file.',
    '  --name NAME  the name shown in the list (default: the file name)',
    '  --json       print the new list entry as JSON',
  ].join('\n'),
  spec: { name: 'workspace create', flags: { ...jsonFlag, name: { type: 'string' } }, positionals: { min: 1, max: 1, label: 'a PATH' } },
  async run(args, context) {
    const nameText = stringFlag(args, 'name');
    const name = nameText === undefined ? undefined : checkedDisplayName(nameText);
    const roster = context.roster();
    // The catalog is opened first: if it cannot be written (newer, read-only, busy)
    // nothing is created at all.
    roster.catalog.list();
    const requested = withWorkspaceExtension(resolve(args.positionals[0] as string));
    const createdHere = !existsSync(requested);
    const lease = await roster.connections.create(requested);
    const path = lease.path;
    await lease.release();
    let entry: CatalogEntry;
    try {
      entry = roster.catalog.add(path, name);
    } catch (error) {
      // A workspace nobody can find again is not left behind.
      if (createdHere) removeWorkspaceFile(path);
      throw error;
    }
    if (booleanFlag(args, 'json')) context.io.out(json(entryJson(entry)));
    else context.io.out(`Created workspace "${entry.name}" at ${entry.path}.\n`);
    return 0;
  },
};

export const workspaceList: Command = {
  synopsis: 'workspace list [--json]',
  help: 'Lists the workspaces Roster knows, newest first by last use.\n  --json  print [{id, name, path, createdAt, lastOpenedAt, missing}, ...]',
  spec: { name: 'workspace list', flags: jsonFlag, positionals: { min: 0, max: 0, label: 'no arguments' } },
  async run(args, context) {
    const entries = context
      .roster()
      .catalog.list()
      .map(entryJson)
      .sort((a, b) => (b.lastOpenedAt ?? b.createdAt).localeCompare(a.lastOpenedAt ?? a.createdAt));
    if (booleanFlag(args, 'json')) {
      context.io.out(json(entries));
    } else if (entries.length === 0) {
      context.io.out('No workspaces yet. Create one with `roster workspace create PATH`.\n');
    } else {
      context.io.out(
        table(
          ['NAME', 'LAST OPENED', 'PATH'],
          entries.map((entry) => [entry.name, shortTime(entry.lastOpenedAt), entry.missing ? `${entry.path} (missing)` : entry.path]),
        ),
      );
    }
    return 0;
  },
};

export const workspaceRename: Command = {
  synopsis: 'workspace rename PATH NAME',
  help: 'Changes the name the list shows for the workspace at PATH. The file is not renamed.',
  spec: { name: 'workspace rename', flags: jsonFlag, positionals: { min: 2, max: 2, label: 'a PATH and a NAME' } },
  async run(args, context) {
    const [path, rawName] = args.positionals as [string, string];
    const name = checkedDisplayName(rawName);
    const catalog = context.roster().catalog;
    const entry = catalog.rename(catalog.getByPath(resolve(path)).id, name);
    if (booleanFlag(args, 'json')) context.io.out(json(entryJson(entry)));
    else context.io.out(`Renamed the workspace at ${entry.path} to "${entry.name}".\n`);
    return 0;
  },
};

export const workspaceForget: Command = {
  synopsis: 'workspace forget PATH',
  help: 'Removes the workspace at PATH from the list. The file itself is left where it is.',
  spec: { name: 'workspace forget', flags: {}, positionals: { min: 1, max: 1, label: 'a PATH' } },
  async run(args, context) {
    const catalog = context.roster().catalog;
    const entry = catalog.forget(catalog.getByPath(resolve(args.positionals[0] as string)).id);
    context.io.out(`Removed "${entry.name}" from the list; the file is still at ${entry.path}.\n`);
    return 0;
  },
};

export const workspaceDelete: Command = {
  synopsis: 'workspace delete PATH',
  help: "Moves the workspace file at PATH to Roster's trash (in the data folder) and removes it from the list.\nThe app can restore it from there. Close the workspace in the app first.",
  spec: { name: 'workspace delete', flags: {}, positionals: { min: 1, max: 1, label: 'a PATH' } },
  async run(args, context) {
    const roster = context.roster();
    const entry = roster.catalog.getByPath(resolve(args.positionals[0] as string));
    const existed = existsSync(entry.path);
    const trashed = roster.catalog.moveToTrash(entry.id);
    context.io.out(
      existed
        ? `Moved "${trashed.name}" to Roster's trash (${roster.paths.trashDir}).\n`
        : `The file of "${trashed.name}" was already gone; removed it from the list.\n`,
    );
    return 0;
  },
};

export const workspaceCommands: Readonly<Record<string, Command>> = {
  create: workspaceCreate,
  list: workspaceList,
  rename: workspaceRename,
  forget: workspaceForget,
  delete: workspaceDelete,
  merge: workspaceMerge,
};
