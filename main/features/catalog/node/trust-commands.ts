// `roster workspace trust|remove-foreign`: the two ways on for a workspace that holds
// triggers another program added, which Roster opens read-only until the person chooses
// (main/features/workspace/node/foreign-objects.ts). Both work on the closed file, so a
// file that must be upgraded first can be dealt with too, and neither runs any SQL the
// file holds.

import { resolve } from 'node:path';
import { RosterError } from '../../../kernel/common/errors.js';
import { booleanFlag } from '../../../kernel/node/cli/args.js';
import { modeOf } from '../../../kernel/node/cli/command.js';
import { json, plural } from '../../../kernel/node/cli/format.js';
import { say } from '../../../kernel/node/cli/io.js';
import { asRosterError } from '../../../kernel/node/sqlite/sqlite-errors.js';
import { canonicalPath, fileKind } from '../../../kernel/node/sqlite/sqlite-file.js';
import { describeTriggers, removeForeignTriggers, trustFile, type ForeignTrigger } from '../../workspace/node/foreign-objects.js';
import type { RosterCommand } from './roster-context.js';

const PATH_ARG = { name: 'PATH', help: 'the workspace file' } as const;
const TRIGGERS_JSON = '{path, triggers: [{name, table, sql}, ...]}';

/** The workspace file at `raw`, refused unless it is an SQLite file (nothing is read from anything else). */
function workspaceFileAt(raw: string): string {
  const path = canonicalPath(resolve(raw));
  const kind = fileKind(path);
  if (kind === 'missing') throw new RosterError('WORKSPACE_NOT_FOUND', `There is no workspace file at ${path}.`, { path });
  if (kind !== 'sqlite')
    throw new RosterError('WORKSPACE_CORRUPT', `${path} is not a workspace file (it is not an SQLite database).`, { path });
  return path;
}

/** Characters that would act on a terminal, other than the tabs and line breaks SQL is written with. */
const TERMINAL_CONTROL = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** A removed trigger's SQL, to put it back with; a comment instead when it holds terminal controls (--json has it exactly). */
function sqlLine(trigger: ForeignTrigger): string {
  if (TERMINAL_CONTROL.test(trigger.sql.replace(/[\t\n\r]/g, '')) || TERMINAL_CONTROL.test(trigger.name)) {
    return `-- trigger ${describeTriggers([trigger])} holds control characters: see --json for its SQL\n`;
  }
  return `${trigger.sql.trimEnd()};\n`;
}

function triggerJson(path: string, triggers: readonly ForeignTrigger[]): string {
  return json({ path, triggers: triggers.map(({ name, table, sql }) => ({ name, table, sql })) });
}

export const workspaceTrust: RosterCommand = {
  spec: {
    name: 'workspace trust',
    summary: [
      'Trusts the triggers another program added to the workspace at PATH (a full-text index made by',
      'sqlite-utils, say), so that Roster opens it for writing and they run on its changes. Until then',
      'such a workspace opens read-only and changes are refused with WORKSPACE_UNTRUSTED. Trust covers',
      'exactly the triggers the file holds now: once another program changes the file, Roster asks again.',
      'Trust only triggers you know: they run with every change Roster makes.',
    ],
    args: [PATH_ARG],
    flags: {},
    json: TRIGGERS_JSON,
  },
  async run(args, context) {
    const path = workspaceFileAt(args.positionals[0] as string);
    const roster = context.roster();
    let triggers: readonly ForeignTrigger[];
    try {
      triggers = trustFile(path, roster.migrations, roster.trust);
    } catch (error) {
      throw asRosterError(error);
    }
    if (booleanFlag(args, 'json')) context.io.out(triggerJson(path, triggers));
    else if (triggers.length === 0)
      say(context.io, modeOf(args), `${path} holds no triggers from other programs; there is nothing to trust.\n`);
    else
      say(
        context.io,
        modeOf(args),
        `Trusted ${plural(triggers.length, 'trigger')} in ${path}: ${describeTriggers(triggers)}. ` +
          `Roster will write to it, and they will run, until another program changes the file.\n`,
      );
    return 0;
  },
};

export const workspaceRemoveForeign: RosterCommand = {
  spec: {
    name: 'workspace remove-foreign',
    summary: [
      'Removes the triggers another program added to the workspace at PATH, all at once, and nothing',
      'else, so that Roster can write to it again. Prints their SQL on standard output, so they can be',
      'put back with the sqlite3 shell if they were wanted.',
    ],
    args: [PATH_ARG],
    flags: {},
    json: TRIGGERS_JSON,
  },
  async run(args, context) {
    const path = workspaceFileAt(args.positionals[0] as string);
    const roster = context.roster();
    if (roster.connections.isOpen(path)) {
      throw new RosterError('WORKSPACE_BUSY', 'This workspace is open in this process; close it first.', { path });
    }
    let triggers: readonly ForeignTrigger[];
    try {
      triggers = removeForeignTriggers(path, roster.migrations);
    } catch (error) {
      throw asRosterError(error);
    }
    if (booleanFlag(args, 'json')) {
      context.io.out(triggerJson(path, triggers));
      return 0;
    }
    for (const trigger of triggers) context.io.out(sqlLine(trigger));
    say(
      context.io,
      modeOf(args),
      triggers.length === 0
        ? `${path} holds no triggers from other programs; nothing was removed.\n`
        : `Removed ${plural(triggers.length, 'trigger')} from ${path}: ${describeTriggers(triggers)}.\n`,
    );
    return 0;
  },
};
