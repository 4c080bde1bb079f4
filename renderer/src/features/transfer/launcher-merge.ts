// The launcher's side of "Merge into…": the dialog (merge-dialog.ts), then what it did,
// in a toast: how many moved, how many likely duplicates stayed, and, when the merged
// workspace was emptied and went to the trash, an Undo that restores it (empty; its
// people stay where they went, as a move's would).

import type { TrashEntry, WorkspaceSummary } from '../../../../main/features/catalog/common/catalog-contract.js';
import { people } from '../../kernel/format.js';
import type { Toaster } from '../../kernel/toast.js';
import { mergeDialog } from './merge-dialog.js';

export interface MergeContext {
  workspaces(): readonly WorkspaceSummary[];
  readonly toaster: Toaster;
  reload(): Promise<void>;
  restore(entry: TrashEntry): void;
  focusEntry(id: string): boolean;
}

export async function mergeInto(source: WorkspaceSummary, context: MergeContext): Promise<void> {
  const outcome = await mergeDialog(source, context.workspaces());
  if (!outcome) return;
  const { result, into } = outcome;
  if (!result.ok) {
    context.toaster.show({
      message: result.error.code === 'CANCELLED' ? 'The merge was cancelled; nobody moved.' : result.error.message,
      tone: 'error',
      timeout: 12000,
    });
    return;
  }
  const { moved, skipped, duplicates, trashed } = result.data;
  const asWhat = skipped === 1 ? 'a likely duplicate' : 'likely duplicates';
  const stayed =
    skipped > 0 ? ` ${people(skipped)} stayed in “${source.name}”, as ${asWhat}: “${into.name}” already has someone of the same name.` : '';
  const alike =
    skipped === 0 && duplicates > 0
      ? ` ${duplicates === 1 ? '1 of them has' : `${duplicates.toLocaleString()} of them have`} the same name as someone already there.`
      : '';
  const gone = trashed ? ` “${source.name}” was empty and went to the trash.` : '';
  context.toaster.show({
    message: `Moved ${people(moved)} from “${source.name}” into “${into.name}”.${stayed}${alike}${gone}`,
    timeout: 10000,
    ...(trashed ? { action: { label: `Restore “${source.name}”`, run: () => context.restore(trashed) } } : {}),
  });
  await context.reload();
  context.focusEntry(into.id);
}
