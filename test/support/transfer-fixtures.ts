// Moves between two workspace files cut off at a chosen step, as a kill at that instant
// leaves them: the transfer task runs with a step hook that, at the step, copies both
// files aside (VACUUM INTO reads only what is committed, as a crash keeps) and then
// stops the task. The copies' journal points at each other, ready to be settled.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { foldName } from '../../main/features/workspace/common/name-fold.js';
import { runTransfer, type TransferInput } from '../../main/features/transfer/node/transfer-task.js';
import { makeCurrentFile, makeTempDir } from './workspace-fixtures.js';

const context = { signal: new AbortController().signal, progress: () => undefined };

export interface CutOffPair {
  readonly dir: string;
  /** The source and target as the kill left them. */
  readonly source: string;
  readonly target: string;
}

class Stop extends Error {}

/** Moves everyone from a file of `source` names to one of `target` names, cut off at `stopAt`. */
export async function cutOffMove(stopAt: string, names: { source: readonly string[]; target: readonly string[] }): Promise<CutOffPair> {
  const dir = makeTempDir('cut-off');
  const live = { source: join(dir, 'a.roster'), target: join(dir, 'b.roster') };
  makeCurrentFile(live.source, names.source, foldName);
  makeCurrentFile(live.target, names.target, foldName);
  const frozen = { dir, source: join(dir, 'a-killed.roster'), target: join(dir, 'b-killed.roster') };
  const input: TransferInput = { source: live.source, target: live.target, mode: 'move', selection: { matching: '', except: [] } };
  try {
    await runTransfer(input, context, {
      step: (name) => {
        if (name !== stopAt) return;
        for (const [from, to] of [
          [live.source, frozen.source],
          [live.target, frozen.target],
        ] as const) {
          const db = new Database(from, { readonly: true });
          try {
            db.exec(`VACUUM INTO '${to}'`);
          } finally {
            db.close();
          }
        }
        throw new Stop();
      },
    });
    throw new Error(`the move never reached step "${stopAt}"`);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
  // The killed files' journals name each other.
  for (const path of [frozen.source, frozen.target]) {
    const db = new Database(path);
    try {
      db.prepare('UPDATE "PersonTransfer" SET "peerPath" = ?').run(path === frozen.source ? frozen.target : frozen.source);
    } finally {
      db.close();
    }
  }
  return frozen;
}
