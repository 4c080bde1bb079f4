// Electron's security checklist, the parts that are settings on sessions and web
// contents (docs/dev/security.md lists every item and where it is enforced).

import { app, shell, type Session, type WebContents } from 'electron';
import { APP_SCHEME } from '../../kernel/node/ipc/app-protocol.js';
import { ExternalLinkPolicy } from '../node/external-links.js';
import type { Logger } from '../../kernel/node/ipc/ports.js';

/** The webPreferences every Roster window gets. Nothing here is loosened anywhere. */
export function secureWebPreferences(preload: string): Electron.WebPreferences {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: !app.isPackaged,
  };
}

/** Requests a Roster session may make: its own scheme, data: images, DevTools in development. */
function allowedRequest(url: string): boolean {
  return url.startsWith(`${APP_SCHEME}://`) || url.startsWith('data:') || (!app.isPackaged && url.startsWith('devtools://'));
}

/** Denies every permission, device, screen capture and download; blocks all network. */
export function hardenSession(session: Session, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log('warn', `denied a permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // null refuses the capture cleanly; `{}` would throw "Video was requested, but no video
  // stream was provided" inside this handler.
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  session.on('will-download', (event) => event.preventDefault());
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = allowedRequest(details.url);
    if (!allowed) log('warn', `blocked a request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
}

/** No navigation, no new windows, no webviews; https links a person clicked open in their browser. */
export function hardenContents(contents: WebContents, log: Logger): void {
  const links = new ExternalLinkPolicy();
  contents.on('input-event', (_event, input) => links.noteInput(input.type));
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    log('warn', `blocked navigation to ${event.url.slice(0, 200)}`);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url, disposition }) => {
    if (links.allow(url, disposition)) {
      setImmediate(() => {
        shell.openExternal(url).catch((error: unknown) => log('warn', 'could not open a link', error));
      });
    } else {
      log('warn', `refused to open ${url.slice(0, 200)}`);
    }
    return { action: 'deny' };
  });
}
