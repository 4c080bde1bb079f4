// The naming rule on every path that stores a name: names count what people see
// (grapheme clusters), are stored composed (NFC), and characters that hide or disguise
// text (zero-width, direction controls, line separators) are refused with a message
// naming the character: the service (add, rename, paste), IPC, import (CSV and JSON,
// naming the line) and the CLI (arguments, standard input, import). A row another
// program wrote with such a character stays readable and is found by what it shows.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PeopleFileService } from '../../../main/features/import-export/node/people-file-service.js';
import { validPastedLines } from '../../../main/features/people/node/pasted-lines.js';
import { PersonService } from '../../../main/features/people/node/person-service.js';
import { WorkspaceConnections } from '../../../main/features/workspace/node/workspace-connections.js';
import { createAppFixture, createWorkspaceFileAt, type AppFixture } from '../../support/app-fixture.js';
import { collect, runRoster, spawnRoster, type CliOptions } from '../../support/cli.js';
import { refused, unwrap } from '../../support/ipc-envelopes.js';
import { countRows, createTempPeople, expectCode, fileState, listQuery, type TempPeople } from '../../support/people-fixtures.js';
import { execOnFile, makeTempDir, openOptions, queryFile, removeTempDirs } from '../../support/workspace-fixtures.js';

const SCIENTIST = '👩\u200D🔬';
const ZWSP = 'Ada\u200BLovelace';
const RLO = 'evil\u202Egnp.exe';
const LINE_SEPARATOR = 'Ada\u2028Lovelace';

/** Each refused name, and the words its message must hold. */
const REFUSED: readonly (readonly [string, string, RegExp])[] = [
  [
    'a zero-width space',
    ZWSP,
    /^A name cannot contain invisible characters, which hide part of it: U\+200B ZERO WIDTH SPACE after "Ada"\.$/,
  ],
  ['a right-to-left override', RLO, /^A name cannot contain text-direction controls.*U\+202E RIGHT-TO-LEFT OVERRIDE after "evil"\.$/],
  ['a line separator', LINE_SEPARATOR, /^A name cannot contain tabs, line breaks or other control characters\.$/],
  ['a word joiner', 'Ada\u2060Lovelace', /U\+2060 WORD JOINER after "Ada"/],
  ['a zero-width joiner between Latin letters', 'Ada\u200DLovelace', /U\+200D ZERO WIDTH JOINER after "Ada"/],
  ['a left-to-right isolate', '\u2066Ada', /U\+2066 LEFT-TO-RIGHT ISOLATE at the start/],
  ['the Arabic letter mark', 'محمد\u061C', /U\+061C ARABIC LETTER MARK after "محمد"/],
  ['257 scientists', SCIENTIST.repeat(257), /^A name can have at most 256 characters; this one has 257\.$/],
  ['too many code points to store', '👩‍👩‍👧‍👦'.repeat(200), /^A name can hold at most 1024 Unicode code points.*this one has 1400\.$/],
];

