// Command-line arguments, parsed by Node's own `util.parseArgs` in strict mode from the
// command's definition (spec.ts): every flag and argument a command takes is declared
// there, and anything else is a usage error (exit 2) rather than silently ignored.
// Supports `--flag value`, `--flag=value`, boolean flags, one-letter forms (`-q`),
// `-h`/`--help`, and `--` to end the flags (so a name may start with a dash:
// `people add team.roster -- -X-`).
//
// A string flag never swallows the next option: `--into --json` is an error, not a
// workspace called "--json" (a value that starts with a dash is written
// `--into=-odd.roster`). parseArgs would let a repeated flag win silently and knows
// nothing of choices, required flags, argument counts or old spellings, so those are
// checked here, from its tokens.

import { parseArgs as parseNodeArgs } from 'node:util';
import { RosterError } from '../../common/errors.js';
import { COMMON_FLAGS, type ArgSpec, type CommandSpec, type FlagSpec } from './spec.js';

export type { CommandSpec } from './spec.js';

export interface ParsedArgs {
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
  /** True when --help or -h was given: the caller prints help and does nothing else. */
  readonly help: boolean;
}

export function usageError(message: string, command?: string): RosterError {
  const hint = command ? `roster help ${command}` : 'roster help';
  return new RosterError('INVALID_INPUT', `${message} Run \`${hint}\` for usage.`, { usage: true });
}

/** `"a", "b" or "c"`: how messages list choices. */
export function choiceList(choices: readonly string[], conjunction = 'or'): string {
  const quoted = choices.map((choice) => `"${choice}"`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted.at(-1) as string}`;
}

/** Every flag the command accepts: its own, --json, and the common ones. */
export function allFlags(spec: CommandSpec): Readonly<Record<string, FlagSpec>> {
  return { ...spec.flags, json: { type: 'boolean', help: '' }, ...COMMON_FLAGS };
}

/** The option a parseArgs error message quotes (`Unknown option '--nope'`), if any. */
function quotedOption(message: string): string | undefined {
  return /'(-[^' ]*)/.exec(message)?.[1];
}

/** Turns Node's parse errors into Roster's usage errors, in the words the CLI has always used. */
function translate(error: unknown, spec: CommandSpec): RosterError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = quotedOption(message) ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return usageError(`Unknown option ${option} for \`roster ${spec.name}\`.`, spec.name);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/ambiguous/.test(message)) {
        return usageError(
          `${option} needs a value, but the next argument is an option. To give a value that starts with a dash, write ${option}=VALUE.`,
          spec.name,
        );
      }
      if (/does not take an argument/.test(message)) return usageError(`${option} does not take a value.`, spec.name);
      return usageError(`${option.replace(/ <value>$/, '')} needs a value.`, spec.name);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return usageError(`Unexpected argument for \`roster ${spec.name}\`.`, spec.name);
    default:
      return usageError(`Could not read the arguments of \`roster ${spec.name}\`: ${message}`, spec.name);
  }
}

type NodeTokens = ReturnType<
  typeof parseNodeArgs<{
    args: string[];
    options: Record<string, { type: 'string' | 'boolean' }>;
    strict: true;
    allowPositionals: true;
    tokens: true;
  }>
>['tokens'];

/** Flag values from the tokens: each flag once, string values within their choices. */
function readFlags(tokens: NodeTokens, flags: Readonly<Record<string, FlagSpec>>, spec: CommandSpec): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const flag = flags[token.name] as FlagSpec;
    if (Object.hasOwn(values, token.name) && token.name !== 'help')
      throw usageError(`--${token.name} was given more than once.`, spec.name);
    if (flag.type === 'boolean') {
      values[token.name] = true;
      continue;
    }
    const value = token.value ?? '';
    if (flag.choices && !flag.choices.includes(value)) {
      throw usageError(`--${token.name} must be ${choiceList(flag.choices)}; got "${value}".`, spec.name);
    }
    values[token.name] = value;
  }
  return values;
}

/** The arguments usage shows (old spellings left out). */
export function currentArgs(spec: CommandSpec): readonly ArgSpec[] {
  return spec.args.filter((arg) => arg.oldSpellingOf === undefined);
}

