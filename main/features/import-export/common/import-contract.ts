// What crosses IPC for the import preview: the choices a person can make
// about a file (encoding, separator, name column) and what the preview shows of it.
// The file itself never crosses: main keeps it in the window's session behind an
// opaque token, and only its base name is sent.

import { z } from 'zod';
import { Dismissed } from '../../catalog/common/dialog-contract.js';
import { ImportFormat } from '../../people/common/people-contract.js';

/** Encodings an import can be read in (UTF-8 and UTF-16 are recognised; Windows-1252 is chosen). */
export const IMPORT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

/** CSV separators an import understands. */
export const IMPORT_SEPARATORS = [',', ';', '\t', '|'] as const;
export type ImportSeparator = (typeof IMPORT_SEPARATORS)[number];

/** Names a file waiting in a window's session, between choosing it and confirming or discarding it. */
const ImportToken = z.string().regex(/^[0-9a-f-]{36}$/, 'not an import token');

/** A file was chosen (dialog or drop) and waits for its preview. */
export const ImportChosen = z.strictObject({
  status: z.literal('chosen'),
  token: ImportToken,
  /** The file's base name, never its folder. */
  fileName: z.string().max(1024),
  format: ImportFormat,
});

/** The import dialog: a file that now waits for its preview, or nothing chosen. */
export const ImportChooseResult = z.discriminatedUnion('status', [ImportChosen, Dismissed]);

/** What the person chose in the preview; anything left out is found from the file. */
export const ImportPreviewRequest = z.strictObject({
  token: ImportToken,
  encoding: z.enum(IMPORT_ENCODINGS).optional(),
  separator: z.enum(IMPORT_SEPARATORS).optional(),
  /** 0-based position of the column holding names (CSV). */
  column: z.number().int().min(0).max(10_000).optional(),
  /** False: the first row is data, not a header (CSV). */
  header: z.boolean().optional(),
  /** Read the whole file, so the count is exact (asked after a partial preview showed). */
  whole: z.boolean().optional(),
});
export type ImportPreviewRequest = z.infer<typeof ImportPreviewRequest>;

export const ImportTokenInput = z.strictObject({ token: ImportToken });

/** Confirming the waiting file; `skipDuplicates` leaves out the rows that look like people already here. */
export const ImportConfirmInput = z.strictObject({ token: ImportToken, skipDuplicates: z.boolean().optional() });

/** Longest cell text sent for display; longer cells end with "…". */
export const PREVIEW_CELL_MAX = 200;
/** Most columns a preview lists. */
export const PREVIEW_COLUMNS_MAX = 200;

const Cell = z.string().max(PREVIEW_CELL_MAX);
const Where = z.string().max(40);

export const ImportPreview = z.strictObject({
  fileName: z.string().max(1024),
  format: ImportFormat,
  /** The encoding the rows below were read in. */
  encoding: z.enum(IMPORT_ENCODINGS),
  /** False when the encoding is a guess the person must look at (not UTF-8: probably Windows-1252). */
  encodingCertain: z.boolean(),
  separator: z.enum(IMPORT_SEPARATORS).nullable(),
  /** Header cells (CSV); empty for JSON. */
  columns: z.array(Cell).max(PREVIEW_COLUMNS_MAX),
  /** How many columns the header really has (columns may be cut to PREVIEW_COLUMNS_MAX). */
  columnCount: z.number().int().nonnegative(),
  /** The column names come from (CSV), or null when none could be found. */
  nameColumn: z.number().int().nonnegative().nullable(),
  /** The first data rows as read, with where they are ("Line 2", "Index 0"). JSON rows hold the name alone. */
  rows: z.array(z.strictObject({ where: Where, cells: z.array(Cell).max(PREVIEW_COLUMNS_MAX) })).max(100),
  /** People the import would add: exact when `complete`, otherwise an estimate from the part read. */
  count: z.number().int().nonnegative(),
  /** True when the whole file was read for the preview. */
  complete: z.boolean(),
  /** Rows that would stop the import (the first few), and how many in the part read. */
  problems: z.array(z.strictObject({ where: Where, message: z.string().max(600) })).max(100),
  problemCount: z.number().int().nonnegative(),
  // The three below are left out when they say nothing (a header row, no times, no look-alikes).
  /** False when the first row was read as data (no header row); `columns` are then unnamed. */
  header: z.literal(false).optional(),
  /** True when the file brings createdAt and updatedAt, which the import keeps. */
  keepsTimes: z.literal(true).optional(),
  /** Rows whose folded name is already in the workspace or earlier in the file (estimated like `count`). */
  duplicates: z.number().int().positive().optional(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

/** A confirmed import: how many people it added. */
export const ImportResult = z.strictObject({
  status: z.literal('imported'),
  /** People stored. */
  count: z.number().int().nonnegative(),
  /** Rows left out as looking like people already here (only when there were some). */
  skipped: z.number().int().positive().optional(),
});
