// Likely duplicates in one workspace: who already has a name (the add field's note) and
// the groups of people sharing a folded name (the duplicates view, `roster people
// duplicates`). The IPC handlers and the CLI both come through here.
//
// "Already here?" is one seek of the (nameKey, id) index on the workspace's own
// connection. The groups are one ordered pass over that whole index, a few hundred
// milliseconds at a million people, so they are listed by a task (a worker in the app)
// and kept, per connection, while the workspace's generation (its commits, this
// process's and other programs', PRAGMA data_version) stays the same; a page then reads
// only its own groups. Any commit, including Roster folding the keys of rows another
// program wrote (key-upkeep.ts), makes the next request list them afresh.

import { RosterError } from '../../../kernel/common/errors.js';
import { defineSlot } from '../../../kernel/node/sqlite/connection-store.js';
import { asRosterError } from '../../../kernel/node/sqlite/sqlite-errors.js';
import { checkName } from '../../workspace/common/person-name.js';
import { foldName } from '../../workspace/common/name-fold.js';
import type { OpenedWorkspace } from '../../workspace/node/opened-workspace.js';
import {
  PEOPLE_PER_GROUP,
  type DuplicateGroup,
  type GroupsPage,
  type GroupsQuery,
  type SameNameInput,
  type SameNameResult,
} from '../common/duplicates-contract.js';
import { duplicateGroupsTask } from './duplicate-groups-task.js';
import { countWithKey, keyOf, peopleWithKey, type GroupList } from './duplicate-queries.js';

/** Anything that hands out the workspace: a lease, the window's bound workspace, a test. */
export interface DuplicatesHandle {
  readonly workspace: OpenedWorkspace;
}

/** The group list of one generation, or the task listing it. */
interface GroupCache {
  generation: number | null;
  list: Promise<GroupList> | null;
}

const groupCache = defineSlot<GroupCache>('duplicates.groups', () => ({ generation: null, list: null }));

/** Times a page lists the groups again because a commit landed while they were listed. */
const RELIST_TRIES = 3;

export class DuplicatesService {
  readonly #handle: DuplicatesHandle;

  constructor(handle: DuplicatesHandle) {
    this.#handle = handle;
  }

  /** Runs `task` alone on the workspace's connection, errors mapped to their codes. */
  #run<T>(task: (workspace: OpenedWorkspace) => T): Promise<T> {
    let workspace: OpenedWorkspace;
    try {
      workspace = this.#handle.workspace;
    } catch (error) {
      return Promise.reject(error);
    }
    return workspace.exclusive(() => {
      try {
        return task(workspace);
      } catch (error) {
        throw asRosterError(error);
      }
    });
  }

  /** The people whose name folds like `name`: how many, and the first added. A name the rules refuse has none. */
  async sameName({ name }: SameNameInput): Promise<SameNameResult> {
    const check = checkName(name);
    if (!check.ok) return { count: 0, first: null };
    const key = foldName(check.name);
    return this.#run(({ db, store }) =>
      db
        .transaction(() => {
          const count = countWithKey(store, key);
          return { count, first: count === 0 ? null : (peopleWithKey(store, key, 1)[0] ?? null) };
        })
        .deferred(),
    );
  }

  /** One page of the groups, in name order, with the workspace's totals. */
  async groups(query: GroupsQuery): Promise<GroupsPage> {
    for (let attempt = 1; ; attempt++) {
      const { generation, list } = await this.#groupList();
      const page = await this.#run((workspace) =>
        workspace.generation() === generation || attempt >= RELIST_TRIES ? readPage(workspace, list, query) : null,
      );
      if (page) return page;
    }
  }

  /** The group list of the workspace as it is now: kept, or listed by the task. */
  async #groupList(): Promise<{ generation: number; list: GroupList }> {
    const { workspace, generation, list } = await this.#run((workspace) => {
      const cache = workspace.store.slot(groupCache);
      const now = workspace.generation();
      if (cache.generation !== now || !cache.list) {
        cache.generation = now;
        cache.list = workspace.tasks.run(duplicateGroupsTask, { workspace: workspace.path, readMode: workspace.readMode });
        const listing = cache.list;
        // A failed listing is not kept: the next request tries again.
        listing.catch(() => {
          if (cache.list === listing) cache.list = null;
        });
      }
      return { workspace, generation: now, list: cache.list };
    });
    try {
      return { generation, list: await list };
    } catch (error) {
      if (workspace.isClosed) throw new RosterError('WORKSPACE_CLOSED', 'This workspace has been closed.');
      throw asRosterError(error);
    }
  }
}

/** The groups from `offset`, each named by its first person and listing its first people, in one read transaction. */
function readPage(workspace: OpenedWorkspace, list: GroupList, { offset, limit }: GroupsQuery): GroupsPage {
  const { db, store } = workspace;
  const total = list.firstIds.length;
  const groups = db
    .transaction(() => {
      const out: DuplicateGroup[] = [];
      for (let i = offset; i < Math.min(total, offset + limit); i++) {
        const key = keyOf(store, list.firstIds[i] ?? 0);
        if (key === null) continue;
        const people = peopleWithKey(store, key, PEOPLE_PER_GROUP);
        const first = people[0];
        if (first && people.length > 1) out.push({ name: first.name, count: Math.max(list.counts[i] ?? 0, people.length), people });
      }
      return out;
    })
    .deferred();
  return { total, people: list.people, groups };
}
