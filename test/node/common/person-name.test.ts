// Names with nothing visible in them are refused everywhere the naming rules apply
// (the core, the CLI, import), and names that only look unusual are kept as typed (in
// their composed Unicode form, NFC). Characters that hide text (zero-width, direction
// controls) are refused with their own message; name-rules.test.ts covers those.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkName, hasVisibleCharacter } from '../../../main/features/workspace/common/person-name.js';
import { PeopleFileService } from '../../../main/features/import-export/node/people-file-service.js';
import { runRoster } from '../../support/cli.js';
import { countRows, createTempPeople, expectCode, fileState, type TempPeople } from '../../support/people-fixtures.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';

/** Names that draw nothing: each shows as a blank row if stored. */
const INVISIBLE: readonly (readonly [string, string])[] = [
  ['a zero-width space', '\u200B'],
  ['several zero-width characters', '\u200B\u200C\u200D\u2060\uFEFF'],
  ['left-to-right and right-to-left marks', '\u200E\u200F'],
  ['bidi embedding and isolate controls', '\u202A\u202E\u2066\u2069'],
  ['a soft hyphen', '\u00AD'],
  ['the Mongolian vowel separator', '\u180E'],
  ['Unicode tag characters', '\u{E0041}\u{E0042}\u{E007F}'],
  ['HANGUL FILLER U+3164', '\u3164'],
  ['HANGUL CHOSEONG and JUNGSEONG FILLERS', '\u115F\u1160'],
  ['HALFWIDTH HANGUL FILLER U+FFA0', '\uFFA0'],
  ['BRAILLE PATTERN BLANK U+2800', '\u2800\u2800'],
  ['an ideographic space', '\u3000'],
  ['no-break and figure spaces', '\u00A0\u2007\u202F'],
  ['the en quad to the hair space', '\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200A'],
  ['a variation selector alone', '\uFE0F'],
  ['the combining grapheme joiner', '\u034F'],
  ['the Arabic letter mark', '\u061C'],
  ['Khmer inherent vowels', '\u17B4\u17B5'],
  ['combining marks with no letter under them', '\u0301\u0308'],
  ['spaces around a zero-width joiner', '  \u200D  '],
  ['musical formatting symbols', '\u{1D173}\u{1D17A}'],
  ['invisible math operators', '\u2061\u2062\u2063\u2064'],
];

/** Names that look unusual but show something, and must be stored exactly. */
const VISIBLE: readonly (readonly [string, string])[] = [
  ['an emoji', '😀'],
  ['a ZWJ family emoji', '👩\u200D👩\u200D👧\u200D👦'],
  ['a ZWJ profession emoji with a skin tone', '👩🏽\u200D🚒'],
  ['a flag (regional indicators)', '🇳🇿'],
  ['a keycap sequence', '1\uFE0F\u20E3'],
  ['Persian with a ZWNJ inside a word', 'می\u200Cخواهم'],
  ['Arabic', 'محمد'],
  ['Hebrew with niqqud', 'שָׁלוֹם'],
  ['Devanagari with a virama and ZWJ', 'क्\u200Dष'],
  ['Korean', '김민준'],
  ['Hangul jamo with a real vowel', '\u1100\u1161'],
  ['Thai with marks', 'สมชาย'],
  ['decomposed accents', 'Zoe\u0308 Lo\u0301pez'],
  ['a single letter', 'X'],
  ['a braille letter (not blank)', '\u2801'],
  ['an ideographic name with ideographic spaces', '\u3000山田\u3000太郎'],
];

describe('checkName: visible characters', () => {
  it.each(INVISIBLE)('refuses %s as invisible', (_label, name) => {
    expect(hasVisibleCharacter(name)).toBe(false);
    const check = checkName(name);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      // Spaces alone are trimmed away first, so they are reported as an empty name; a
      // character that hides text is named, wherever it is.
      if (name.trim() === '') {
        expect(check).toMatchObject({ problem: 'empty', message: expect.stringMatching(/cannot be empty/) });
      } else {
        expect(['invisible', 'zero-width', 'bidi-control']).toContain(check.problem);
        expect(check.message).toMatch(/visible character|invisible characters|text-direction controls/);
      }
    }
  });

  it.each(VISIBLE)('accepts %s unchanged but for its composed form', (_label, name) => {
    expect(checkName(name)).toEqual({ ok: true, name: name.trim().normalize('NFC') });
  });
});

describe('invisible names through the core, import and the CLI', () => {
  let ws: TempPeople;
  beforeEach(async () => {
    ws = await createTempPeople('names');
    await ws.people.createMany({ names: ['Ada Lovelace'] });
  });
  afterEach(() => ws.close());
  afterAll(removeTempDirs);

  it.each(INVISIBLE)('PersonService refuses %s with INVALID_NAME and writes nothing', async (_label, name) => {
    const before = fileState(ws.path);
    await expectCode(ws.people.create({ name }), 'INVALID_NAME');
    await expectCode(ws.people.createMany({ names: ['Fine', name] }), 'INVALID_NAME');
    await expectCode(ws.people.update({ id: 1, name }), 'INVALID_NAME');
    expect(fileState(ws.path)).toEqual(before);
    expect(await ws.people.count()).toBe(1);
    expect((await ws.people.get({ id: 1 })).name).toBe('Ada Lovelace');
  });

  it('stores every visible name exactly as given', async () => {
    const names = VISIBLE.map(([, name]) => name);
    const added = await ws.people.createMany({ names });
    expect(added.map((person) => person.name)).toEqual(names.map((name) => name.trim().normalize('NFC')));
  });

  it('an import file with one invisible name is refused whole, naming the row', async () => {
    const file = join(ws.dir, 'blank.csv');
    writeFileSync(file, 'name\nGrace Hopper\n\u3164\n');
    const before = await ws.people.count();
    const error = await expectCode(new PeopleFileService(ws.lease).importFile({ file, format: 'csv' }), 'IMPORT_INVALID');
    expect(error.message).toMatch(/^Line 3: .*visible character/);
    expect(await ws.people.count()).toBe(before);
  });

  it('`roster people add` refuses an invisible name with exit 2 and adds nothing', async () => {
    const dir = makeTempDir('names-cli');
    const options = { dataDir: join(dir, 'data') };
    const path = join(dir, 'cli.roster');
    expect((await runRoster(['workspace', 'create', path], options)).code).toBe(0);
    const result = await runRoster(['people', 'add', '--workspace', path, 'Grace Hopper', '\u2800'], options);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^INVALID_NAME Name 2: A name needs at least one visible character/);
    expect(countRows(path)).toBe(0);
  });
});
