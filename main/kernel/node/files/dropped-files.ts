// Paths of files dropped on a window. They come from the preload (Electron's
// `webUtils.getPathForFile`), but whatever arrives over IPC is checked as if a page
// had made it up: it must name an existing regular file (symlinks followed, folders,
// devices and pipes refused) whose extension the action allows. A File that a page
// built from a Blob has no path: the preload sends '' and it is refused here.

import { realpathSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute } from 'node:path';
import { RosterError } from '../../common/errors.js';

export interface DroppedFileCheck {
  /** Allowed extensions, lower case, with the dot. */
  readonly extensions: readonly string[];
  /** How the allowed kinds are named in messages, e.g. "CSV or JSON files". */
  readonly kinds: string;
}

/** The real path of a dropped file that passed every check; throws a typed error otherwise. */
export function checkDroppedFile(path: string, check: DroppedFileCheck): string {
  if (path === '') {
    throw new RosterError('INVALID_INPUT', 'Only files from your computer can be dropped here.');
  }
  if (!isAbsolute(path) || path.includes('\0')) throw new RosterError('BAD_PATH', 'That dropped file cannot be used.');
  const name = basename(path);
  if (!check.extensions.includes(extname(path).toLowerCase())) {
    throw new RosterError('BAD_PATH', `${name} cannot be dropped here: only ${check.kinds} can.`, { path });
  }
  let real: string;
  try {
    real = realpathSync.native(path);
  } catch {
    throw new RosterError('FILE_NOT_FOUND', `${name} is no longer there.`, { path });
  }
  let regular: boolean;
  try {
    regular = statSync(real).isFile();
  } catch {
    regular = false;
  }
  if (!regular) throw new RosterError('BAD_PATH', `${name} is not a file.`, { path });
  // A symlink named people.csv may point at anything: the target must qualify too.
  if (!check.extensions.includes(extname(real).toLowerCase())) {
    throw new RosterError('BAD_PATH', `${name} cannot be dropped here: only ${check.kinds} can.`, { path });
  }
  return real;
}
