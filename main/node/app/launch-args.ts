// Which workspace a launch asks for. A second launch hands its request to the running
// app through the single-instance lock's additional data (a small JSON object), not
// through argv, which Chromium may reorder and extend; the running app validates it
// like any other input.

import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

export const LockData = z.strictObject({
  version: z.literal(1),
  /** Absolute path of the workspace to open, or null to just bring Roster forward. */
  path: z.string().min(1).max(4096).nullable(),
});
export type LockData = z.infer<typeof LockData>;

/** The workspace path on a command line: the first argument after the app that is not a switch. */
export function workspacePathFromArgv(argv: readonly string[], options: { packaged: boolean; cwd: string }): string | null {
  // Development: electron <app folder> [path]. Packaged: Roster [path].
  const args = argv.slice(options.packaged ? 1 : 2);
  const candidate = args.find((arg) => !arg.startsWith('-') && arg.trim() !== '');
  return candidate === undefined ? null : resolve(options.cwd, candidate);
}

export function lockData(path: string | null): LockData {
  return { version: 1, path };
}

/** The path a second instance asked for, or null if it asked for none or sent nonsense. */
export function pathFromLockData(data: unknown): string | null {
  const parsed = LockData.safeParse(data);
  if (!parsed.success || parsed.data.path === null) return null;
  const { path } = parsed.data;
  return isAbsolute(path) && !path.includes('\0') ? path : null;
}
