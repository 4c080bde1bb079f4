// Runs Roster's real main bundle in a child process under plain Node, with the
// stand-in Electron (test/shell/stand-in) mapped in for `electron`, and drives it.
//
//   developmentApp()  an app folder as `electron .` sees it, built from the current
//                     sources with the settings of `npm run build` (scripts/build.mjs):
//                     package.json, dist/, prisma/migrations, build/icons, and
//                     node_modules/better-sqlite3 linked to the project's own, so the
//                     process loads node_modules/better-sqlite3/prebuilds/<platform>-<arch>.node,
//                     the file `npm start` loads in Electron (one Node-API addon for both);
//   packagedApp()     resources/ of the package `npm run pack:check` built
//                     (release/pack-check/linux[-arm64]-unpacked): app.asar extracted into a
//                     folder named app.asar, which is what Electron's asar support shows
//                     the main process, and app.asar.unpacked beside it, where
//                     stand-in/asar-dlopen.ts sends the load of the unpacked prebuild, as
//                     Electron does;
//   ShellRun.launch() one process, one command line; the test then plays the person
//                     and the page through the control channel (stand-in/control.ts).

import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as asar from '@electron/asar';
import * as esbuild from 'esbuild';
import { developmentAddonPath, packagedAddonPath } from '../../main/app/node/native-module.js';
import { makeTempDir, REPO_ROOT } from '../support/workspace-fixtures.js';
import type { ChildMessage, ControlRequest, FetchResult, ShellState, WindowState } from './stand-in/control.js';
import type { RunnerConfig } from './stand-in/runner.js';
import type { ShellEvent } from './stand-in/runtime.js';

const ELECTRON_VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }
).version;
const BETTER_SQLITE3 = join(REPO_ROOT, 'node_modules', 'better-sqlite3');
/** The prebuild this platform loads (linuxmusl-x64.node on musl), as lib/binding.js names it. */
const PREBUILD = basename(developmentAddonPath(import.meta.url));
// pack:check packages for the host's architecture; electron-builder names x64's folder without it.
const PACK_CHECK_RESOURCES = join(
  REPO_ROOT,
  'release',
  'pack-check',
  process.arch === 'x64' ? 'linux-unpacked' : `linux-${process.arch}-unpacked`,
  'resources',
);
const STAND_IN_DIR = join(REPO_ROOT, 'test', 'shell', 'stand-in');

type BuildOptions = esbuild.BuildOptions;
async function buildConfigs(): Promise<Record<string, BuildOptions>> {
  // scripts/build.mjs has no type declarations.
  return ((await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'build.mjs')).href)) as { builds: Record<string, BuildOptions> }).builds;
}

// ---------------------------------------------------------------------------------
// The stand-in, bundled once per test process

interface StandInBundle {
  readonly runner: string;
  /** CommonJS, for `--require`: Electron's asar redirect of native addons, in every thread. */
  readonly asarDlopen: string;
  readonly moduleUrl: string;
  readonly hooksUrl: string;
}

let standIn: Promise<StandInBundle> | undefined;

function standInBundle(): Promise<StandInBundle> {
  standIn ??= (async () => {
    const outdir = makeTempDir('stand-in');
    await esbuild.build({
      entryPoints: { runner: join(STAND_IN_DIR, 'runner.ts'), module: join(STAND_IN_DIR, 'module.ts') },
      outdir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      logLevel: 'silent',
    });
    const asarDlopen = join(outdir, 'asar-dlopen.cjs');
    await esbuild.build({
      entryPoints: [join(STAND_IN_DIR, 'asar-dlopen.ts')],
      outfile: asarDlopen,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node24',
      logLevel: 'silent',
    });
    return {
      runner: join(outdir, 'runner.mjs'),
      asarDlopen,
      moduleUrl: pathToFileURL(join(outdir, 'module.mjs')).href,
      hooksUrl: pathToFileURL(join(STAND_IN_DIR, 'hooks.mjs')).href,
    };
  })();
  return standIn;
}

// ---------------------------------------------------------------------------------
// App layouts

