// Every `roster` command, by the words that select it. A group whose only command has
// the empty name is a command of one word (`roster migrate`).

import type { RosterCommand } from '../../../features/catalog/node/roster-context.js';
import { peopleFind } from '../../../features/find/node/find-command.js';
import { peopleDuplicates } from '../../../features/duplicates/node/duplicates-command.js';
import { migrate } from './migrate-command.js';
import { peopleAdd, peopleDelete, peopleList, peopleUpdate } from '../../../features/people/node/people-commands.js';
import { peopleExport, peopleImport } from '../../../features/import-export/node/people-file-commands.js';
import { peopleCopy, peopleMove, workspaceMerge } from '../../../features/transfer/node/transfer-commands.js';
import { workspaceRestore, workspaceTrash } from '../../../features/catalog/node/trash-commands.js';
import { workspaceRemoveForeign, workspaceTrust } from '../../../features/catalog/node/trust-commands.js';
import {
  workspaceCreate,
  workspaceDelete,
  workspaceForget,
  workspaceList,
  workspaceRename,
} from '../../../features/catalog/node/workspace-commands.js';

export const COMMAND_GROUPS: Readonly<Record<string, Readonly<Record<string, RosterCommand>>>> = {
  workspace: {
    create: workspaceCreate,
    list: workspaceList,
    rename: workspaceRename,
    forget: workspaceForget,
    delete: workspaceDelete,
    trash: workspaceTrash,
    restore: workspaceRestore,
    merge: workspaceMerge,
    trust: workspaceTrust,
    'remove-foreign': workspaceRemoveForeign,
  },
  people: {
    add: peopleAdd,
    list: peopleList,
    update: peopleUpdate,
    delete: peopleDelete,
    import: peopleImport,
    export: peopleExport,
    copy: peopleCopy,
    move: peopleMove,
    find: peopleFind,
    duplicates: peopleDuplicates,
  },
  migrate: { '': migrate },
};

/** Every command, in the order `roster help` lists them. */
export function allCommands(): RosterCommand[] {
  return Object.values(COMMAND_GROUPS).flatMap((group) => Object.values(group));
}
