import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLogger, LOG_FILE, PREVIOUS_LOG_FILE } from '../../../main/kernel/node/log/file-logger.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('fileLogger', () => {
  it('appends timestamped lines with levels, and error stacks, creating the folder', async () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-logs-'));
    const logs = join(dir, 'logs');
    const log = fileLogger(logs);
    log('info', 'started');
    log('error', 'could not open a workspace', new Error('boom'));
    await log.flush();
    const lines = readFileSync(join(logs, LOG_FILE), 'utf8').split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z INFO started$/);
    expect(lines[1]).toMatch(/ERROR could not open a workspace Error: boom/);
    expect(lines.some((line) => line.includes('file-logger.test.ts'))).toBe(true);
  });

  it('rolls the file over at the size limit, keeping one previous file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-logs-'));
    const log = fileLogger(dir, { maxBytes: 200 });
    for (let i = 0; i < 20; i++) {
      log('info', `line ${i} ${'x'.repeat(20)}`);
      await log.flush();
    }
    const current = readFileSync(join(dir, LOG_FILE), 'utf8');
    const previous = readFileSync(join(dir, PREVIOUS_LOG_FILE), 'utf8');
    expect(current.length).toBeLessThan(260);
    expect(current).toContain('line 19');
    expect(previous).not.toContain('line 19');
    expect(previous.length).toBeGreaterThan(0);
  });

  it('never throws when the log cannot be written', async () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-logs-'));
    const first = fileLogger(dir);
    first('info', 'make a file');
    first.flushSync();
    // The logs folder would have to be inside a file: every write fails.
    const log = fileLogger(join(dir, LOG_FILE, 'logs'));
    expect(() => log('error', 'nowhere to go')).not.toThrow();
    await expect(log.flush()).resolves.toBeUndefined();
    expect(() => log.flushSync()).not.toThrow();
    expect(existsSync(join(dir, LOG_FILE, 'logs'))).toBe(false);
  });

  it('does not write on the calling turn: lines reach the file after flush, in order', async () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-logs-'));
    const log = fileLogger(dir);
    for (let i = 0; i < 50; i++) log('info', `event ${i}`);
    // Nothing was appended synchronously (the folder exists; the file does not yet).
    expect(existsSync(join(dir, LOG_FILE))).toBe(false);
    await log.flush();
    const lines = readFileSync(join(dir, LOG_FILE), 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => line.replace(/^\S+ INFO /, ''))).toEqual(Array.from({ length: 50 }, (_, i) => `event ${i}`));
  });

  it('caps a burst and says how many lines it dropped', async () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-logs-'));
    const log = fileLogger(dir);
    const line = 'y'.repeat(1000);
    for (let i = 0; i < 600; i++) log('warn', line);
    await log.flush();
    const text = readFileSync(join(dir, LOG_FILE), 'utf8');
    const kept = text.split('\n').filter((l) => l.endsWith(line)).length;
    expect(kept).toBeGreaterThan(200);
    expect(kept).toBeLessThan(600);
    expect(text).toMatch(new RegExp(`WARN ${600 - kept} log lines were dropped`));
  });

  it('flushSync writes what is queued before the process ends', () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-logs-'));
    const log = fileLogger(dir);
    log('error', 'Roster could not start');
    log.flushSync();
    expect(readFileSync(join(dir, LOG_FILE), 'utf8')).toMatch(/ERROR Roster could not start\n$/);
  });
});
