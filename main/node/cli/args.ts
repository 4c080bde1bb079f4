// A small, strict argument parser: every command declares its flags and how many
// positional arguments it takes, and anything else is a usage error (exit 2) rather
// than silently ignored. Supports `--flag value`, `--flag=value`, boolean flags, and
// `--` to end the flags (so a name may start with a dash: `people add -- -X-`).

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

export function parseArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const flags: Record<string, string | boolean | undefined> = {};
  const positionals: string[] = [];
  let help = false;
  let flagsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (flagsEnded || !arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      flagsEnded = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--')) throw usageError(`Unknown option ${arg} for \`roster ${spec.name}\`.`, spec.name);
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const flag = Object.hasOwn(spec.flags, name) ? spec.flags[name] : undefined;
    if (!flag) throw usageError(`Unknown option --${name} for \`roster ${spec.name}\`.`, spec.name);
    if (flags[name] !== undefined) throw usageError(`--${name} was given more than once.`, spec.name);
    if (flag.type === 'boolean') {
      if (equals !== -1) throw usageError(`--${name} does not take a value.`, spec.name);
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (equals !== -1) value = arg.slice(equals + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    if (value === undefined) throw usageError(`--${name} needs a value.`, spec.name);
    if (flag.choices && !flag.choices.includes(value)) {
      throw usageError(`--${name} must be one of ${flag.choices.join(', ')}; got "${value}".`, spec.name);
    }
    flags[name] = value;
  }
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
