// A workspace window's duplicates channels, on the window's workspace as it is now (a
// reopen replaces it: the handle is read on every call).

import type { FeatureHandlers } from '../../../kernel/common/contract.js';
import type { duplicatesApi } from '../common/duplicates-api.js';
import { DuplicatesService, type DuplicatesHandle } from './duplicates-service.js';

export function duplicatesHandlers(handle: DuplicatesHandle): Required<FeatureHandlers<typeof duplicatesApi>> {
  const service = new DuplicatesService(handle);
  return {
    'duplicates:sameName': (input) => service.sameName(input),
    'duplicates:groups': (input) => service.groups(input),
  };
}
