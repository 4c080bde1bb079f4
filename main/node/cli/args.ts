// Command-line arguments, parsed by Node's own `util.parseArgs` in strict mode: every
// command declares its flags and how many positional arguments it takes, and anything
// else is a usage error (exit 2) rather than silently ignored. Supports `--flag value`,
// `--flag=value`, boolean flags, `-h`/`--help`, and `--` to end the flags (so a name
// may start with a dash: `people add -- -X-`).
//
// A string flag never swallows the next option: `--workspace --json` is an error, not
// a workspace called "--json" (a value that starts with a dash is written
// `--workspace=-odd.roster`). parseArgs would let a repeated flag win silently and
// knows nothing of choices, required flags or positional counts, so those are checked
// here, from its tokens.

import { parseArgs as parseNodeArgs } from 'node:util';
import { RosterError } from '../../common/errors.js';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  /** Allowed values for a string flag. */
  readonly choices?: readonly string[];
}

export interface CommandSpec {
  /** The words that select the command, e.g. "people add"; used in messages. */
  readonly name: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Flags that must be given. */
  readonly required?: readonly string[];
  readonly positionals: { readonly min: number; readonly max: number; readonly label: string };
}

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

const HELP_FLAG = 'help';

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
        return usageError(`${option} needs a value, but the next argument is an option. To give a value that starts with a dash, write ${option}=VALUE.`, spec.name);
      }
      if (/does not take an argument/.test(message)) return usageError(`${option} does not take a value.`, spec.name);
      return usageError(`${option.replace(/ <value>$/, '')} needs a value.`, spec.name);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return usageError(`Unexpected argument for \`roster ${spec.name}\`.`, spec.name);
    default:
      return usageError(`Could not read the arguments of \`roster ${spec.name}\`: ${message}`, spec.name);
  }
}

export function parseArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { [HELP_FLAG]: { type: 'boolean', short: 'h' } };
  for (const [name, flag] of Object.entries(spec.flags)) options[name] = { type: flag.type };
  let parsed: ReturnType<typeof parseNodeArgs<{ args: string[]; options: typeof options; strict: true; allowPositionals: true; tokens: true }>>;
  try {
    parsed = parseNodeArgs({ args: [...argv], options, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    // `--help` anywhere wins over other mistakes, as it always has.
    if (argv.some((arg, i) => (arg === '--help' || arg === '-h') && !argv.slice(0, i).includes('--'))) {
      return { flags: {}, positionals: [], help: true };
    }
    throw translate(error, spec);
  }
  const flags: Record<string, string | boolean | undefined> = {};
  const seen = new Set<string>();
  let help = false;
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === HELP_FLAG) {
      help = true;
      continue;
    }
    if (seen.has(token.name)) throw usageError(`--${token.name} was given more than once.`, spec.name);
    seen.add(token.name);
    const flag = spec.flags[token.name] as FlagSpec;
    if (flag.type === 'boolean') {
      flags[token.name] = true;
      continue;
    }
    const value = token.value ?? '';
    if (flag.choices && !flag.choices.includes(value)) {
      throw usageError(`--${token.name} must be one of ${flag.choices.join(', ')}; got "${value}".`, spec.name);
    }
    flags[token.name] = value;
  }
  const positionals = [...parsed.positionals];
  if (help) return { flags, positionals, help };
  for (const name of spec.required ?? []) {
    if (flags[name] === undefined || flags[name] === '') throw usageError(`\`roster ${spec.name}\` needs --${name}.`, spec.name);
  }
  const { min, max, label } = spec.positionals;
  if (positionals.length < min) {
    throw usageError(`\`roster ${spec.name}\` needs ${label}.`, spec.name);
  }
  if (positionals.length > max) {
    const extra = positionals[max] as string;
    throw usageError(`Unexpected argument "${extra}" for \`roster ${spec.name}\`.`, spec.name);
  }
  return { flags, positionals, help };
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
