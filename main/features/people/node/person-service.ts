// Everything Roster does with the people of one workspace. The CLI, the IPC handlers
// and the tests all come through here, so validation and error codes are the same
// whoever asks. Importing and exporting files is the import-export feature's
// (people-file-service.ts), on top of this.
//
// Every method takes a request already parsed with its schema (people-contract.ts):
// input is parsed once, where it enters (the IPC session with its channel's schema,
// the CLI with the same schemas), not again here. What the schemas cannot say is still
// checked here (naming rules, cursors, unknown ids): a bad request gets a typed
// RosterError and writes nothing. Single-person reads and all edits go through the
// workspace's Prisma client. Two paths use the same connection's better-sqlite3
// handle instead, each for a reason: list/count (literal substring search through an
// FTS5 index, which Prisma cannot express: see people-queries.ts) and bulk import
// (prepared statements in one transaction; Prisma's per-row cost would make a
// 100,000-row import several times slower: see docs/dev/benchmarks.md).
//
// Every write first asks the workspace whether it may write (read-only, damaged and
// replaced files refuse, see opened-workspace.ts) and confirms afterwards that it
// landed in the file at the workspace's path. Storage failures (disk full, busy,
// read-only) come back as their own codes with plain messages (sqlite-errors.ts).
//
// Roster's own writes mark themselves as trusted inside their transaction
// (RosterState.writer, see key-upkeep.ts), so the key trigger does not queue rows
// whose key Roster just computed.

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { RosterError } from '../../../kernel/common/errors.js';
import type { Prisma } from '../../../generated/prisma/client.js';
import { foldName } from '../../workspace/common/name-fold.js';
import type {
  CountPeopleQuery,
  CreatePeopleInput,
  CreatePersonInput,
  DeletePeopleInput,
  GetPersonInput,
  ListPeopleQuery,
  PeoplePage,
  PersonDto,
  PositionInput,
  UpdatePersonInput,
} from '../common/people-contract.js';
import type { PrismaClient } from '../../../generated/prisma/client.js';
import { prismaTimestamp } from '../../workspace/node/migrations/migration-history.js';
import { deferIndexingOfNewRows, searchDegradation } from '../../workspace/node/search/search-state.js';
import { asRosterError } from '../../../kernel/node/sqlite/sqlite-errors.js';
import { defineSlot } from '../../../kernel/node/sqlite/connection-store.js';
import type { OpenedWorkspace } from '../../workspace/node/workspace-file.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { insertPeople, lastPersonId } from './bulk-insert.js';
import { asBulkWriter, asRosterWriter } from '../../workspace/node/keys/key-upkeep.js';
import { countMatchingAmong, countPeople, peopleByIds, positionOf, rangeSize, selectPage, type Counter } from './people-queries.js';
import { countKey, storedFilter, type StoredFilter } from './people-filter.js';
import { filteredCountTask } from './filtered-count-task.js';
import { validName } from './valid-name.js';

/** Anything that hands out the workspace: a lease from WorkspaceConnections, or a test. */
export interface WorkspaceHandle {
  readonly workspace: OpenedWorkspace;
}

export interface BulkProgress {
  readonly done: number;
  readonly total: number;
}

export interface BulkOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: BulkProgress) => void;
  /** The ids the rows took (one range: one transaction, AUTOINCREMENT); told before the commit, so use it once the call resolves. */
  readonly onInserted?: (firstId: number, lastId: number) => void;
}

/** Rows written per step of a bulk import; progress and cancel are checked between steps. */
export const IMPORT_BATCH = 5000;
/** Largest id list sent to SQLite in one statement (its variable limit is 32,766). */
const ID_CHUNK = 10_000;

const personSelect = { id: true, name: true, nameKey: true, createdAt: true, updatedAt: true } as const;
type PersonRow = { id: number; name: string; nameKey: string; createdAt: Date; updatedAt: Date };

function toDto(row: PersonRow): PersonDto {
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

function notFound(ids: readonly number[]): RosterError {
  const shown = ids.slice(0, 10).join(', ') + (ids.length > 10 ? `, and ${ids.length - 10} more` : '');
  return new RosterError(
    'PERSON_NOT_FOUND',
    ids.length === 1 ? `There is no person with id ${shown}.` : `There are no people with ids ${shown}.`,
    {
      ids: ids.slice(0, 100),
    },
  );
}

function isPrismaNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'P2025';
}

