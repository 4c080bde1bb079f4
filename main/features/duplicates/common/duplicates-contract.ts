// The shapes of "likely duplicates": people whose names fold to the same key (the
// nameKey column: same letters, ignoring case, accents and spacing; name-fold.ts).
// Two questions are asked: "is this name already here?" while a name is typed in the
// add field, and "which names are here more than once?", a page of groups at a time.
//
// Keys are computed in main only (the renderer's Unicode data may differ from the
// fold's), so both requests carry the name as typed and never a key.

import { z } from 'zod';
import { PersonId } from '../../people/common/people-contract.js';
import { NAME_MAX_CODE_POINTS } from '../../workspace/common/person-name.js';

/** Largest page of groups one request may ask for. */
export const GROUPS_PAGE_MAX = 200;
/** People listed per group; the group's count says how many share the name in all. */
export const PEOPLE_PER_GROUP = 10;

/** A person as a group or the add field's note lists them: who, and when they were added. */
export const DuplicatePerson = z.strictObject({ id: PersonId, name: z.string(), createdAt: z.iso.datetime() });
export type DuplicatePerson = z.infer<typeof DuplicatePerson>;

/** A name as typed (loosely bounded here, like every name input: the fold trims it). */
export const SameNameInput = z.strictObject({ name: z.string().max(NAME_MAX_CODE_POINTS * 4) });
export type SameNameInput = z.infer<typeof SameNameInput>;

export const SameNameResult = z.strictObject({
  /** People whose name folds like the typed one (0 for a blank name). */
  count: z.number().int().nonnegative(),
  /** The first of them to be added (the lowest id), or null when there is none. */
  first: DuplicatePerson.nullable(),
});
export type SameNameResult = z.infer<typeof SameNameResult>;

export const GroupsInput = z.strictObject({
  /** Groups to skip (the groups are in name order, as the table sorts by name). */
  offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.number().int().min(1).max(GROUPS_PAGE_MAX).default(50),
});
export type GroupsInput = z.input<typeof GroupsInput>;
export type GroupsQuery = z.output<typeof GroupsInput>;

export const DuplicateGroup = z.strictObject({
  /** The name of the group's first person (as typed then; the others fold alike). */
  name: z.string(),
  /** How many people share the folded name (2 or more). */
  count: z.number().int().min(2),
  /** The first of them by id (the order they were added), at most PEOPLE_PER_GROUP. */
  people: z.array(DuplicatePerson).max(PEOPLE_PER_GROUP),
});
export type DuplicateGroup = z.infer<typeof DuplicateGroup>;

export const GroupsPage = z.strictObject({
  /** Groups in the whole workspace. */
  total: z.number().int().nonnegative(),
  /** People in those groups. */
  people: z.number().int().nonnegative(),
  groups: z.array(DuplicateGroup).max(GROUPS_PAGE_MAX),
});
export type GroupsPage = z.infer<typeof GroupsPage>;
