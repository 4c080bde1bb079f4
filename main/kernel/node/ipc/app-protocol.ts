// Roster's page is served from its own scheme, `roster://app/`, never from file://.
// This module decides what a request to that scheme gets: which file, with which
// headers. The Electron glue calls it from `protocol.handle`; the Chromium test
// harness calls it from `page.route`, so the tests see the same files and the same
// Content-Security-Policy header as the app.

import { realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';

export const APP_SCHEME = 'roster';
const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export type AppView = 'launcher' | 'workspace';

export function appPageUrl(view: AppView, origin: string = APP_ORIGIN): string {
  return `${origin}/index.html?view=${view}`;
}

/**
 * The page may load its own scripts, styles, images and fonts, and nothing else: no
 * inline script, no eval, no network, no plugins, no frames, no forms, no <base>.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "media-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

function responseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

export type AppFileResult =
  | { readonly ok: true; readonly file: string; readonly headers: Record<string, string> }
  | { readonly ok: false; readonly status: 400 | 403 | 404 };

/**
 * Roster's page, by URL: the exact scheme and host, and never a page that merely
 * starts with them (`roster://app.evil`, `roster://app@evil`).
 */
export function isAppUrl(url: string, appOrigin: string): boolean {
  let parsed: URL;
  let origin: URL;
  try {
    parsed = new URL(url);
    origin = new URL(appOrigin);
  } catch {
    return false;
  }
  return parsed.protocol === origin.protocol && parsed.host === origin.host && parsed.username === '' && parsed.password === '';
}

/**
 * Maps a request URL to a file inside `rootDir`, or to a refusal. Only GET-able files
 * of known types directly under the root's tree; `..`, encoded separators, NUL,
 * symlinks leading out of the root and other hosts are refused.
 */
export function resolveAppFile(requestUrl: string, rootDir: string, origin: string = APP_ORIGIN): AppFileResult {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (!isAppUrl(requestUrl, origin)) return { ok: false, status: 403 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const segments = pathname.split('/').slice(1);
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..' || /[\\\0:]/.test(segment))) {
    return { ok: false, status: 403 };
  }
  const contentType = CONTENT_TYPES[extname(pathname).toLowerCase()];
  if (!contentType) return { ok: false, status: 404 };
  let root: string;
  let file: string;
  try {
    root = realpathSync(rootDir);
    file = realpathSync(join(root, ...segments));
    if (!statSync(file).isFile()) return { ok: false, status: 404 };
  } catch {
    return { ok: false, status: 404 };
  }
  if (!file.startsWith(root + sep)) return { ok: false, status: 403 };
  return { ok: true, file, headers: responseHeaders(contentType) };
}
