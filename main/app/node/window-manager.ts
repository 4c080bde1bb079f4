// Which windows exist and what each shows: one launcher when no workspace is open, one
// window per open workspace, a second one on request. The Electron glue supplies the
// `WindowFactory` (BrowserWindows); the tests supply plain objects. Rules kept here:
//
//   - showing a workspace that already has a window focuses that window;
//   - "Open in New Window" always adds a window (both share the one connection);
//   - a window's session closes when the window closes; the workspace's connection is
//     released when its last window closes;
//   - closing the last workspace window brings the launcher back; the launcher stays
//     open beside workspace windows until the person closes it.

import { canonicalPath } from '../../kernel/node/sqlite/sqlite-file.js';
import type { WindowPort } from '../../kernel/node/ipc/ports.js';
import type { RosterSession, SessionSource } from './roster-core.js';

export type WindowView = 'launcher' | 'workspace';

/** A window as the manager sees it. */
export interface ManagedWindow {
  focus(): void;
  setTitle(title: string): void;
}

export interface WindowSpec {
  readonly view: WindowView;
  readonly session: RosterSession;
  readonly title: string;
  /** Canonical workspace path (for remembered bounds); null for the launcher. */
  readonly path: string | null;
  /**
   * Call when the window has closed. Closes its session; the promise settles once the
   * workspace lease is given back. Later calls return the same promise.
   */
  readonly closed: () => Promise<void>;
}

export interface WindowFactory {
  createWindow(spec: WindowSpec): ManagedWindow;
}

interface Entry {
  readonly window: ManagedWindow;
  readonly session: RosterSession;
  readonly path: string | null;
}

const APP_NAME = 'Roster';

function windowTitle(workspaceName: string | null): string {
  return workspaceName === null ? APP_NAME : `${workspaceName} — ${APP_NAME}`;
}

export class WindowManager implements WindowPort {
  readonly #factory: WindowFactory;
  readonly #core: SessionSource;
  readonly #entries = new Set<Entry>();
  /** Opens in progress per path, so a double-click opens one window, not two. */
  readonly #opening = new Map<string, Promise<void>>();
  #quitting = false;

  /** `core` makes the sessions; connect the manager back to it with `core.connectWindows(manager)`. */
  constructor(factory: WindowFactory, core: SessionSource) {
    this.#factory = factory;
    this.#core = core;
  }

  get windowCount(): number {
    return this.#entries.size;
  }

  workspacePaths(): string[] {
    return [...this.#entries].flatMap((entry) => (entry.path === null ? [] : [entry.path]));
  }

  /** From now on closing windows does not bring the launcher back. */
  beginQuit(): void {
    this.#quitting = true;
  }

  showWorkspace(path: string): Promise<void> {
    const canonical = canonicalPath(path);
    const existing = [...this.#entries].find((entry) => entry.path === canonical);
    if (existing) {
      existing.window.focus();
      return Promise.resolve();
    }
    const pending = this.#opening.get(canonical);
    if (pending) return pending;
    const opening = this.openNewWindow(canonical).finally(() => this.#opening.delete(canonical));
    this.#opening.set(canonical, opening);
    return opening;
  }

  /** Adds a window on the workspace even if one is open ("Open in New Window"). */
  async openNewWindow(path: string): Promise<void> {
    const session = await this.#core.openWorkspaceSession(path);
    this.#add('workspace', session, session.path, windowTitle(session.name()));
  }

  /** Shows the launcher, creating it if needed. */
  showLauncher(): void {
    const launcher = [...this.#entries].find((entry) => entry.path === null);
    if (launcher) {
      launcher.window.focus();
      return;
    }
    this.#add('launcher', this.#core.openLauncherSession(), null, windowTitle(null));
  }

  workspaceRenamed(path: string, name: string): void {
    for (const entry of this.#entries) if (entry.path === path) entry.window.setTitle(windowTitle(name));
  }

  /** The session behind a window the factory created (for menus acting on the focused window). */
  sessionOf(window: ManagedWindow): RosterSession | undefined {
    return [...this.#entries].find((entry) => entry.window === window)?.session;
  }

  #add(view: WindowView, session: RosterSession, path: string | null, title: string): void {
    const self: { entry?: Entry } = {};
    let closed: Promise<void> | undefined;
    const window = this.#factory.createWindow({
      view,
      session,
      title,
      path,
      closed: () => {
        if (closed) return closed;
        if (self.entry) this.#entries.delete(self.entry);
        closed = session.close();
        if (!this.#quitting && view === 'workspace' && this.workspacePaths().length === 0) this.showLauncher();
        return closed;
      },
    });
    self.entry = { window, session, path };
    if (closed === undefined) this.#entries.add(self.entry);
  }
}
