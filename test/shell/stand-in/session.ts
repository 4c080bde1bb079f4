// Sessions, custom protocols and requests, as Electron handles them:
//
//   - `protocol.registerSchemesAsPrivileged` only before `ready`, and only once:
//     "This method can only be used before the ready event of the app module gets
//     emitted and can be called only once" (Electron's docs/api/protocol.md); after ready Electron
//     throws "protocol.registerSchemesAsPrivileged should be called before app is
//     ready" (shell/browser/api/electron_api_protocol.cc);
//   - every other protocol method, and `session.defaultSession`, only after `ready`:
//     "All methods unless specified can only be used after the ready event"
//     (Electron's docs/api/protocol.md); the session getter throws "Session can only be received
//     when app is ready" (shell/browser/api/electron_api_session.cc);
//   - `protocol.handle` registers a scheme once; a second registration throws
//     "Failed to register protocol: <scheme>" (Electron's lib/browser/api/protocol.ts);
//   - what the handler returns (Electron's lib/browser/api/protocol.ts `validateResponse`): not an
//     object -> net::ERR_UNEXPECTED; `Response.error()` -> net::ERR_FAILED; a throw ->
//     logged with console.error and net::ERR_UNEXPECTED; otherwise its status, headers
//     and body, a 404 included;
//   - `webRequest.onBeforeRequest` sees every request first; `{ cancel: true }` fails it
//     with net::ERR_BLOCKED_BY_CLIENT;
//   - URLs of a scheme registered `standard` are parsed like http ones (dot segments
//     resolved, host lower-cased) and have a scheme://host origin; other custom schemes
//     have an opaque ("null") origin (Electron's docs/api/protocol.md `standard`).

import { EventEmitter } from 'node:events';
import type { Runtime } from './runtime.js';

export interface SchemePrivileges {
  readonly standard?: boolean;
  readonly secure?: boolean;
  readonly bypassCSP?: boolean;
  readonly allowServiceWorkers?: boolean;
  readonly supportFetchAPI?: boolean;
  readonly corsEnabled?: boolean;
  readonly stream?: boolean;
  readonly codeCache?: boolean;
}

export interface CustomScheme {
  readonly scheme: string;
  readonly privileges?: SchemePrivileges;
}

export type RequestOutcome =
  | { readonly ok: true; readonly url: string; readonly status: number; readonly headers: Record<string, string>; readonly body: Buffer }
  | { readonly ok: false; readonly url: string; readonly error: string };

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** The schemes registered as privileged before `ready`. */
export class SchemeRegistry {
  readonly schemes = new Map<string, SchemePrivileges>();
  registered = false;

  isStandard(scheme: string): boolean {
    return scheme === 'http' || scheme === 'https' || this.schemes.get(scheme)?.standard === true;
  }

  /** The URL as Chromium would canonicalize it. */
  canonical(url: string): string {
    const parsed = new URL(url);
    const scheme = parsed.protocol.slice(0, -1);
    if (scheme === 'http' || scheme === 'https' || !this.isStandard(scheme)) return parsed.href;
    // A standard scheme parses like http: reparse as http and put the scheme back.
    const asHttp = new URL(`http:${url.slice(parsed.protocol.length)}`);
    return `${scheme}:${asHttp.href.slice('http:'.length)}`;
  }

  /** The serialized origin of a document at `url`. */
  origin(url: string): string {
    let parsed: URL;
    try {
      parsed = new URL(this.canonical(url));
    } catch {
      return 'null';
    }
    const scheme = parsed.protocol.slice(0, -1);
    if (!this.isStandard(scheme) || parsed.host === '') return 'null';
    return `${parsed.protocol}//${parsed.host}`;
  }
}

export class ProtocolStandIn {
  readonly #handlers = new Map<string, ProtocolHandler>();