export interface AppLayout {
  readonly mode: 'development' | 'packaged';
  /** The folder holding everything (removed with the test's temp folders). */
  readonly root: string;
  /** argv[0]. */
  readonly exePath: string;
  readonly resourcesPath: string;
  /** What `electron <appPath>` names in development; app.asar when packaged. */
  readonly appPath: string;
  /** Packaged: the entries app.asar's header marks unpacked, which Electron loads from app.asar.unpacked. */
  readonly asarUnpacked?: readonly string[];
}

export type NativeVariant = 'present' | 'missing' | 'not-a-library';

let devBuild: Promise<string> | undefined;

/** dist/{main (with its task worker),preload,renderer} built from the current sources, as `npm run build` builds them. */
function developmentBuild(): Promise<string> {
  devBuild ??= (async () => {
    const out = join(makeTempDir('dev-build'), 'dist');
    const builds = await buildConfigs();
    const main = builds['main'] as BuildOptions;
    const preload = builds['preload'] as BuildOptions;
    const renderer = builds['renderer'] as BuildOptions;
    const worker = builds['worker'] as BuildOptions;
    await Promise.all([
      esbuild.build({ ...main, outfile: join(out, 'main', 'main.mjs'), logLevel: 'silent' }),
      esbuild.build({ ...worker, outfile: join(out, 'main', 'task-worker.cjs'), logLevel: 'silent' }),
      esbuild.build({ ...preload, outfile: join(out, 'preload', 'preload.cjs'), logLevel: 'silent' }),
      esbuild.build({ ...renderer, outdir: join(out, 'renderer'), logLevel: 'silent' }),
    ]);
    copyFileSync(join(REPO_ROOT, 'renderer', 'index.html'), join(out, 'renderer', 'index.html'));
    return out;
  })();
  return devBuild;
}

/** Breaks the prebuild at `file` as `variant` says ('present' leaves it alone). */
function breakNative(file: string, variant: NativeVariant): void {
  if (variant === 'missing') rmSync(file, { force: true });
  if (variant === 'not-a-library') writeFileSync(file, 'this is not a shared library\n');
}

export interface DevelopmentOptions {
  readonly native?: NativeVariant;
  /** A folder in prisma/migrations that is not a migration, so loading them fails. */
  readonly brokenMigrations?: boolean;
}

export async function developmentApp(options: DevelopmentOptions = {}): Promise<AppLayout> {
  const dist = await developmentBuild();
  const root = makeTempDir('dev-app');
  const app = join(root, 'roster');
  mkdirSync(app);
  copyFileSync(join(REPO_ROOT, 'package.json'), join(app, 'package.json'));
  // A real copy: Node resolves better-sqlite3 from main.mjs's real location.
  cpSync(dist, join(app, 'dist'), { recursive: true });
  mkdirSync(join(app, 'prisma'));
  if (options.brokenMigrations) {
    cpSync(join(REPO_ROOT, 'prisma', 'migrations'), join(app, 'prisma', 'migrations'), { recursive: true });
    mkdirSync(join(app, 'prisma', 'migrations', 'not-a-migration'));
  } else {
    symlinkSync(join(REPO_ROOT, 'prisma', 'migrations'), join(app, 'prisma', 'migrations'), 'dir');
  }
  mkdirSync(join(app, 'build', 'icons'), { recursive: true });
  copyFileSync(join(REPO_ROOT, 'build', 'icons', '512x512.png'), join(app, 'build', 'icons', '512x512.png'));
  // better-sqlite3 in the app's own node_modules. Whole, it is a link to the project's:
  // Node follows it, so the process loads the project's prebuild, by its real path. To
  // break the prebuild, its JavaScript is copied instead, beside a prebuilds/ of its own.
  const sqlite = join(app, 'node_modules', 'better-sqlite3');
  mkdirSync(join(app, 'node_modules'));
  const native = options.native ?? 'present';
  if (native === 'present') {
    symlinkSync(BETTER_SQLITE3, sqlite, 'junction');
  } else {
    mkdirSync(join(sqlite, 'prebuilds'), { recursive: true });
    copyFileSync(join(BETTER_SQLITE3, 'package.json'), join(sqlite, 'package.json'));
    cpSync(join(BETTER_SQLITE3, 'lib'), join(sqlite, 'lib'), { recursive: true });
    breakNative(join(sqlite, 'prebuilds', PREBUILD), native);
  }
  const electronDist = join(root, 'electron', 'dist');
  mkdirSync(join(electronDist, 'resources'), { recursive: true });
  return {
    mode: 'development',
    root,
    exePath: join(electronDist, 'electron'),
    resourcesPath: join(electronDist, 'resources'),
    appPath: app,
  };
}

