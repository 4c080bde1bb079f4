// What the app core needs from the shell around it. The Electron glue implements these
// with native dialogs and BrowserWindows; the tests implement them with plain objects.
// Nothing in main/app/node imports Electron.

/**
 * Native file dialogs. Each resolves to the chosen path, or null when dismissed.
 * `Format` names the kinds of file people are imported from and exported to ('csv',
 * 'json'): the features' vocabulary, which the app fills in.
 */
export interface DialogPort<Format extends string> {
  chooseNewWorkspacePath(suggestedName: string): Promise<string | null>;
  chooseExistingWorkspace(): Promise<string | null>;
  chooseImportFile(format: Format): Promise<string | null>;
  chooseExportFile(format: Format, suggestedFileName: string): Promise<string | null>;
  /** "Where is this workspace now?" for a catalog entry whose file has gone missing. */
  locateWorkspace?(name: string, previousFileName: string): Promise<string | null>;
}

/** The desktop shell around the app. */
export interface ShellPort {
  /** Shows the file in the system's file manager (Finder, Explorer, Files...). */
  showItemInFolder(path: string): void;
}

/** The system clipboard, for copies main makes itself (a selection too large for the window to hold). */
export interface ClipboardPort {
  writeText(text: string): void;
}

/** Asks the shell to show workspaces. */
export interface WindowPort {
  /**
   * Shows the workspace at `path`: focuses its window if one is open, otherwise opens
   * one (which calls `RosterCore.openWorkspaceSession`). Rejects with the RosterError
   * that opening the workspace raised (corrupt, too new, missing...).
   */
  showWorkspace(path: string): Promise<void>;
  /** Adds a window on the workspace even if one is open ("Open in New Window"). Optional: showWorkspace otherwise. */
  openNewWindow?(path: string): Promise<void>;
  /** A workspace's display name changed: retitle its windows. Optional. */
  workspaceRenamed?(path: string, name: string): void;
}

export type LogLevel = 'info' | 'warn' | 'error';
/** Where the core reports what the renderer is never told (stacks, paths). */
export type Logger = (level: LogLevel, message: string, details?: unknown) => void;

export const consoleLogger: Logger = (level, message, details) => {
  const line = `[roster] ${message}`;
  if (level === 'error') console.error(line, details ?? '');
  else if (level === 'warn') console.warn(line, details ?? '');
  else console.log(line);
};
