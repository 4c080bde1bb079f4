// `roster people duplicates PATH`: the duplicates view from the command line, the
// groups of people whose names fold alike (same letters, ignoring case and accents),
// through the same service as the window.

import { GROUPS_PAGE_MAX, GroupsInput, type DuplicateGroup } from '../common/duplicates-contract.js';
import { DuplicatesService } from './duplicates-service.js';
import { booleanFlag, parsePositiveInt, stringFlag } from '../../../kernel/node/cli/args.js';
import { modeOf } from '../../../kernel/node/cli/command.js';
import { cell, json, plural, table, TABLE_NAME_MAX } from '../../../kernel/node/cli/format.js';
import { say } from '../../../kernel/node/cli/io.js';
import { OLD_WORKSPACE_FLAG, WORKSPACE_ARG } from '../../../kernel/node/cli/spec.js';
import { parseInput } from '../../../kernel/node/ipc/validate.js';
import { useWorkspace } from '../../people/node/workspace-use.js';
import { workspaceOf } from '../../people/node/people-commands.js';
import type { RosterCommand } from '../../catalog/node/roster-context.js';

/** Each group: a title line, then its people indented. */
function textGroups(groups: readonly DuplicateGroup[]): string {
  const lines: string[] = [];
  for (const group of groups) {
    const shown = group.count > group.people.length ? `, the first ${group.people.length} shown` : '';
    lines.push(`${cell(group.name, TABLE_NAME_MAX)}: ${plural(group.count, 'person', 'people')}${shown}`);
    const rows = table(
      ['ID', 'ADDED', 'NAME'],
      group.people.map((person) => [String(person.id), person.createdAt, cell(person.name, TABLE_NAME_MAX)]),
    );
    lines.push(
      ...rows
        .trimEnd()
        .split('\n')
        .map((line) => `  ${line}`),
      '',
    );
  }
  return lines.join('\n');
}

export const peopleDuplicates: RosterCommand = {
  spec: {
    name: 'people duplicates',
    summary: ['Lists the names held by more than one person (ignoring case and accents), in name order.'],
    args: [WORKSPACE_ARG],
    flags: {
      workspace: OLD_WORKSPACE_FLAG,
      limit: { type: 'string', value: 'N', help: `at most N groups (default and most: ${GROUPS_PAGE_MAX})` },
    },
    json: '{total, people, groups: [{name, count, people: [{id, name, createdAt}, ...]}, ...]}',
    notes: ['Each group lists its first 10 people by id; `count` says how many share the name.'],
  },
  async run(args, context) {
    const limitText = stringFlag(args, 'limit');
    const limit = limitText === undefined ? GROUPS_PAGE_MAX : parsePositiveInt(limitText, '--limit', 'people duplicates');
    const query = parseInput(GroupsInput, { offset: 0, limit: Math.min(limit, GROUPS_PAGE_MAX) });
    const page = await useWorkspace(context, workspaceOf(args), (lease) => new DuplicatesService(lease).groups(query));
    if (booleanFlag(args, 'json')) {
      context.io.out(json(page));
      return 0;
    }
    if (page.total === 0) {
      say(context.io, modeOf(args), 'No two people share a name in this workspace.\n');
      return 0;
    }
    const more = page.total > page.groups.length ? `, the first ${page.groups.length} shown` : '';
    say(context.io, modeOf(args), `${plural(page.total, 'name')} held by ${plural(page.people, 'person', 'people')}${more}.\n`);
    context.io.out(textGroups(page.groups));
    return 0;
  },
};
