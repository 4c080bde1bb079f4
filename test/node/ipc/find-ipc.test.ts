// The find channels at the IPC boundary: payloads are validated, only the
// launcher may search and open results, only a workspace window may take a reveal,
// a newer query cancels the older one in main so nothing of the older one arrives
// after it, and a cancel with a stale id changes nothing.

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { createAppFixture, type AppFixture, type TestWindow } from '../../support/app-fixture.js';
import { makeCurrentFile, removeTempDirs } from '../../support/workspace-fixtures.js';

const FILES = 40;

let app: AppFixture;
let launcher: TestWindow;
let paths: string[];

beforeEach(() => {
  app = createAppFixture();
  paths = [];
  for (let i = 0; i < FILES; i++) {
    const path = join(app.files, `w${i}.roster`);
    makeCurrentFile(path, [`Ana ${i}`, `Bo ${i}`, `Cy ${i}`], foldName);
    app.context.catalog.add(path, `W${i}`);
    paths.push(path);
  }
  launcher = app.openLauncher();
});

afterEach(async () => {
  await app.dispose();
  removeTempDirs();
});

type Event = { channel: string; payload: { queryId?: number } };

function findEvents(window: TestWindow, queryId: number): Event[] {
  return (window.events as Event[]).filter((e) => e.channel.startsWith('find:onFind') && e.payload.queryId === queryId);
}

async function done(window: TestWindow, queryId: number): Promise<void> {
  await expect.poll(() => findEvents(window, queryId).some((e) => e.channel === 'find:onFindDone'), { timeout: 20_000 }).toBe(true);
}

