// Comments and docs say why, and point at files that exist.
//
// Fails (exit 1, one `file:line: problem` per finding) when a comment in a source, test,
// bench or script file, or any line of a Markdown doc:
//   (a) cites this project's tracker: issue, defect, bug or ticket followed by a number, or
//       a number after a lone `#`. A tracker number means nothing to someone reading the
//       code without the tracker; the comment should say the reason itself. Upstream
//       references stay allowed: electron/electron#33216, an issue number right after an
//       upstream project's name, links to another project's tracker;
//   (b) names a file (a path ending in .ts .mjs .js .cjs .md .json .yml .prisma .sql and
//       the like) that exists nowhere in the repository. A name passes when it is a file's
//       repo-relative path, a path relative to the file that names it, the tail of a
//       file's path (`node/catalog.ts`) or a file's bare name (`catalog.ts`); a build
//       output listed in the header of scripts/build.mjs; a bare file name the code itself
//       uses in a string literal (a file Roster writes at run time, a test's data); a file
//       of an installed package (node_modules/<path>, or <path> inside one of
//       package.json's dependencies); or another project's file named with that project
//       (Electron's docs/api/app.md, microsoft/vscode src/vs/x.ts). URLs, absolute paths
//       and placeholders (`<name>.json`, `*.ts`) are not file references.
//   Markdown links are stricter: a relative link must resolve from the doc's own folder,
//   and a `#fragment` into a Markdown file must name one of its headings.
//
// Files: `git ls-files` (tracked, plus new files not ignored), without main/generated,
// node_modules, test fixtures, and the shipped migration scripts (their bytes are
// checksummed into every workspace file, so their comments can never change).
//
// Usage: node scripts/check-comments.mjs        (from anywhere in the repository)
// The core (checkText, makeRepo) is exported for test/node/packaging/check-comments.test.ts.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const FILE_EXTENSIONS = ['ts', 'mts', 'cts', 'tsx', 'mjs', 'js', 'cjs', 'md', 'json', 'yml', 'yaml', 'prisma', 'sql'];
const FILE_TOKEN_END = new RegExp(`\\.(?:${FILE_EXTENSIONS.join('|')})$`);

/** Words that end like a file name but name a product. */
const PRODUCT_NAMES = /^(?:node|next|vue|nuxt|react|three|chart|d3|express|deno)\.js$/i;

