// `roster people add|list|update|delete`; import and export are in
// people-file-commands.ts, copy and move in transfer-commands.ts, find in
// find-command.ts.
//
// Every command checks its own input (names, ids) before it opens the workspace, so a
// usage or validation error writes nothing at all, not even the automatic upgrade of an
// older workspace file that opening would do. That includes parsing the request with
// the schema its IPC channel uses (the service takes parsed requests and does not parse
// again), so a value the schema refuses gets the same typed error here as from a window.

import { resolve } from 'node:path';
import { CreatePeopleInput, DeletePeopleInput, ListPeopleInput, PAGE_SIZE_MAX, UpdatePersonInput } from '../common/people-contract.js';
import { parseInput } from '../../../kernel/node/ipc/validate.js';
import { collectPages } from '../../../kernel/node/sqlite/paging.js';
import { booleanFlag, parsePositiveInt, stringFlag, usageError, type ParsedArgs } from '../../../kernel/node/cli/args.js';
import { modeOf } from '../../../kernel/node/cli/command.js';
import { json, plural, quoted } from '../../../kernel/node/cli/format.js';
import { say } from '../../../kernel/node/cli/io.js';
import { OLD_WORKSPACE_FLAG, WORKSPACE_ARG } from '../../../kernel/node/cli/spec.js';
import { namesFromStdin } from './stdin-names.js';
import { useWorkspace, withPeople } from './workspace-use.js';
import { PersonService } from './person-service.js';
import { indexPendingBeforeExit } from '../../workspace/node/search/index-before-exit.js';
import { peopleTable, personJson } from './cli-format.js';
import { validName } from './valid-name.js';
import type { RosterCommand } from '../../catalog/node/roster-context.js';

export function workspaceOf(args: ParsedArgs): string {
  return resolve(args.positionals[0] as string);
}

/** The names to add: the arguments, or standard input when the only one is "-". */
async function namesToAdd(args: ParsedArgs): Promise<string[]> {
  const given = args.positionals.slice(1);
  if (given.includes('-')) {
    if (given.length > 1) throw usageError('Give names as arguments, or - alone to read them from standard input.', 'people add');
    return namesFromStdin();
  }
  return given.map((raw, i) => validName(raw, given.length > 1 ? `Name ${i + 1}` : undefined));
}

export const peopleAdd: RosterCommand = {
  spec: {
    name: 'people add',
    summary: [
      'Adds one person per NAME, all or none. With - instead of names, reads one name per line from',
      'standard input (up to 100,000). Write `--` before a name that starts with a dash.',
    ],
    args: [WORKSPACE_ARG, { name: 'NAME', many: true, help: 'a name to add, or - to read names from standard input' }],
    flags: { workspace: OLD_WORKSPACE_FLAG },
    json: 'the added people: [{id, name, createdAt, updatedAt}, ...]',
    notes: ['Prints a table of the added people; "Added N people." goes to standard error.'],
  },
  async run(args, context) {
    const request = parseInput(CreatePeopleInput, { names: await namesToAdd(args) });
    const added = await useWorkspace(context, workspaceOf(args), async (lease) => {
      const people = await new PersonService(lease).createMany(request);
      // Added in bulk, left to the search index's catch-up: done before the command ends.
      await indexPendingBeforeExit(lease.workspace, context.io, modeOf(args));
      return people;
    });
    if (booleanFlag(args, 'json')) {
      context.io.out(json(added.map(personJson)));
      return 0;
    }
    say(context.io, modeOf(args), `Added ${plural(added.length, 'person', 'people')}.\n`);
    context.io.out(peopleTable(added));
    return 0;
  },
};

/** The --added-* and --changed-* flags as a list's filter (the schema checks the times), or undefined when none is given. */
function dateFilter(args: ParsedArgs): Record<string, Record<string, string>> | undefined {
  const range = (flag: string): Record<string, string> | undefined => {
    const from = stringFlag(args, `${flag}-from`);
    const to = stringFlag(args, `${flag}-to`);
    if (from === undefined && to === undefined) return undefined;
    return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
  };
  const added = range('added');
  const changed = range('changed');
  if (added === undefined && changed === undefined) return undefined;
  return { ...(added === undefined ? {} : { added }), ...(changed === undefined ? {} : { changed }) };
}

