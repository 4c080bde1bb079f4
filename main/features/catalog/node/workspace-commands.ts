// `roster workspace create|list|rename|forget|delete`; trash and restore are in
// trash-commands.ts, merge in transfer-commands.ts. These work on the list of
// workspaces (the catalog, which the app's launcher shows) and on workspace files.

import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { DisplayName, type CatalogEntry } from '../common/catalog-contract.js';
import { RosterError } from '../../../kernel/common/errors.js';
import { withWorkspaceExtension } from '../../workspace/node/workspace-file.js';
import { booleanFlag, stringFlag } from '../../../kernel/node/cli/args.js';
import { modeOf } from '../../../kernel/node/cli/command.js';
import { cell, json, quoted, shortTime, table, TABLE_NAME_MAX } from '../../../kernel/node/cli/format.js';
import { say } from '../../../kernel/node/cli/io.js';
import { trashWorkspace } from './trash-commands.js';
import { entryJson } from './cli-format.js';
import type { RosterCommand } from './roster-context.js';

const PATH_ARG = { name: 'PATH', help: 'the workspace file' } as const;

/** Checks a display name before anything is written. */
function checkedDisplayName(raw: string): string {
  const result = DisplayName.safeParse(raw);
  if (!result.success) throw new RosterError('INVALID_INPUT', result.error.issues[0]?.message ?? 'That name cannot be used.');
  return result.data;
}

function removeWorkspaceFile(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

const ENTRY_JSON = 'the list entry: {id, name, path, createdAt, lastOpenedAt, missing}';

export const workspaceCreate: RosterCommand = {
  spec: {
    name: 'workspace create',
    summary: [
      'Creates an empty workspace file at PATH and adds it to the list of workspaces. PATH ends in',
      '.roster, .sqlite, .sqlite3 or .db (".roster" is added when it has no extension). Refuses to',
      'overwrite an existing file.',
    ],
    args: [PATH_ARG],
    flags: { name: { type: 'string', value: 'NAME', help: 'the name shown in the list (default: the file name)' } },
    json: ENTRY_JSON,
  },
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
    else say(context.io, modeOf(args), `Created workspace ${quoted(entry.name)} at ${entry.path}.\n`);
    return 0;
  },
};

export const workspaceList: RosterCommand = {
  spec: {
    name: 'workspace list',
    summary: [
      'Lists the workspaces Roster knows, most recently used first. Opening a workspace in the app and',
      'any `roster people ...` command on it count as use; `migrate` and `people find` do not.',
    ],
    args: [],
    flags: {},
    json: '[{id, name, path, createdAt, lastOpenedAt, missing}, ...]',
  },
  async run(args, context) {
    const entries = context
      .roster()
      .catalog.list()
      .map(entryJson)
      .sort((a, b) => (b.lastOpenedAt ?? b.createdAt).localeCompare(a.lastOpenedAt ?? a.createdAt));
    if (booleanFlag(args, 'json')) {
      context.io.out(json(entries));
    } else if (entries.length === 0) {
      say(context.io, modeOf(args), 'No workspaces yet. Create one with `roster workspace create PATH`.\n');
    } else {
      const rows = entries.map((entry) => [
        cell(entry.name, TABLE_NAME_MAX),
        shortTime(entry.lastOpenedAt),
        entry.missing ? `${entry.path} (missing)` : entry.path,
      ]);
      context.io.out(table(['NAME', 'LAST OPENED', 'PATH'], rows));
    }
    return 0;
  },
};

export const workspaceRename: RosterCommand = {
  spec: {
    name: 'workspace rename',
    summary: ['Changes the name the list shows for the workspace at PATH. The file is not renamed.'],
    args: [PATH_ARG, { name: 'NAME', help: 'the new name' }],
    flags: {},
    json: ENTRY_JSON,
  },
  async run(args, context) {
    const [path, rawName] = args.positionals as [string, string];
    const name = checkedDisplayName(rawName);
    const catalog = context.roster().catalog;
    const entry = catalog.rename(catalog.getByPath(resolve(path)).id, name);
    if (booleanFlag(args, 'json')) context.io.out(json(entryJson(entry)));
    else say(context.io, modeOf(args), `Renamed the workspace at ${entry.path} to ${quoted(entry.name)}.\n`);
    return 0;
  },
};

export const workspaceForget: RosterCommand = {
  spec: {
    name: 'workspace forget',
    summary: ['Removes the workspace at PATH from the list. The file itself is left where it is.'],
    args: [PATH_ARG],
    flags: {},
    json: ENTRY_JSON,
  },
  async run(args, context) {
    const catalog = context.roster().catalog;
    const entry = catalog.forget(catalog.getByPath(resolve(args.positionals[0] as string)).id);
    if (booleanFlag(args, 'json')) context.io.out(json(entryJson(entry)));
    else say(context.io, modeOf(args), `Removed ${quoted(entry.name)} from the list; the file is still at ${entry.path}.\n`);
    return 0;
  },
};

export const workspaceDelete: RosterCommand = {
  spec: {
    name: 'workspace delete',
    summary: [
      "Moves the workspace file at PATH to Roster's trash (in the data folder) and removes it from the",
      'list, whether or not it was listed; `roster workspace restore PATH` brings it back. A listed',
      'workspace whose file is already gone is only removed from the list. A file that is not a',
      'workspace (.roster, .sqlite, .sqlite3 or .db holding SQLite) is refused. Close the workspace in',
      'the app first.',
    ],
    args: [PATH_ARG],
    flags: {},
    json: '{trashId, name, originalPath, deletedAt, restorable}; restorable is false when the file was already gone',
  },
  async run(args, context) {
    const roster = context.roster();
    const { trash, restorable } = trashWorkspace(roster, resolve(args.positionals[0] as string));
    if (booleanFlag(args, 'json')) {
      context.io.out(json({ ...trash, restorable }));
      return 0;
    }
    say(
      context.io,
      modeOf(args),
      restorable
        ? `Moved ${quoted(trash.name)} to Roster's trash (${roster.paths.trashDir}).\n`
        : `The file of ${quoted(trash.name)} was already gone; removed it from the list.\n`,
    );
    return 0;
  },
};
