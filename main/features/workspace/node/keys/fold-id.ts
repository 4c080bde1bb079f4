// Which fold computed a file's stored keys (RosterState.foldVersion), and whether this
// runtime would compute the same ones.
//
// foldName's output depends on its rule (FOLD_VERSION) and on the Unicode data of the
// runtime running it (case mappings, decompositions, which characters are marks, which
// script a letter belongs to): Node's for the CLI, Electron's for the app, and the two
// need not agree. Recording only "rule/Unicode version" and refolding every row when
// either differs would make every switch between the CLI and the app (or a Node or
// Electron update) requeue the whole file, although most Unicode updates change the
// fold of no name anyone has. So the id also carries a fingerprint of the fold's
// output:
//
//   "<FOLD_VERSION>/<runtime Unicode version>/<fingerprint>"     e.g. "2/17.0/3f9a0c12de4b"
//
// The fingerprint hashes foldName over every code point of planes 0–3 and 14 (all that
// is assigned today, outside private use and surrogates), each after a Latin letter (so
// its case mapping, its decomposition, whether it is a mark that is dropped, and what
// composes again all show), and the set of those code points after which accents are
// dropped (their script). Two runtimes with the same fingerprint fold every such
// character alike, so a file's keys stay valid across them. It takes 0.1–0.2 s, so the
// build computes it once for the Node that builds the bundles (precomputed.ts); any
// other runtime (Electron) computes it once per process or worker thread, only when a
// file's id names another Unicode version or keys are recorded, and never on the app's
// main thread (the cheap check there only compares the rule and the Unicode version).
//
// When the rule differs, every key is refolded. When only the Unicode data differs,
// only names with a character outside printable ASCII can fold differently (foldName
// lower-cases ASCII names without looking at any Unicode data), so only those are
// queued. What remains is documented in docs/dev/migrations.md: two runtimes whose fold
// really differs (say Node with Unicode 17 and an Electron with 16) still refold the
// non-ASCII names at each switch between them.

import { createHash } from 'node:crypto';
import { ACCENTED_BASE, FOLD_VERSION, foldName } from '../../common/name-fold.js';
import { embeddedValues, foldRuntimeKey } from '../precomputed.js';

interface FoldId {
  readonly rule: string;
  readonly unicode: string;
  /** null in ids written before fingerprints (then only an exact match counts). */
  readonly fingerprint: string | null;
}

function parseFoldId(stored: unknown): FoldId | null {
  if (typeof stored !== 'string') return null;
  const [rule, unicode, fingerprint, ...rest] = stored.split('/');
  if (!rule || !unicode || rest.length > 0) return null;
  return { rule, unicode, fingerprint: fingerprint || null };
}

function runtimeUnicode(): string {
  return process.versions.unicode ?? 'unknown';
}

/** Cheap: the stored keys were made by this rule with this runtime's Unicode version. */
export function foldIsCurrent(stored: unknown): boolean {
  const id = parseFoldId(stored);
  return id !== null && id.rule === String(FOLD_VERSION) && id.unicode === runtimeUnicode();
}

const RANGES: readonly (readonly [number, number])[] = [
  [0x80, 0xd7ff],
  [0xf900, 0x3ffff],
  [0xe0000, 0xe0fff],
];
const NOT_ACCENTED_BASE = new RegExp(`[^${ACCENTED_BASE.source.slice(1, -1)}]`, 'gu');

let memo: string | undefined;

/** "a" before every probed code point, as one string (built in slices: fromCodePoint takes arguments). */
function probeText(): string {
  const codes: number[] = [];
  for (const [low, high] of RANGES) for (let code = low; code <= high; code++) codes.push(0x61, code);
  let text = '';
  for (let at = 0; at < codes.length; at += 32_768) text += String.fromCodePoint(...codes.slice(at, at + 32_768));
  return text;
}

/** The fingerprint the build embedded, when it was made by this very runtime (precomputed.ts). */
function embeddedFingerprint(): string | undefined {
  const fold = embeddedValues()?.fold;
  return fold !== undefined && fold.runtime === foldRuntimeKey(FOLD_VERSION) ? fold.fingerprint : undefined;
}

/** The fold's fingerprint in this runtime (see the top of this file); memoized. */
export function foldFingerprint(): string {
  memo ??= embeddedFingerprint();
  if (memo !== undefined) return memo;
  return computeFoldFingerprint();
}

/** Computes the fingerprint, whatever was embedded (the build, and the test that holds the two equal). */
export function computeFoldFingerprint(): string {
  const probe = probeText();
  const hash = createHash('sha256').update(foldName(probe)).update('\n').update(probe.replace(NOT_ACCENTED_BASE, ''));
  memo = hash.digest('hex').slice(0, 16);
  return memo;
}

/** The id this runtime records with the keys it computes. */
export function currentFoldId(): string {
  return `${FOLD_VERSION}/${runtimeUnicode()}/${foldFingerprint()}`;
}

/**
 * What keys made by the fold `stored` need in this runtime:
 *   'none'      made by this rule and Unicode version;
 *   'record'    another Unicode version, but one that folds alike: only the id is updated;
 *   'non-ascii' the same rule with other Unicode data: names outside printable ASCII;
 *   'all'       another rule, or no fold recorded: every key.
 */
export function refoldScope(stored: unknown): 'none' | 'record' | 'non-ascii' | 'all' {
  if (foldIsCurrent(stored)) return 'none';
  const id = parseFoldId(stored);
  if (id === null || id.rule !== String(FOLD_VERSION)) return 'all';
  if (id.fingerprint !== null && id.fingerprint === foldFingerprint()) return 'record';
  return 'non-ascii';
}
