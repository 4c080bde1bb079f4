// When Roster reports INTERNAL, the log must hold what really failed: the wrapper's
// cause chain (each cause's stack, errno code and path), not only the wrapper's stack.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLogger, LOG_FILE } from '../../../main/kernel/node/log/file-logger.js';
import { asRosterError } from '../../../main/kernel/node/sqlite/sqlite-errors.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the log of an unexpected error', () => {
  it('follows the cause chain of an INTERNAL error down to the real failure', async () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-log-causes-'));
    const real = Object.assign(new Error("EMFILE: too many open files, open '/some/where.csv'"), {
      code: 'EMFILE',
      path: '/some/where.csv',
    });
    const middle = new Error('reading the import failed', { cause: real });
    const wrapped = asRosterError(middle);
    expect(wrapped.code).toBe('INTERNAL');
    const log = fileLogger(dir);
    log('error', 'import failed', wrapped);
    await log.flush();
    const text = readFileSync(join(dir, LOG_FILE), 'utf8');
    expect(text).toContain('RosterError: Something went wrong inside Roster');
    expect(text).toContain('Caused by: Error: reading the import failed');
    expect(text).toMatch(/Caused by: Error: EMFILE: too many open files.*\n[\s\S]*\(code EMFILE, path \/some\/where\.csv\)/);
  });

  it('maps a path the file system refuses (too long, a file used as a folder, a loop) to BAD_PATH, keeping the cause', () => {
    for (const code of ['ENAMETOOLONG', 'ENOTDIR', 'EISDIR', 'ELOOP']) {
      const failure = Object.assign(new Error(`${code}: refused`), { code, path: '/x/y.roster', syscall: 'open' });
      const mapped = asRosterError(failure);
      expect(mapped.code, code).toBe('BAD_PATH');
      expect(mapped.message, code).toMatch(/^Roster cannot use \/x\/y\.roster: /);
      expect(mapped.cause, code).toBe(failure);
    }
  });
});
