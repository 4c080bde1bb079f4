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

/**
 * The arguments of a command line that are not switches, in order. Switches are
 * Chromium's, Node's and Electron's (`--no-sandbox`, `--inspect=0`,
 * `--remote-debugging-port=0`, macOS's `-psn_0_123`); all of them are single tokens
 * except `--require`/`-r`, which Electron's default app reads with the next argument
 * as its value. After `--` nothing is a switch.
 */
function positionalArguments(args: readonly string[]): string[] {
  const positional: string[] = [];
  let switchesEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (switchesEnded) {
      positional.push(arg);
    } else if (arg === '--') {
      switchesEnded = true;
    } else if (arg === '--require' || arg === '-r') {
      i++;
    } else if (!arg.startsWith('-')) {
      positional.push(arg);
    }
  }
  return positional.filter((arg) => arg.trim() !== '');
}

/**
 * The workspace path on a command line, resolved against `cwd`, or null.
 *
 * Packaged, the executable is Roster itself (`Roster [switches] [path]`): the path is
 * the first argument that is not a switch. In development the executable is Electron
 * (`electron [switches] <app folder> [switches] [path]`), and Electron's default app
 * takes the first argument that is not a switch as the app to run, or `--app=<folder>`
 * (Electron's default_app/main.ts). The workspace is the next one after it. Counting
 * positions instead breaks as soon as a switch comes first: `electron --no-sandbox .`
 * and Playwright's `--inspect=0 --remote-debugging-port=0 <app>` would make the app
 * folder itself the "workspace".
 */
export function workspacePathFromArgv(argv: readonly string[], options: { packaged: boolean; cwd: string }): string | null {
  const args = argv.slice(1);
  const afterApp = options.packaged ? args : args.slice(appArgumentIndex(args) + 1);
  const candidate = positionalArguments(afterApp)[0];
  return candidate === undefined ? null : resolve(options.cwd, candidate);
}

/**
 * Where Electron's default app finds the app on its command line: the first argument
 * that is not a switch, or `--app=<folder>`, whichever comes first; `--require`/`-r`
 * take the next argument as their value. -1 when there is none (then `electron`
 * shows its default app and Roster is not running at all).
 */
function appArgumentIndex(args: readonly string[]): number {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--require' || arg === '-r') i++;
    else if (arg.startsWith('--app=') || !arg.startsWith('-')) return i;
  }
  return -1;
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
