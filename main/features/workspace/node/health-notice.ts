// What a workspace window is told about its file's health: in plain words,
// with what to do, and never a path (a window never names a file). A healthy file that
// was restored from a backup when it was opened (an older Roster left it
// half-upgraded) says so, since what was added after that backup is not in it.

import type { WorkspaceHealth } from './opened-workspace.js';
import { recoveryMessage, type RecoveryReport } from './recovery.js';
import { describeTriggers } from './foreign-objects.js';
import type { SetAsideSidecar } from './sidecars.js';

export interface HealthNotice {
  readonly state: WorkspaceHealth['state'] | 'restored' | 'set-aside';
  /** null while the file is healthy (and nothing was restored or set aside when it was opened). */
  readonly message: string | null;
  /** The foreign triggers that keep it read-only (see workspace-contract.ts). */
  readonly untrusted?: string[];
}

/** The window's words for what was set aside: no paths, only where to look. */
function setAsideNotice(setAside: readonly SetAsideSidecar[]): HealthNotice {
  const [first] = setAside;
  return {
    state: 'set-aside',
    message:
      `When this workspace was opened, Roster found files beside it that cannot be its own (${first?.reason ?? 'unknown'}) ` +
      'and set them aside, unread, instead of reading them into it. Your people are as Roster last saved them. ' +
      'The files are kept next to the workspace file, with “set-aside” in their names.',
  };
}

export function healthNotice(
  health: WorkspaceHealth,
  recovery: RecoveryReport | null = null,
  setAside: readonly SetAsideSidecar[] = [],
): HealthNotice {
  switch (health.state) {
    case 'ok':
      if (recovery) return { state: 'restored', message: recoveryMessage(recovery, { paths: false }) };
      return setAside.length > 0 ? setAsideNotice(setAside) : { state: 'ok', message: null };
    case 'read-only':
      if (health.untrusted) {
        return {
          state: 'read-only',
          message:
            `This workspace holds triggers that another program added (${describeTriggers(health.untrusted)}). ` +
            'Roster opened it read-only, so they cannot run on your changes. Remove them, or trust this file ' +
            'if you know where they come from: they will then run with every change, until another program changes the file.',
          untrusted: health.untrusted.map((t) => describeTriggers([t])),
        };
      }
      return {
        state: 'read-only',
        message: `This workspace is read-only here (${health.reason}). You can look through it, search and export, but not change it.`,
      };
    case 'damaged':
      return {
        state: 'damaged',
        message:
          'Roster found damage in this workspace file and stopped saving changes to it, so nothing more is lost. ' +
          'Export your people now (Export…), then restore a backup or import the export into a new workspace.',
      };
    case 'replaced':
      return {
        state: 'replaced',
        message: health.recoveryPath
          ? 'This workspace file was moved, replaced or deleted by another program while it was open, ' +
            'so Roster stopped using it. What Roster held is saved in the “recovered” folder of Roster’s data folder. ' +
            'Reopen the workspace to continue with the file now in its place.'
          : 'This workspace file was moved, replaced or deleted by another program while it was open, ' +
            'so Roster stopped using it. Reopen the workspace to continue with the file now in its place.',
      };
  }
}
