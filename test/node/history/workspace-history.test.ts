import { describe, expect, it } from 'vitest';
import { RosterError } from '../../../main/kernel/common/errors.js';
import { WorkspaceHistory, type UndoStep } from '../../../main/kernel/node/undo-history.js';

/** A step over a plain array, so the order of undo and redo is visible. */
function step(log: string[], label: string, options: { conflictOnUndo?: boolean } = {}): UndoStep & { discarded: boolean } {
  const made = {
    label,
    discarded: false,
    undo: async () => {
      if (options.conflictOnUndo) throw new RosterError('UNDO_CONFLICT', 'changed outside');
      log.push(`undo ${label}`);
    },
    redo: async () => {
      log.push(`redo ${label}`);
    },
    discard: () => {
      made.discarded = true;
    },
  };
  return made;
}

describe('WorkspaceHistory', () => {
  it('undoes newest first, redoes in order, and a new change clears redo', async () => {
    const log: string[] = [];
    const history = new WorkspaceHistory();
    const states: (string | null)[] = [];
    history.onChange((state) => states.push(state.undoLabel));
    history.record(step(log, 'a'));
    history.record(step(log, 'b'));
    expect(await history.undo()).toEqual({ action: 'undo', label: 'b' });
    expect(await history.undo()).toEqual({ action: 'undo', label: 'a' });
    expect(history.state()).toEqual({ undoLabel: null, redoLabel: 'a' });
    expect(await history.redo()).toEqual({ action: 'redo', label: 'a' });
    history.record(step(log, 'c'));
    expect(history.state()).toEqual({ undoLabel: 'c', redoLabel: null });
    expect(log).toEqual(['undo b', 'undo a', 'redo a']);
    expect(states).toEqual(['a', 'b', 'a', null, 'a', 'c']);
  });

  it('refuses with NOTHING_TO_UNDO on an empty history', async () => {
    const history = new WorkspaceHistory();
    await expect(history.undo()).rejects.toMatchObject({ code: 'NOTHING_TO_UNDO' });
    await expect(history.redo()).rejects.toMatchObject({ code: 'NOTHING_TO_UNDO' });
  });

  it('drops a conflicting step and everything older, and keeps other errors retryable', async () => {
    const log: string[] = [];
    const history = new WorkspaceHistory();
    const old = step(log, 'old');
    const conflicting = step(log, 'conflicting', { conflictOnUndo: true });
    history.record(old);
    history.record(conflicting);
    await expect(history.undo()).rejects.toMatchObject({ code: 'UNDO_CONFLICT' });
    expect(history.state()).toEqual({ undoLabel: null, redoLabel: null });
    expect(old.discarded && conflicting.discarded).toBe(true);

    let fail = true;
    history.record({
      label: 'flaky',
      undo: async () => {
        if (fail) throw new RosterError('WORKSPACE_BUSY', 'busy');
      },
      redo: async () => {},
    });
    await expect(history.undo()).rejects.toMatchObject({ code: 'WORKSPACE_BUSY' });
    expect(history.state().undoLabel).toBe('flaky');
    fail = false;
    await expect(history.undo()).resolves.toEqual({ action: 'undo', label: 'flaky' });
  });

  it('runs undo and redo one at a time, in call order', async () => {
    const log: string[] = [];
    const history = new WorkspaceHistory();
    history.record({
      label: 'slow',
      undo: async () => {
        await new Promise((r) => setTimeout(r, 20));
        log.push('undo slow');
      },
      redo: async () => {
        log.push('redo slow');
      },
    });
    const first = history.undo();
    const second = history.redo();
    await Promise.all([first, second]);
    expect(log).toEqual(['undo slow', 'redo slow']);
  });

  it('forgets the oldest steps past its limit and discards everything on clear', async () => {
    const log: string[] = [];
    const history = new WorkspaceHistory({ limit: 2 });
    const steps = ['a', 'b', 'c'].map((label) => step(log, label));
    for (const s of steps) history.record(s);
    expect(steps.map((s) => s.discarded)).toEqual([true, false, false]);
    await history.undo();
    await history.undo();
    await expect(history.undo()).rejects.toMatchObject({ code: 'NOTHING_TO_UNDO' });
    history.clear();
    expect(steps.every((s) => s.discarded)).toBe(true);
  });
});
