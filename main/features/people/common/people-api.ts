// A workspace window's channels on the people of its workspace: read, add, rename,
// delete, paste many, copy a selection of any size, and hear that they changed.

import { z } from 'zod';
import { defineFeature, event, invoke } from '../../../kernel/common/contract.js';
import {
  CountPeopleInput,
  CreatePeopleInput,
  CreatePersonInput,
  DeletePeopleInput,
  GetPersonInput,
  ListPeopleInput,
  PeoplePage,
  PeopleSelection,
  PersonDto,
  SortDirection,
  SortKey,
  UpdatePersonInput,
} from './people-contract.js';

/** What a paste added: how many, and the first name (for "Added Ana Lima."). Never the whole list. */
const CreateManyResult = z.strictObject({ count: z.number().int().nonnegative(), firstName: z.string().nullable() });

export const peopleApi = defineFeature('people', {
  list: invoke('workspace', ListPeopleInput, PeoplePage),
  count: invoke('workspace', CountPeopleInput, z.number().int().nonnegative()),
  get: invoke('workspace', GetPersonInput, PersonDto),
  create: invoke('workspace', CreatePersonInput, PersonDto),
  update: invoke('workspace', UpdatePersonInput, PersonDto),
  delete: invoke('workspace', DeletePeopleInput, z.array(PersonDto)),
  /** Adds one person per name in one transaction (a paste); a bad line refuses them all. */
  createMany: invoke('workspace', CreatePeopleInput, CreateManyResult),
  /**
   * Puts the selected people on the clipboard in the window's order, as the window's own
   * copy does, read and written by main (a selection of any size): at most 100,000 rows;
   * says how many were copied of how many selected.
   */
  copySelection: invoke(
    'workspace',
    z.strictObject({ selection: PeopleSelection, sort: SortKey, direction: SortDirection }),
    z.strictObject({ copied: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  ),
  /** The workspace's people changed (this window, another window, or another process). */
  onChanged: event(z.strictObject({ source: z.enum(['window', 'external']) })),
});
