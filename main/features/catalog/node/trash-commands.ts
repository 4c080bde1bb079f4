// Roster's trash from the command line, as the launcher offers it: `workspace trash`
// lists what `workspace delete` (or the app, or an emptied merge) put there, and
// `workspace restore` puts a workspace back at its place and in the list.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CatalogEntry, TrashEntry } from '../common/catalog-contract.js';
import { RosterError } from '../../../kernel/common/errors.js';
import type { RosterCommand, RosterContext } from './roster-context.js';
import { canonicalPath, fileKind, hasOpenableExtension, OPENABLE_EXTENSIONS_TEXT } from '../../../kernel/node/sqlite/sqlite-file.js';
import { booleanFlag } from '../../../kernel/node/cli/args.js';
import { modeOf } from '../../../kernel/node/cli/command.js';
import { cell, json, quoted, shortTime, table, TABLE_NAME_MAX } from '../../../kernel/node/cli/format.js';
import { say } from '../../../kernel/node/cli/io.js';
import { entryJson } from './cli-format.js';

/** The listed entry for `path`; an unlisted workspace file is listed first, so it can go to the trash. */
function entryToTrash(roster: RosterContext, path: string): { entry: CatalogEntry; added: boolean } {
  const listed = roster.catalog.findByPath(path);
  if (listed) return { entry: listed, added: false };
  const canonical = canonicalPath(path);
  const kind = fileKind(canonical);
  if (kind === 'missing')
    throw new RosterError('WORKSPACE_NOT_FOUND', `There is no workspace file at ${canonical}, and it is not in the list.`, {
      path: canonical,
    });
  if (kind !== 'sqlite' || !hasOpenableExtension(canonical)) {
    throw new RosterError(
      'BAD_PATH',
      `${canonical} is not a workspace file (${OPENABLE_EXTENSIONS_TEXT} holding SQLite); only those go to Roster's trash.`,
      { path: canonical },
    );
  }
  return { entry: roster.catalog.add(canonical), added: true };
}

/** `workspace delete`: the file to the trash and out of the list. */
export function trashWorkspace(roster: RosterContext, path: string): { trash: TrashEntry; restorable: boolean } {
  const { entry, added } = entryToTrash(roster, path);
  const existed = existsSync(entry.path);
  try {
    return { trash: roster.catalog.moveToTrash(entry.id), restorable: existed };
  } catch (error) {
    // Listed only to be deleted: a refused delete leaves the list as it was.
    if (added) roster.catalog.forget(entry.id);
    throw error;
  }
}

export const workspaceTrash: RosterCommand = {
  spec: {
    name: 'workspace trash',
    summary: ["Lists the workspaces in Roster's trash, most recently deleted first."],
    args: [],
    flags: {},
    json: '[{trashId, name, originalPath, deletedAt}, ...]',
  },
  async run(args, context) {
    const entries = context
      .roster()
      .catalog.listTrash()
      .sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
    if (booleanFlag(args, 'json')) context.io.out(json(entries));
    else if (entries.length === 0) say(context.io, modeOf(args), "Roster's trash is empty.\n");
    else
      context.io.out(
        table(
          ['NAME', 'DELETED', 'ID', 'PATH'],
          entries.map((entry) => [cell(entry.name, TABLE_NAME_MAX), shortTime(entry.deletedAt), entry.trashId, entry.originalPath]),
        ),
      );
    return 0;
  },
};

/** The trash entry a PATH or trash ID names: the most recently deleted, when a path was deleted twice. */
function trashEntryFor(entries: readonly TrashEntry[], given: string): TrashEntry {
  const byId = entries.find((entry) => entry.trashId === given);
  if (byId) return byId;
  const path = canonicalPath(resolve(given));
  const matching = entries.filter((entry) => entry.originalPath === path).sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
  const found = matching[0];
  if (!found)
    throw new RosterError('NOT_IN_TRASH', `Nothing from ${path} is in Roster's trash; \`roster workspace trash\` lists what is.`, { path });
  return found;
}

export const workspaceRestore: RosterCommand = {
  spec: {
    name: 'workspace restore',
    summary: [
      "Puts a workspace from Roster's trash back where it was and in the list, as the app's launcher does.",
      'Never replaces a file that is now at that path (FILE_EXISTS).',
    ],
    args: [{ name: 'PATH', help: 'where the workspace was (the most recent one, if it was deleted twice), or its trash ID' }],
    flags: {},
    json: 'the list entry: {id, name, path, createdAt, lastOpenedAt, missing}',
  },
  async run(args, context) {
    const catalog = context.roster().catalog;
    const trash = trashEntryFor(catalog.listTrash(), args.positionals[0] as string);
    const entry = catalog.restoreFromTrash(trash.trashId);
    if (booleanFlag(args, 'json')) context.io.out(json(entryJson(entry)));
    else say(context.io, modeOf(args), `Restored ${quoted(entry.name)} to ${entry.path}.\n`);
    return 0;
  },
};
