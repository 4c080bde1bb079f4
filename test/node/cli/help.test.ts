// The help cannot drift from what the commands accept: usage lines and option lists are
// written from the definitions the parser reads, every flag the parser takes is in the
// help (and the reverse), and docs/user/cli.md and the README's synopsis are held to the same
// definitions, exit statuses and error codes.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../../main/kernel/common/errors.js';
import { allFlags, currentArgs, parseArgs, type CommandSpec } from '../../../main/kernel/node/cli/args.js';
import { allCommands } from '../../../main/app/node/cli/commands.js';
import { EXIT_STATUSES, exitStatusFor } from '../../../main/kernel/node/cli/exit-status.js';
import { commandHelp, synopsis } from '../../../main/kernel/node/cli/help.js';
import { run } from '../../../main/app/node/cli/main.js';
import type { CliIo } from '../../../main/kernel/node/cli/io.js';
import { runRoster } from '../../support/cli.js';
import { REPO_ROOT } from '../../support/schema-engine.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';
import { heavyTestFile } from '../../support/loaded-machine.js';

heavyTestFile();

const specs = allCommands().map((command) => command.spec);

afterAll(removeTempDirs);

function specNamed(name: string): CommandSpec {
  const spec = specs.find((candidate) => candidate.name === name);
  if (!spec) throw new Error(`no command ${name}`);
  return spec;
}

function captureIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    interactive: false,
    env: { ROSTER_DATA_DIR: '/nonexistent/roster-help-test' },
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
  };
  return io;
}

/** The part of docs/user/cli.md about one command: from its heading to the next. */
function docSection(doc: string, name: string): string {
  const start = doc.indexOf(`### roster ${name}\n`);
  expect(start, `docs/user/cli.md has a section for roster ${name}`).toBeGreaterThan(-1);
  const next = doc.indexOf('\n### ', start + 1);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, Math.min(...[next, end].filter((at) => at !== -1)));
}