describe('find channels', () => {
  it('validate their payloads with typed errors', async () => {
    for (const payload of [
      { queryId: 0, text: 'ana' },
      { queryId: -1, text: 'ana' },
      { queryId: 1.5, text: 'ana' },
      { queryId: '1', text: 'ana' },
      { queryId: Number.MAX_SAFE_INTEGER + 2, text: 'ana' },
      { queryId: 1 },
      { queryId: 1, text: 'ana', path: '/etc' },
      { queryId: 1, text: 'x'.repeat(5000) },
      { queryId: 1, text: 42 },
    ]) {
      expect(await launcher.call('find:find', payload), JSON.stringify(payload).slice(0, 80)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
    expect(await launcher.call('find:find', { queryId: 1, text: '   ' })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Type part of a name to find people.' },
    });
    expect(await launcher.call('find:cancelFind', { queryId: 'all' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await launcher.call('find:openPerson', { id: '00000000-0000-0000-0000-000000000000', personId: 0 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await launcher.call('find:openPerson', { id: '00000000-0000-0000-0000-000000000000', personId: 1 })).toMatchObject({
      ok: false,
      error: { code: 'WORKSPACE_NOT_LISTED' },
    });
    expect(await launcher.call('find:openPerson', { path: paths[0], personId: 1 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    // Nothing was searched by any of them.
    expect(launcher.events.filter((e) => e.channel.startsWith('find:onFind'))).toEqual([]);
  });

  it('are the launcher’s: a workspace window cannot search or open results, the launcher cannot take a reveal', async () => {
    const window = await app.openWorkspace(paths[0] as string);
    for (const [channel, payload] of [
      ['find:find', { queryId: 1, text: 'ana' }],
      ['find:prepareFind', undefined],
      ['find:cancelFind', { queryId: 1 }],
      ['find:openPerson', { id: app.context.catalog.list()[0]?.id, personId: 1 }],
    ] as const) {
      expect(await window.call(channel, payload), channel).toEqual({
        ok: false,
        error: { code: 'INVALID_INPUT', message: 'This window cannot make that request.' },
      });
    }
    expect(await launcher.call('find:takeReveal')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await launcher.call('find:position', { id: 1, sort: 'name', direction: 'asc' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(window.events.some((e) => e.channel.startsWith('find:onFind'))).toBe(false);
  });

  it('a newer query cancels the older one in main: nothing of the older one arrives after it starts', async () => {
    let newer: Promise<unknown> | undefined;
    const off = launcher.spec.session.onEvent((channel, payload) => {
      // The next keystroke arrives while the first workspace's answer is being sent.
      if (channel === 'find:onFindGroup' && (payload as { queryId: number }).queryId === 1 && !newer) {
        newer = launcher.spec.session.invoke('find:find', { queryId: 2, text: 'bo' });
      }
    });
    expect(await launcher.call('find:find', { queryId: 1, text: 'ana' })).toEqual({ ok: true, data: { queryId: 1, workspaces: FILES } });
    await expect.poll(() => newer !== undefined).toBe(true);
    expect(await newer).toEqual({ ok: true, data: { queryId: 2, workspaces: FILES } });
    await done(launcher, 2);
    off();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(findEvents(launcher, 1).map((e) => e.channel)).toEqual(['find:onFindGroup']);
    const second = findEvents(launcher, 2);
    expect(second.filter((e) => e.channel === 'find:onFindGroup')).toHaveLength(FILES);
    expect(second.at(-1)?.payload).toEqual({ queryId: 2, searched: FILES, matches: FILES });
    // Every event of the older query came before the newer one's first.
    const order = (launcher.events as Event[]).filter((e) => e.channel.startsWith('find:onFind')).map((e) => e.payload.queryId);
    expect(order.lastIndexOf(1)).toBeLessThan(order.indexOf(2));
  });
});

describe('find channels: cancel, reveal, close', () => {
  it('a cancel stops the running query; a cancel with a stale id changes nothing', async () => {
    const cancelled: unknown[] = [];
    const off = launcher.spec.session.onEvent((channel, payload) => {
      if (channel === 'find:onFindGroup' && (payload as { queryId: number }).queryId === 3 && cancelled.length === 0) {
        cancelled.push(launcher.spec.session.invoke('find:cancelFind', { queryId: 3 }));
      }
    });
    await launcher.call('find:find', { queryId: 3, text: 'cy' });
    await expect.poll(() => cancelled.length).toBe(1);
    expect(await cancelled[0]).toEqual({ ok: true, data: true });
    off();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(findEvents(launcher, 3).map((e) => e.channel)).toEqual(['find:onFindGroup']);

    await launcher.call('find:find', { queryId: 4, text: 'cy 1' });
    expect(await launcher.call('find:cancelFind', { queryId: 3 })).toEqual({ ok: true, data: false });
    await done(launcher, 4);
    // "cy 1" is in W1 and W10..W19.
    expect(findEvents(launcher, 4).at(-1)?.payload).toEqual({ queryId: 4, searched: FILES, matches: 11 });
    expect(app.logs.filter((entry) => entry.level === 'error')).toEqual([]);
  });

  it('a reveal goes to the windows of that workspace only, and is taken once', async () => {
    const [first, second] = app.context.catalog.list().filter((entry) => entry.path === paths[0] || entry.path === paths[1]);
    const a = await app.openWorkspace(first?.path as string);
    const b = await app.openWorkspace(second?.path as string);
    expect(await launcher.call('find:openPerson', { id: first?.id, personId: 2 })).toEqual({
      ok: true,
      data: { status: 'opened', id: first?.id },
    });
    expect(a.events.map((e) => e.channel)).toContain('find:onRevealRequested');
    expect(b.events.map((e) => e.channel)).not.toContain('find:onRevealRequested');
    expect(await b.call('find:takeReveal')).toEqual({ ok: true, data: null });
    expect(await a.call('find:takeReveal')).toEqual({ ok: true, data: { id: 2 } });
    expect(await a.call('find:takeReveal')).toEqual({ ok: true, data: null });
  });

  it('closing the launcher stops its find', async () => {
    await launcher.call('find:find', { queryId: 9, text: 'ana' });
    await launcher.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(findEvents(launcher, 9).some((e) => e.channel === 'find:onFindDone')).toBe(false);
    expect(app.logs.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});