/**
 * Fails unless release/pack-check holds a package of the current sources: its main
 * bundle must be byte for byte what the production build of them is now.
 */
async function assertPackCheckCurrent(archive: string): Promise<void> {
  const hint = 'run `npm run pack:check` first (npm test runs it before the test files)';
  if (!existsSync(archive)) throw new Error(`${archive} does not exist: ${hint}`);
  const main = (await buildConfigs())['main'] as BuildOptions;
  const built = await esbuild.build({ ...main, minify: true, sourcemap: false, write: false, outfile: 'main.mjs', logLevel: 'silent' });
  const fresh = built.outputFiles?.find((file) => file.path.endsWith('main.mjs'))?.contents;
  const packaged = asar.extractFile(archive, join('dist', 'main', 'main.mjs'));
  if (!fresh || !Buffer.from(fresh).equals(packaged))
    throw new Error(`release/pack-check was built from other sources than these: ${hint}`);
}

/** The files app.asar's header marks unpacked (electron-builder's asarUnpack), as posix paths inside it. */
function unpackedEntries(archive: string): string[] {
  interface Node {
    readonly files?: Record<string, Node>;
    readonly unpacked?: boolean;
  }
  const out: string[] = [];
  const walk = (node: Node, prefix: string): void => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (child.files) walk(child, path);
      else if (child.unpacked === true) out.push(path);
    }
  };
  walk(asar.getRawHeader(archive).header as Node, '');
  return out;
}

export async function packagedApp(options: { native?: NativeVariant } = {}): Promise<AppLayout> {
  const archive = join(PACK_CHECK_RESOURCES, 'app.asar');
  await assertPackCheckCurrent(archive);
  const root = makeTempDir('packaged');
  const resources = join(root, 'resources');
  mkdirSync(resources);
  // Electron's asar support lets the main process read app.asar as a folder: a folder of
  // that name is the same view. An unpacked entry is listed in the header, but its bytes
  // are in app.asar.unpacked, where Electron loads a native addon from
  // (stand-in/asar-dlopen.ts): the folder keeps an empty placeholder, so a load that is
  // not sent there fails instead of quietly using a copy.
  asar.extractAll(archive, join(resources, 'app.asar'));
  const asarUnpacked = unpackedEntries(archive);
  for (const entry of asarUnpacked) writeFileSync(join(resources, 'app.asar', ...entry.split('/')), '');
  for (const extra of ['app.asar.unpacked', 'migrations', 'icons'])
    cpSync(join(PACK_CHECK_RESOURCES, extra), join(resources, extra), { recursive: true });
  breakNative(packagedAddonPath(resources), options.native ?? 'present');
  return {
    mode: 'packaged',
    root,
    exePath: join(root, 'roster'),
    resourcesPath: resources,
    appPath: join(resources, 'app.asar'),
    asarUnpacked,
  };
}

// ---------------------------------------------------------------------------------
// One run

