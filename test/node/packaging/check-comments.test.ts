// scripts/check-comments.mjs on small in-memory samples: it finds tracker numbers in
// comments, docs and test names, and names of files that exist nowhere in the
// repository, and lets through what only looks like either (upstream references, CSS
// colours, URLs, build outputs, run-time file names, package files, placeholders).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

interface Problem {
  readonly line: number;
  readonly problem: string;
}
interface Repo {
  readonly headings: Map<string, Set<string>>;
}
interface CheckComments {
  makeRepo(input: {
    files: readonly string[];
    buildOutputs?: readonly string[];
    literalNames?: readonly string[];
    packageFile?: (path: string) => boolean;
  }): Repo;
  checkText(file: string, text: string, repo: Repo): Problem[];
  commentLines(file: string, text: string): { line: number; text: string }[];
  buildOutputsOf(buildScript: string): string[];
  headingAnchors(markdown: string): Set<string>;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
// A plain JavaScript module of the build scripts: no type declarations.
const checker = (await import(pathToFileURL(join(ROOT, 'scripts', 'check-comments.mjs')).href)) as CheckComments;

function repo(): Repo {
  return checker.makeRepo({
    files: [
      'README.md',
      'docs/user/data.md',
      'docs/user/cli.md',
      'main/features/catalog/node/catalog.ts',
      'main/kernel/node/paths/data-paths.ts',
      'scripts/build.mjs',
    ],
    buildOutputs: ['dist/main/main.mjs', 'dist/renderer/app.js'],
    literalNames: ['window-state.json'],
    packageFile: (path) => path === 'electron/electron.d.ts' || path === 'lib/binding.js',
  });
}

/** The problems of one file, as `line: problem`. */
function check(file: string, text: string, within = repo()): string[] {
  return checker.checkText(file, text, within).map(({ line, problem }) => `${line}: ${problem}`);
}

const ISSUE = 'issue';

describe('tracker numbers', () => {
  it('are found in comments of every kind of file, and in docs', () => {
    expect(check('main/a.ts', `// Deleting in bulk (${ISSUE} 12, defect 6).\nconst a = 1;\n/* see #13 */`)).toEqual([
      '1: cites a tracker number ("issue 12"): say why instead',
      '1: cites a tracker number ("defect 6"): say why instead',
      '3: cites a tracker number ("#13"): say why instead',
    ]);
    expect(check('renderer/src/styles/app.css', `a { color: red; }\n/* Find (${ISSUE}s 8 and 10) */`)).toEqual([
      '2: cites a tracker number ("issues 8"): say why instead',
    ]);
    expect(check('prisma/schema.prisma', `/// People in transit (Bug #4)\nmodel A { id Int @id }`)).toEqual([
      '1: cites a tracker number ("Bug #4"): say why instead',
    ]);
    expect(check('electron-builder.yml', `appId: x # fixed in ticket 9\n`)).toEqual([
      '1: cites a tracker number ("ticket 9"): say why instead',
    ]);
    expect(check('docs/user/data.md', `# Data\n\n## A million people (${ISSUE} 8)\n`)).toEqual([
      '3: cites a tracker number ("issue 8"): say why instead',
    ]);
  });

  it('are found in test names, but not in other strings of a test', () => {
    const test =
      `describe('defect 1: the selection follows', () => {\n  it.skipIf(x)('works (${ISSUE} 12)', () => {\n` +
      `    expect(run('${ISSUE} 3')).toBe(1);\n  });\n});\n`;
    expect(check('test/node/a.test.ts', test)).toEqual([
      '1: cites a tracker number ("defect 1"): say why instead',
      '2: cites a tracker number ("issue 12"): say why instead',
    ]);
    expect(check('main/a.ts', `const label = 'defect 1';\n`)).toEqual([]);
    expect(check('bench/a.bench.ts', `export const bench = { name: 'A million people (${ISSUE} 8)' };\n`)).toEqual([
      '1: cites a tracker number ("issue 8"): say why instead',
    ]);
  });

  it('allow upstream references, colours, URLs and numbered lists', () => {
    const fine = [
      '// require() in workers (electron/electron#33216)',
      '// Electron issue 123 describes it; so does Chromium bug 456.',
      '// https://github.com/electron/electron/issues/43473',
      '/* the accent is #263549, the surface #232427 */',
      '//   1. the record is written first',
      '// issues nobody filed, a bug that must fail loudly',
      '// an &#39; entity, step#2 of the loop',
    ].join('\n');
    expect(check('main/a.ts', fine)).toEqual([]);
    expect(check('docs/dev/security.md', '(electron/electron#43473, which added `frame.detached`)\n')).toEqual([]);
  });

  it('are only looked for in comments: strings, templates and regular expressions are code', () => {
    const code = [
      `const url = 'http://example.test/#12'; // fine`,
      `const re = /\\/\\/ ${ISSUE} 12/;`,
      'const t = `// #13 ${a /* #14 */}`;',
      `const d = a / b; // and ${ISSUE} 15`,
    ].join('\n');
    expect(check('main/a.ts', code)).toEqual([
      '3: cites a tracker number ("#14"): say why instead',
      '4: cites a tracker number ("issue 15"): say why instead',
    ]);
  });
});

describe('file references', () => {
  it('name a file by its path, the tail of its path, its bare name, or a path relative to the naming file', () => {
    const fine = [
      '// main/features/catalog/node/catalog.ts, node/catalog.ts and catalog.ts all exist,',
      '// and so does ../paths/data-paths.ts from here.',
    ].join('\n');
    expect(check('main/kernel/node/cli/a.ts', fine)).toEqual([]);
  });

  it('flag short forms that no longer match and files that never existed', () => {
    expect(check('main/a.ts', '// Where seals are kept (catalog/catalog.ts); see integrity.ts and docs/data.md.\n')).toEqual([
      '1: names catalog/catalog.ts, which is no file in this repository',
      '1: names integrity.ts, which is no file in this repository',
      '1: names docs/data.md, which is no file in this repository',
    ]);
    expect(check('docs/user/cli.md', 'The parser reads `spec.ts` and `paths/data-paths.ts`.\n')).toEqual([
      '1: names spec.ts, which is no file in this repository',
    ]);
  });

  it('allow build outputs, run-time file names the code uses, package files, URLs and placeholders', () => {
    const fine = [
      '// dist/main/main.mjs and app.js are built; window-state.json is written at run time;',
      '// electron/electron.d.ts and lib/binding.js come with packages;',
      '// https://example.test/docs/api/app.md is a link; /tmp/roster-check/prisma.config.ts',
      '// is absolute; <name>.json, *.ts, .d.ts and .mjs are placeholders or kinds of file;',
      '// Node.js is a product, and res.json() a call.',
    ].join('\n');
    expect(check('main/a.ts', fine)).toEqual([]);
  });

  it("allow another project's files when the project is named with them", () => {
    const fine = [
      "// (Electron's docs/api/app.md); Electron's docs/tutorial/sandbox.md, lib/sandboxed_renderer/preload.ts;",
      '// microsoft/vscode src/vs/base/parts/ipc/electron-main/ipcMain.ts',
    ].join('\n');
    expect(check('test/shell/a.ts', fine)).toEqual([]);
    expect(check('test/shell/a.ts', '// in a real Chromium (docs/api/app.md)\n')).toEqual([
      '1: names docs/api/app.md, which is no file in this repository',
    ]);
    expect(
      check('docs/dev/security.md', "VS Code's ([`src/vs/x.ts`](https://github.com/microsoft/vscode/blob/main/src/vs/x.ts))\n"),
    ).toEqual([]);
  });

  it('check Markdown links from the folder of the doc, and their anchors', () => {
    const within = repo();
    within.headings.set(
      'docs/user/cli.md',
      checker.headingAnchors('# The `roster` command\n\n## Exit status\n\n```sh\n# not a heading\n```\n'),
    );
    const doc = [
      '[cli](cli.md#exit-status), [front door](../../README.md), [home](#data)',
      '[gone](../cli.md), [anchor](cli.md#not-a-heading), [site](https://example.test/x.md)',
      '',
      '# Data',
    ].join('\n');
    expect(check('docs/user/data.md', doc, within)).toEqual([
      '2: links to ../cli.md, which does not resolve from docs/user/',
      '2: links to cli.md#not-a-heading, but docs/user/cli.md has no heading with the anchor #not-a-heading',
    ]);
  });
});

describe('the parts it reads', () => {
  it('reads the build outputs from the header of scripts/build.mjs', () => {
    const header = [
      '// Output:',
      '//   dist/main/main.mjs        Electron main process',
      '//   dist/renderer/            index.html, app.js, app.css',
      'import x from "y";',
    ].join('\n');
    expect(checker.buildOutputsOf(header)).toEqual([
      'dist/main/main.mjs',
      'dist/renderer/index.html',
      'dist/renderer/app.js',
      'dist/renderer/app.css',
    ]);
  });

  it('finds the comments of shell, SQL and HTML files, and none in a file it does not know', () => {
    expect(checker.commentLines('.ci/run', '#!/usr/bin/env bash\necho "#1" # a comment\n').map((c) => c.text)).toEqual(['# a comment']);
    expect(checker.commentLines('a.sql', "SELECT '--x'; -- why\n/* and\nwhy */").map((c) => c.text)).toEqual([
      '-- why',
      '/* and',
      'why */',
    ]);
    expect(checker.commentLines('index.html', '<p>x</p><!-- note -->').map((c) => c.text)).toEqual(['<!-- note -->']);
    expect(checker.commentLines('photo.png', '// not text')).toEqual([]);
  });
});
