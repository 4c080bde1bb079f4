// The shapes of Person data and of requests about it. Every boundary parses a request
// with these schemas once (the IPC session with its channel's, the CLI with the same
// ones) and the Person service takes the parsed values, so a request means the same
// thing whether it comes from the CLI, a test or a renderer.
//
// Schemas are strict: unknown keys are refused rather than ignored, so a typo in a
// caller is an error and not a silently different query.

import { z } from 'zod';
import { NAME_MAX_CODE_POINTS } from '../../workspace/common/person-name.js';

/** Largest page a caller may ask for; bigger reads go through export. */
export const PAGE_SIZE_MAX = 1000;
const PAGE_SIZE_DEFAULT = 100;
/**
 * Longest cursor a list accepts. A cursor carries its page's last sort key when the
 * key's JSON fits in 16 KiB (every key Roster folds from a name it accepts does) and a
 * digest otherwise (main/features/people/node/cursor.ts); this is that, in base64, with room to spare.
 */
export const CURSOR_MAX_LENGTH = 22 * 1024;
/** Largest number of ids one delete or restore may name. */
export const BULK_MAX = 100_000;

export const PersonId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export type PersonId = z.infer<typeof PersonId>;

/**
 * A name as sent by a caller. Length is checked loosely here (UTF-16 units, with room
 * for surrounding spaces) so that a megabyte string is refused before any work; the
 * exact rules are `checkName` in person-name.ts.
 */
const NameInput = z.string().max(NAME_MAX_CODE_POINTS * 4);

/** A person as every boundary sees it: dates are ISO-8601 strings in UTC. */
export const PersonDto = z.strictObject({
  id: PersonId,
  name: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PersonDto = z.infer<typeof PersonDto>;

/** The columns a list is sorted by: Name, Added (createdAt) and Last changed (updatedAt). */
export const SortKey = z.enum(['name', 'created', 'updated']);
export type SortKey = z.infer<typeof SortKey>;
export const SortDirection = z.enum(['asc', 'desc']);
export type SortDirection = z.infer<typeof SortDirection>;

export const SearchText = z.string().max(NAME_MAX_CODE_POINTS * 4);

/**
 * A range of instants, `from` included and `to` left out, either end open. Instants are
 * UTC ("Z"): the window turns "today" or "this week" in the person's time zone into
 * instants, so main never needs to know a time zone.
 */
export const DateRange = z
  .strictObject({ from: z.iso.datetime().optional(), to: z.iso.datetime().optional() })
  .refine((range) => range.from === undefined || range.to === undefined || Date.parse(range.from) <= Date.parse(range.to), {
    message: 'The range ends before it starts (from is after to).',
    path: ['to'],
  });
export type DateRange = z.infer<typeof DateRange>;

/** Column filters that combine with a search: when people were added, when they last changed. */
export const PeopleFilter = z.strictObject({ added: DateRange.optional(), changed: DateRange.optional() });
export type PeopleFilter = z.infer<typeof PeopleFilter>;

/**
 * One page of people. Paging is by keyset (`cursor`, from the previous page's
 * `nextCursor`) for reading on, or by `offset` for jumping (a scrollbar dragged to the
 * middle of a million rows). Giving both is an error.
 */
export const ListPeopleInput = z
  .strictObject({
    sort: SortKey.default('name'),
    direction: SortDirection.default('asc'),
    search: SearchText.optional(),
    filter: PeopleFilter.optional(),
    limit: z.number().int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_DEFAULT),
    cursor: z.string().max(CURSOR_MAX_LENGTH).optional(),
    offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .refine((input) => input.cursor === undefined || input.offset === undefined, {
    message: 'Give either a cursor or an offset, not both.',
    // Reported against the query, so the service answers INVALID_QUERY.
    path: ['offset'],
  });
export type ListPeopleInput = z.input<typeof ListPeopleInput>;
export type ListPeopleQuery = z.output<typeof ListPeopleInput>;

export const PeoplePage = z.strictObject({
  items: z.array(PersonDto),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type PeoplePage = z.infer<typeof PeoplePage>;

export const CountPeopleInput = z.strictObject({
  search: SearchText.optional(),
  filter: PeopleFilter.optional(),
  /** Leave these out of the count (an "all matching" selection with people deselected: the toolbar's exact number). */
  except: z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(100_000).optional(),
});
export type CountPeopleInput = z.input<typeof CountPeopleInput>;
export type CountPeopleQuery = z.output<typeof CountPeopleInput>;

/** Where a person is in the window's current order (no search): 0-based, or null when there is no such person. */
export const PositionInput = z.strictObject({ id: PersonId, sort: SortKey, direction: SortDirection });
export const PersonPosition = z.number().int().nonnegative().nullable();

export const GetPersonInput = z.strictObject({ id: PersonId });
export const CreatePersonInput = z.strictObject({ name: NameInput });
export const CreatePeopleInput = z.strictObject({ names: z.array(NameInput).min(1).max(BULK_MAX) });
export const UpdatePersonInput = z.strictObject({ id: PersonId, name: NameInput });
export const DeletePeopleInput = z.strictObject({ ids: z.array(PersonId).min(1).max(BULK_MAX) });

export type PositionInput = z.infer<typeof PositionInput>;
export type GetPersonInput = z.infer<typeof GetPersonInput>;
export type CreatePersonInput = z.infer<typeof CreatePersonInput>;
export type CreatePeopleInput = z.infer<typeof CreatePeopleInput>;
export type UpdatePersonInput = z.infer<typeof UpdatePersonInput>;
export type DeletePeopleInput = z.infer<typeof DeletePeopleInput>;

export const ImportFormat = z.enum(['csv', 'json']);
export type ImportFormat = z.infer<typeof ImportFormat>;

/**
 * Which people a bulk action works on: these ids (a selection the window holds), or
 * everyone a search shows, but the ones the person left out ("all 1,000,000 matching":
 * resolved in main, so no id list crosses IPC).
 */
export const PeopleSelection = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ids'), ids: z.array(PersonId).min(1).max(BULK_MAX) }),
  z.strictObject({
    kind: z.literal('matching'),
    search: SearchText.optional(),
    filter: PeopleFilter.optional(),
    except: z.array(PersonId).max(BULK_MAX).default([]),
  }),
]);
export type PeopleSelection = z.input<typeof PeopleSelection>;

export const TransferMode = z.enum(['copy', 'move']);
export type TransferMode = z.infer<typeof TransferMode>;
