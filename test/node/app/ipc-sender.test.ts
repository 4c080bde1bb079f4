// The IPC sender check for Electron windows: frame and origin, the way Electron's
// security guide and VS Code check them, and never object identity of WebFrameMain
// (Electron documents that two views of one frame may be distinct objects).
import { describe, expect, it } from 'vitest';
import { isAppMainFrame, type FrameLike } from '../../../main/kernel/node/ipc/ipc-binding.js';

const ORIGIN = 'roster://app';
const main = { processId: 4, routingId: 1 };
const frame = (overrides: Partial<FrameLike> = {}): FrameLike => ({
  url: 'roster://app/index.html?view=workspace',
  origin: ORIGIN,
  parent: null,
  processId: 4,
  routingId: 1,
  detached: false,
  ...overrides,
});

describe('isAppMainFrame', () => {
  it("serves the window's top frame showing Roster's page, whatever object stands for it", () => {
    expect(isAppMainFrame(frame(), main, ORIGIN)).toBe(true);
    expect(isAppMainFrame(frame(), { ...main }, ORIGIN)).toBe(true);
    expect(isAppMainFrame(frame({ url: 'roster://app/' }), main, ORIGIN)).toBe(true);
  });

  it('refuses a missing, detached or navigated-away frame', () => {
    expect(isAppMainFrame(null, main, ORIGIN)).toBe(false);
    expect(isAppMainFrame(frame({ detached: true }), main, ORIGIN)).toBe(false);
    expect(isAppMainFrame(frame({ url: 'https://evil.example/', origin: 'https://evil.example' }), main, ORIGIN)).toBe(false);
  });

  it("refuses sub-frames, even ones showing Roster's own page", () => {
    expect(isAppMainFrame(frame({ parent: frame(), routingId: 7 }), main, ORIGIN)).toBe(false);
    expect(isAppMainFrame(frame({ parent: frame() }), main, ORIGIN)).toBe(false);
  });

  it("refuses a top frame that is not this window's main frame (another process or routing id)", () => {
    expect(isAppMainFrame(frame({ routingId: 2 }), main, ORIGIN)).toBe(false);
    expect(isAppMainFrame(frame({ processId: 5 }), main, ORIGIN)).toBe(false);
  });

  it("needs both the origin and the URL to be Roster's", () => {
    // An opaque origin (a sandboxed document) at a Roster URL, and look-alike URLs.
    expect(isAppMainFrame(frame({ origin: 'null' }), main, ORIGIN)).toBe(false);
    expect(isAppMainFrame(frame({ url: 'roster://app.evil/index.html' }), main, ORIGIN)).toBe(false);
    expect(isAppMainFrame(frame({ url: 'roster://app@evil/index.html' }), main, ORIGIN)).toBe(false);
    expect(isAppMainFrame(frame({ url: 'roster://user:pw@app/index.html' }), main, ORIGIN)).toBe(false);
    expect(isAppMainFrame(frame({ url: 'about:blank', origin: ORIGIN }), main, ORIGIN)).toBe(false);
  });
});
