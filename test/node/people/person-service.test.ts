// The person service against a real workspace file: every bad input gets its exact
// code and writes nothing; paging visits every row once; search is literal and
// ignores case and accents. Requests reach the service parsed, as from IPC or the CLI:
// the shapes the schemas refuse are refused by that parse (parseInput, the boundary's),
// and what only the service can tell (names, cursors, ids) by the service.

import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../main/kernel/common/errors.js';
import {
  CreatePeopleInput,
  CreatePersonInput,
  DeletePeopleInput,
  GetPersonInput,
  ListPeopleInput,
  UpdatePersonInput,
  type PersonDto,
} from '../../../main/features/people/common/people-contract.js';
import { parseInput } from '../../../main/kernel/node/ipc/validate.js';
import { foldName } from '../../../main/features/workspace/common/name-fold.js';
import { createTempPeople, expectCode, fileState, listQuery, type TempPeople } from '../../support/people-fixtures.js';
import { removeTempDirs } from '../../support/workspace-fixtures.js';

let ws: TempPeople;

beforeEach(async () => {
  ws = await createTempPeople();
  await ws.people.createMany({ names: ['Ada Lovelace', 'Grace Hopper'] });
});
afterEach(() => ws.close());
afterAll(removeTempDirs);

/** Expects `call` to fail with `code` and leave the file (and its WAL) byte for byte as it was. */
async function expectRefusedWithoutWrite(call: () => Promise<unknown>, code: ErrorCode): Promise<void> {
  const before = fileState(ws.path);
  const countBefore = await ws.people.count();
  await expectCode(call(), code);
  expect(fileState(ws.path)).toEqual(before);
  expect(await ws.people.count()).toBe(countBefore);
}

describe('names', () => {
  it.each([
    ['empty', ''],
    ['whitespace only', ' \t '],
    ['257 code points', 'a'.repeat(257)],
    ['257 emoji', '😀'.repeat(257)],
    ['a line break', 'Ada\nLovelace'],
    ['a lone surrogate', 'Ada \ud800'],
  ])('refuses a name that is %s with INVALID_NAME, on create, createMany and update', async (_label, name) => {
    await expectRefusedWithoutWrite(() => ws.people.create({ name }), 'INVALID_NAME');
    await expectRefusedWithoutWrite(() => ws.people.createMany({ names: ['Fine Name', name] }), 'INVALID_NAME');
    await expectRefusedWithoutWrite(() => ws.people.update({ id: 1, name }), 'INVALID_NAME');
  });

  it('names the bad entry of a bulk add', async () => {
    const error = await expectCode(ws.people.createMany({ names: ['Ok', 'Fine', '   '] }), 'INVALID_NAME');
    expect(error.message).toMatch(/^Name 3:/);
  });

  it('accepts 256 code points, including 256 emoji (512 UTF-16 units), and trims', async () => {
    const emoji = '😀'.repeat(256);
    expect((await ws.people.create({ name: emoji })).name).toBe(emoji);
    expect((await ws.people.create({ name: `  ${'b'.repeat(256)}  ` })).name).toBe('b'.repeat(256));
  });
});

describe('wrong types and shapes, refused where the request is parsed', () => {
  it.each<[string, () => Promise<unknown>]>([
    ['create with a number', async () => ws.people.create(parseInput(CreatePersonInput, { name: 42 }))],
    ['create with null', async () => ws.people.create(parseInput(CreatePersonInput, null))],
    ['create with an extra key', async () => ws.people.create(parseInput(CreatePersonInput, { name: 'X', admin: true }))],
    ['createMany with no names', async () => ws.people.createMany(parseInput(CreatePeopleInput, { names: [] }))],
    ['createMany with a non-array', async () => ws.people.createMany(parseInput(CreatePeopleInput, { names: 'Ada' }))],
    ['update with a string id', async () => ws.people.update(parseInput(UpdatePersonInput, { id: '1', name: 'X' }))],
    ['update with a fractional id', async () => ws.people.update(parseInput(UpdatePersonInput, { id: 1.5, name: 'X' }))],
    ['update with id 0', async () => ws.people.update(parseInput(UpdatePersonInput, { id: 0, name: 'X' }))],
    ['delete with no ids', async () => ws.people.delete(parseInput(DeletePeopleInput, { ids: [] }))],
    ['delete with a negative id', async () => ws.people.delete(parseInput(DeletePeopleInput, { ids: [-1] }))],
    ['get with no id', async () => ws.people.get(parseInput(GetPersonInput, {}))],
    ['list with an unknown key', async () => ws.people.list(parseInput(ListPeopleInput, { page: 2 }))],
  ])('%s is INVALID_INPUT', async (_label, call) => {
    await expectRefusedWithoutWrite(call, 'INVALID_INPUT');
  });
});

describe('unknown ids', () => {
  it('get, update and delete answer PERSON_NOT_FOUND; a delete with one unknown id deletes nothing', async () => {
    await expectRefusedWithoutWrite(() => ws.people.get({ id: 999 }), 'PERSON_NOT_FOUND');
    await expectRefusedWithoutWrite(() => ws.people.update({ id: 999, name: 'Nobody' }), 'PERSON_NOT_FOUND');
    const before = fileState(ws.path);
    const error = await expectCode(ws.people.delete({ ids: [1, 999, 2] }), 'PERSON_NOT_FOUND');
    expect(error.message).toContain('999');
    expect(error.message).not.toMatch(/\b1\b|\b2\b/);
    expect(await ws.people.count()).toBe(2);
    expect(fileState(ws.path)).toEqual(before);
  });
});

