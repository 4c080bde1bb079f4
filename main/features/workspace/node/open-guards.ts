// What opening a workspace file decides before SQLite touches it: an emptied file
// Roster knew is refused rather than made a new workspace, and what lies beside the
// file that cannot be its own is set aside (sidecars.ts). Both only read the file and
// its folder, so a refusal here leaves everything as it was.

import { RosterError } from '../../../kernel/common/errors.js';
import type { FileIdentity } from '../../../kernel/node/files/file-identity.js';
import { fileKind } from '../../../kernel/node/sqlite/sqlite-file.js';
import { backupTakenAt, listBackups } from './backups.js';
import type { WorkspaceOpenOptions } from './open-options.js';
import { setAsideMessage, setAsideStraySidecars, type SetAsideSidecar } from './sidecars.js';

/**
 * A 0-byte file at a path Roster knows (it has a seal for it, or the catalog lists it):
 * something emptied a workspace (a failed `sqlite3 .recover` into it, a truncating
 * copy). Opening it must not make a new, empty workspace out of it without a word.
 */
function emptiedError(path: string, backupDir: string): RosterError {
  const backups = listBackups(path, backupDir);
  const newest = backups.at(-1);
  const taken = newest ? backupTakenAt(newest) : null;
  const when = taken ? ` (taken ${taken.slice(0, 10)} ${taken.slice(11, 16)} UTC)` : '';
  const where = newest
    ? ` Its newest backup is ${newest}${when}: copy it to a new name and open that.`
    : ` Roster has no backup of it in ${backupDir}.`;
  return new RosterError(
    'WORKSPACE_EMPTIED',
    'This workspace file is now empty (0 bytes), so Roster did not open it: ' +
      `it will not turn a workspace it knew into a new, empty one.${where}` +
      ' To start over in this file on purpose, create a workspace at its path.',
    { path, backups },
  );
}

function known(path: string, options: WorkspaceOpenOptions): boolean {
  const seals = options.seals;
  if (!seals) return false;
  return seals.get(path) !== null || (seals.knows?.(path) ?? false);
}

/**
 * Runs before SQLite opens `path` (canonical, already held): refuses an emptied known
 * workspace (unless `creating`: the person asked for a new workspace there), and sets
 * aside stray sidecars, telling the log (the CLI's stderr) what was moved.
 */
export function guardBeforeOpen(
  path: string,
  identity: FileIdentity | null,
  options: WorkspaceOpenOptions,
  creating: boolean,
): readonly SetAsideSidecar[] {
  const kind = fileKind(path);
  if (kind === 'empty') {
    if (!creating && known(path, options)) throw emptiedError(path, options.backupDir);
  }
  const moved = setAsideStraySidecars(path, options.seals?.get(path) ?? null, identity);
  if (moved.length > 0) options.log?.('warn', `workspace ${path}: ${setAsideMessage(moved)}`, moved);
  return moved;
}
