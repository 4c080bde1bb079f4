// `roster migrate PATH... | --all`: brings workspace files up to this version's
// schema, the same way opening them in the app would (a verified backup first; an
// upgrade is all or nothing), repairs what other tools damaged, folds keys they left
// unfolded and completes the search index. Files are done one at a time; one failure
// does not stop the rest. It also reports names other programs stored that break
// Roster's naming rules (they would stop a copy, a merge or a re-import), without
// changing them.
//
// What was repaired is said, never done silently: a "repaired" line (and `repaired` in
// --json), besides the note every command prints on stderr when opening repairs a file.
// A file that can only be read here (read-only file, folder or disk) is reported up to
// date when it is, with nothing else done (there is nothing Roster could write); when it
// would need an upgrade, opening it already refuses it with WORKSPACE_READ_ONLY. A file
// an older Roster left half-upgraded is restored from its backup first, and the line
// (and --json's `restoredFrom`) names the backup.
//
// A file that is not there is `missing` whether it was named or found in the list;
// named, it is a failure (exit 2: the caller asked for a file that is not there),
// from --all it is not (the launcher shows such entries as missing too).

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { toErrorInfo, isRosterError, RosterError, type ErrorInfo } from '../../../kernel/common/errors.js';
import { auditNames, type NameAudit } from '../../../features/workspace/node/name-audit.js';
import type { RosterContext } from '../roster-context.js';
import { indexPendingBeforeExit, type IndexBeforeExitOptions } from '../../../features/workspace/node/search/index-before-exit.js';
import { booleanFlag, usageError } from '../../../kernel/node/cli/args.js';
import { modeOf } from '../../../kernel/node/cli/command.js';
import type { RosterCommand } from '../../../features/catalog/node/roster-context.js';
import { EXIT, exitStatusFor } from '../../../kernel/node/cli/exit-status.js';
import { json, plainQuotes, plural } from '../../../kernel/node/cli/format.js';
import { Progress, say, type CliIo } from '../../../kernel/node/cli/io.js';

type MigrateStatus = 'migrated' | 'repaired' | 'up-to-date' | 'missing' | 'failed';

interface MigrateResult {
  readonly path: string;
  readonly status: MigrateStatus;
  /** Migrations applied by this run, oldest first. */
  readonly applied: readonly string[];
  /** What this run repaired after another program damaged it (indexes, triggers, the search index...). */
  readonly repaired: readonly string[];
  /** The backup a half-upgraded file was restored from by this run, or null. */
  readonly restoredFrom: string | null;
  /** Stored names that break the naming rules (none for a file that could not be opened). */
  readonly invalidNames: NameAudit;
  readonly error?: ErrorInfo;
}

const NO_NAMES: NameAudit = { count: 0, people: [] };

function errorInfo(error: unknown): ErrorInfo {
  if (isRosterError(error)) return { code: error.code, message: plainQuotes(error.message) };
  const info = toErrorInfo(error);
  return { code: info.code, message: error instanceof Error ? error.message : String(error) };
}

/** Opens (so upgrades and repairs) one file, completes its search index, audits its names. */
async function migrateOne(roster: RosterContext, path: string, io: CliIo, options: IndexBeforeExitOptions): Promise<MigrateResult> {
  const lease = await roster.connections.acquire(path);
  const { applied, repaired, unrepaired, recoveredFrom } = lease.workspace;
  try {
    // Foreign triggers keep it read-only until the person removes or trusts them: say so, not "up to date".
    if (lease.workspace.foreign.triggers.length > 0 && !lease.workspace.foreign.trusted) lease.workspace.assertWritable();
    if (unrepaired.length > 0) {
      throw new RosterError(
        'WORKSPACE_READ_ONLY',
        `This workspace needs repairs (${unrepaired.join(', ')}) that Roster cannot make, ` +
          `because it is read-only here. Open it where it can be written, or copy it somewhere writable.`,
      );
    }
    // Finish what an upgrade or a bulk import left for later: the search index. Not
    // for a file opened read-only: it is current (or the open refused it), and
    // nothing may be written to it.
    if (lease.workspace.health.state !== 'read-only') await indexPendingBeforeExit(lease.workspace, io, options);
    const invalidNames = auditNames(lease.workspace.db);
    const status = applied.length > 0 ? 'migrated' : repaired.length > 0 ? 'repaired' : 'up-to-date';
    return { path, status, applied, repaired, restoredFrom: recoveredFrom, invalidNames };
  } finally {
    await lease.release();
  }
}

// A refused file needs a person, bad input a fixed command line; a busy one only
// another try, so it decides the status only when nothing worse happened (a script
// retrying on 75 then retries only what a retry can fix).
const SEVERITY: readonly number[] = [EXIT.success, EXIT.temporary, EXIT.other, EXIT.input, EXIT.refused];

function moreSerious(a: number, b: number): number {
  return SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a;
}