export interface LaunchOptions {
  /** The command line after argv[0]; development default: [appPath]. */
  readonly args?: readonly string[];
  readonly dataDir: string;
  readonly cwd?: string;
  readonly openFilesBeforeReady?: readonly string[];
  /** Kills the process if it is still running then (a hang fails the test, not the suite). */
  readonly timeoutMs?: number;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const running = new Set<ChildProcess>();

/** Ends every run still going (afterEach). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export class ShellRun {
  readonly events: ShellEvent[] = [];
  readonly rendererEvents: { windowId: number; method: string; payload: unknown }[] = [];
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 1;

  private constructor(child: ChildProcess, timeoutMs: number) {
    this.#child = child;
    running.add(child);
    child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    child.on('message', (message: ChildMessage) => this.#receive(message));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        running.delete(child);
        for (const { reject } of this.#pending.values()) reject(new Error(`the app exited (${code ?? signal}) before answering`));
        this.#pending.clear();
        resolve({ code, signal });
      });
    });
  }

  static async launch(layout: AppLayout, options: LaunchOptions): Promise<ShellRun> {
    const bundle = await standInBundle();
    const config: RunnerConfig = {
      mode: layout.mode,
      exePath: layout.exePath,
      args: options.args ?? (layout.mode === 'development' ? [layout.appPath] : []),
      resourcesPath: layout.resourcesPath,
      electronVersion: ELECTRON_VERSION,
      ...(options.openFilesBeforeReady ? { openFilesBeforeReady: options.openFilesBeforeReady } : {}),
      ...(layout.asarUnpacked ? { asarUnpacked: layout.asarUnpacked } : {}),
      moduleUrl: bundle.moduleUrl,
      hooksUrl: bundle.hooksUrl,
    };
    const env: NodeJS.ProcessEnv = { ...process.env, ROSTER_DATA_DIR: options.dataDir, ROSTER_SHELL_CONFIG: JSON.stringify(config) };
    for (const key of Object.keys(env)) if (key === 'NODE_OPTIONS' || key.startsWith('VITEST')) delete env[key];
    const child = spawn(process.execPath, ['--require', bundle.asarDlopen, bundle.runner], {
      cwd: options.cwd ?? (layout.mode === 'development' ? layout.appPath : tmpdir()),
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    return new ShellRun(child, options.timeoutMs ?? 30_000);
  }

  #receive(message: ChildMessage): void {
    if (message.kind === 'event') this.events.push(message.event);
    else if (message.kind === 'renderer-event')
      this.rendererEvents.push({ windowId: message.windowId, method: message.method, payload: message.payload });
    else if (message.kind === 'reply') {
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(new Error(message.error));
    }
  }

  request<T>(request: ControlRequest): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#child.send({ id, request }, (error) => {
        if (error) {
          this.#pending.delete(id);
          reject(error);
        }
      });
    });
  }

  state(): Promise<ShellState> {
    return this.request<ShellState>({ op: 'state' });
  }

  /** Polls the app's state until `test` holds; fails with the last state otherwise. */
  async until<T>(what: string, test: (state: ShellState) => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: ShellState | undefined;
    for (;;) {
      last = await this.state();
      const found = test(last);
      if (found !== undefined && found !== false) return found;
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; windows: ` +
            `${JSON.stringify(last.windows.map(({ loads: _l, ...w }) => w))}\nstderr:\n${this.stderr}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The one shown window showing `view` (launcher or workspace), once it is there. */
  window(view: 'launcher' | 'workspace', titled?: string): Promise<WindowState> {
    return this.until(`a ${view} window${titled ? ` titled ${titled}` : ''}`, (state) =>
      state.windows.find(
        (window) =>
          window.visible &&
          window.url.includes(`view=${view}`) &&
          window.exposed.includes('roster') &&
          (titled === undefined || window.title.startsWith(titled)),
      ),
    );
  }

  /** Calls `window.roster.<method>(...args)` in a window, as the page's script would. */
  call<T = unknown>(windowId: number, method: string, ...args: unknown[]): Promise<T> {
    return this.request<T>({ op: 'call', windowId, method: `roster.${method}`, args });
  }

  fetch(url: string, method = 'GET'): Promise<FetchResult> {
    return this.request<FetchResult>({ op: 'fetch', url, method });
  }

  errorBoxes(): { title: string; content: string }[] {
    return this.events.flatMap((event) => (event.type === 'error-box' ? [{ title: event.title, content: event.content }] : []));
  }

  violations(): string[] {
    return this.events.flatMap((event) =>
      event.type === 'violation' ? [`${event.violation.rule}: ${event.violation.message} (${event.violation.source})`] : [],
    );
  }

  /** The app events in order (ready, before-quit, will-quit, quit, ...). */
  appEvents(): string[] {
    return this.events.flatMap((event) => (event.type === 'app' ? [event.prevented ? `${event.name} (prevented)` : event.name] : []));
  }

  kill(): void {
    this.#child.kill('SIGKILL');
  }
}
