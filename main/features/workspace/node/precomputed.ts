// Values scripts/build.mjs works out once, at build time, and puts into the Node-side
// bundles as the constant ROSTER_PRECOMPUTED: the schema check's reference
// (migrations/reference-schema.ts) and the fold's fingerprint (keys/fold-id.ts). Each
// carries what it was computed from, and its user takes it only when that matches this
// process; unbundled code (tests, scripts run with tsx) has no constant and computes.
// This module imports nothing, so both users can read it without an import cycle.

export interface SchemaObject {
  readonly type: string;
  readonly name: string;
  readonly tableName: string;
  readonly sql: string | null;
}

export interface Column {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  readonly defaultValue: string | null;
  readonly primaryKey: number;
}

/** The schema check's reference as plain data (it crosses into the bundle as JSON). */
export interface ReferenceData {
  readonly objects: readonly SchemaObject[];
  readonly columns: Readonly<Record<string, readonly Column[]>>;
}

export interface Precomputed {
  /** `migrations`: the hash of the migrations' names and checksums it was made from. */
  readonly reference: { readonly migrations: string; readonly data: ReferenceData };
  /** `runtime`: the fold rule and the Node, V8, ICU and Unicode versions it was made with. */
  readonly fold: { readonly runtime: string; readonly fingerprint: string };
}

declare const ROSTER_PRECOMPUTED: Precomputed | undefined;

/** What the build embedded, or null (unbundled code). */
export function embeddedValues(): Precomputed | null {
  return typeof ROSTER_PRECOMPUTED === 'undefined' ? null : ROSTER_PRECOMPUTED;
}

/**
 * What a fold fingerprint depends on besides the fold's own code: the rule and this
 * runtime's Unicode data (case mappings, decompositions, script properties), which
 * come from its ICU and V8. Electron, or another Node than the one that built the
 * bundle, has another key and computes its own fingerprint.
 */
export function foldRuntimeKey(foldVersion: number): string {
  const { node, v8, icu, unicode } = process.versions;
  return [String(foldVersion), node, v8, icu ?? 'no-icu', unicode ?? 'unknown'].join('/');
}