/** Rewrites old spellings into what they are now; refuses both spellings at once. */
function resolveOldSpellings(spec: CommandSpec, flags: Record<string, string | boolean>, positionals: string[]): void {
  const inserts: [number, string][] = [];
  for (const [name, flag] of Object.entries(spec.flags)) {
    const value = flags[name];
    if (value === undefined || flag.oldSpellingOf === undefined) continue;
    delete flags[name];
    if ('flag' in flag.oldSpellingOf) {
      const now = flag.oldSpellingOf.flag;
      if (flags[now] !== undefined) throw usageError(`--${name} is the old spelling of --${now}; give only one of them.`, spec.name);
      flags[now] = value;
    } else {
      inserts.push([flag.oldSpellingOf.arg, String(value)]);
    }
  }
  for (const [at, value] of inserts.sort((a, b) => a[0] - b[0])) positionals.splice(at, 0, value);
  const current = currentArgs(spec);
  if (current.some((arg) => arg.many)) return;
  const extra = positionals.slice(current.length);
  for (const arg of spec.args.filter((a) => a.oldSpellingOf !== undefined)) {
    const value = extra.shift();
    if (value === undefined) break;
    const now = arg.oldSpellingOf as string;
    if (flags[now] !== undefined) throw usageError(`Give ${arg.name} once: as --${now} ${arg.name}.`, spec.name);
    flags[now] = value;
    positionals.splice(current.length, 1);
  }
}

/** "PATH and at least one NAME": what a command needs, for "needs ..." messages. */
function needs(args: readonly ArgSpec[]): string {
  const required = args.filter((arg) => !arg.optional);
  return required.map((arg) => (arg.many ? `at least one ${arg.name}` : arg.name)).join(' and ');
}

function checkCounts(spec: CommandSpec, flags: Record<string, string | boolean>, positionals: readonly string[]): void {
  for (const group of spec.exclusive ?? []) {
    const given = group.filter((name) => flags[name] !== undefined);
    if (given.length > 1) throw usageError(`${given.map((name) => `--${name}`).join(' and ')} cannot be given together.`, spec.name);
  }
  for (const name of spec.required ?? []) {
    if (flags[name] === undefined || flags[name] === '') throw usageError(`\`roster ${spec.name}\` needs --${name}.`, spec.name);
  }
  const current = currentArgs(spec);
  const min = current.filter((arg) => !arg.optional).length;
  const max = current.some((arg) => arg.many) ? Infinity : current.length;
  if (positionals.length < min) throw usageError(`\`roster ${spec.name}\` needs ${needs(current)}.`, spec.name);
  if (positionals.length > max)
    throw usageError(`Unexpected argument "${positionals[max] as string}" for \`roster ${spec.name}\`.`, spec.name);
}

export function parseArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const flags = allFlags(spec);
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, flag] of Object.entries(flags))
    options[name] = flag.short ? { type: flag.type, short: flag.short } : { type: flag.type };
  let parsed: { tokens: NodeTokens; positionals: string[] };
  try {
    parsed = parseNodeArgs({ args: [...argv], options, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    // `--help` anywhere wins over other mistakes, as it always has.
    if (argv.some((arg, i) => (arg === '--help' || arg === '-h') && !argv.slice(0, i).includes('--'))) {
      return { flags: {}, positionals: [], help: true };
    }
    throw translate(error, spec);
  }
  const values = readFlags(parsed.tokens, flags, spec);
  const help = values['help'] === true;
  delete values['help'];
  const positionals = [...parsed.positionals];
  if (help) return { flags: values, positionals, help };
  resolveOldSpellings(spec, values, positionals);
  checkCounts(spec, values, positionals);
  return { flags: values, positionals, help };
}

/** A string flag's value (after parseArgs checked its type). */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.flags[name] === true;
}

/** A positive whole number written in decimal, as ids and limits are. */
export function parsePositiveInt(text: string, what: string, command: string): number {
  if (!/^[0-9]+$/.test(text)) throw usageError(`${what} must be a positive whole number; got "${text}".`, command);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw usageError(`${what} must be a positive whole number; got "${text}".`, command);
  return value;
}
