// The child process of a shell test: plain Node playing the Electron executable.
// It does what Electron does before and around an app's main script:
//
//   development  `electron [switches] <app> [args]`: the default app takes the first
//                argument that is not a switch (or --app=) as the app folder
//                (Electron's default_app/main.ts), reads its package.json and loads
//                `main`; process.defaultApp is true;
//   packaged     `<exe> [args]`: the app is <resources>/app.asar;
//
// then sets process.versions.electron, process.resourcesPath and process.type, maps
// `electron` to the stand-in (module.register), imports the main script, hands over
// files opened before launch (macOS open-file), and emits `ready`. Native addons inside
// app.asar load from app.asar.unpacked, in this thread and in workers: asar-dlopen.ts,
// which the harness preloads with --require. An uncaught
// exception shows Electron's "A JavaScript error occurred in the main process" box
// and the process goes on; an unhandled rejection only warns, as in Electron.
//
// Configuration comes in ROSTER_SHELL_CONFIG (JSON, see RunnerConfig); the test talks
// to it over the IPC channel (control.ts).

import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { handleControl, type ChildMessage, type ControlRequest } from './control.js';
import { createStandInElectron } from './electron.js';

export interface RunnerConfig {
  readonly mode: 'development' | 'packaged';
  /** argv[0]: the Electron (development) or Roster (packaged) executable. */
  readonly exePath: string;
  /** The rest of the command line. */
  readonly args: readonly string[];
  readonly resourcesPath: string;
  readonly electronVersion: string;
  readonly openFilesBeforeReady?: readonly string[];
  /** Packaged: the entries app.asar's header marks unpacked (posix paths inside the archive), for asar-dlopen.ts. */
  readonly asarUnpacked?: readonly string[];
  readonly moduleUrl: string;
  readonly hooksUrl: string;
}

const config = JSON.parse(process.env['ROSTER_SHELL_CONFIG'] ?? 'null') as RunnerConfig | null;
if (!config) throw new Error('ROSTER_SHELL_CONFIG is not set');

function send(message: ChildMessage): void {
  if (process.connected) process.send?.(message);
}

/** Electron's default_app/main.ts: where the app is on the command line. */
function appFolder(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--require' || arg === '-r') i++;
    else if (arg.startsWith('--app=')) return resolve(arg.slice('--app='.length));
    else if (!arg.startsWith('-')) return resolve(arg);
  }
  throw new Error('no app folder on the command line (Electron would show its default app)');
}

const appPath = config.mode === 'packaged' ? join(config.resourcesPath, 'app.asar') : appFolder(config.args);
const manifest = JSON.parse(readFileSync(join(appPath, 'package.json'), 'utf8')) as {
  name: string;
  productName?: string;
  version: string;
  main?: string;
};

process.argv = [config.exePath, ...config.args];
(process.versions as Record<string, string>)['electron'] = config.electronVersion;
Object.assign(process, { type: 'browser', resourcesPath: config.resourcesPath });
if (config.mode === 'development') Object.assign(process, { defaultApp: true });

let exiting = false;
const standIn = createStandInElectron({
  packaged: config.mode === 'packaged',
  appPath,
  name: manifest.productName ?? manifest.name,
  version: manifest.version,
  exePath: config.exePath,
  onEvent: (event) => {
    // On Linux before `ready` Electron prints an error box to stderr; the stand-in always does.
    if (event.type === 'error-box') process.stderr.write(`[error box] ${event.title}\n${event.content}\n`);
    send({ kind: 'event', event });
  },
  exit: (code) => {
    if (exiting) return;
    exiting = true;
    // A second instance quits only once the first has its message.
    void Promise.resolve(standIn.module.app.pendingDelivery)
      .catch(() => undefined)
      .then(() => {
        send({ kind: 'exit', code });
        // Let the IPC channel drain, then end as Electron would.
        setTimeout(() => process.exit(code), 20);
      });
  },
});
(globalThis as { __rosterStandInElectron?: unknown }).__rosterStandInElectron = standIn;

process.on('uncaughtException', (error) => {
  standIn.module.dialog['showErrorBox']?.(
    'A JavaScript error occurred in the main process',
    `Uncaught Exception:\n${error.stack ?? String(error)}`,
  );
});
process.on('unhandledRejection', (reason) => {
  standIn.runtime.report({ type: 'console', level: 'error', text: `(node) UnhandledPromiseRejectionWarning: ${String(reason)}` });
});

process.on('message', (message: { id: number; request: ControlRequest }) => {
  handleControl(standIn, message.request, send).then(
    (value) => send({ kind: 'reply', id: message.id, ok: true, value }),
    (error: unknown) => send({ kind: 'reply', id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});

register(config.hooksUrl, import.meta.url, { data: { electronUrl: config.moduleUrl } });
await import(pathToFileURL(join(appPath, manifest.main ?? 'index.js')).href);

// After the main script has run: files the OS handed over at launch, then `ready`.
// (A second instance that quit at once never gets that far.)
setImmediate(() => {
  if (exiting) return;
  for (const path of config.openFilesBeforeReady ?? []) standIn.module.app.emitOpenFile(path);
  setImmediate(() => {
    if (!exiting) standIn.module.app.emitReady();
  });
});