export const peopleList: RosterCommand = {
  spec: {
    name: 'people list',
    summary: [
      'Lists people, by name unless --sort created (when added) or --sort updated (last changed).',
      'The date flags take UTC instants such as 2026-12-01T00:00:00Z: from is included, to is not.',
    ],
    args: [WORKSPACE_ARG],
    flags: {
      workspace: OLD_WORKSPACE_FLAG,
      search: { type: 'string', value: 'TEXT', help: 'only names containing TEXT (ignoring case and accents)' },
      sort: { type: 'string', choices: ['name', 'created', 'updated'], help: 'the order (updated: by last change)' },
      desc: { type: 'boolean', help: 'reverse order' },
      'added-from': { type: 'string', value: 'TIME', help: 'only people added at or after TIME' },
      'added-to': { type: 'string', value: 'TIME', help: 'only people added before TIME' },
      'changed-from': { type: 'string', value: 'TIME', help: 'only people last changed at or after TIME' },
      'changed-to': { type: 'string', value: 'TIME', help: 'only people last changed before TIME' },
      limit: { type: 'string', value: 'N', help: 'at most N people' },
    },
    json: '[{id, name, createdAt, updatedAt}, ...]',
    notes: ['A table shows names escaped (\\t, \\n) and cut to 60 characters; --json gives them exactly.'],
  },
  async run(args, context) {
    const limitText = stringFlag(args, 'limit');
    const limit = limitText === undefined ? Infinity : parsePositiveInt(limitText, '--limit', 'people list');
    const search = stringFlag(args, 'search');
    // Parsed once, before the workspace opens: each page adds only its size (1 to
    // PAGE_SIZE_MAX) and the cursor the page before it returned.
    const filter = dateFilter(args);
    const base = parseInput(ListPeopleInput, {
      sort: stringFlag(args, 'sort') ?? 'name',
      direction: booleanFlag(args, 'desc') ? 'desc' : 'asc',
      ...(search === undefined ? {} : { search }),
      ...(filter === undefined ? {} : { filter }),
    });
    const found = await withPeople(context, workspaceOf(args), (people) =>
      collectPages((cursor, want) => people.list({ ...base, limit: want, ...(cursor === undefined ? {} : { cursor }) }), {
        loop: 'people list',
        pageSize: PAGE_SIZE_MAX,
        limit,
        log: context.log,
      }),
    );
    if (booleanFlag(args, 'json')) context.io.out(json(found.map(personJson)));
    else if (found.length === 0)
      say(context.io, modeOf(args), search === undefined ? 'No people in this workspace.\n' : `No people match ${quoted(search)}.\n`);
    else context.io.out(peopleTable(found));
    return 0;
  },
};

export const peopleUpdate: RosterCommand = {
  spec: {
    name: 'people update',
    summary: ['Renames the person with this ID.'],
    args: [WORKSPACE_ARG, { name: 'ID', help: 'the id of the person' }, { name: 'NAME', help: 'the new name' }],
    flags: { workspace: OLD_WORKSPACE_FLAG },
    json: 'the updated person: {id, name, createdAt, updatedAt}',
  },
  async run(args, context) {
    const [, idText, rawName] = args.positionals as [string, string, string];
    const id = parsePositiveInt(idText, 'ID', 'people update');
    const request = parseInput(UpdatePersonInput, { id, name: validName(rawName) });
    const person = await useWorkspace(context, workspaceOf(args), async (lease) => {
      const updated = await new PersonService(lease).update(request);
      // Any writing command finishes what a killed run or another program left pending.
      await indexPendingBeforeExit(lease.workspace, context.io, modeOf(args));
      return updated;
    });
    if (booleanFlag(args, 'json')) context.io.out(json(personJson(person)));
    else say(context.io, modeOf(args), `Renamed person ${person.id} to ${quoted(person.name)}.\n`);
    return 0;
  },
};

export const peopleDelete: RosterCommand = {
  spec: {
    name: 'people delete',
    summary: ['Deletes the people with these ids, all or none: if one id is unknown, nothing is deleted.'],
    args: [WORKSPACE_ARG, { name: 'ID', many: true, help: 'the id of a person' }],
    flags: { workspace: OLD_WORKSPACE_FLAG },
    json: 'the deleted people: [{id, name, createdAt, updatedAt}, ...]',
  },
  async run(args, context) {
    const ids = args.positionals.slice(1).map((text) => parsePositiveInt(text, 'ID', 'people delete'));
    const request = parseInput(DeletePeopleInput, { ids });
    const deleted = await useWorkspace(context, workspaceOf(args), async (lease) => {
      const gone = await new PersonService(lease).delete(request);
      await indexPendingBeforeExit(lease.workspace, context.io, modeOf(args));
      return gone;
    });
    if (booleanFlag(args, 'json')) context.io.out(json(deleted.map(personJson)));
    else say(context.io, modeOf(args), `Deleted ${plural(deleted.length, 'person', 'people')}.\n`);
    return 0;
  },
};
