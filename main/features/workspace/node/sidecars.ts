// What lies beside a workspace file before SQLite opens it: a -wal, -shm or -journal
// that cannot be this file's is set aside (renamed, kept, reported), never replayed.
//
// SQLite trusts these files by name. A -wal beside x.roster is read as x.roster's WAL
// if its own header and frames are consistent, whichever database wrote it: with another
// workspace's -wal copied beside it, x.roster opened showing the other file's people,
// and the first checkpoint would have written them into it for good. A hot -journal is
// rolled back into the file the same way. SQLite cannot tell; some facts can:
//
//   - a WAL whose header or first frame does not verify (magic, version, page size,
//     checksum, salts) is ignored by SQLite anyway: left alone, harmless;
//   - a WAL or journal for another page size cannot be this file's;
//   - a WAL whose committed page-1 image describes another kind of database (text
//     encoding, reserved bytes, application id, auto-vacuum), or counts fewer changes
//     than the file's own header (an old copy of its WAL), cannot be this file's;
//   - the seal (seals.ts): Roster records it when it closed the file with every
//     connection gone and the WAL folded in and removed, and forgets it whenever it
//     opens the file to write. A file that still matches its seal has been written by
//     nobody since, so nothing beside it that holds committed changes can be its own.
//
// What this cannot know: a valid WAL beside a file Roster has never sealed (a received
// file, or one Roster did not close cleanly) is replayed, as SQLite would. A process
// killed while Roster had the file open left no seal (it was forgotten at open), so its
// WAL is replayed: nothing it committed is lost.
//
// A sidecar that a running process holds (an open connection's locks, on Linux read
// from /proc/locks) is never moved, whatever it holds: that process is using it.
//
// Set aside means renamed to `<file>-wal.set-aside-<UTC time>` (or -shm, -journal) in
// the same folder, so nothing is deleted and the person can hand it to someone who
// knows what it is.

import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsyncDir } from '../../../kernel/node/paths/data-folder.js';
import { unchanged, type FileIdentity } from '../../../kernel/node/files/file-identity.js';

export interface SetAsideSidecar {
  /** The sidecar's path before (…-wal, …-shm, …-journal). */
  readonly from: string;
  /** Where it is now. */
  readonly to: string;
  /** Why it cannot be the file's, in words for the person. */
  readonly reason: string;
}

const WAL_HEADER_BYTES = 32;
const WAL_FRAME_HEADER_BYTES = 24;
const WAL_MAGIC_LE = 0x377f0682;
const WAL_MAGIC_BE = 0x377f0683;
const WAL_VERSION = 3007000;
const JOURNAL_MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);
const JOURNAL_HEADER_BYTES = 28;
const DB_HEADER_BYTES = 100;
/** How many WAL frames are looked at for page-1 images: bounded, so opening stays quick beside a huge WAL. */
const MAX_FRAMES_READ = 2048;

function readAt(path: string, position: number, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    return readFrom(fd, position, length);
  } finally {
    closeSync(fd);
  }
}

function readFrom(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

function sizeOf(path: string): number | null {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.size : null;
  } catch {
    return null;
  }
}

/** A page size as the database header stores it (1 means 65536). */
function dbPageSize(header: Buffer): number {
  const raw = header.readUInt16BE(16);
  return raw === 1 ? 65536 : raw;
}

function validPageSize(size: number): boolean {
  return size >= 512 && size <= 65536 && (size & (size - 1)) === 0;
}