describe('list queries', () => {
  it.each<[string, unknown]>([
    ['a negative page size', { limit: -1 }],
    ['a zero page size', { limit: 0 }],
    ['a huge page size', { limit: 1_000_000 }],
    ['a fractional page size', { limit: 2.5 }],
    ['an unknown sort key', { sort: 'age' }],
    ['an unknown direction', { direction: 'sideways' }],
    ['a cursor that is not one', { cursor: 'not-a-cursor' }],
    ['a cursor and an offset', { cursor: 'x', offset: 10 }],
    ['a negative offset', { offset: -5 }],
  ])('%s is INVALID_QUERY', async (_label, input) => {
    await expectRefusedWithoutWrite(async () => ws.people.list(parseInput(ListPeopleInput, input)), 'INVALID_QUERY');
  });

  it('refuses a cursor from a list in another order', async () => {
    await ws.people.createMany({ names: ['C', 'D', 'E'] });
    const page = await ws.people.list(listQuery({ sort: 'name', limit: 2 }));
    expect(page.nextCursor).not.toBeNull();
    const cursor = page.nextCursor as string;
    await expectCode(ws.people.list(listQuery({ sort: 'created', limit: 2, cursor })), 'INVALID_QUERY');
    await expectCode(ws.people.list(listQuery({ sort: 'name', direction: 'desc', limit: 2, cursor })), 'INVALID_QUERY');
  });
});

describe('keyset paging', () => {
  async function readAll(sort: 'name' | 'created', direction: 'asc' | 'desc', limit: number, search?: string): Promise<PersonDto[]> {
    const seen: PersonDto[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 1000; pages++) {
      const page: { items: PersonDto[]; nextCursor: string | null } = await ws.people.list(
        listQuery({
          sort,
          direction,
          limit,
          ...(search === undefined ? {} : { search }),
          ...(cursor === null ? {} : { cursor }),
        }),
      );
      seen.push(...page.items);
      cursor = page.nextCursor;
      if (cursor === null) return seen;
    }
    throw new Error('paging never ended');
  }

  it.each([
    ['name', 'asc'],
    ['name', 'desc'],
    ['created', 'asc'],
    ['created', 'desc'],
  ] as const)('by %s %s visits every row exactly once, in order, across ties', async (sort, direction) => {
    // Many ties: identical names, names equal after folding, and (bulk insert) one
    // creation time shared by every row of a batch.
    const names: string[] = [];
    for (let i = 0; i < 40; i++) names.push('Smith');
    for (let i = 0; i < 15; i++) names.push(i % 2 === 0 ? 'Émile' : 'emile');
    for (let i = 0; i < 30; i++) names.push(`Person ${i % 7}`);
    await ws.people.insertValidated(names);
    await ws.people.create({ name: 'Zed Late' });
    const total = await ws.people.count();
    expect(total).toBe(names.length + 3);

    for (const limit of [1, 7, 50, 1000]) {
      const seen = await readAll(sort, direction, limit);
      const ids = seen.map((person) => person.id);
      expect(ids.length).toBe(total);
      expect(new Set(ids).size).toBe(total);
      const key = (person: PersonDto): string => (sort === 'name' ? foldName(person.name) : person.createdAt);
      const sorted = [...seen].sort((a, b) => {
        const order = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id;
        return direction === 'asc' ? order : -order;
      });
      expect(ids).toEqual(sorted.map((person) => person.id));
    }
  });

  it('pages through search results too', async () => {
    await ws.people.insertValidated(Array.from({ length: 25 }, (_, i) => `Match ${i % 3}`));
    const seen = await readAll('name', 'asc', 4, 'match');
    expect(seen.length).toBe(25);
    expect(new Set(seen.map((person) => person.id)).size).toBe(25);
  });
});

describe('search', () => {
  beforeEach(async () => {
    await ws.people.createMany({
      names: ['Émile Zola', 'EMILE BERNARD', 'Zoë Kravitz', '100% Real', 'snake_case', 'snakeXcase', 'Plain'],
    });
  });

  it('ignores case and accents, both in names and in the search text', async () => {
    for (const search of ['emile', 'ÉMILE', 'Emilé', '  emile  ']) {
      const page = await ws.people.list(listQuery({ search }));
      expect(page.items.map((person) => person.name).sort(), search).toEqual(['EMILE BERNARD', 'Émile Zola']);
      expect(await ws.people.count({ search })).toBe(2);
    }
    expect((await ws.people.list(listQuery({ search: 'zoe' }))).items.map((person) => person.name)).toEqual(['Zoë Kravitz']);
  });

  it('treats % and _ literally', async () => {
    expect((await ws.people.list(listQuery({ search: '%' }))).items.map((person) => person.name)).toEqual(['100% Real']);
    expect((await ws.people.list(listQuery({ search: '_' }))).items.map((person) => person.name)).toEqual(['snake_case']);
    expect(await ws.people.count({ search: '%' })).toBe(1);
    expect(await ws.people.count({ search: '_' })).toBe(1);
    expect(await ws.people.count({ search: 'e_c' })).toBe(1);
  });

  it('an empty search lists everyone', async () => {
    expect(await ws.people.count({ search: '' })).toBe(9);
  });
});

describe('bulk insert', () => {
  it('a cancelled import writes nothing', async () => {
    const controller = new AbortController();
    const names = Array.from({ length: 20_000 }, (_, i) => `Bulk ${i}`);
    const done = ws.people.insertValidated(names, {
      signal: controller.signal,
      onProgress: ({ done: rows }) => {
        if (rows >= 5000) controller.abort();
      },
    });
    await expectCode(done, 'CANCELLED');
    expect(await ws.people.count()).toBe(2);
  });
});
