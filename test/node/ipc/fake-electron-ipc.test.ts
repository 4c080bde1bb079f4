// The fake transport must behave like Electron's IPC where Roster's tests rely on it;
// if it drifted, the boundary tests would prove less than they claim.

import { describe, expect, it } from 'vitest';
import { APP_URL, electronClone, FakeElectron, FakeIpcMain } from '../../support/fake-electron-ipc.js';

describe('fake Electron IPC: invoke', () => {
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
    await expect(win.renderer.invoke('nothing')).rejects.toThrow(
      "Error invoking remote method 'nothing': Error: No handler registered for 'nothing'",
    );
    await expect(win.renderer.invoke('fn')).rejects.toThrow("Error invoking remote method 'fn': Error: An object could not be cloned.");
    expect(() => win.webContents.ipc.handle('boom', () => 1)).toThrow("Attempted to register a second handler for 'boom'");
  });

  it('reaches the renderer with the message only, logs the failure in main, and checks handlers as Electron does', async () => {
    const logged: string[] = [];
    const win = new FakeElectron({ log: (text) => logged.push(text) }).createWindow();
    const thrown = new RangeError('out of range');
    win.webContents.ipc.handle('boom', () => {
      throw thrown;
    });
    const error = await win.renderer.invoke('boom').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBe(thrown);
    expect((error as Error).cause).toBeUndefined();
    await expect(win.renderer.invoke('none')).rejects.toThrow("No handler registered for 'none'");
    expect(logged).toEqual([
      "Error occurred in handler for 'boom': RangeError: out of range",
      "Error occurred in handler for 'none': Error: No handler registered for 'none'",
    ]);
    expect(() => win.webContents.ipc.handle('x', 'not a function' as never)).toThrow(
      "Expected handler to be a function, but found type 'string'",
    );
    win.webContents.ipc.handleOnce('once', () => 1);
    expect(await win.renderer.invoke('once')).toBe(1);
    await expect(win.renderer.invoke('once')).rejects.toThrow("No handler registered for 'once'");
  });

  it('looks a handler up on webContents.ipc first, then on ipcMain', async () => {
    const ipcMain = new FakeIpcMain();
    const win = new FakeElectron({ ipcMain }).createWindow();
    ipcMain.handle('who', () => 'global');
    expect(await win.renderer.invoke('who')).toBe('global');
    win.webContents.ipc.handle('who', () => 'window');
    expect(await win.renderer.invoke('who')).toBe('window');
  });
});

describe('fake Electron IPC: senders and events', () => {
  it('gives a navigated-away frame no senderFrame, and a destroyed window reaches no handler', async () => {
    const win = new FakeElectron().createWindow();
    const frames: unknown[] = [];
    win.webContents.ipc.handle('who', (event) => frames.push(event.senderFrame));
    const before = win.webContents.mainFrame;
    win.navigate('https://elsewhere.example/');
    await win.renderer.invoke('who');
    expect(frames[0]).toMatchObject({ url: 'https://elsewhere.example/', origin: 'https://elsewhere.example' });
    expect(win.webContents.mainFrame.routingId).not.toBe(before.routingId);
    expect(before.detached).toBe(true);
    const sub = win.subFrame('roster://app/frame.html');
    win.destroy();
    await expect(win.renderer.invoke('who')).rejects.toThrow("No handler registered for 'who'");
    await expect(sub.invoke('who')).rejects.toThrow("No handler registered for 'who'");
    expect(() => win.webContents.mainFrame).toThrow(new TypeError('Object has been destroyed'));
    expect(frames).toHaveLength(1);
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

  it('crosses on later turns only, and keeps main’s order: an event sent while handling arrives before the reply', async () => {
    const win = new FakeElectron().createWindow();
    const order: string[] = [];
    win.renderer.on('progress', (_event, step) => order.push(`event ${String(step)}`));
    win.webContents.ipc.handle('work', () => {
      order.push('handler');
      win.webContents.send('progress', 1);
      win.webContents.send('progress', 2);
      return 'done';
    });
    const reply = win.renderer.invoke('work').then((result) => order.push(`reply ${String(result)}`));
    await Promise.resolve();
    expect(order).toEqual([]);
    await reply;
    expect(order).toEqual(['handler', 'event 1', 'event 2', 'reply done']);
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
    // Not even after a microtask: delivery is a later turn of the event loop, as over Mojo.
    await Promise.resolve();
    expect(got).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(got).toHaveLength(1);
    expect(got[0]?.[0]).toHaveProperty('sender');
    expect(got[0]?.[1]).toEqual(payload);
    expect(got[0]?.[1]).not.toBe(payload);
    expect(() => one.webContents.send('evt', () => 1)).toThrow('An object could not be cloned.');
    one.destroy();
    expect(() => one.webContents.send('evt', payload)).toThrow('Object has been destroyed');
  });
});
