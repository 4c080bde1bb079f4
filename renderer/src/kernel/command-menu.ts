// A context menu made of commands (commands.ts): each item is the command's label, its
// shortcut, and disabled when the command cannot run now.

import { openContextMenu, type ContextMenuItem, type ContextMenuOptions } from './context-menu.js';
import type { CommandId, Commands } from './commands.js';

function commandMenuItem(commands: Commands, id: CommandId): ContextMenuItem {
  const command = commands.get(id);
  return {
    label: command?.label() ?? id,
    disabled: !commands.enabled(id),
    run: () => commands.run(id),
    ...(command?.keys ? { keys: command.keys } : {}),
  };
}

export function openCommandMenu(
  commands: Commands,
  options: Omit<ContextMenuOptions, 'items'> & { readonly ids: readonly CommandId[] },
): void {
  const { ids, ...menu } = options;
  openContextMenu({ ...menu, items: ids.map((id) => commandMenuItem(commands, id)) });
}