function missing(path: string): MigrateResult {
  const error: ErrorInfo = { code: 'WORKSPACE_NOT_FOUND', message: `There is no workspace file at ${path}.` };
  return { path, status: 'missing', applied: [], repaired: [], restoredFrom: null, invalidNames: NO_NAMES, error };
}

/** One file's line (and, when names break the rules, the lines under it). */
function resultLines(result: MigrateResult): string {
  const repairs = result.repaired.length > 0 ? `repaired ${result.repaired.join(', ')}` : '';
  let line: string;
  if (result.status === 'migrated') line = `migrated    ${result.path} (${result.applied.join(', ')})${repairs ? `; ${repairs}` : ''}`;
  else if (result.status === 'repaired') line = `repaired    ${result.path} (${result.repaired.join(', ')})`;
  else if (result.status === 'up-to-date') line = `up to date  ${result.path}`;
  else if (result.status === 'missing') line = `missing     ${result.path}`;
  else line = `FAILED      ${result.path} (${result.error?.code ?? 'INTERNAL'})`;
  const names = result.invalidNames;
  if (names.count === 0) return `${line}\n`;
  const listed = names.people.map((person) => `              id ${person.id}: ${person.message}`);
  const more = names.count > names.people.length ? [`              and ${plural(names.count - names.people.length, 'more')}`] : [];
  const head =
    `            ${plural(names.count, 'name breaks', 'names break')} Roster's naming rules; ` + `rename with \`roster people update\`:`;
  return `${[line, head, ...listed, ...more].join('\n')}\n`;
}

function summary(results: readonly MigrateResult[]): string {
  const count = (status: MigrateStatus): number => results.filter((result) => result.status === status).length;
  const names = results.reduce((sum, result) => sum + result.invalidNames.count, 0);
  const parts = [`${count('migrated')} migrated`];
  if (count('repaired') > 0) parts.push(`${count('repaired')} repaired`);
  parts.push(`${count('up-to-date')} already up to date`);
  if (count('missing') > 0) parts.push(`${count('missing')} missing`);
  if (count('failed') > 0) parts.push(`${count('failed')} failed`);
  const namesNote = names > 0 ? ` ${plural(names, 'stored name breaks', 'stored names break')} the naming rules.` : '';
  return `${plural(results.length, 'workspace')}: ${parts.join(', ')}.${namesNote}\n`;
}

export const migrate: RosterCommand = {
  spec: {
    name: 'migrate',
    summary: [
      'Upgrades workspace files to this version of Roster (a verified backup is taken first; an upgrade',
      'is all or nothing), repairs what other tools damaged, completes derived data (name keys, the',
      'search index), and reports stored names that break the naming rules (changing none). One failure',
      'does not stop the others.',
    ],
    args: [{ name: 'PATH', optional: true, many: true, help: 'a workspace file (or --all)' }],
    flags: {
      all: { type: 'boolean', help: 'every workspace in the list' },
      progress: { type: 'boolean', help: 'print progress lines even when standard error is not a terminal' },
    },
    json: '[{path, status, applied, repaired, restoredFrom, invalidNames: {count, people: [{id, message}]}, error?}, ...]',
    notes: [
      'status is migrated, repaired, up-to-date, missing or failed. A missing file is "missing" either way;',
      'a named one counts as a failure, one from --all does not. Exit status: 0 when every file is fine',
      'afterwards, otherwise that of the most serious failure; each failure is a `CODE PATH: message` line',
      'on standard error (under --json it is in the report only).',
    ],
  },
  async run(args, context) {
    const all = booleanFlag(args, 'all');
    if (all === args.positionals.length > 0) throw usageError('Give either workspace paths or --all.', 'migrate');
    const mode = modeOf(args);
    const roster = context.roster();
    const paths = all ? roster.catalog.list().map((entry) => entry.path) : args.positionals.map((path) => resolve(path));
    const progress = new Progress(context.io, 'Migrating', { force: booleanFlag(args, 'progress'), ...mode });
    const results: MigrateResult[] = [];
    let exitCode = 0;
    for (const [index, path] of paths.entries()) {
      progress.update(index, paths.length);
      let result: MigrateResult;
      try {
        const indexing = { force: booleanFlag(args, 'progress'), ...mode };
        result = existsSync(path) ? await migrateOne(roster, path, context.io, indexing) : missing(path);
      } catch (error) {
        result = { path, status: 'failed', applied: [], repaired: [], restoredFrom: null, invalidNames: NO_NAMES, error: errorInfo(error) };
      }
      results.push(result);
      if (result.error && !(all && result.status === 'missing')) {
        progress.finish();
        if (!mode.json) context.io.err(`${result.error.code} ${path}: ${result.error.message}\n`);
        exitCode = moreSerious(exitCode, exitStatusFor(result.error.code));
      }
    }
    progress.update(paths.length, paths.length);
    progress.finish();
    if (mode.json) {
      context.io.out(json(results));
    } else {
      context.io.out(results.map(resultLines).join(''));
      say(context.io, mode, summary(results));
    }
    return exitCode;
  },
};
