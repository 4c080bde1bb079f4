// What a caller may ask of an import, checked before any work: the file, its format,
// and, when detection should be overridden, its encoding, separator and name column.

import { z } from 'zod';
import { ImportFormat } from '../../../people/common/people-contract.js';
import { SEPARATORS } from './name-rows.js';
import { TEXT_ENCODINGS } from './text-source.js';

export const ImportFileInput = z.strictObject({
  file: z.string().min(1).max(4096),
  format: ImportFormat,
  encoding: z.enum(TEXT_ENCODINGS).optional(),
  separator: z.enum(SEPARATORS).optional(),
  column: z.union([z.string().min(1).max(256), z.number().int().min(0).max(10_000)]).optional(),
  /** False when the first row is data (no header row). */
  header: z.boolean().optional(),
  /** Leave out rows whose folded name is already in the workspace or earlier in the file. */
  skipDuplicates: z.boolean().optional(),
});
export type ImportFileInput = z.infer<typeof ImportFileInput>;
