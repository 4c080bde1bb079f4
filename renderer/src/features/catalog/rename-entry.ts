// The name field that takes a launcher entry's place while it is renamed: Enter
// renames, Escape gives up.

import type { WorkspaceSummary } from '../../../../main/features/catalog/common/catalog-contract.js';
import { Field } from '../../kernel/field.js';

/** The entry being renamed and its field. */
export interface Renaming {
  readonly id: string;
  readonly field: Field;
}

export function renameField(workspace: WorkspaceSummary, on: { commit(): void; cancel(): void }): Field {
  const field = new Field({ label: `New name for ${workspace.name}`, className: 'rename-field' });
  field.value = workspace.name;
  field.input.dataset['focusKey'] = `rename:${workspace.id}`;
  field.input.addEventListener('input', () => field.clearError());
  field.input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      on.commit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      on.cancel();
    }
  });
  return field;
}