describe('the service', () => {
  let ws: TempPeople;
  beforeEach(async () => {
    ws = await createTempPeople('rules');
    await ws.people.create({ name: 'Grace Hopper' });
  });
  afterEach(() => ws.close());
  afterAll(removeTempDirs);

  it('takes 100 scientists as 100 characters, and 200 decomposed accents as 200, stored composed', async () => {
    const scientists = await ws.people.create({ name: SCIENTIST.repeat(100) });
    expect(scientists.name).toBe(SCIENTIST.repeat(100));
    const decomposed = 'e\u0301'.repeat(200);
    const accents = await ws.people.create({ name: decomposed });
    expect(accents.name).toBe('\u00E9'.repeat(200));
    // Renamed or pasted, the same form is stored.
    expect((await ws.people.update({ id: 1, name: 'Zoe\u0308' })).name).toBe('Zo\u00EB');
    expect(await validPastedLines(['Zoe\u0308'])).toEqual(['Zo\u00EB']);
    // Emoji sequences keep their joiners, and joining scripts theirs.
    for (const name of ['👩🏽\u200D🚒', 'می\u200Cخواهم', 'क्\u200Dष']) expect((await ws.people.create({ name })).name).toBe(name);
  });

  it.each(REFUSED)('refuses %s on add, rename and paste, naming the line, and writes nothing', async (_label, name, message) => {
    const before = fileState(ws.path);
    expect((await expectCode(ws.people.create({ name }), 'INVALID_NAME')).message).toMatch(message);
    expect((await expectCode(ws.people.update({ id: 1, name }), 'INVALID_NAME')).message).toMatch(message);
    const pasted = await expectCode(validPastedLines(['Fine', name]), 'INVALID_NAME');
    expect(pasted.message.slice(0, 8)).toBe('Line 2: ');
    expect(pasted.message.slice(8)).toMatch(message);
    await expectCode(ws.people.createMany({ names: ['Fine', name] }), 'INVALID_NAME');
    expect(fileState(ws.path)).toEqual(before);
    expect((await ws.people.get({ id: 1 })).name).toBe('Grace Hopper');
  });

  it('CSV and JSON imports refuse the file, naming the line or index', async () => {
    const csv = join(ws.dir, 'hidden.csv');
    writeFileSync(csv, `name\nAlan Turing\n${ZWSP}\n`);
    const files = new PeopleFileService(ws.lease);
    const fromCsv = await expectCode(files.importFile({ file: csv, format: 'csv' }), 'IMPORT_INVALID');
    expect(fromCsv.message).toMatch(/^Line 3: A name cannot contain invisible characters.*U\+200B/);
    const json = join(ws.dir, 'reversed.json');
    writeFileSync(json, JSON.stringify(['Alan Turing', { name: RLO }]));
    const fromJson = await expectCode(files.importFile({ file: json, format: 'json' }), 'IMPORT_INVALID');
    expect(fromJson.message).toMatch(/^Index 1: A name cannot contain text-direction controls/);
    expect(await ws.people.count()).toBe(1);
  });

  it('a name another program stored with a zero-width space is listed as stored and found by what it shows', async () => {
    execOnFile(
      ws.path,
      `INSERT INTO "Person" ("name", "nameKey", "createdAt", "updatedAt") VALUES ('${ZWSP}', '', ` +
        `'2026-01-02T03:04:05.000+00:00', '2026-01-02T03:04:05.000+00:00')`,
    );
    // Opened again, Roster folds the key of what the other program wrote.
    await ws.close();
    const again = new WorkspaceConnections(openOptions(ws.dir));
    try {
      const people = new PersonService(await again.acquire(ws.path));
      const found = async (search: string): Promise<string[]> => (await people.list(listQuery({ search }))).items.map((p) => p.name);
      await expect.poll(() => found('AdaLovelace')).toEqual([ZWSP]);
      expect(await found('lovelace')).toEqual([ZWSP]);
    } finally {
      await again.closeAll();
    }
    expect(queryFile<{ nameKey: string }>(ws.path, 'SELECT "nameKey" FROM "Person" WHERE "id" = 2')[0]?.nameKey).toBe('adalovelace');
  });
});

