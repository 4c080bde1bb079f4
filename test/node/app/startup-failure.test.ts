// The words of the error dialog shown when Roster cannot start.
import { describe, expect, it } from 'vitest';
import { RosterError } from '../../../main/kernel/common/errors.js';
import { StartupError, startupFailureText } from '../../../main/app/node/startup-failure.js';

const LOG = '/home/ana/.config/Roster/logs/main.log';

describe('startupFailureText', () => {
  it('keeps the title and words of a failure that already has them, and says where the log is', () => {
    expect(startupFailureText(new StartupError('Roster is incomplete', 'These files are missing:\nmigrationsDir: /x'), LOG)).toEqual({
      title: 'Roster is incomplete',
      message: `These files are missing:\nmigrationsDir: /x\n\nDetails are in ${LOG}.`,
    });
  });

  it("shows a RosterError's message, written for people", () => {
    const text = startupFailureText(
      new RosterError('WORKSPACE_TOO_NEW', 'The list of workspaces was saved by a newer version of Roster. Update Roster to use it.'),
      LOG,
    );
    expect(text.title).toBe('Roster could not start');
    expect(text.message).toBe(
      `The list of workspaces was saved by a newer version of Roster. Update Roster to use it.\n\nDetails are in ${LOG}.`,
    );
  });

  it('names anything else, clipped, and never prints a stack', () => {
    const error = new Error(`EISDIR: illegal operation on a directory, read ${'x'.repeat(3000)}`);
    const text = startupFailureText(error, LOG);
    expect(text.message.startsWith('EISDIR: illegal operation on a directory')).toBe(true);
    expect(text.message.length).toBeLessThan(1600 + LOG.length);
    expect(text.message).not.toContain('    at ');
    expect(startupFailureText('a string was thrown', LOG).message).toBe(`a string was thrown\n\nDetails are in ${LOG}.`);
  });
});
