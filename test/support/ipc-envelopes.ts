// What a channel answers is an envelope (main's IpcResult): `{ ok: true, data }` or a
// typed refusal `{ ok: false, error: { code, message } }`. Tests that call channels as
// a window does unwrap it here, so a refusal where data was expected fails the test
// with its code and message, and data where a refusal was expected fails it too.

export type Envelope<T = unknown> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** Anything that calls a channel as a window's preload would (a TestWindow). */
export interface ChannelCaller {
  call(channel: string, ...args: unknown[]): Promise<unknown>;
}

/** The data of an envelope that must be ok; `what` names the call in the failure. */
export function unwrap<T = unknown>(envelope: unknown, what: string): T {
  const result = envelope as Envelope<T>;
  if (!result.ok) throw new Error(`${what} failed: ${result.error.code} ${result.error.message}`);
  return result.data;
}

/** The data an envelope brings once it arrives; `what` names the call in the failure. */
export async function dataOf<T = unknown>(envelope: Promise<unknown>, what: string): Promise<T> {
  return unwrap<T>(await envelope, what);
}

/** Calls `channel` and returns its data; a refusal fails the test. */
export async function ok<T = unknown>(window: ChannelCaller, channel: string, ...args: unknown[]): Promise<T> {
  return unwrap<T>(await window.call(channel, ...args), channel);
}

/** `ok` with the data untyped, for tests that read fields of many different answers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function okAny(window: ChannelCaller, channel: string, ...args: unknown[]): Promise<any> {
  return ok(window, channel, ...args);
}

/** Calls `channel` and returns the refusal's error (its code and message); an ok answer fails the test. */
export async function refused(window: ChannelCaller, channel: string, ...args: unknown[]): Promise<{ code: string; message: string }> {
  const result = (await window.call(channel, ...args)) as Envelope;
  if (result.ok) throw new Error(`${channel} was not refused`);
  return result.error;
}