/**
 * Prisma refuses a row whose name another program stored as a BLOB ("Expected a string
 * in column 'name'"): such rows are read by SQL instead (peopleByIds), like the list reads them.
 */
function isOddCell(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'P2023';
}

/**
 * Runs one Prisma operation as Roster's trusted writer: the writer flag is set and
 * cleared around it inside one batch transaction, so no other connection ever sees it.
 */
async function trusted<T>(prisma: PrismaClient, operation: Prisma.PrismaPromise<T>): Promise<T> {
  const [, result] = await prisma.$transaction([
    prisma.$executeRaw`UPDATE "RosterState" SET "writer" = 1 WHERE "id" = 1`,
    operation,
    prisma.$executeRaw`UPDATE "RosterState" SET "writer" = 0 WHERE "id" = 1`,
  ]);
  return result;
}

/** Count results by search text and filter, valid while the workspace's generation stays the same (null: none yet). */
interface CountCache {
  generation: number | null;
  readonly counts: Map<string, number>;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Kept on the workspace's own connection: the one connection a workspace has for its life. */
const countCache = defineSlot<CountCache>('people.counts', () => ({ generation: null, counts: new Map() }));

/** The count cache, emptied if anything was committed since it was filled. */
function countsNow(workspace: OpenedWorkspace): CountCache {
  const generation = workspace.generation();
  const cache = workspace.store.slot(countCache);
  if (cache.generation !== generation) {
    cache.generation = generation;
    cache.counts.clear();
  }
  if (cache.counts.size > 64) cache.counts.clear();
  return cache;
}

/** People matching `search` (no filter), from the cache while nothing has been committed since. */
function cachedCount(workspace: OpenedWorkspace, search: string): number {
  const cache = countsNow(workspace);
  let count = cache.counts.get(search);
  if (count === undefined) {
    count = countPeople(workspace.store, search);
    cache.counts.set(search, count);
  }
  return count;
}

/** A count made elsewhere (a worker), kept if nothing was committed since it was asked for. */
function rememberCount(workspace: OpenedWorkspace, search: string, filter: StoredFilter, count: number, generation: number): void {
  const cache = countsNow(workspace);
  if (cache.generation === generation) cache.counts.set(countKey(search, filter), count);
}

/**
 * A filtered count that is cheap here, or null when it must be made on a worker: one
 * range without a search is an index-only count, made here while it is small.
 */
function quickFilteredCount(workspace: OpenedWorkspace, search: string, filter: StoredFilter): number | null {
  const cache = countsNow(workspace);
  const cached = cache.counts.get(countKey(search, filter));
  if (cached !== undefined) return cached;
  const [only] = filter;
  if (search !== '' || filter.length !== 1 || only === undefined) return null;
  const { size, exact } = rangeSize(workspace.store, only);
  if (!exact) return null;
  cache.counts.set(countKey(search, filter), size);
  return size;
}

/**
 * The sizes one filtered page is planned by: search counts as ever, ranges exact while
 * small, else estimated (rangeSize); each worked out once for the page.
 */
function planningCounter(workspace: OpenedWorkspace): Counter {
  const sizes = new Map<string, number>();
  return (search, filter) => {
    const key = countKey(search, filter);
    let size = sizes.get(key);
    if (size === undefined) {
      const [only] = filter;
      size =
        only === undefined
          ? cachedCount(workspace, search)
          : (quickFilteredCount(workspace, search, filter) ?? rangeSize(workspace.store, only).size);
      sizes.set(key, size);
    }
    return size;
  };
}

export class PersonService {
  readonly #handle: WorkspaceHandle;

  constructor(handle: WorkspaceHandle) {
    this.#handle = handle;
  }

  /** Runs `task` alone on the workspace's connection; throws WORKSPACE_CLOSED after release. */
  #run<T>(task: (workspace: OpenedWorkspace) => Promise<T> | T): Promise<T> {
    let workspace: OpenedWorkspace;
    try {
      workspace = this.#handle.workspace;
    } catch (error) {
      return Promise.reject(error);
    }
    return workspace.exclusive(async () => {
      try {
        return await task(workspace);
      } catch (error) {
        throw asRosterError(error);
      }
    });
  }

