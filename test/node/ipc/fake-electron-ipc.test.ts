// The fake transport must behave like Electron's IPC where Roster's tests rely on it;
// if it drifted, the boundary tests would prove less than they claim.

import { describe, expect, it } from 'vitest';
import { APP_URL, electronClone, FakeElectron } from '../../support/fake-electron-ipc.js';

describe('fake Electron IPC', () => {
  it('clones arguments and results with structured clone', async () => {
    const win = new FakeElectron().createWindow();
    let received: unknown;
    win.webContents.ipc.handle('echo', (_event, value) => {
      received = value;
      return value;
    });
    class Person {
      name = 'Ana';
      greet(): string {
        return 'hi';
      }
    }
    const sent = { date: new Date(0), map: new Map([[1, 2]]), nan: Number.NaN, person: new Person(), [Symbol('hidden')]: 1 };
    const back = (await win.renderer.invoke('echo', sent)) as Record<string, unknown>;
    expect(received).not.toBe(sent);
    expect(back['date']).toBeInstanceOf(Date);
    expect(back['map']).toBeInstanceOf(Map);
    expect(back['nan']).toBeNaN();
    expect(Object.getPrototypeOf(back['person'])).toBe(Object.prototype);
    expect(back['person']).toEqual({ name: 'Ana' });
    expect(Object.getOwnPropertySymbols(back)).toEqual([]);
  });

  it('refuses functions and symbols with Electron’s message, before main sees them', async () => {
    const win = new FakeElectron().createWindow();
    let calls = 0;
    win.webContents.ipc.handle('x', () => calls++);
    await expect(win.renderer.invoke('x', () => 1)).rejects.toThrow('An object could not be cloned.');
    await expect(win.renderer.invoke('x', { s: Symbol('s') })).rejects.toThrow('An object could not be cloned.');
    expect(calls).toBe(0);
    expect(() => electronClone({ f() {} })).toThrow('An object could not be cloned.');
  });

  it('delivers handler errors, missing handlers and uncloneable results as Electron does', async () => {
    const win = new FakeElectron().createWindow();
    win.webContents.ipc.handle('boom', () => {
      throw new TypeError('bad thing');
    });
    win.webContents.ipc.handle('fn', () => () => 1);
    await expect(win.renderer.invoke('boom')).rejects.toThrow("Error invoking remote method 'boom': TypeError: bad thing");
    await expect(win.renderer.invoke('nothing')).rejects.toThrow("Error invoking remote method 'nothing': Error: No handler registered for 'nothing'");
    await expect(win.renderer.invoke('fn')).rejects.toThrow("Error invoking remote method 'fn': Error: An object could not be cloned.");
    expect(() => win.webContents.ipc.handle('boom', () => 1)).toThrow("Attempted to register a second handler for 'boom'");
  });

  it('gives each window and frame its own sender identity, and handlers are per window', async () => {
    const electron = new FakeElectron();
    const one = electron.createWindow();
    const two = electron.createWindow();
    const seen: unknown[] = [];
    one.webContents.ipc.handle('who', (event) => {
      seen.push(event);
      return event.sender.id;
    });
    expect(await one.renderer.invoke('who')).toBe(one.webContents.id);
    await expect(two.renderer.invoke('who')).rejects.toThrow('No handler registered');
    const frame = one.subFrame('https://elsewhere.example/');
    await frame.invoke('who');
    type Frame = { url: string; origin: string; parent: unknown; processId: number; routingId: number };
    const [main, sub] = seen as { senderFrame: Frame; sender: unknown }[];
    // Like Electron's WebFrameMain: a view per access, the same frame by processId + routingId.
    const mainFrame = one.webContents.mainFrame;
    expect(main?.senderFrame).not.toBe(mainFrame);
    expect(one.webContents.mainFrame).not.toBe(mainFrame);
    expect([main?.senderFrame.processId, main?.senderFrame.routingId]).toEqual([mainFrame.processId, mainFrame.routingId]);
    expect(main?.senderFrame.url).toBe(APP_URL);
    expect(main?.senderFrame.origin).toBe('roster://app');
    expect(main?.senderFrame.parent).toBeNull();
    expect(sub?.senderFrame.routingId).not.toBe(mainFrame.routingId);
    expect(sub?.senderFrame.parent).toMatchObject({ routingId: mainFrame.routingId });
    expect(sub?.senderFrame.url).toBe('https://elsewhere.example/');
    expect(sub?.senderFrame.origin).toBe('https://elsewhere.example');
    expect(sub?.sender).toBe(one.webContents);
    expect(one.webContents.id).not.toBe(two.webContents.id);
  });

  it('sends events to one window only, asynchronously and cloned, with the event first', async () => {
    const electron = new FakeElectron();
    const one = electron.createWindow();
    const two = electron.createWindow();
    const got: unknown[][] = [];
    one.renderer.on('evt', (...args) => got.push(args));
    two.renderer.on('evt', () => got.push(['wrong window']));
    const payload = { n: 1 };
    one.webContents.send('evt', payload);
    expect(got).toEqual([]);
    await Promise.resolve();
    expect(got).toHaveLength(1);
    expect(got[0]?.[0]).toHaveProperty('sender');
    expect(got[0]?.[1]).toEqual(payload);
    expect(got[0]?.[1]).not.toBe(payload);
    one.destroy();
    expect(() => one.webContents.send('evt', payload)).toThrow('Object has been destroyed');
  });
});