/** Projects whose own files and trackers a comment may cite ("Electron's docs/api/app.md"). */
const UPSTREAM_NAMES = [
  'upstream',
  'electron',
  'electron-builder',
  'chromium',
  'node',
  'node\\.js',
  'v8',
  'prisma',
  'sqlite',
  'better-sqlite3',
  'esbuild',
  'vitest',
  'playwright',
  'typescript',
  'npm',
  'vs ?code',
  'github',
];
// The project's name right before the reference: "Electron's docs/api/app.md", "Electron issue 1".
const UPSTREAM_BEFORE = new RegExp(`(?:^|[^\\w-])(?:${UPSTREAM_NAMES.join('|')})(?:'s|’s)?\\s+[\`'"]?$`, 'i');
const OWNER_REPO_BEFORE = /(?:^|[\s(`'"])([\w.-]+\/[\w.-]+)(?:(?:'s|’s)?\s+|:)[`'"]?$/;

const TEST_CALL_BEFORE = /\b(?:describe|it|test|suite)(?:\.\w+)*(?:\([^()]*\))?\s*\(\s*$/;

const TRACKER_WORDS = /\b(?:issue|defect|bug|ticket)s?\s*(?:no\.?\s*)?#?\d+/gi;
const TRACKER_HASH = /(?<![\w/&#.-])#\d{1,5}\b(?![\w-])/g;

const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>()`'"]*(?:\([^\s()]*\)[^\s<>()`'"]*)*|\bmailto:\S+|\bwww\.[^\s<>()`'"]+/gi;

// ---------------------------------------------------------------------------------
// Which parts of a file are comments

/** How a file's comments are found, by its name; undefined: the file is not checked. */
export function kindOf(path, text = '') {
  const name = posix.basename(path);
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  if (['ts', 'mts', 'cts', 'tsx', 'js', 'mjs', 'cjs'].includes(ext)) return 'js';
  if (ext === 'md') return 'markdown';
  if (ext === 'css') return 'css';
  if (ext === 'html') return 'html';
  if (ext === 'sql') return 'sql';
  if (ext === 'prisma') return 'prisma';
  if (ext === 'py') return 'python';
  if (['yml', 'yaml', 'toml', 'sh'].includes(ext) || name === '.gitignore' || name === '.gitattributes') return 'hash';
  if (ext === '' && /^#!.*\b(?:ba|z|da)?sh\b/.test(text)) return 'hash';
  return undefined;
}

/** Words after which a `/` starts a regular expression, not a division. */
const KEYWORDS_BEFORE_REGEX = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'yield',
  'await',
  'instanceof',
]);

/**
 * The comments of a JavaScript or TypeScript text, as [start, end) offsets, and the
 * contents of its string literals. Strings, template literals (with their `${}` parts)
 * and regular expression literals are skipped, so a `//` inside them is not a comment.
 */
export function scanJs(text) {
  const comments = [];
  const strings = [];
  const stringRanges = [];
  const n = text.length;
  const templateDepths = [];
  let depth = 0;
  let mode = 'code';
  let regexAllowed = true;
  let i = 0;
  while (i < n) {
    if (mode === 'template') {
      const start = i;
      while (i < n && text[i] !== '`' && !(text[i] === '$' && text[i + 1] === '{')) i += text[i] === '\\' ? 2 : 1;
      strings.push(text.slice(start, Math.min(i, n)));
      stringRanges.push([start, Math.min(i, n)]);
      if (i >= n) break;
      if (text[i] === '`') {
        i += 1;
        mode = 'code';
        regexAllowed = false;
      } else {
        i += 2;
        templateDepths.push(depth);
        mode = 'code';
        regexAllowed = true;
      }
      continue;
    }
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      comments.push([i, stop]);
      i = stop;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? n : end + 2;
      comments.push([i, stop]);
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i + 1;
      i += 1;
      while (i < n && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      strings.push(text.slice(start, Math.min(i, n)));
      stringRanges.push([start, Math.min(i, n)]);
      i += 1;
      regexAllowed = false;
      continue;
    }
    if (c === '`') {
      i += 1;
      mode = 'template';
      continue;
    }
    if (c === '/' && regexAllowed) {
      i = endOfRegex(text, i);
      regexAllowed = false;
      continue;
    }
    if (/[A-Za-z_$0-9]/.test(c)) {
      const start = i;
      while (i < n && /[A-Za-z_$0-9]/.test(text[i])) i += 1;
      regexAllowed = KEYWORDS_BEFORE_REGEX.has(text.slice(start, i));
      continue;
    }
    if (c === '{') depth += 1;
    if (c === '}') {
      if (templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === depth) {
        templateDepths.pop();
        mode = 'template';
        i += 1;
        continue;
      }
      depth -= 1;
    }
    if (!/\s/.test(c)) regexAllowed = !(c === ')' || c === ']' || c === '}');
    i += 1;
  }
  return { comments, strings, stringRanges };
}

/** Where the regular expression literal starting at `start` (its `/`) ends, flags included. */
function endOfRegex(text, start) {
  let i = start + 1;
  let inClass = false;
  while (i < text.length && text[i] !== '\n') {
    const ch = text[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) break;
    i += 1;
  }
  i += 1;
  while (i < text.length && /[a-z]/i.test(text[i])) i += 1;
  return i;
}

/** Comments delimited by fixed markers, outside strings quoted with `quotes`. */
function scanDelimited(text, { line = [], block = [], quotes = [] }) {
  const comments = [];
  const n = text.length;
  let i = 0;
  outer: while (i < n) {
    for (const quote of quotes) {
      if (text.startsWith(quote, i)) {
        const end = text.indexOf(quote, i + quote.length);
        i = end === -1 ? n : end + quote.length;
        continue outer;
      }
    }
    for (const marker of line) {
      if (text.startsWith(marker, i)) {
        const end = text.indexOf('\n', i);
        const stop = end === -1 ? n : end;
        comments.push([i, stop]);
        i = stop;
        continue outer;
      }
    }
    for (const [open, close] of block) {
      if (text.startsWith(open, i)) {
        const end = text.indexOf(close, i + open.length);
        const stop = end === -1 ? n : end + close.length;
        comments.push([i, stop]);
        i = stop;
        continue outer;
      }
    }
    i += 1;
  }
  return comments;
}

/** `#` comments: a `#` at the start of a line or after a space, outside quotes on that line. */
function scanHash(text) {
  const comments = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    let quote = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === '\\' && quote === '"') i += 1;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1])) && !(offset === 0 && line.startsWith('#!'))) {
        comments.push([offset + i, offset + line.length]);
        break;
      }
    }
    offset += line.length + 1;
  }
  return comments;
}

