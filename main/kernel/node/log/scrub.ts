// Error messages written for the CLI may name files ("A file already exists at
// /home/ana/My Work/team.roster"). A renderer is told a file's name, never where it
// lives. Paths the caller knows about (the error's details, the session's workspace)
// are replaced first, which handles names with spaces; then any remaining absolute
// path is cut down to its last segment as a safety net.

const SEGMENT = String.raw`[^\s/\\'"\x60:;,()]`;
const POSIX_PATH = new RegExp(String.raw`(?<![\w.~-])\/(?:${SEGMENT}+\/)*(${SEGMENT}+)`, 'g');
const WINDOWS_PATH = new RegExp(String.raw`\b[A-Za-z]:\\(?:${SEGMENT}+\\)*(${SEGMENT}*)`, 'g');
const UNC_PATH = new RegExp(String.raw`\\\\(?:${SEGMENT}+\\)+(${SEGMENT}*)`, 'g');
const HOME = new RegExp(String.raw`(?<![\w.-])~[/\\](?:${SEGMENT}+[/\\])*(${SEGMENT}*)`, 'g');

function lastSegment(path: string): string {
  const trimmed = path.replace(/[/\\]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return trimmed.slice(cut + 1) || '(folder)';
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

function parents(path: string): string[] {
  const out: string[] = [];
  let current = path.replace(/[/\\]+$/, '');
  for (;;) {
    const cut = Math.max(current.lastIndexOf('/'), current.lastIndexOf('\\'));
    if (cut <= 0) break;
    current = current.slice(0, cut);
    if (!/^[A-Za-z]:$/.test(current)) out.push(current);
  }
  return out;
}

export function scrubPaths(message: string, knownPaths: readonly string[] = []): string {
  const known = new Set<string>();
  for (const path of knownPaths) {
    if (!isAbsolute(path)) continue;
    known.add(path);
    for (const parent of parents(path)) known.add(parent);
  }
  let out = message;
  for (const path of [...known].sort((a, b) => b.length - a.length)) {
    out = out.split(path).join(lastSegment(path));
  }
  const replaceWithLast = (_all: string, last: string): string => last || '(folder)';
  return out
    .replace(UNC_PATH, replaceWithLast)
    .replace(WINDOWS_PATH, replaceWithLast)
    .replace(POSIX_PATH, replaceWithLast)
    .replace(HOME, replaceWithLast);
}

/** String values of an error's details that look like absolute paths. */
export function pathsInDetails(details: unknown): string[] {
  if (details === null || typeof details !== 'object') return [];
  return Object.values(details as Record<string, unknown>).filter(
    (value): value is string => typeof value === 'string' && isAbsolute(value),
  );
}