/** SQLite's WAL checksum (wal.c walChecksumBytes), continuing from `s`. */
function walChecksum(data: Buffer, bigEndian: boolean, s: [number, number]): [number, number] {
  let [s0, s1] = s;
  for (let i = 0; i + 8 <= data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

interface WalFacts {
  readonly pageSize: number;
  /** A committed page-1 image among the frames read, the last one; null when none was. */
  readonly page1: Buffer | null;
  /** Every frame SQLite would accept was read (the WAL is within MAX_FRAMES_READ): page1 is the WAL's last. */
  readonly whole: boolean;
}

/**
 * What SQLite would replay from this WAL: null when it would replay nothing (no valid
 * header, or the first frame does not verify), else its page size and its last
 * committed page-1 image among the first MAX_FRAMES_READ frames.
 */
function readWal(path: string, size: number): WalFacts | null {
  if (size < WAL_HEADER_BYTES) return null;
  const fd = openSync(path, 'r');
  try {
    const header = readFrom(fd, 0, WAL_HEADER_BYTES);
    const magic = header.readUInt32BE(0);
    if (magic !== WAL_MAGIC_LE && magic !== WAL_MAGIC_BE) return null;
    const bigEndian = magic === WAL_MAGIC_BE;
    const pageSize = header.readUInt32BE(8);
    if (header.readUInt32BE(4) !== WAL_VERSION || !validPageSize(pageSize)) return null;
    const sum = walChecksum(header.subarray(0, 24), bigEndian, [0, 0]);
    if (sum[0] !== header.readUInt32BE(24) || sum[1] !== header.readUInt32BE(28)) return null;
    return readFrames(fd, size, { pageSize, bigEndian, salts: header.subarray(16, 24), sum });
  } finally {
    closeSync(fd);
  }
}

/** The frames SQLite would accept, from the first: each carries the header's salts and continues the checksum. */
function readFrames(
  fd: number,
  size: number,
  wal: { readonly pageSize: number; readonly bigEndian: boolean; readonly salts: Buffer; sum: [number, number] },
): WalFacts | null {
  const frameBytes = WAL_FRAME_HEADER_BYTES + wal.pageSize;
  let page1: Buffer | null = null;
  let pending: Buffer | null = null;
  let committed = 0;
  let sum = wal.sum;
  let whole = false;
  for (let frame = 0; frame < MAX_FRAMES_READ; frame++) {
    const offset = WAL_HEADER_BYTES + frame * frameBytes;
    whole = true;
    if (offset + frameBytes > size) break;
    const bytes = readFrom(fd, offset, frameBytes);
    if (!bytes.subarray(8, 16).equals(wal.salts)) break;
    sum = walChecksum(bytes.subarray(WAL_FRAME_HEADER_BYTES), wal.bigEndian, walChecksum(bytes.subarray(0, 8), wal.bigEndian, sum));
    if (sum[0] !== bytes.readUInt32BE(16) || sum[1] !== bytes.readUInt32BE(20)) break;
    whole = false;
    if (bytes.readUInt32BE(0) === 1) pending = bytes.subarray(WAL_FRAME_HEADER_BYTES, WAL_FRAME_HEADER_BYTES + DB_HEADER_BYTES);
    // A commit frame carries the database's size after the commit; until one, nothing counts.
    if (bytes.readUInt32BE(4) === 0) continue;
    committed++;
    if (pending) page1 = pending;
  }
  return committed === 0 ? null : { pageSize: wal.pageSize, page1, whole };
}

/** Why a committed page-1 image from the WAL cannot be this file's (header fields no transaction changes, its change counter), or null. */
function otherDatabase(image: Buffer, own: Buffer, last: boolean): string | null {
  if (!image.subarray(0, 16).equals(own.subarray(0, 16))) return 'its copy of the file header is not SQLite’s';
  if (image.readUInt32BE(56) !== own.readUInt32BE(56)) return 'it was written for a database with another text encoding';
  if (image[20] !== own[20]) return 'it was written for a database with another page layout';
  if (image.readUInt32BE(68) !== own.readUInt32BE(68)) return 'it was written for a database of another application';
  if ((image.readUInt32BE(52) === 0) !== (own.readUInt32BE(52) === 0)) return 'it was written for a database with other settings';
  // Every commit that writes page 1 counts it up (SQLite's file change counter, in WAL
  // mode too), and the file's page 1 only ever comes from such a frame: a WAL whose last
  // page 1 counts lower than the file's is older than the file (a stale copy put back).
  // Only the WAL's very last page 1 says so: one read before the end may predate a later one already folded in.
  if (last && image.readUInt32BE(24) < own.readUInt32BE(24)) return 'it is older than the file: the file has changed since it was written';
  return null;
}

/** Inode numbers a process holds a POSIX or flock lock on (Linux); empty where that cannot be read. */
function lockedInodes(): Set<string> {
  const inodes = new Set<string>();
  let text: string;
  try {
    text = readFileSync('/proc/locks', 'utf8');
  } catch {
    return inodes;
  }
  for (const line of text.split('\n')) {
    const device = line.split(/\s+/).find((field) => /^[0-9a-f]+:[0-9a-f]+:\d+$/i.test(field));
    if (device) inodes.add(device.split(':')[2] as string);
  }
  return inodes;
}

function inUse(paths: readonly string[]): boolean {
  const locked = lockedInodes();
  if (locked.size === 0) return false;
  return paths.some((path) => {
    try {
      return locked.has(String(statSync(path, { bigint: true }).ino));
    } catch {
      return false;
    }
  });
}

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Why the -wal beside the file cannot be its own, or null when it may be (or is harmless). */
function walVerdict(path: string, dbHeader: Buffer, sealed: boolean): string | null {
  const size = sizeOf(`${path}-wal`);
  if (size === null || size === 0) return null;
  const wal = readWal(`${path}-wal`, size);
  if (wal === null) return null;
  if (wal.pageSize !== dbPageSize(dbHeader)) return `its page size (${wal.pageSize}) is not the file’s (${dbPageSize(dbHeader)})`;
  if (sealed) return 'Roster closed this file cleanly with its changes folded in, and nothing has written to it since';
  return wal.page1 ? otherDatabase(wal.page1, dbHeader, wal.whole) : null;
}

/** Why the -journal beside the file cannot be its own, or null when it may be (or SQLite ignores it). */
function journalVerdict(path: string, dbHeader: Buffer, sealed: boolean): string | null {
  const size = sizeOf(`${path}-journal`);
  if (size === null || size < JOURNAL_HEADER_BYTES) return null;
  const header = readAt(`${path}-journal`, 0, JOURNAL_HEADER_BYTES);
  // Without the magic SQLite does not roll it back: harmless.
  if (!header.subarray(0, 8).equals(JOURNAL_MAGIC)) return null;
  const pageSize = header.readUInt32BE(24);
  if (pageSize !== dbPageSize(dbHeader)) return `its page size (${pageSize}) is not the file’s (${dbPageSize(dbHeader)})`;
  if (sealed) return 'Roster closed this file cleanly, and nothing has written to it since';
  return null;
}

function moveAside(from: string, when: Date): string {
  let to = `${from}.set-aside-${stamp(when)}`;
  for (let n = 2; existsSync(to); n++) to = `${from}.set-aside-${stamp(when)}-${n}`;
  renameSync(from, to);
  return to;
}

/**
 * Beside an empty file (a workspace about to be created) nothing can be its own, and
 * SQLite would delete a -wal there unread: kept instead, unless a process holds it.
 */
function besideEmpty(path: string, now: Date): SetAsideSidecar[] {
  const sidecars = ['-wal', '-journal', '-shm'].map((suffix) => `${path}${suffix}`).filter((side) => (sizeOf(side) ?? 0) > 0);
  if (sidecars.length === 0 || inUse([path, ...sidecars])) return [];
  const moved = sidecars.map((from) => ({ from, to: moveAside(from, now), reason: 'the file it belongs with is empty' }));
  fsyncDir(dirname(path));
  return moved;
}

/**
 * Sets aside, before SQLite opens `path` (a SQLite file), what lies beside it that cannot
 * be its own (see the top of this file). `seal` is the file's seal, or null. Returns
 * what was moved; an empty list in the common case, at the cost of a few stat calls.
 */
export function setAsideStraySidecars(
  path: string,
  seal: FileIdentity | null,
  identity: FileIdentity | null,
  now = new Date(),
): SetAsideSidecar[] {
  const hasWal = existsSync(`${path}-wal`);
  const hasJournal = existsSync(`${path}-journal`);
  if (!hasWal && !hasJournal) return [];
  const dbHeader = readAt(path, 0, DB_HEADER_BYTES);
  if (dbHeader.length === 0) return besideEmpty(path, now);
  if (dbHeader.length < DB_HEADER_BYTES) return [];
  // Checked first: beside a file another process has open (the app, while the CLI runs) the answer is always "leave it".
  if (inUse([path, `${path}-wal`, `${path}-shm`, `${path}-journal`])) return [];
  const sealed = unchanged(seal, identity);
  const walReason = hasWal ? walVerdict(path, dbHeader, sealed) : null;
  const journalReason = hasJournal ? journalVerdict(path, dbHeader, sealed) : null;
  if (walReason === null && journalReason === null) return [];
  const moved: SetAsideSidecar[] = [];
  if (walReason !== null) {
    moved.push({ from: `${path}-wal`, to: moveAside(`${path}-wal`, now), reason: walReason });
    // The -shm indexes that WAL: kept with it, so SQLite starts a fresh one.
    if (existsSync(`${path}-shm`)) moved.push({ from: `${path}-shm`, to: moveAside(`${path}-shm`, now), reason: 'it indexes that WAL' });
  }
  if (journalReason !== null) moved.push({ from: `${path}-journal`, to: moveAside(`${path}-journal`, now), reason: journalReason });
  fsyncDir(dirname(path));
  return moved;
}

/** One line for the person (CLI stderr, the log) about what was set aside. */
export function setAsideMessage(moved: readonly SetAsideSidecar[]): string {
  const [first] = moved;
  if (!first) return '';
  const list = moved.map((item) => `${item.from} → ${item.to}`).join('; ');
  return `Roster set aside files beside this workspace that cannot be its own (${first.reason}), instead of reading them into it: ${list}.`;
}
