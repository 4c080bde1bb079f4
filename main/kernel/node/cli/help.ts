// Usage lines and help, written from the command definitions the parser uses
// (spec.ts), so a flag cannot be accepted yet missing from the help, or the reverse.

import { choiceList, currentArgs } from './args.js';
import { EXIT_STATUSES } from './exit-status.js';
import { COMMON_FLAGS, jsonFlag, type ArgSpec, type CommandSpec, type FlagSpec } from './spec.js';

function argUsage(arg: ArgSpec): string {
  const text = arg.many ? `${arg.name}...` : arg.name;
  return arg.optional ? `[${text}]` : text;
}

function flagName(name: string, flag: FlagSpec): string {
  return flag.short ? `-${flag.short}, --${name}` : `--${name}`;
}

/** What a string flag's value looks like: its placeholder, or its few choices (`csv|json`). */
function valueUsage(flag: FlagSpec): string {
  return flag.value ?? flag.choices?.join('|') ?? 'VALUE';
}

function flagUsage(name: string, flag: FlagSpec): string {
  if (flag.type === 'boolean') return flag.short ? `-${flag.short}` : `--${name}`;
  return `--${name} ${valueUsage(flag)}`;
}

/** One line of the options list: the flag, and what it does (with its choices when a placeholder hides them). */
function optionRow(name: string, flag: FlagSpec): [string, string] {
  const left = flag.type === 'string' ? `${flagName(name, flag)} ${valueUsage(flag)}` : flagName(name, flag);
  return [left, flag.choices && flag.value ? `${flag.help}: ${choiceList(flag.choices)}` : flag.help];
}

/** The flags usage lines show: current spellings, the command's own first. */
function shownFlags(spec: CommandSpec): [string, FlagSpec][] {
  const own = Object.entries(spec.flags).filter(([, flag]) => flag.oldSpellingOf === undefined);
  return [...own, ['json', jsonFlag(spec)], ['quiet', COMMON_FLAGS['quiet'] as FlagSpec]];
}

/** `people list PATH [--search TEXT] ... [--json] [-q]` */
export function synopsis(spec: CommandSpec): string {
  const required = new Set(spec.required ?? []);
  const parts = [spec.name, ...currentArgs(spec).map(argUsage)];
  for (const [name, flag] of shownFlags(spec)) parts.push(required.has(name) ? flagUsage(name, flag) : `[${flagUsage(name, flag)}]`);
  return parts.join(' ');
}

function columns(rows: readonly [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

function oldSpelling(name: string, flag: FlagSpec): [string, string] {
  const spelled = flag.type === 'string' ? `--${name} ${flag.value ?? 'VALUE'}` : `--${name}`;
  const of = flag.oldSpellingOf;
  if (of === undefined) return [spelled, ''];
  return [spelled, 'flag' in of ? `now --${of.flag}` : of.arg === 0 ? 'now the first argument' : `now argument ${of.arg + 1}`];
}

/** `roster help COMMAND`. */
export function commandHelp(spec: CommandSpec): string {
  const lines = [`Usage: roster ${synopsis(spec)}`, '', ...spec.summary];
  const args = currentArgs(spec);
  if (args.length > 0) lines.push('', 'Arguments:', ...columns(args.map((arg) => [argUsage(arg).replace(/^\[|\]$/g, ''), arg.help])));
  const options = [...shownFlags(spec), ['help', COMMON_FLAGS['help'] as FlagSpec] as [string, FlagSpec]];
  lines.push('', 'Options:', ...columns(options.map(([name, flag]) => optionRow(name, flag))));
  const old: [string, string][] = [
    ...Object.entries(spec.flags)
      .filter(([, flag]) => flag.oldSpellingOf !== undefined)
      .map(([name, flag]) => oldSpelling(name, flag)),
    ...spec.args
      .filter((arg) => arg.oldSpellingOf !== undefined)
      .map((arg): [string, string] => [arg.name, `now --${arg.oldSpellingOf as string} ${arg.name}`]),
  ];
  if (old.length > 0) lines.push('', 'Old spellings, still accepted in this release:', ...columns(old));
  if (spec.notes && spec.notes.length > 0) lines.push('', ...spec.notes);
  return `${lines.join('\n')}\n`;
}

/** The exit statuses, as the overview and docs/user/cli.md list them. */
function exitStatusLines(): string[] {
  return columns(EXIT_STATUSES.map(({ status, meaning }) => [String(status), meaning]));
}

/** `roster help`. */
export function overview(specs: readonly CommandSpec[]): string {
  return [
    'Usage: roster COMMAND [ARGUMENTS] [OPTIONS]',
    '',
    'Workspaces and people from the command line. Every command works on real workspace files;',
    "the list of workspaces is kept in Roster's data folder (ROSTER_DATA_DIR overrides it).",
    '',
    ...specs.map((spec) => `  roster ${synopsis(spec)}`),
    '  roster --version',
    '',
    'Run `roster help COMMAND` (e.g. `roster help people import`) for details.',
    'Results go to standard output; messages, progress, warnings and errors to standard error.',
    '-q (--quiet) drops the messages and progress. --json prints results as JSON, and an error as',
    '{"error": {"code": "...", "message": "..."}} on one line of standard error.',
    '',
    'Exit status:',
    ...exitStatusLines(),
    '',
  ].join('\n');
}

/** `roster help GROUP`. */
export function groupHelp(group: string, specs: readonly CommandSpec[]): string {
  return `Usage:\n${specs.map((spec) => `  roster ${synopsis(spec)}`).join('\n')}\n\nRun \`roster help ${group} COMMAND\` for details.\n`;
}
