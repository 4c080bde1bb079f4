// What a command accepts, written once: the parser (args.ts) reads these definitions to
// parse, and help.ts reads the same ones to write the usage lines and the help, so the
// two cannot disagree. Nothing here runs anything.

export interface ArgSpec {
  /** As usage shows it: PATH, NAME, ID, FILE. */
  readonly name: string;
  readonly help: string;
  readonly optional?: boolean;
  /** Takes every remaining argument (NAME...). */
  readonly many?: boolean;
  /**
   * An old spelling: this argument stands for the flag now written `--<flag>`. Accepted
   * for one more release, never shown in usage lines.
   */
  readonly oldSpellingOf?: string;
}

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  /** One line for the help. */
  readonly help: string;
  /** The value as usage shows it (PATH, N, TEXT); string flags only. */
  readonly value?: string;
  /** Allowed values of a string flag. */
  readonly choices?: readonly string[];
  /** A one-letter form: -q for --quiet. */
  readonly short?: string;
  /**
   * An old spelling kept for one more release: the flag it now is, or the position of
   * the argument it now is (`--workspace PATH` became the first argument). Never shown
   * in usage lines; the help lists it apart.
   */
  readonly oldSpellingOf?: { readonly flag: string } | { readonly arg: number };
}

export interface CommandSpec {
  /** The words that select the command: "people add". */
  readonly name: string;
  /** What the command does, one line per element. */
  readonly summary: readonly string[];
  readonly args: readonly ArgSpec[];
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Flags that must be given (after old spellings are resolved). */
  readonly required?: readonly string[];
  /** Groups of flags of which at most one may be given (--bom and --no-bom). */
  readonly exclusive?: readonly (readonly string[])[];
  /** What --json prints; every command has --json. */
  readonly json: string;
  /** Lines after the options: exit status, cancelling, examples. */
  readonly notes?: readonly string[];
}

/** Flags every command takes; the parser adds them, the help lists them last. */
export const COMMON_FLAGS: Readonly<Record<string, FlagSpec>> = {
  quiet: { type: 'boolean', short: 'q', help: 'print no messages or progress: only results, warnings and errors' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

/** The --json flag of a command, described by what it prints. */
export function jsonFlag(spec: CommandSpec): FlagSpec {
  return { type: 'boolean', help: `print ${spec.json}` };
}

/** The workspace a people command works in: its first argument. */
export const WORKSPACE_ARG: ArgSpec = { name: 'PATH', help: 'the workspace file' };

/** `--workspace PATH`, the old spelling of the first argument. */
export const OLD_WORKSPACE_FLAG: FlagSpec = { type: 'string', value: 'PATH', help: 'the workspace file', oldSpellingOf: { arg: 0 } };
