// The argument parser and run() in-process: strict flags, usage errors as exit 2,
// help as exit 0, and nothing but one line on stderr.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isRosterError } from '../../../main/kernel/common/errors.js';
import { parseArgs, parsePositiveInt, type CommandSpec } from '../../../main/kernel/node/cli/args.js';
import type { CliIo } from '../../../main/kernel/node/cli/io.js';
import { Progress } from '../../../main/kernel/node/cli/io.js';
import { run } from '../../../main/app/node/cli/main.js';

const spec: CommandSpec = {
  name: 'people list',
  summary: ['Lists people.'],
  flags: {
    workspace: { type: 'string', help: 'the workspace' },
    sort: { type: 'string', choices: ['name', 'created'], help: 'the order' },
  },
  required: ['workspace'],
  args: [{ name: 'THING', optional: true, help: 'at most one thing' }],
  json: '[...]',
};

function usageMessage(argv: string[]): string {
  try {
    parseArgs(argv, spec);
  } catch (error) {
    if (isRosterError(error)) {
      expect(error.code).toBe('INVALID_INPUT');
      return error.message;
    }
    throw error;
  }
  throw new Error('expected a usage error');
}

function captureIo(interactive = false): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    interactive,
    env: { ROSTER_DATA_DIR: '/nonexistent/roster-test-data' },
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
  };
  return io;
}

describe('parseArgs', () => {
  it('reads --flag value, --flag=value, booleans, positionals and --', () => {
    expect(parseArgs(['--workspace', 'a.roster', '--json', 'x'], spec)).toEqual({
      flags: { workspace: 'a.roster', json: true },
      positionals: ['x'],
      help: false,
    });
    expect(parseArgs(['--workspace=a=b.roster', '--sort=created'], spec).flags).toEqual({ workspace: 'a=b.roster', sort: 'created' });
    expect(parseArgs(['--workspace', 'w', '--', '--json'], spec).positionals).toEqual(['--json']);
    expect(parseArgs(['--workspace', 'w', '-'], spec).positionals).toEqual(['-']);
  });

  it('refuses unknown, repeated, valueless and out-of-choice flags, and wrong argument counts', () => {
    expect(usageMessage(['--workspace', 'w', '--nope'])).toMatch(/Unknown option --nope/);
    expect(usageMessage(['--workspace', 'w', '-n'])).toMatch(/Unknown option -n/);
    expect(usageMessage(['--workspace', 'w', '--workspace', 'v'])).toMatch(/more than once/);
    expect(usageMessage(['--workspace'])).toMatch(/needs a value/);
    expect(usageMessage(['--workspace', 'w', '--json=yes'])).toMatch(/does not take a value/);
    expect(usageMessage(['--workspace', 'w', '--sort', 'age'])).toMatch(/--sort must be "name" or "created"; got "age"/);
    expect(usageMessage([])).toMatch(/needs --workspace/);
    expect(usageMessage(['--workspace', 'w', 'a', 'b'])).toMatch(/Unexpected argument "b"/);
    expect(usageMessage(['--toString', 'x'])).toMatch(/Unknown option --toString/);
    expect(usageMessage(['--workspace=w', '--sort'])).toMatch(/--sort needs a value/);
  });

  it('never takes the next option as a flag’s value', () => {
    // `--workspace --json` used to open a workspace file called "--json".
    expect(usageMessage(['--workspace', '--json'])).toBe(
      '--workspace needs a value, but the next argument is an option. ' +
        'To give a value that starts with a dash, write --workspace=VALUE. Run `roster help people list` for usage.',
    );
    expect(usageMessage(['--workspace', '-x.roster'])).toMatch(/--workspace needs a value, but the next argument is an option/);
    expect(usageMessage(['--sort', '--workspace', 'w'])).toMatch(/--sort needs a value/);
    // Said explicitly, a value may start with a dash.
    expect(parseArgs(['--workspace=--json'], spec)).toEqual({ flags: { workspace: '--json' }, positionals: [], help: false });
  });

  it('--help and -h skip the other checks', () => {
    expect(parseArgs(['--help'], spec).help).toBe(true);
    expect(parseArgs(['-h'], spec).help).toBe(true);
    expect(parseArgs(['--nope', '--help'], spec).help).toBe(true);
    // After `--`, "--help" is just a name.
    expect(parseArgs(['--workspace', 'w', '--', '--help'], spec)).toEqual({
      flags: { workspace: 'w' },
      positionals: ['--help'],
      help: false,
    });
  });

  it('parses positive whole numbers only', () => {
    expect(parsePositiveInt('42', 'ID', 'x')).toBe(42);
    for (const text of ['0', '-1', '1.5', '1e3', ' 1', '', '99999999999999999999']) {
      expect(() => parsePositiveInt(text, 'ID', 'x'), text).toThrow(/positive whole number/);
    }
  });
});

describe('run (in-process)', () => {
  it('prints help with exit 0 and no stderr', async () => {
    const io = captureIo();
    expect(await run(['help'], io)).toBe(0);
    expect(io.stdout).toContain('roster people import PATH FILE');
    expect(io.stderr).toBe('');
  });

  it('--version prints the package version with exit 0', async () => {
    const io = captureIo();
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await run(['--version'], io)).toBe(0);
    expect(io.stdout).toBe(`${version}\n`);
    expect(io.stderr).toBe('');
    const extra = captureIo();
    expect(await run(['--version', 'people'], extra)).toBe(2);
    expect(extra.stderr).toMatch(/^INVALID_INPUT `roster --version` takes no arguments\./);
  });

  it('`--workspace --json` is a usage error (exit 2), not a workspace called "--json"', async () => {
    const io = captureIo();
    expect(await run(['people', 'list', '--workspace', '--json'], io)).toBe(2);
    // "--json" is on the command line, so the error comes as JSON too.
    expect(JSON.parse(io.stderr)).toMatchObject({
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^--workspace needs a value, but the next argument is an option\./) },
    });
    expect(io.stdout).toBe('');
  });

  it('a usage error is exit 2 with one `INVALID_INPUT ...` line', async () => {
    const io = captureIo();
    expect(await run(['people', 'list', '--bogus'], io)).toBe(2);
    expect(io.stderr).toBe('INVALID_INPUT Unknown option --bogus for `roster people list`. Run `roster help people list` for usage.\n');
    expect(io.stdout).toBe('');
  });

  it('never opens the data folder for help or usage errors', async () => {
    const io = captureIo();
    expect(await run(['help', 'migrate'], io)).toBe(0);
    expect(await run(['help', 'nothing'], io)).toBe(2);
    expect(io.stderr).toMatch(/^INVALID_INPUT There is no command "nothing"/);
  });
});

describe('Progress', () => {
  it('draws in place on a terminal and stays silent elsewhere unless forced', () => {
    const tty = captureIo(true);
    const drawn = new Progress(tty, 'Importing');
    drawn.update(5000, 10_000);
    drawn.update(10_000, 10_000);
    drawn.finish();
    expect(tty.stderr).toContain('\r\x1b[2KImporting 5,000/10,000 (50%)');
    expect(tty.stderr).toContain('10,000/10,000 (100%)');
    expect(tty.stderr.endsWith('\r\x1b[2K')).toBe(true);

    const pipe = captureIo(false);
    new Progress(pipe, 'Importing').update(1, 2);
    expect(pipe.stderr).toBe('');
    new Progress(pipe, 'Importing', { force: true }).update(1, 2);
    expect(pipe.stderr).toBe('Importing 1/2 (50%)\n');
  });
});
