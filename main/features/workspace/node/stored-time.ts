// Reading Person.createdAt/updatedAt as they are stored. Roster (through Prisma) and the
// third migration's triggers store "2026-11-24T09:27:04.887+00:00"; this reader also
// accepts what other tools write, in case a row predates the triggers: SQLite's
// "2026-11-24 09:27:04", SQLAlchemy's "2026-11-24 09:27:04.887000", ISO 8601 with "T",
// "Z" or an offset, and Unix epoch numbers (seconds, or milliseconds above 10^11).
// Text without a zone is UTC, never local time: SQLite's own clock is UTC.

const TEXT_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Epoch numbers at or above this are milliseconds (10^11 s is the year 5138). */
const MILLISECONDS_FROM = 1e11;

/** Milliseconds since the epoch, or NaN if `value` is not a time any of those tools writes. */
function storedTimeMs(value: unknown): number {
  if (typeof value === 'number' || typeof value === 'bigint') {
    const n = Number(value);
    return Math.abs(n) < MILLISECONDS_FROM ? n * 1000 : n;
  }
  if (typeof value !== 'string') return Number.NaN;
  const match = TEXT_TIME.exec(value.trim());
  if (!match) return Number.NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
    time -= sign * offsetMinutes * 60_000;
  }
  return time;
}

/** Prisma's stored form exactly: "2026-11-24T09:27:04.887+00:00" (what the triggers guarantee). */
const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

/** The wire form (ISO 8601, UTC, "Z"); the epoch for a value nothing could read. */
export function storedTimeToIso(value: unknown): string {
  // The common case, a million times in an export: no date arithmetic needed.
  if (typeof value === 'string' && value.length === 29 && CANONICAL.test(value)) return `${value.slice(0, 23)}Z`;
  const ms = storedTimeMs(value);
  return new Date(Number.isFinite(ms) ? ms : 0).toISOString();
}
