// `roster people find TEXT`: the launcher's "Find a person in all workspaces" (issue 13)
// from the command line. Every catalogued workspace is read, never changed: an older
// file is reported as needing an upgrade (`roster migrate` does that), a missing,
// foreign, damaged or newer one by its state, and none of them stops the others.

import { FIND_PEOPLE_PER_GROUP, type FindGroup, type FindState } from '../../common/find-contract.js';
import { findEverywhere, findTerm, type FindSource } from '../find/find-service.js';
import { booleanFlag, parsePositiveInt, stringFlag } from './args.js';
import type { Command } from './command.js';
import { json, plural, table } from './format.js';

/** What each state means, for the text output. */
export const STATE_TEXT: Readonly<Record<Exclude<FindState, 'ok'>, string>> = {
  'needs-upgrade': 'made by an older Roster; `roster migrate PATH` upgrades it, then it can be searched',
  'too-new': 'made by a newer version of Roster; update Roster to search it',
  foreign: 'not a Roster workspace (another program’s database)',
  corrupt: 'damaged, or not a workspace file',
  'schema-changed': 'another program changed its tables; Roster will not read it',
  missing: 'the file is missing',
  busy: 'in use or not closed properly; open it once, then search again',
  unreadable: 'could not be read (permissions?)',
};

interface Answer {
  readonly source: FindSource;
  readonly group: FindGroup;
}

function textOutput(answers: readonly Answer[], matches: number, limit: number): string {
  const lines: string[] = [];
  for (const { source, group } of answers) {
    if (group.state !== 'ok') {
      lines.push(`${group.name} (${source.path}): ${STATE_TEXT[group.state]}`, '');
      continue;
    }
    if (group.count === 0) continue;
    const more = group.count > group.people.length ? ` (the first ${group.people.length}; --limit shows more than ${limit})` : '';
    lines.push(`${group.name} (${source.path}): ${plural(group.count, 'person', 'people')}${more}`);
    const rows = table(['ID', 'NAME'], group.people.map((person) => [String(person.id), person.name]));
    lines.push(...rows.trimEnd().split('\n').map((line) => `  ${line}`), '');
  }
  const found = answers.filter(({ group }) => group.count > 0).length;
  lines.push(
    matches === 0
      ? `No one found in ${plural(answers.length, 'workspace')}.`
      : `Found ${plural(matches, 'person', 'people')} in ${found === answers.length ? plural(found, 'workspace') : `${found} of ${plural(answers.length, 'workspace')}`}.`,
  );
  return `${lines.join('\n')}\n`;
}

export const peopleFind: Command = {
  synopsis: 'people find TEXT [--limit N] [--json]',
  help: [
    'Finds people in every workspace of the list (`roster workspace list`), as the launcher does:',
    'names containing TEXT, ignoring case and accents. Files are only read: an older workspace is',
    'reported as needing `roster migrate`, and a missing, damaged, foreign or newer one by its state;',
    'none of them stops the others. Exits 0 whether or not anyone was found.',
    `  --limit N  list at most N people per workspace (default ${FIND_PEOPLE_PER_GROUP}); the count is always complete`,
    '  --json     print {text, searched, matches, workspaces: [{id, name, path, state, count, people: [{id, name}]}]},',
    '             one entry per listed workspace in list order; state is ok, needs-upgrade, too-new, foreign,',
    '             corrupt, schema-changed, missing, busy or unreadable (count 0 and no people unless ok)',
  ].join('\n'),
  spec: { name: 'people find', flags: { json: { type: 'boolean' }, limit: { type: 'string' } }, positionals: { min: 1, max: 1, label: 'the TEXT to find' } },
  async run(args, context) {
    const text = args.positionals[0] as string;
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
      context.io.out(
        json({
          text,
          searched: summary.searched,
          matches: summary.matches,
          workspaces: ordered.map(({ source, group }) => ({ id: group.workspaceId, name: group.name, path: source.path, state: group.state, count: group.count, people: group.people })),
        }),
      );
    } else {
      context.io.out(textOutput(ordered, summary.matches, limit));
    }
    return 0;
  },
};
