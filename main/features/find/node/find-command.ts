// `roster people find --search TEXT`: the launcher's "Find a person in all workspaces"
// from the command line. Every listed workspace is read, never changed: an older file
// is reported as needing an upgrade (`roster migrate` does that), a missing, foreign,
// damaged or newer one by its state, and none of them stops the others.

import { FIND_PEOPLE_PER_GROUP, type FindGroup, type FindState } from '../common/find-contract.js';
import { findEverywhere, findTerm, type FindSource } from './find-service.js';
import { booleanFlag, parsePositiveInt, stringFlag } from '../../../kernel/node/cli/args.js';
import { modeOf } from '../../../kernel/node/cli/command.js';
import type { RosterCommand } from '../../catalog/node/roster-context.js';
import { cell, json, plural, table, TABLE_NAME_MAX } from '../../../kernel/node/cli/format.js';
import { say } from '../../../kernel/node/cli/io.js';

/** What each state means, for the text output. */
const STATE_TEXT: Readonly<Record<Exclude<FindState, 'ok'>, string>> = {
  'needs-upgrade': 'made by an older Roster; `roster migrate PATH` upgrades it, then it can be searched',
  'too-new': 'made by a newer version of Roster; update Roster to search it',
  foreign: "not a Roster workspace (another program's database)",
  corrupt: 'damaged, or not a workspace file',
  'schema-changed': 'another program changed its tables; Roster will not read it',
  missing: 'the file is missing',
  emptied: 'the file is empty (0 bytes); opening it names its backups',
  busy: 'in use or not closed properly; open it once, then search again',
  unreadable: 'could not be read (permissions?)',
};

interface Answer {
  readonly source: FindSource;
  readonly group: FindGroup;
}

/** "Team (/p/team.roster): 25 people, the first 20 shown (--limit 25 shows them all)" */
function groupTitle(source: FindSource, group: FindGroup): string {
  const head = `${cell(group.name, TABLE_NAME_MAX)} (${cell(source.path)}): ${plural(group.count, 'person', 'people')}`;
  if (group.count <= group.people.length) return head;
  const shown = group.people.length === 1 ? 'the first one shown' : `the first ${group.people.length} shown`;
  return `${head}, ${shown} (--limit ${group.count} shows them all)`;
}

/** The results, for standard output: each workspace's matches, or its state. */
function textResults(answers: readonly Answer[]): string {
  const lines: string[] = [];
  for (const { source, group } of answers) {
    if (group.state !== 'ok') {
      lines.push(`${cell(group.name, TABLE_NAME_MAX)} (${cell(source.path)}): ${STATE_TEXT[group.state]}`, '');
      continue;
    }
    if (group.count === 0) continue;
    const rows = table(
      ['ID', 'NAME'],
      group.people.map((person) => [String(person.id), cell(person.name, TABLE_NAME_MAX)]),
    );
    lines.push(
      groupTitle(source, group),
      ...rows
        .trimEnd()
        .split('\n')
        .map((line) => `  ${line}`),
      '',
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** The summary, a message for standard error. */
function summaryLine(answers: readonly Answer[], matches: number): string {
  if (matches === 0) return `No one found in ${plural(answers.length, 'workspace')}.\n`;
  const found = answers.filter(({ group }) => group.count > 0).length;
  const where =
    found === answers.length ? plural(found, 'workspace') : `${found.toLocaleString('en-US')} of ${plural(answers.length, 'workspace')}`;
  return `Found ${plural(matches, 'person', 'people')} in ${where}.\n`;
}

export const peopleFind: RosterCommand = {
  spec: {
    name: 'people find',
    summary: [
      'Finds people in every workspace of the list (`roster workspace list`), as the launcher does:',
      'names containing TEXT, ignoring case and accents. Files are only read: an older workspace is',
      'reported as needing `roster migrate`, and a missing, damaged, foreign or newer one by its state;',
      'none of them stops the others. Exits 0 whether or not anyone was found.',
    ],
    args: [{ name: 'TEXT', optional: true, help: 'what to find', oldSpellingOf: 'search' }],
    flags: {
      search: { type: 'string', value: 'TEXT', help: 'names containing TEXT (ignoring case and accents)' },
      limit: {
        type: 'string',
        value: 'N',
        help: `list at most N people per workspace (default ${FIND_PEOPLE_PER_GROUP}); the count is always complete`,
      },
    },
    required: ['search'],
    json: '{text, searched, matches, workspaces: [{id, name, path, state, count, people: [{id, name}]}]}',
    notes: [
      'Under --json there is one entry per listed workspace, in list order; state is ok, needs-upgrade,',
      'too-new, foreign, corrupt, schema-changed, missing, emptied, busy or unreadable (count 0 and no people',
      'unless ok).',
    ],
  },
  async run(args, context) {
    const text = stringFlag(args, 'search') as string;
    findTerm(text); // INVALID_INPUT before anything is read
    const limitText = stringFlag(args, 'limit');
    const limit = limitText === undefined ? FIND_PEOPLE_PER_GROUP : parsePositiveInt(limitText, '--limit', 'people find');
    const roster = context.roster();
    const sources: FindSource[] = roster.catalog.list().map((entry) => ({ id: entry.id, name: entry.name, path: entry.path }));
    const answers = new Map<string, Answer>();
    const summary = await findEverywhere(sources, text, {
      tasks: roster.tasks,
      migrationsDir: roster.migrations.dir,
      limit,
      onGroup: (group, source) => answers.set(source.id, { source, group }),
    });
    const ordered = sources.flatMap((source) => answers.get(source.id) ?? []);
    if (booleanFlag(args, 'json')) {
      const workspaces = ordered.map(({ source, group }) => ({
        id: group.workspaceId,
        name: group.name,
        path: source.path,
        state: group.state,
        count: group.count,
        people: group.people,
      }));
      context.io.out(json({ text, searched: summary.searched, matches: summary.matches, workspaces }));
      return 0;
    }
    context.io.out(textResults(ordered));
    say(context.io, modeOf(args), summaryLine(ordered, summary.matches));
    return 0;
  },
};