/** The comment (or, in a doc, prose) regions of a file, as [start, end) offsets. */
function regionsOf(kind, text) {
  switch (kind) {
    case 'js':
      return scanJs(text).comments;
    case 'markdown':
      return [[0, text.length]];
    case 'css':
      return scanDelimited(text, { block: [['/*', '*/']], quotes: ['"', "'"] });
    case 'html':
      return scanDelimited(text, { block: [['<!--', '-->']] });
    case 'sql':
      return scanDelimited(text, { line: ['--'], block: [['/*', '*/']], quotes: ["'"] });
    case 'prisma':
      return scanDelimited(text, { line: ['//'], quotes: ['"'] });
    case 'python':
      return [
        ...scanDelimited(text, {
          block: [
            ['"""', '"""'],
            ["'''", "'''"],
          ],
        }),
        ...scanHash(text),
      ];
    case 'hash':
      return scanHash(text);
    default:
      return [];
  }
}

/** The comment regions of a file split into lines: [{ line (1-based), text }]. */
export function commentLines(path, text) {
  const kind = kindOf(path, text);
  return kind ? splitLines(text, regionsOf(kind, text)) : [];
}

/**
 * The names a reader sees outside the code: the first argument of describe/it/test in a
 * test file, and every string of a bench (its name and its rows' labels).
 */
export function nameLines(path, text) {
  const bench = /^bench\//.test(path);
  const test = /\.test\.[cm]?[jt]sx?$/.test(path);
  if (!bench && !test) return [];
  const ranges = scanJs(text).stringRanges.filter(
    ([start]) => bench || TEST_CALL_BEFORE.test(text.slice(Math.max(0, start - 120), start - 1)),
  );
  return splitLines(text, ranges);
}