describe('help is written from the definitions the parser uses', () => {
  it('every command has a summary, --json with its shape, -q, and every flag the parser takes is in its help', () => {
    expect(specs.map((spec) => spec.name)).toEqual([
      'workspace create',
      'workspace list',
      'workspace rename',
      'workspace forget',
      'workspace delete',
      'workspace trash',
      'workspace restore',
      'workspace merge',
      'workspace trust',
      'workspace remove-foreign',
      'people add',
      'people list',
      'people update',
      'people delete',
      'people import',
      'people export',
      'people copy',
      'people move',
      'people find',
      'people duplicates',
      'migrate',
    ]);
    for (const spec of specs) {
      const help = commandHelp(spec);
      expect(help.startsWith(`Usage: roster ${synopsis(spec)}\n`), spec.name).toBe(true);
      expect(spec.summary.length, spec.name).toBeGreaterThan(0);
      expect(help, spec.name).toContain(`--json`);
      expect(help, spec.name).toContain(spec.json);
      expect(help, spec.name).toContain('-q, --quiet');
      for (const name of Object.keys(allFlags(spec))) expect(help, `${spec.name} --${name}`).toContain(`--${name}`);
      for (const arg of currentArgs(spec)) expect(help, `${spec.name} ${arg.name}`).toContain(arg.help);
      // And the reverse: every --flag the help shows is one the parser accepts.
      for (const [, flag] of help.matchAll(/--([a-z][a-z-]*)/g)) {
        if (['workspace', 'from', 'to'].includes(flag as string) && !Object.hasOwn(spec.flags, flag as string)) continue;
        const mentioned =
          Object.hasOwn(allFlags(spec), flag as string) || specs.some((other) => Object.hasOwn(allFlags(other), flag as string));
        expect(mentioned, `${spec.name} help mentions --${flag as string}`).toBe(true);
      }
    }
  });

  it('every command accepts --json and -q, and `roster help COMMAND` prints exactly its generated help (exit 0, stdout only)', async () => {
    for (const spec of specs) {
      const positionals = currentArgs(spec)
        .filter((arg) => !arg.optional)
        .map((arg) => arg.name.toLowerCase());
      const required = (spec.required ?? []).flatMap((name) => [`--${name}`, 'x']);
      const parsed = parseArgs([...positionals, ...required, '--json', '-q'], spec);
      expect(parsed.flags, spec.name).toMatchObject({ json: true, quiet: true });
      const io = captureIo();
      expect(await run(['help', ...spec.name.split(' ')], io), spec.name).toBe(0);
      expect(io.stdout).toBe(commandHelp(spec));
      expect(io.stderr).toBe('');
    }
  });

  it('the overview lists every usage line, --version and the exit statuses', async () => {
    const io = captureIo();
    expect(await run(['help'], io)).toBe(0);
    for (const spec of specs) expect(io.stdout).toContain(`  roster ${synopsis(spec)}\n`);
    expect(io.stdout).toContain('  roster --version\n');
    for (const { status, meaning } of EXIT_STATUSES)
      expect(io.stdout).toMatch(new RegExp(`^  ${status} +${meaning.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  });

  it('old spellings are listed apart, never in the usage line', () => {
    const list = specNamed('people list');
    const copy = specNamed('people copy');
    const find = specNamed('people find');
    expect(synopsis(list)).toBe(
      'people list PATH [--search TEXT] [--sort name|created|updated] [--desc] [--added-from TIME] [--added-to TIME] ' +
        '[--changed-from TIME] [--changed-to TIME] [--limit N] [--json] [-q]',
    );
    expect(commandHelp(list)).toMatch(/Old spellings, still accepted in this release:\n {2}--workspace PATH +now the first argument\n/);
    expect(synopsis(copy)).toBe('people copy SRC [ID...] --into DST [--search TEXT] [--all] [--progress] [--json] [-q]');
    expect(commandHelp(copy)).toMatch(/--from PATH +now the first argument\n {2}--to PATH +now --into\n/);
    expect(synopsis(find)).toBe('people find --search TEXT [--limit N] [--json] [-q]');
    expect(commandHelp(find)).toMatch(/TEXT +now --search TEXT\n/);
  });
});

describe('docs/user/cli.md and the README follow the same definitions', () => {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'user', 'cli.md'), 'utf8');

  it('docs/user/cli.md gives every command its usage line, arguments, flags and --json shape', () => {
    for (const spec of specs) {
      const section = docSection(doc, spec.name);
      expect(section, spec.name).toContain(`\n\`\`\`\nroster ${synopsis(spec)}\n\`\`\`\n`);
      expect(section, spec.name).toContain(spec.json);
      for (const arg of currentArgs(spec)) expect(section, `${spec.name} ${arg.name}`).toContain(arg.help);
      for (const [name, flag] of Object.entries(spec.flags)) {
        expect(section, `${spec.name} --${name}`).toContain(`\`--${name}`);
        if (!flag.oldSpellingOf) expect(section, `${spec.name} --${name}`).toContain(flag.help);
      }
    }
  });

  it('docs/user/cli.md lists the exit statuses and every error code with its exit status', () => {
    for (const { status, meaning } of EXIT_STATUSES) expect(doc).toContain(`| ${status} | ${meaning} |`);
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[])
      expect(doc, code).toMatch(new RegExp(`^\\| \`${code}\` \\| ${exitStatusFor(code)} \\| `, 'm'));
    expect(doc).toContain('{"error": {"code": "PERSON_NOT_FOUND", "message": "There is no person with id 9."}}');
  });

  it("the README's synopsis names only commands and flags that exist, and points to `roster help` and docs/user/cli.md", () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The `roster` command'), readme.indexOf('## How it is built'));
    expect(section).toContain('`roster help`');
    expect(section).toContain('[docs/user/cli.md](docs/user/cli.md)');
    const block = /In short[^\n]*\n\n```\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    expect(block).not.toBe('');
    const known = new Set(specs.flatMap((spec) => Object.keys(allFlags(spec))));
    for (const [, flag] of block.matchAll(/--([a-z][a-z-]*)/g)) expect(known.has(flag as string), `--${flag as string}`).toBe(true);
    for (const [, group, words] of block.matchAll(/roster (workspace|people) ([a-z|]+)/g)) {
      for (const word of (words as string).split('|'))
        expect(
          specs.some((spec) => spec.name === `${group as string} ${word}`),
          `${group as string} ${word}`,
        ).toBe(true);
    }
    // Every command appears in it.
    for (const spec of specs) expect(block, spec.name).toMatch(new RegExp(spec.name.split(' ').at(-1) as string));
  });

  it('the built command prints the same help as a child process', async () => {
    const result = await runRoster(['help', 'people', 'export'], { dataDir: join(makeTempDir('cli-help'), 'data') });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(commandHelp(specNamed('people export')));
    expect(result.stderr).toBe('');
  });
});