  handle(scheme: string, handler: ProtocolHandler): void {
    if (this.#handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.#handlers.set(scheme, handler);
  }

  unhandle(scheme: string): void {
    if (!this.#handlers.delete(scheme)) throw new Error(`Failed to unhandle protocol: ${scheme}`);
  }

  isProtocolHandled(scheme: string): boolean {
    return this.#handlers.has(scheme);
  }

  handlerFor(scheme: string): ProtocolHandler | undefined {
    return this.#handlers.get(scheme);
  }
}

export interface BeforeRequestDetails {
  readonly id: number;
  readonly url: string;
  readonly method: string;
  readonly resourceType: string;
  readonly webContentsId?: number;
}
type BeforeRequestListener = (
  details: BeforeRequestDetails,
  callback: (response: { cancel?: boolean; redirectURL?: string }) => void,
) => void;

export class WebRequestStandIn {
  listener: BeforeRequestListener | null = null;

  onBeforeRequest(listener: BeforeRequestListener | null): void;
  onBeforeRequest(filter: unknown, listener: BeforeRequestListener | null): void;
  onBeforeRequest(filterOrListener: unknown, maybeListener?: BeforeRequestListener | null): void {
    this.listener = (typeof filterOrListener === 'function' ? filterOrListener : (maybeListener ?? null)) as BeforeRequestListener | null;
  }
}

export class SessionStandIn extends EventEmitter {
  readonly protocol = new ProtocolStandIn();
  readonly webRequest = new WebRequestStandIn();
  permissionRequestHandler: unknown = null;
  permissionCheckHandler: unknown = null;
  devicePermissionHandler: unknown = null;
  displayMediaRequestHandler: unknown = null;
  readonly #runtime: Runtime;
  readonly #schemes: SchemeRegistry;
  #nextRequest = 1;

  constructor(runtime: Runtime, schemes: SchemeRegistry) {
    super();
    this.#runtime = runtime;
    this.#schemes = schemes;
  }

  setPermissionRequestHandler(handler: unknown): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: unknown): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: unknown): void {
    this.devicePermissionHandler = handler;
  }
  setDisplayMediaRequestHandler(handler: unknown): void {
    this.displayMediaRequestHandler = handler;
  }

  /** One request from a renderer of this session, through webRequest and the scheme's handler. */
  async request(url: string, options: { method?: string; resourceType?: string; webContentsId?: number } = {}): Promise<RequestOutcome> {
    let canonical: string;
    try {
      canonical = this.#schemes.canonical(url);
    } catch {
      return { ok: false, url, error: 'net::ERR_INVALID_URL' };
    }
    const method = options.method ?? 'GET';
    const listener = this.webRequest.listener;
    if (listener) {
      const details: BeforeRequestDetails = {
        id: this.#nextRequest++,
        url: canonical,
        method,
        resourceType: options.resourceType ?? 'other',
        ...(options.webContentsId === undefined ? {} : { webContentsId: options.webContentsId }),
      };
      const answer = await new Promise<{ cancel?: boolean }>((resolve) => listener(details, resolve));
      if (answer.cancel) return { ok: false, url: canonical, error: 'net::ERR_BLOCKED_BY_CLIENT' };
    }
    const scheme = new URL(canonical).protocol.slice(0, -1);
    const handler = this.protocol.handlerFor(scheme);
    if (!handler) {
      return {
        ok: false,
        url: canonical,
        error: scheme === 'http' || scheme === 'https' ? 'net::ERR_INTERNET_DISCONNECTED' : 'net::ERR_UNKNOWN_URL_SCHEME',
      };
    }
    let response: unknown;
    try {
      response = await handler(new Request(canonical, { method }));
    } catch (error) {
      this.#runtime.report({ type: 'console', level: 'error', text: `protocol handler for ${scheme}: threw ${String(error)}` });
      return { ok: false, url: canonical, error: 'net::ERR_UNEXPECTED' };
    }
    if (!(response instanceof Response)) {
      this.#runtime.report({
        type: 'console',
        level: 'error',
        text: `protocol handler for ${scheme}: answered ${typeof response}, not a Response`,
      });
      return { ok: false, url: canonical, error: 'net::ERR_UNEXPECTED' };
    }
    if (response.type === 'error') return { ok: false, url: canonical, error: 'net::ERR_FAILED' };
    const body = Buffer.from(await response.arrayBuffer());
    return { ok: true, url: canonical, status: response.status, headers: Object.fromEntries(response.headers), body };
  }
}

/** The `protocol` module: the global scheme registration plus the default session's protocol. */
export function protocolModule(runtime: Runtime, schemes: SchemeRegistry, defaultSession: () => SessionStandIn): Record<string, unknown> {
  const SOURCE = 'docs/api/protocol.md; shell/browser/api/electron_api_protocol.cc';
  return {
    registerSchemesAsPrivileged(customSchemes: readonly CustomScheme[]): void {
      if (runtime.ready) {
        throw runtime.broken(
          'protocol.registerSchemesAsPrivileged after ready',
          SOURCE,
          new Error('protocol.registerSchemesAsPrivileged should be called before app is ready'),
        );
      }
      if (schemes.registered) {
        throw runtime.broken(
          'protocol.registerSchemesAsPrivileged twice',
          'docs/api/protocol.md ("can be called only once")',
          new Error('protocol.registerSchemesAsPrivileged can be called only once'),
        );
      }
      schemes.registered = true;
      for (const { scheme, privileges } of customSchemes) schemes.schemes.set(scheme, { ...privileges });
    },
    handle: (scheme: string, handler: ProtocolHandler) => defaultSession().protocol.handle(scheme, handler),
    unhandle: (scheme: string) => defaultSession().protocol.unhandle(scheme),
    isProtocolHandled: (scheme: string) => defaultSession().protocol.isProtocolHandled(scheme),
  };
}
