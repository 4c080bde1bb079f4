// Names as a roster used around the world holds them, for the search-term bench: 78%
// accented Latin (bench/fixtures.ts's generator), then Cyrillic 8%, CJK 4%, Hangul 3%,
// Greek 3%, Arabic 2%, and 2% Latin names with an emoji. Deterministic. Non-Latin
// names sort after the Latin ones (by their folded keys' code points), which is what
// makes short non-Latin terms the hard case: a walk of the name order meets them last.
// The workspace is built once through Roster's own import and catch-up, and cached
// beside the scale bench's files (bench/scale-fixtures.ts).

import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PeopleFileService } from '../main/features/import-export/node/people-file-service.js';
import { catchUpSearchTask } from '../main/features/workspace/node/search/search-catch-up.js';
import { WorkspaceConnections } from '../main/features/workspace/node/workspace-connections.js';
import type { MigrationSet } from '../main/features/workspace/node/migrations/migration-set.js';
import { InlineTaskRunner } from '../main/kernel/node/tasks/inline-runner.js';
import { personNames } from './fixtures.js';
import { benchCache, digest } from './scale-fixtures.js';

const CYRILLIC_FIRST = [
  'Иван',
  'Ольга',
  'Дмитрий',
  'Анна',
  'Сергей',
  'Наталья',
  'Алексей',
  'Елена',
  'Михаил',
  'Татьяна',
  'Юрий',
  'Светлана',
];
const CYRILLIC_LAST = [
  'Иванов',
  'Петрова',
  'Смирнов',
  'Кузнецова',
  'Попов',
  'Соколова',
  'Лебедев',
  'Новикова',
  'Морозов',
  'Волкова',
  'Фёдоров',
];
const GREEK_FIRST = ['Γιώργος', 'Μαρία', 'Νίκος', 'Ελένη', 'Δημήτρης', 'Σοφία', 'Κώστας', 'Άννα'];
const GREEK_LAST = ['Παπαδόπουλος', 'Ιωάννου', 'Γεωργίου', 'Νικολάου', 'Βασιλείου', 'Κωνσταντίνου', 'Οικονόμου'];
const CJK_LAST = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '佐藤', '鈴木', '高橋', '田中', '渡辺', '伊藤'];
const CJK_FIRST = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '太郎', '花子', '翔', '美咲', '健', '陽菜'];
const HANGUL_LAST = ['김', '이', '박', '최', '정', '강', '조', '윤'];
const HANGUL_FIRST = ['지훈', '민준', '서연', '지우', '하은', '도윤', '수빈', '예준', '서준'];
const ARABIC_FIRST = ['محمد', 'أحمد', 'فاطمة', 'علي', 'عمر', 'مريم', 'يوسف', 'ليلى'];
const ARABIC_LAST = ['الحسن', 'خليل', 'حداد', 'منصور', 'عبدالله', 'سعيد', 'نصار'];
const EMOJI = ['😀', '🎉', '🌟', '🐱', '👩‍💻', '🇫🇷', '❤️', '👍🏽'];

function pick(list: readonly string[], i: number, step: number): string {
  return list[(i * step + Math.floor(i / list.length)) % list.length] as string;
}

/** `count` names; a number after most (rosters hold namesakes), none after one in seven. */
function scriptNames(count: number): string[] {
  const latin = personNames(count);
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const share = i % 100;
    const n = i % 7 === 0 ? '' : ` ${i % 1000}`;
    if (share < 78) out[i] = latin[i] as string;
    else if (share < 86) out[i] = `${pick(CYRILLIC_FIRST, i, 7)} ${pick(CYRILLIC_LAST, i, 11)}${n}`;
    else if (share < 90) out[i] = `${pick(CJK_LAST, i, 5)}${pick(CJK_FIRST, i, 3)}${n}`;
    else if (share < 93) out[i] = `${pick(HANGUL_LAST, i, 3)}${pick(HANGUL_FIRST, i, 5)}${n}`;
    else if (share < 96) out[i] = `${pick(GREEK_FIRST, i, 3)} ${pick(GREEK_LAST, i, 5)}${n}`;
    else if (share < 98) out[i] = `${pick(ARABIC_FIRST, i, 3)} ${pick(ARABIC_LAST, i, 5)}${n}`;
    else out[i] = `${latin[i] as string} ${pick(EMOJI, i, 3)}`;
  }
  return out;
}

function csvLine(name: string, i: number): string {
  return `${i + 1},"${name.replaceAll('"', '""')}"\r\n`;
}

/** A current workspace of `count` such people, made by Roster's import with its search indexes caught up; cached. */
export async function cachedScriptWorkspace(count: number, migrations: MigrationSet, log: (message: string) => void): Promise<string> {
  const path = join(benchCache(), `scripts-${count}-${digest(migrations)}-s1.roster`);
  if (existsSync(path)) return path;
  log(`building ${path} (${count.toLocaleString('en-US')} people in every script, once)`);
  const csv = join(benchCache(), `scripts-${count}.csv`);
  if (!existsSync(csv)) writeFileSync(csv, `id,name\r\n${scriptNames(count).map(csvLine).join('')}`);
  const building = `${path}.building.roster`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
  const tasks = new InlineTaskRunner();
  const connections = new WorkspaceConnections({ migrations, backupDir: join(benchCache(), 'backups'), tasks });
  try {
    const lease = await connections.create(building);
    await new PeopleFileService(lease).importFile({ file: csv, format: 'csv' });
    await tasks.run(catchUpSearchTask, { path: lease.path });
    await lease.release();
  } finally {
    await connections.closeAll();
  }
  renameSync(building, path);
  return path;
}
