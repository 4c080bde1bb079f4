import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLogger, LOG_FILE, PREVIOUS_LOG_FILE } from '../../../main/node/app/file-logger.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('fileLogger', () => {
  it('appends timestamped lines with levels, and error stacks, creating the folder', () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-logs-'));
    const logs = join(dir, 'logs');
    const log = fileLogger(logs);
    log('info', 'started');
    log('error', 'could not open a workspace', new Error('boom'));
    const lines = readFileSync(join(logs, LOG_FILE), 'utf8').split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z INFO started$/);
    expect(lines[1]).toMatch(/ERROR could not open a workspace Error: boom/);
    expect(lines.some((line) => line.includes('file-logger.test.ts'))).toBe(true);
  });

  it('rolls the file over at the size limit, keeping one previous file', () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-logs-'));
    const log = fileLogger(dir, { maxBytes: 200 });
    for (let i = 0; i < 20; i++) log('info', `line ${i} ${'x'.repeat(20)}`);
    const current = readFileSync(join(dir, LOG_FILE), 'utf8');
    const previous = readFileSync(join(dir, PREVIOUS_LOG_FILE), 'utf8');
    expect(current.length).toBeLessThan(260);
    expect(current).toContain('line 19');
    expect(previous).not.toContain('line 19');
    expect(previous.length).toBeGreaterThan(0);
  });

  it('never throws when the log cannot be written', () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-logs-'));
    fileLogger(dir)('info', 'make a file');
    // The logs folder would have to be inside a file: every write fails.
    const log = fileLogger(join(dir, LOG_FILE, 'logs'));
    expect(() => log('error', 'nowhere to go')).not.toThrow();
    expect(existsSync(join(dir, LOG_FILE, 'logs'))).toBe(false);
  });
});
