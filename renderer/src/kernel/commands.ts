// The workspace window's commands: one place that says what each action does, whether
// it can run now and what it is called. Key bindings, the toolbar, the rows' context
// menu (and, later, the Edit menu through main) all run commands by id, so they can
// never disagree about what Delete deletes.
//
// Undo and redo are commands here too; the workspace's history
// (renderer/src/features/history/workspace-history.ts) supplies their `run` and `enabled`.

/** Paste has no command: the browser only hands pasted text to a paste event (workspace-clipboard.ts). */
export type CommandId =
  | 'add'
  | 'find'
  | 'rename'
  | 'delete'
  | 'copy'
  | 'copy-to'
  | 'move-to'
  | 'export-selection'
  | 'select-all'
  | 'clear-selection'
  | 'undo'
  | 'redo';

export interface Command {
  /** What a menu shows; may depend on the selection ("Delete 3 people"). */
  label(): string;
  enabled(): boolean;
  run(): void;
  /** The shortcut as shown ("Del") and as aria-keyshortcuts says it ("Delete"). */
  readonly keys?: { readonly label: string; readonly aria: string };
}

export class Commands {
  readonly #commands = new Map<CommandId, Command>();
  readonly #listeners = new Set<() => void>();

  register(id: CommandId, command: Command): void {
    this.#commands.set(id, command);
    this.changed();
  }

  get(id: CommandId): Command | undefined {
    return this.#commands.get(id);
  }

  enabled(id: CommandId): boolean {
    return this.#commands.get(id)?.enabled() ?? false;
  }

  /** Runs the command if it can run now; returns whether it ran. */
  run(id: CommandId): boolean {
    const command = this.#commands.get(id);
    if (!command || !command.enabled()) return false;
    command.run();
    return true;
  }

  /** Something that commands depend on changed (the selection, the count...). */
  changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
