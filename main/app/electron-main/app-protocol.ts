// Serves the renderer from roster://app/ (registered as a privileged, standard,
// secure scheme before `ready`), with the CSP header, via main/kernel/node/ipc/app-protocol.ts.

import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME, resolveAppFile } from '../../kernel/node/ipc/app-protocol.js';

/** Must run before the app's `ready` event. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // standard: relative URLs and an origin; secure: a secure context like https.
    // Not bypassCSP, not corsEnabled, not allowServiceWorkers: the page gets no extra powers.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, codeCache: true } },
  ]);
}

export function handleAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET') return new Response(null, { status: 405 });
    const resolved = resolveAppFile(request.url, rendererDir);
    if (!resolved.ok) return new Response(null, { status: resolved.status });
    try {
      return new Response(await readFile(resolved.file), { status: 200, headers: resolved.headers });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
}
