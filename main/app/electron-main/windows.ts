// BrowserWindows for the window manager (main/app/node/window-manager.ts): secure
// webPreferences, the IPC binding on the window's own webContents, remembered bounds,
// the workspace's name as the title.

import { BrowserWindow, screen } from 'electron';
import { appPageUrl, APP_ORIGIN } from '../../kernel/node/ipc/app-protocol.js';
import { bindWindow } from '../../kernel/node/ipc/ipc-binding.js';
import type { Logger } from '../../kernel/node/ipc/ports.js';
import type { ManagedWindow, WindowFactory, WindowSpec } from '../node/window-manager.js';
import type { WindowStateStore } from '../node/window-state.js';
import { hardenContents, secureWebPreferences } from './hardening.js';

export interface ElectronWindowOptions {
  readonly preload: string;
  readonly icon?: string;
  readonly windowState: WindowStateStore;
  readonly log: Logger;
}

const DEFAULT_SIZE = { workspace: { width: 1100, height: 760 }, launcher: { width: 820, height: 600 } } as const;

export class ElectronWindowFactory implements WindowFactory {
  readonly #options: ElectronWindowOptions;
  readonly #windows = new Map<BrowserWindow, WindowSpec>();

  constructor(options: ElectronWindowOptions) {
    this.#options = options;
  }

  /** The spec of a window this factory made (for menu commands on the focused window). */
  specOf(window: BrowserWindow | null): WindowSpec | undefined {
    return window ? this.#windows.get(window) : undefined;
  }

  createWindow(spec: WindowSpec): ManagedWindow {
    const { log, windowState } = this.#options;
    const screens = screen.getAllDisplays().map((display) => display.workArea);
    const remembered = spec.path === null ? undefined : windowState.get(spec.path, screens);
    const size = remembered ?? DEFAULT_SIZE[spec.view];
    const window = new BrowserWindow({
      ...size,
      ...(remembered ? { x: remembered.x, y: remembered.y } : {}),
      minWidth: 480,
      minHeight: 360,
      title: spec.title,
      show: false,
      ...(this.#options.icon ? { icon: this.#options.icon } : {}),
      webPreferences: secureWebPreferences(this.#options.preload),
    });
    this.#windows.set(window, spec);
    const contents = window.webContents;
    hardenContents(contents, log);
    const unbind = bindWindow(contents, spec.session, APP_ORIGIN, (channel, url) =>
      log('warn', `refused ${channel} from ${url ?? 'a detached frame'}`),
    );
    // The title is the workspace's name, whatever the page's <title> says.
    window.on('page-title-updated', (event) => event.preventDefault());
    window.once('ready-to-show', () => {
      if (remembered?.maximized) window.maximize();
      window.show();
    });
    window.on('close', () => {
      if (spec.path === null) return;
      const bounds = window.getNormalBounds();
      windowState.set(spec.path, { ...bounds, maximized: window.isMaximized() });
    });
    window.on('closed', () => {
      this.#windows.delete(window);
      try {
        unbind();
      } catch {
        // The webContents is already gone, and its handlers with it.
      }
      void spec.closed();
    });
    contents.on('render-process-gone', (_event, details) => log('error', `a window's renderer stopped (${details.reason})`));
    window.loadURL(appPageUrl(spec.view)).catch((error: unknown) => log('error', 'could not load the page', error));
    return {
      focus: () => {
        if (window.isDestroyed()) return;
        if (window.isMinimized()) window.restore();
        window.show();
        window.focus();
      },
      setTitle: (title) => {
        if (!window.isDestroyed()) window.setTitle(title);
      },
    };
  }
}