describe('IPC', () => {
  let app: AppFixture;
  beforeEach(() => {
    app = createAppFixture();
  });
  afterEach(async () => {
    await app.dispose();
    removeTempDirs();
  });

  it('people:create, people:update and people:createMany refuse hidden characters with INVALID_NAME', async () => {
    const path = await createWorkspaceFileAt(app, 'ipc.roster');
    const win = await app.openWorkspace(path);
    const person = unwrap(await win.call('people:create', { name: SCIENTIST.repeat(100) }), 'create') as { id: number; name: string };
    expect(person.name).toBe(SCIENTIST.repeat(100));
    const added = await refused(win, 'people:create', { name: ZWSP });
    expect(added).toMatchObject({ code: 'INVALID_NAME', message: expect.stringMatching(/U\+200B ZERO WIDTH SPACE/) });
    expect(await refused(win, 'people:update', { id: person.id, name: RLO })).toMatchObject({ code: 'INVALID_NAME' });
    const pasted = await refused(win, 'people:createMany', { names: ['Ada', 'Bo', LINE_SEPARATOR] });
    expect(pasted).toMatchObject({
      code: 'INVALID_NAME',
      message: expect.stringMatching(/^Line 3: A name cannot contain tabs, line breaks/),
    });
    expect(queryFile<{ name: string }>(path, 'SELECT "name" FROM "Person"').map((row) => row.name)).toEqual([SCIENTIST.repeat(100)]);
  });

  it('the import preview lists the line of a hidden character, and the JSON index', async () => {
    const path = await createWorkspaceFileAt(app, 'preview.roster');
    const win = await app.openWorkspace(path);
    const csv = join(app.files, 'hidden.csv');
    writeFileSync(csv, `name\nAlan Turing\n${ZWSP}\n`);
    app.dialogs.importFile.push(csv);
    const chosen = unwrap(await win.call('importExport:chooseImport', { format: 'csv' }), 'choose') as { token: string };
    const preview = unwrap(await win.call('importExport:previewImport', { token: chosen.token }), 'preview') as { problems: unknown };
    expect(preview.problems).toEqual([
      {
        where: 'Line 3',
        message: 'A name cannot contain invisible characters, which hide part of it: U+200B ZERO WIDTH SPACE after "Ada".',
      },
    ]);
    const json = join(app.files, 'reversed.json');
    writeFileSync(json, JSON.stringify(['Alan Turing', RLO]));
    app.dialogs.importFile.push(json);
    const again = unwrap(await win.call('importExport:chooseImport', { format: 'json' }), 'choose') as { token: string };
    const jsonPreview = unwrap(await win.call('importExport:previewImport', { token: again.token }), 'preview') as { problems: unknown };
    expect(jsonPreview.problems).toEqual([
      { where: 'Index 1', message: expect.stringMatching(/^A name cannot contain text-direction controls/) },
    ]);
  });
});

describe('the CLI', () => {
  let dir: string;
  let options: CliOptions;
  let path: string;
  beforeAll(async () => {
    dir = makeTempDir('name-rules-cli');
    options = { dataDir: join(dir, 'data') };
    path = join(dir, 'cli.roster');
    expect((await runRoster(['workspace', 'create', path, '-q'], options)).code).toBe(0);
  });
  afterAll(removeTempDirs);

  it('`people add` refuses a zero-width space in an argument and on standard input, naming it', async () => {
    const args = await runRoster(['people', 'add', path, 'Grace Hopper', ZWSP], options);
    expect(args.code).toBe(2);
    expect(args.stderr).toMatch(
      /^INVALID_NAME Name 2: A name cannot contain invisible characters, which hide part of it: U\+200B ZERO WIDTH SPACE/,
    );
    const child = spawnRoster(['people', 'add', path, '-'], { ...options, stdin: 'pipe' });
    child.stdin?.end(`Grace Hopper\n${RLO}\n`);
    const stdin = await collect(child);
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toMatch(/^INVALID_NAME Line 2: A name cannot contain text-direction controls/);
    expect(countRows(path)).toBe(0);
  });

  it('`people import` refuses the file at its line; `people add` takes 100 scientists', async () => {
    const file = join(dir, 'people.csv');
    writeFileSync(file, `name\nGrace Hopper\n"${LINE_SEPARATOR}"\n`);
    const imported = await runRoster(['people', 'import', path, file], options);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toBe('IMPORT_INVALID Line 3: A name cannot contain tabs, line breaks or other control characters.\n');
    expect(countRows(path)).toBe(0);
    expect((await runRoster(['people', 'add', path, SCIENTIST.repeat(100), '-q'], options)).code).toBe(0);
    expect(countRows(path)).toBe(1);
  });
});
