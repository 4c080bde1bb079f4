// `roster migrate PATH... | --all`: brings workspace files up to this version's
// schema, the same way opening them in the app would (a verified backup first; an
// upgrade is all or nothing), repairs what other tools damaged, folds keys they left
// unfolded and completes the search index. Files are done one at a time; one failure
// does not stop the rest.
//
// What was repaired is said, never done silently: a "repaired" line (and `repaired` in
// --json), besides the note every command prints on stderr when opening repairs a file.
// A file that can only be read here (read-only file, folder or disk) is reported up to
// date when it is, with nothing else done (there is nothing Roster could write); when it
// would need an upgrade, opening it already refuses it with WORKSPACE_READ_ONLY. A file
// an older Roster left half-upgraded is restored from its backup first, and the line
// (and --json's `restoredFrom`) names the backup.
//
// Exit status: 0 when every file is up to date afterwards; otherwise the status of
// the most serious failure (3 for a refused file, 2 for bad input such as a missing
// file, 1 for anything else). Each failure is one stderr line: `CODE PATH: message`.
// With --all, catalogued files that no longer exist are reported as missing and do
// not count as failures (the launcher shows them as missing too).

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { errorCategory, toErrorInfo, isRosterError, RosterError, type ErrorInfo } from '../../common/errors.js';
import { booleanFlag, usageError } from './args.js';
import type { Command } from './command.js';
import { json, plural } from './format.js';
import { Progress } from './io.js';

export type MigrateStatus = 'migrated' | 'repaired' | 'up-to-date' | 'missing' | 'failed';

export interface MigrateResult {
  readonly path: string;
  readonly status: MigrateStatus;
  /** Migrations applied by this run, oldest first. */
  readonly applied: readonly string[];
  /** What this run repaired after another program damaged it (indexes, triggers, the search index...). */
  readonly repaired: readonly string[];
  /** The backup a half-upgraded file was restored from by this run, or null. */
  readonly restoredFrom: string | null;
  readonly error?: ErrorInfo;
}

const EXIT_BY_CATEGORY = { refused: 3, input: 2, other: 1 } as const;

function errorInfo(error: unknown): ErrorInfo {
  if (isRosterError(error)) return error.toInfo();
  const info = toErrorInfo(error);
  return { code: info.code, message: error instanceof Error ? error.message : String(error) };
}

export const migrate: Command = {
  synopsis: 'migrate PATH... | --all [--progress] [--json]',
  help: [
    'Upgrades workspace files to this version of Roster (a verified backup is taken first; an',
    'upgrade is all or nothing), repairs what other tools damaged, and completes derived data',
    '(name keys, the search index). One failure does not stop the others.',
    '  --all       every workspace in the list (missing files are skipped)',
    '  --progress  print progress lines even when stderr is not a terminal',
    '  --json      print [{path, status, applied, repaired, restoredFrom, error?}, ...]; status is migrated,',
    '              repaired, up-to-date, missing or failed',
  ].join('\n'),
  spec: {
    name: 'migrate',
    flags: { all: { type: 'boolean' }, json: { type: 'boolean' }, progress: { type: 'boolean' } },
    positionals: { min: 0, max: Infinity, label: 'PATH... or --all' },
  },
  async run(args, context) {
    const all = booleanFlag(args, 'all');
    if (all === (args.positionals.length > 0)) throw usageError('Give either workspace paths or --all.', 'migrate');
    const roster = context.roster();
    const paths = all ? roster.catalog.list().map((entry) => entry.path) : args.positionals.map((path) => resolve(path));
    const progress = new Progress(context.io, 'Migrating', { force: booleanFlag(args, 'progress') });
    const results: MigrateResult[] = [];
    let exitCode = 0;
    for (const [index, path] of paths.entries()) {
      progress.update(index, paths.length);
      if (all && !existsSync(path)) {
        results.push({ path, status: 'missing', applied: [], repaired: [], restoredFrom: null });
        continue;
      }
      try {
        const lease = await roster.connections.acquire(path);
        const { applied, repaired, unrepaired, recoveredFrom } = lease.workspace;
        try {
          if (unrepaired.length > 0) {
            throw new RosterError(
              'WORKSPACE_READ_ONLY',
              `This workspace needs repairs (${unrepaired.join(', ')}) that Roster cannot make, because it is read-only here. Open it where it can be written, or copy it somewhere writable.`,
            );
          }
          // Finish what an upgrade or a bulk import left for later: the search index.
          // Not for a file opened read-only: it is current (or the open refused it),
          // and nothing may be written to it.
          if (lease.workspace.health.state !== 'read-only') await roster.tasks.run('search-catch-up', { path: lease.path });
        } finally {
          await lease.release();
        }
        results.push({ path, status: applied.length > 0 ? 'migrated' : repaired.length > 0 ? 'repaired' : 'up-to-date', applied, repaired, restoredFrom: recoveredFrom });
      } catch (error) {
        const info = errorInfo(error);
        results.push({ path, status: 'failed', applied: [], repaired: [], restoredFrom: null, error: info });
        progress.finish();
        context.io.err(`${info.code} ${path}: ${info.message}\n`);
        exitCode = Math.max(exitCode, EXIT_BY_CATEGORY[errorCategory(info.code)]);
      }
    }
    progress.update(paths.length, paths.length);
    progress.finish();

    if (booleanFlag(args, 'json')) {
      context.io.out(json(results));
    } else {
      for (const result of results) {
        const repairs = result.repaired.length > 0 ? `repaired ${result.repaired.join(', ')}` : '';
        if (result.status === 'migrated') context.io.out(`migrated    ${result.path} (${result.applied.join(', ')})${repairs ? `; ${repairs}` : ''}\n`);
        else if (result.status === 'repaired') context.io.out(`repaired    ${result.path} (${result.repaired.join(', ')})\n`);
        else if (result.status === 'up-to-date') context.io.out(`up to date  ${result.path}\n`);
        else if (result.status === 'missing') context.io.out(`missing     ${result.path}\n`);
        else context.io.out(`FAILED      ${result.path} (${result.error?.code ?? 'INTERNAL'})\n`);
      }
      const count = (status: MigrateStatus): number => results.filter((result) => result.status === status).length;
      const failed = count('failed');
      context.io.out(
        `${plural(results.length, 'workspace')}: ${count('migrated')} migrated, ` +
          (count('repaired') > 0 ? `${count('repaired')} repaired, ` : '') +
          `${count('up-to-date')} already up to date` +
          (count('missing') > 0 ? `, ${count('missing')} missing` : '') +
          (failed > 0 ? `, ${failed} failed` : '') +
          '.\n',
      );
    }
    return exitCode;
  },
};
