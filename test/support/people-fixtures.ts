// A real workspace file in a temp folder with a PersonService over it, for the
// person service, import/export and CLI tests. No mocks: the real migrations, the
// real connection manager, the real Prisma client.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { isRosterError, type ErrorCode, type RosterError } from '../../main/kernel/common/errors.js';
import { parseInput } from '../../main/kernel/node/ipc/validate.js';
import { ListPeopleInput, type ListPeopleQuery } from '../../main/features/people/common/people-contract.js';
import { PersonService } from '../../main/features/people/node/person-service.js';
import { WorkspaceConnections, type WorkspaceLease } from '../../main/features/workspace/node/workspace-connections.js';
import { makeTempDir, openOptions, sha256OfFile } from './workspace-fixtures.js';

export interface TempPeople {
  readonly dir: string;
  readonly path: string;
  readonly connections: WorkspaceConnections;
  readonly lease: WorkspaceLease;
  readonly people: PersonService;
  close(): Promise<void>;
}

/** Creates `<temp>/<name>.roster` and opens it. Remember `close()` and removeTempDirs(). */
export async function createTempPeople(name = 'people', dir: string = makeTempDir('people')): Promise<TempPeople> {
  const connections = new WorkspaceConnections(openOptions(dir));
  const lease = await connections.create(join(dir, `${name}.roster`));
  return {
    dir,
    path: lease.path,
    connections,
    lease,
    people: new PersonService(lease),
    close: () => connections.closeAll(),
  };
}

/**
 * A list request as a boundary hands it to the service: parsed with the channel's
 * schema, so the defaults (order, page size) are filled in and a bad one is refused.
 */
export function listQuery(input: ListPeopleInput = {}): ListPeopleQuery {
  return parseInput(ListPeopleInput, input);
}

/** Row count read with a separate, read-only connection (the file must be closed or in WAL mode). */
export function countRows(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM "Person"').pluck().get() as number;
  } finally {
    db.close();
  }
}

/**
 * Everything that would change if anything were written: the bytes of the file and of
 * its WAL. A missing WAL counts as an empty one: SQLite creates and removes an empty
 * WAL as connections open and close, which writes no data.
 */
export function fileState(path: string): { main: string; wal: string } {
  return { main: sha256OfFile(path), wal: existsSync(`${path}-wal`) ? sha256OfFile(`${path}-wal`) : EMPTY_SHA256 };
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * Awaits `promise`, expects a RosterError with exactly `code` and a one-line message
 * free of internals (validation messages may start with the field they are about, so
 * this is looser than workspace-fixtures' expectRosterError), and returns it.
 */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<RosterError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  if (!isRosterError(caught)) throw new Error(`expected a RosterError ${code}, got: ${String(caught)}`, { cause: caught });
  expect(caught.code).toBe(code);
  expect(caught.message.length).toBeGreaterThan(5);
  expect(caught.message).not.toMatch(/[\r\n]|SQLITE_|at \w+ \(|\[object/);
  return caught;
}