function splitLines(text, regions) {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  const out = [];
  for (const [start, end] of regions) {
    let at = start;
    while (at < end) {
      const index = lineOf(at);
      const lineEnd = index + 1 < lineStarts.length ? lineStarts[index + 1] - 1 : text.length;
      const stop = Math.min(end, lineEnd);
      out.push({ line: index + 1, text: text.slice(at, stop) });
      at = stop + 1;
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

// ---------------------------------------------------------------------------------
// What exists

function suffixesOf(path) {
  const parts = path.split('/');
  return parts.map((_, index) => parts.slice(index).join('/'));
}

/**
 * What a file reference may point at.
 * files: repo-relative paths of the repository's files; buildOutputs: paths the build
 * writes (dist/…); literalNames: bare file names string literals of the code use;
 * packageFile(path): whether node_modules holds that path (in a package).
 */
export function makeRepo({ files, buildOutputs = [], literalNames = [], packageFile = () => false }) {
  const fileSet = new Set(files);
  const dirs = new Set();
  for (const file of fileSet) {
    let dir = posix.dirname(file);
    while (dir !== '.' && !dirs.has(dir)) {
      dirs.add(dir);
      dir = posix.dirname(dir);
    }
  }
  const tails = new Set([...fileSet, ...buildOutputs].flatMap(suffixesOf));
  return { files: fileSet, dirs, tails, literalNames: new Set(literalNames), packageFile, headings: new Map() };
}

/** GitHub's anchors for the headings of a Markdown text. */
export function headingAnchors(text) {
  const anchors = new Set();
  const seen = new Map();
  let fence = '';
  for (const line of text.split('\n')) {
    const fenceMatch = /^\s{0,3}(```+|~~~+)/.exec(line);
    if (fenceMatch) {
      if (!fence) fence = fenceMatch[1];
      else if (line.trim().startsWith(fence)) fence = '';
      continue;
    }
    if (fence) continue;
    for (const match of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1]);
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const plain = heading[1]
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(plain) ?? 0;
    seen.set(plain, count + 1);
    anchors.add(count === 0 ? plain : `${plain}-${count}`);
  }
  return anchors;
}

// ---------------------------------------------------------------------------------
// The checks

function blank(text, pattern) {
  return text.replace(pattern, (match) => ' '.repeat(match.length));
}

function trackerProblems(text) {
  const problems = [];
  const clean = blank(text, URL);
  const cited = [];
  for (const match of clean.matchAll(TRACKER_WORDS)) {
    cited.push([match.index, match.index + match[0].length]);
    const before = clean.slice(0, match.index);
    if (UPSTREAM_BEFORE.test(before) || OWNER_REPO_BEFORE.test(before)) continue;
    problems.push(`cites a tracker number ("${match[0]}"): say why instead`);
  }
  for (const match of clean.matchAll(TRACKER_HASH)) {
    const before = clean.slice(0, match.index);
    if (cited.some(([from, to]) => match.index >= from && match.index < to)) continue;
    if (UPSTREAM_BEFORE.test(before)) continue;
    problems.push(`cites a tracker number ("${match[0]}"): say why instead`);
  }
  return problems;
}

function normalise(path) {
  const parts = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/** Whether `token`, named in `file`, is a file reference that holds. */
function resolves(token, file, repo) {
  const fromHere = normalise(posix.join(posix.dirname(file), token));
  if (fromHere !== undefined && repo.files.has(fromHere)) return true;
  const stripped = token.replace(/^(?:\.\.?\/)+/, '');
  if (repo.tails.has(stripped)) return true;
  if (!stripped.includes('/') && repo.literalNames.has(stripped)) return true;
  return repo.packageFile(stripped);
}

/** Whether the text before a path names the project the path belongs to. */
function upstreamQualified(before, repo) {
  if (UPSTREAM_BEFORE.test(before)) return true;
  const owner = OWNER_REPO_BEFORE.exec(before);
  return owner !== null && !repo.dirs.has(owner[1]) && !repo.files.has(owner[1]);
}

function fileProblems(text, file, repo, markdown) {
  const problems = [];
  // A link to another site names a file of that site, not of this repository.
  let clean = markdown ? blank(text, /\[[^\]]*\]\((?:[a-z][a-z0-9+.-]*:|\/\/)[^)\s]*\)/gi) : text;
  clean = blank(clean, URL);
  if (markdown) {
    for (const match of clean.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const problem = linkProblem(match[1], file, repo);
      if (problem) problems.push(problem);
    }
    clean = blank(clean, /\]\([^)\s]+(?:\s+"[^"]*")?\)/g);
  }
  let previousEnd = -1;
  let previousQualified = false;
  for (const match of clean.matchAll(/[\w.@$%~+\-/*{}<>\\]+/g)) {
    const token = match[0].replace(/[.-]+$/, '');
    const start = match.index;
    if (!FILE_TOKEN_END.test(token)) continue;
    if (/[$%*{}<>\\~]/.test(token) || token.startsWith('/') || token.startsWith('@/')) continue;
    if (clean[start + match[0].length] === '(' && match[0] === token) continue;
    if (PRODUCT_NAMES.test(token)) continue;
    // `.ts`, `.d.ts`: a kind of file, not a file.
    if (/^(?:\.[a-z0-9]{1,6})+$/.test(token)) continue;
    const before = clean.slice(0, start);
    const between = previousEnd === -1 ? '' : clean.slice(previousEnd, start);
    const qualified = upstreamQualified(before, repo) || (previousQualified && /^[\s`'",;]*(?:(?:and|or)\s+[`'"]?)?$/.test(between));
    previousEnd = start + token.length;
    previousQualified = qualified;
    if (qualified || resolves(token, file, repo)) continue;
    problems.push(`names ${token}, which is no file in this repository`);
  }
  return problems;
}

function linkProblem(target, file, repo) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return undefined;
  const hash = target.indexOf('#');
  const pathPart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
  const fragment = hash === -1 ? '' : decodeURIComponent(target.slice(hash + 1));
  const path = pathPart === '' ? file : normalise(posix.join(posix.dirname(file), pathPart));
  if (path === undefined || (!repo.files.has(path) && !repo.dirs.has(path.replace(/\/$/, '')) && path !== '')) {
    return `links to ${target}, which does not resolve from ${posix.dirname(file) || '.'}/`;
  }
  if (fragment && path.endsWith('.md') && repo.headings.has(path) && !repo.headings.get(path).has(fragment)) {
    return `links to ${target}, but ${path} has no heading with the anchor #${fragment}`;
  }
  return undefined;
}

/** Every problem of one file: [{ line, problem }]. */
export function checkText(file, text, repo) {
  const kind = kindOf(file, text);
  if (!kind) return [];
  if (kind === 'markdown' && !repo.headings.has(file)) repo.headings.set(file, headingAnchors(text));
  const out = [];
  for (const { line, text: comment } of commentLines(file, text)) {
    for (const problem of trackerProblems(comment)) out.push({ line, problem });
    for (const problem of fileProblems(comment, file, repo, kind === 'markdown')) out.push({ line, problem });
  }
  // Test names and bench labels are read like comments: in the test report, and in
  // docs/dev/benchmarks.md.
  if (kind === 'js') {
    for (const { line, text: literal } of nameLines(file, text))
      for (const problem of trackerProblems(literal)) out.push({ line, problem });
  }
  return out.sort((a, b) => a.line - b.line);
}

// ---------------------------------------------------------------------------------
// The repository

/** Files the check skips: generated, installed, test data, and shipped migration scripts. */
export function skipped(path) {
  return (
    path.startsWith('main/generated/') ||
    path.split('/').includes('node_modules') ||
    path.split('/').includes('fixtures') ||
    /^prisma\/migrations\/[^/]+\/migration\.sql$/.test(path) ||
    path === 'package-lock.json'
  );
}

/** The build outputs the header of scripts/build.mjs lists (`dist/renderer/  index.html, app.js`). */
export function buildOutputsOf(buildScript) {
  const outputs = [];
  for (const line of buildScript.split('\n')) {
    const match = /^\/\/\s+(dist\/\S*)(.*)$/.exec(line);
    if (!match) continue;
    const [, path, rest] = match;
    if (!path.endsWith('/')) outputs.push(path);
    else for (const name of rest.split(/[\s,]+/)) if (FILE_TOKEN_END.test(name) || /\.(?:html|css)$/.test(name)) outputs.push(path + name);
  }
  return outputs;
}

export function loadRepo(root) {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  })
    .toString('utf8')
    .split('\0')
    .filter(Boolean);
  const files = [...new Set(listed)].filter((path) => {
    try {
      return statSync(join(root, path)).isFile();
    } catch {
      return false;
    }
  });
  const literalNames = new Set();
  for (const path of files) {
    if (kindOf(path) !== 'js' || path.startsWith('main/generated/')) continue;
    for (const literal of scanJs(readFileSync(join(root, path), 'utf8')).strings) {
      const name = literal.trim();
      if (FILE_TOKEN_END.test(name) && /^[\w.@+-]+$/.test(name)) literalNames.add(name);
    }
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const packages = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
  const cache = new Map();
  const packageFile = (path) => {
    if (!cache.has(path)) {
      cache.set(
        path,
        existsSync(join(root, 'node_modules', path)) || packages.some((name) => existsSync(join(root, 'node_modules', name, path))),
      );
    }
    return cache.get(path);
  };
  const buildScript = join(root, 'scripts', 'build.mjs');
  const buildOutputs = existsSync(buildScript) ? buildOutputsOf(readFileSync(buildScript, 'utf8')) : [];
  return { files, repo: makeRepo({ files, buildOutputs, literalNames, packageFile }) };
}

export function checkRepo(root) {
  const { files, repo } = loadRepo(root);
  const checked = files.filter((path) => !skipped(path));
  const texts = new Map();
  for (const path of checked) {
    if (!kindOf(path)) {
      const head = readFileSync(join(root, path)).subarray(0, 64).toString('utf8');
      if (!kindOf(path, head)) continue;
    }
    texts.set(path, readFileSync(join(root, path), 'utf8'));
  }
  // Headings first, so a link into a doc checked later still has its anchors.
  for (const [path, text] of texts) if (kindOf(path) === 'markdown') repo.headings.set(path, headingAnchors(text));
  const problems = [];
  for (const [path, text] of texts)
    for (const { line, problem } of checkText(path, text, repo)) problems.push({ file: path, line, problem });
  return { checked: texts.size, problems };
}

function main() {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: here }).toString('utf8').trim();
  const { checked, problems } = checkRepo(root);
  for (const { file, line, problem } of problems) console.log(`${file}:${line}: ${problem}`);
  if (problems.length > 0) {
    console.log(
      `check-comments: ${problems.length} problem${problems.length === 1 ? '' : 's'} ` +
        `in ${new Set(problems.map((p) => p.file)).size} of ${checked} files`,
    );
    process.exitCode = 1;
  } else {
    console.log(`check-comments: ${checked} files, no tracker numbers, every named file exists`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