  /** Like #run, for a change: refused unless the workspace may be written, confirmed after. */
  async #write<T>(task: (workspace: OpenedWorkspace) => Promise<T> | T): Promise<T> {
    // An import running in a worker holds the file's write lock: wait for it here rather
    // than time out on SQLite's lock.
    try {
      await this.#handle.workspace.whenBulkDone();
    } catch {
      // A closed workspace: #run says so.
    }
    return this.#run(async (workspace) => {
      workspace.assertWritable();
      const result = await task(workspace);
      await workspace.confirmWrite();
      workspace.changes.emit('window');
      return result;
    });
  }

  /**
   * Runs a raw write on the workspace's connection the way every write here runs:
   * queued, refused when the file may not be written, confirmed and announced after.
   * Undo and redo (main/features/history/node/exact-rows.ts) write through this.
   */
  writeRaw<T>(task: (db: Database.Database) => T): Promise<T> {
    return this.#write((workspace) => task(workspace.db));
  }

  async list(query: ListPeopleQuery): Promise<PeoplePage> {
    const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor, query.sort, query.direction);
    const search = query.search === undefined ? '' : foldName(query.search.trim());
    const filter = storedFilter(query.filter);
    return this.#run((workspace) => {
      const { db, store } = workspace;
      // One read transaction: the count that picks the plan and the page agree. A filtered
      // count not made yet is not made here (filteredCountTask): the page is planned by
      // an estimate, which never changes which rows it holds.
      const rows = db
        .transaction(() => {
          if (filter.length === 0) return selectPage(store, query, search, cursor, cachedCount(workspace, search));
          const known = quickFilteredCount(workspace, search, filter);
          const planned = { filter, counter: planningCounter(workspace), exact: known !== null };
          return selectPage(store, query, search, cursor, known ?? 0, planned);
        })
        .deferred();
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      const nextCursor = rows.length > query.limit && last ? encodeCursor(query.sort, query.direction, last.sortKey, last.dto.id) : null;
      return { items: items.map((row) => row.dto), nextCursor };
    });
  }

  async count({ search, filter, except }: CountPeopleQuery = {}): Promise<number> {
    const folded = search === undefined ? '' : foldName(search.trim());
    const ranges = storedFilter(filter);
    const all = ranges.length === 0 ? null : await this.#filteredCount(folded, ranges);
    return this.#run((workspace) => {
      const matching = all ?? cachedCount(workspace, folded);
      return except && except.length > 0 ? matching - countMatchingAmong(workspace.store, folded, ranges, except) : matching;
    });
  }

  /** A filtered count: from the cache or cheap here, else on a worker (filtered-count-task.ts), remembered after. */
  async #filteredCount(search: string, filter: StoredFilter): Promise<number> {
    const asked = await this.#run((workspace) => ({
      quick: quickFilteredCount(workspace, search, filter),
      generation: workspace.generation(),
      workspace,
    }));
    if (asked.quick !== null) return asked.quick;
    const { workspace, generation } = asked;
    const count = await workspace.tasks.run(filteredCountTask, {
      ...{ workspace: workspace.path, readMode: workspace.readMode, search, filter },
      degraded: searchDegradation(workspace.store),
    });
    rememberCount(workspace, search, filter, count, generation);
    return count;
  }

  /** Where a person is in the whole list in this order (0-based); null when there is no such person. */
  async position({ id, sort, direction }: PositionInput): Promise<number | null> {
    return this.#run(({ store }) => positionOf(store, id, sort, direction));
  }

  async get({ id }: GetPersonInput): Promise<PersonDto> {
    return this.#run(async ({ prisma, store }) => {
      let row: PersonRow | null;
      try {
        row = await prisma.person.findUnique({ where: { id }, select: personSelect });
      } catch (error) {
        if (!isOddCell(error)) throw error;
        const [person] = peopleByIds(store, [id]);
        if (person) return person;
        row = null;
      }
      if (!row) throw notFound([id]);
      return toDto(row);
    });
  }

  async create(input: CreatePersonInput): Promise<PersonDto> {
    const name = validName(input.name);
    return this.#write(async ({ prisma }) =>
      toDto(await trusted(prisma, prisma.person.create({ data: { name, nameKey: foldName(name) }, select: personSelect }))),
    );
  }

  /** Adds several people at once, all or none. */
  async createMany(input: CreatePeopleInput): Promise<PersonDto[]> {
    const names = input.names.map((raw, i) => validName(raw, `Name ${i + 1}`));
    return this.#write(async ({ prisma }) => {
      const rows = await trusted(
        prisma,
        prisma.person.createManyAndReturn({ data: names.map((name) => ({ name, nameKey: foldName(name) })), select: personSelect }),
      );
      return rows.map(toDto);
    });
  }

  async update(input: UpdatePersonInput): Promise<PersonDto> {
    const name = validName(input.name);
    return this.#write(async ({ prisma }) => {
      try {
        return toDto(
          await trusted(
            prisma,
            prisma.person.update({ where: { id: input.id }, data: { name, nameKey: foldName(name) }, select: personSelect }),
          ),
        );
      } catch (error) {
        if (isPrismaNotFound(error)) throw notFound([input.id]);
        throw error;
      }
    });
  }

  /**
   * Deletes people by id, all or none: if any id is unknown, nothing is deleted and
   * PERSON_NOT_FOUND names the missing ids. Returns the deleted people (for Undo).
   */
  async delete(input: DeletePeopleInput): Promise<PersonDto[]> {
    const ids = [...new Set(input.ids)];
    return this.#write(async (workspace) => {
      const deleted = await workspace.prisma.$transaction(async (tx) => {
        const found: PersonDto[] = [];
        for (const part of chunks(ids, ID_CHUNK)) {
          try {
            found.push(...(await tx.person.findMany({ where: { id: { in: part } }, select: personSelect })).map(toDto));
          } catch (error) {
            // Same connection, same transaction: the SQL read sees what Prisma would have.
            if (!isOddCell(error)) throw error;
            found.push(...peopleByIds(workspace.store, part));
          }
        }
        if (found.length !== ids.length) {
          const present = new Set(found.map((row) => row.id));
          throw notFound(ids.filter((id) => !present.has(id)));
        }
        for (const part of chunks(ids, ID_CHUNK)) await tx.person.deleteMany({ where: { id: { in: part } } });
        return found;
      });
      const order = new Map(ids.map((id, i) => [id, i]));
      return deleted.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    });
  }

  /**
   * Adds many already-validated names in one transaction, reporting progress and
   * honouring `signal` between batches. Cancelled or failed: nothing is written.
   * Callers validate every name first (see import/name-rows.ts), so one bad row rejects
   * the whole import before this runs.
   */
  async insertValidated(names: readonly string[], options: BulkOptions = {}): Promise<number> {
    const total = names.length;
    const throwIfCancelled = (): void => {
      if (options.signal?.aborted) throw new RosterError('CANCELLED', 'The import was cancelled; nothing was added.');
    };
    throwIfCancelled();
    const count = await this.#write(async (workspace) => {
      const { db, store } = workspace;
      const now = prismaTimestamp();
      db.exec('BEGIN IMMEDIATE');
      try {
        // Trusted bulk writer (no key queue; it counts its own rows) with the new rows
        // left to the search index's catch-up, so the per-row triggers cost almost
        // nothing (search-state.ts).
        asRosterWriter(db, () => deferIndexingOfNewRows(db));
        // AUTOINCREMENT: this transaction's rows take the ids after the last one ever used.
        const lastIdBefore = lastPersonId(db);
        await asBulkWriter(db, async () => {
          for (let start = 0; start < total; start += IMPORT_BATCH) {
            const end = Math.min(total, start + IMPORT_BATCH);
            insertPeople(store, names.slice(start, end), now);
            options.onProgress?.({ done: end, total });
            // Let IPC, progress events and a cancel request through between batches.
            if (end < total) await yieldToEventLoop();
            throwIfCancelled();
          }
          return { inserted: total };
        });
        if (total > 0) options.onInserted?.(lastIdBefore + 1, lastPersonId(db));
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
      return total;
    });
    this.#handle.workspace.upkeep.scheduleSearchCatchUp();
    return count;
  }
}
