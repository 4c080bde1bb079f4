// Which workspace a command line asks for, with switches anywhere: before the app
// folder in development (`electron --no-sandbox .`, Playwright's `_electron.launch`)
// and before the path when packaged.
import { describe, expect, it } from 'vitest';
import { workspacePathFromArgv } from '../../../main/app/node/launch-args.js';

const dev = (argv: string[]) => workspacePathFromArgv(argv, { packaged: false, cwd: '/home/ana' });
const packaged = (argv: string[]) => workspacePathFromArgv(argv, { packaged: true, cwd: '/home/ana' });

describe('development: electron [switches] <app> [switches] [workspace]', () => {
  it('never takes the app folder for the workspace when switches come first', () => {
    expect(dev(['/usr/lib/electron/electron', '--no-sandbox', '.'])).toBeNull();
    expect(dev(['electron', '--inspect', '.'])).toBeNull();
    expect(dev(['electron', '--inspect=9229', '/repo/roster'])).toBeNull();
    // Playwright's _electron.launch puts its switches before the arguments it is given.
    expect(dev(['electron', '--no-sandbox', '--inspect=0', '--remote-debugging-port=0', '/repo/roster'])).toBeNull();
  });

  it('finds the workspace after the app folder, with switches on either side', () => {
    expect(dev(['electron', '.', 'team.roster'])).toBe('/home/ana/team.roster');
    expect(dev(['electron', '--no-sandbox', '.', 'team.roster'])).toBe('/home/ana/team.roster');
    expect(dev(['electron', '--inspect=0', '--remote-debugging-port=0', '/repo/roster', '--enable-logging', '/data/b.roster'])).toBe(
      '/data/b.roster',
    );
    expect(dev(['electron', '--app=/repo/roster', 'team.roster'])).toBe('/home/ana/team.roster');
  });

  it("skips the value of --require, as Electron's default app does", () => {
    expect(dev(['electron', '-r', 'tsx', '.', 'x.roster'])).toBe('/home/ana/x.roster');
    expect(dev(['electron', '--require', './hook.js', '.'])).toBeNull();
  });
});

describe('packaged: Roster [switches] [workspace]', () => {
  it('takes the first argument that is not a switch', () => {
    expect(packaged(['/opt/Roster/roster'])).toBeNull();
    expect(packaged(['/opt/Roster/roster', '--no-sandbox', '--enable-features=X'])).toBeNull();
    expect(packaged(['/opt/Roster/roster', '--no-sandbox', 'team.roster'])).toBe('/home/ana/team.roster');
    expect(packaged(['/Applications/Roster.app/Contents/MacOS/Roster', '-psn_0_123456', '/Users/ana/t.roster'])).toBe(
      '/Users/ana/t.roster',
    );
    expect(packaged(['roster', '--', '-odd name.roster'])).toBe('/home/ana/-odd name.roster');
  });
});
