// The times a file may carry for each person: Roster's own export writes createdAt and
// updatedAt (CSV columns, JSON keys) in ISO 8601, and importing that file back keeps
// them, so Added and Last changed survive a round trip (ids do not: the target gives
// new ones).
//
// Only ISO 8601 with a date, a time and a zone is accepted ("2026-12-07T16:11:47.123Z",
// "2026-12-07T17:11:47+01:00"), and SQLite's own form ("2026-12-07 16:11:47", what
// CURRENT_TIMESTAMP and the sqlite3 shell write: UTC by SQLite's definition, and read so
// everywhere else in Roster, main/features/workspace/node/stored-time.ts). A spreadsheet that reformatted the column ("07/12/2026
// 16:11") or an ISO time without a zone would be read as some other instant, so such a cell is
// a problem on its line, like a bad name: never a silently wrong date. An empty cell gives
// no time: a row with neither time gets the import's time, and a row with one of them uses
// it for both.

/** Date, time to the minute at least, fraction up to nanoseconds, and a zone (Z or an offset). */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;
/** SQLite's form: a space, no zone (UTC). */
const SQLITE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?()$/;

/** The number written by `count` digits at `from`, or -1 if they are not all digits. */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Roster's own export form ("2026-12-07T16:11:47.123Z"), the one a million-row round trip
 * brings twice a row: checked character by character, with no regular expression or date
 * arithmetic. Null when `text` is not in that form (the general reading then decides).
 */
function exportedForm(text: string): string | null {
  if (text.length !== 24 || text.charCodeAt(23) !== 90 /* Z */ || text.charCodeAt(10) !== 84 /* T */) return null;
  if (text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || text[16] !== ':' || text[19] !== '.') return null;
  if (digitsAt(text, 20, 3) < 0) return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (hour < 0 || minute < 0 || second < 0 || !validDate(year, month, day) || !validClock(hour, minute, second)) return null;
  return `${text.slice(0, 23)}+00:00`;
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && !leap ? 28 : (DAYS[month - 1] as number));
}

function validClock(hour: number, minute: number, second: number): boolean {
  return hour <= 23 && minute <= 59 && second <= 59;
}

/** Prisma's stored form ("2026-12-07T16:11:47.123+00:00") of an ISO 8601 time, or null when `text` is not one. */
export function storedImportTime(text: string): string | null {
  const exported = exportedForm(text);
  if (exported !== null) return exported;
  const trimmed = text.trim();
  const match = ISO_TIME.exec(trimmed) ?? SQLITE_TIME.exec(trimmed);
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '0', fraction = '', written = ''] = match;
  const zone = written === '' ? 'Z' : written;
  if (!validDate(Number(y), Number(mo), Number(d)) || !validClock(Number(h), Number(mi), Number(s))) return null;
  let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(fraction.padEnd(3, '0').slice(0, 3)));
  // Date.UTC maps years 0-99 to 1900-1999.
  if (Number(y) < 100) time = new Date(time).setUTCFullYear(Number(y));
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2, 4) || '0');
    if (hours > 23 || minutes > 59) return null;
    time -= (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  }
  const iso = new Date(time).toISOString();
  // An offset can carry a time past year 9999 or before year 1, which the stored form cannot hold.
  if (iso.length !== 24) return null;
  return iso.replace('Z', '+00:00');
}

/** A person's times from the file, in the stored form; absent where the file gave none. */
export interface ImportTimes {
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

/** A cell's time in the stored form; null for an empty cell; the problem for anything else. */
function cellTime(label: string, cell: string | undefined): string | null | { problem: string } {
  if (cell === undefined || cell === '') return null;
  const stored = storedImportTime(cell);
  if (stored !== null) return stored;
  if (cell.trim() === '') return null;
  const shown = cell.length > 40 ? `${cell.slice(0, 40)}…` : cell;
  return { problem: `${label} "${shown}" is not a time in ISO 8601 form (like 2026-12-07T16:11:47.123Z).` };
}

/** What one row's time cells give: its times, or the problem to report on its line. */
export function rowTimes(created: string | undefined, updated: string | undefined): ImportTimes | { problem: string } {
  const createdAt = cellTime('createdAt', created);
  if (createdAt !== null && typeof createdAt === 'object') return createdAt;
  const updatedAt = cellTime('updatedAt', updated);
  if (updatedAt !== null && typeof updatedAt === 'object') return updatedAt;
  if (createdAt === null && updatedAt === null) return NO_TIMES;
  const from = createdAt ?? (updatedAt as string);
  const to = updatedAt ?? from;
  // Same width and zone, so text order is time order.
  if (to < from) return { problem: 'updatedAt is before createdAt.' };
  return { createdAt: from, updatedAt: to };
}

const NO_TIMES: ImportTimes = Object.freeze({});
