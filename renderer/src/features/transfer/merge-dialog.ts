// "Merge into…" on a launcher entry: everyone in one workspace moves into
// another, with the same crash guarantee as any move; the emptied workspace goes to
// Roster's trash. A modal <dialog>: the other workspaces to choose from, whether likely
// duplicates stay behind, and, while main works, a progress bar (main's
// transfer:onMergeProgress). The dialog stays until the merge ends, so nothing else in
// the launcher can touch the two workspaces meanwhile. The title names the workspace
// being merged; the rest says "it" and "this workspace", so the name is read once.

import type { ChannelOutput, IpcResult } from '../../../../main/app/common/roster-api.js';
import type { WorkspaceSummary } from '../../../../main/features/catalog/common/catalog-contract.js';
import { roster, settle } from '../../kernel/api.js';
import { Disposables } from '../../kernel/disposables.js';
import { h, setText, uid } from '../../kernel/dom.js';
import { people } from '../../kernel/format.js';

export type MergeOutcome = ChannelOutput<'transfer:merge'>;

interface MergeChoice {
  readonly workspace: WorkspaceSummary;
  readonly input: HTMLInputElement;
  readonly label: HTMLLabelElement;
}

interface MergeForm {
  readonly titleId: string;
  readonly choices: readonly MergeChoice[];
  readonly first: MergeChoice | undefined;
  readonly skip: HTMLInputElement;
  readonly cancel: HTMLButtonElement;
  readonly confirm: HTMLButtonElement;
  readonly bar: HTMLProgressElement;
  readonly status: HTMLParagraphElement;
  readonly form: HTMLFormElement;
}

/** The dialog's form: the other workspaces (the first present one checked), the duplicates box, progress and buttons. */
function mergeForm(source: WorkspaceSummary, all: readonly WorkspaceSummary[]): MergeForm {
  const titleId = uid('merge-title');
  const name = uid('merge-target');
  const targets = all.filter((workspace) => workspace.id !== source.id);
  const choices = targets.map((workspace) => {
    const input = h('input', { type: 'radio', name, value: workspace.id, disabled: workspace.missing });
    const note = workspace.missing ? ' (file missing)' : workspace.peopleCount === null ? '' : ` (${people(workspace.peopleCount)})`;
    return {
      workspace,
      input,
      label: h('label', { class: 'transfer-choice' }, input, ` ${workspace.name}`, note ? h('span', { class: 'muted' }, note) : null),
    };
  });
  const first = choices.find((choice) => !choice.workspace.missing);
  if (first) first.input.checked = true;
  const skipHelpId = uid('merge-skip-help');
  const skip = h('input', { type: 'checkbox', 'aria-describedby': skipHelpId });
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const confirm = h('button', { type: 'submit', class: 'primary', disabled: first === undefined }, 'Merge');
  const bar = h('progress', { class: 'progress-bar', max: 1, 'aria-label': 'Merge progress', hidden: true });
  const status = h('p', { class: 'muted', role: 'status' });
  const form = h(
    'form',
    { method: 'dialog' },
    h('h2', { id: titleId }, `Merge “${source.name}” into…`),
    h(
      'p',
      { class: 'transfer-hint' },
      'Everyone in it moves to the workspace you choose, with their names and creation dates. ' +
        'Once it is empty, it goes to the trash, where you can restore it.',
    ),
    choices.length > 0
      ? h(
          'fieldset',
          { class: 'transfer-list' },
          h('legend', { class: 'visually-hidden' }, 'Workspace'),
          ...choices.map((choice) => choice.label),
        )
      : h('p', {}, 'There is no other workspace to merge into.'),
    h('label', { class: 'checkbox-line' }, skip, ' Do not move likely duplicates'),
    h(
      'p',
      { id: skipHelpId, class: 'muted merge-skip-help' },
      'Someone with the same name as a person already in the workspace you choose stays in this one, ' +
        'so nobody is listed there twice. This workspace is then not empty, and stays out of the trash.',
    ),
    bar,
    status,
    h('div', { class: 'dialog-actions' }, cancel, confirm),
  );
  return { titleId, choices, first, skip, cancel, confirm, bar, status, form };
}

/** Resolves the merge's outcome, or null when the person cancelled before it started. */
export function mergeDialog(
  source: WorkspaceSummary,
  all: readonly WorkspaceSummary[],
): Promise<{ result: IpcResult<MergeOutcome>; into: WorkspaceSummary } | null> {
  const api = roster().transfer;
  const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const { titleId, choices, first, skip, cancel, confirm, bar, status, form } = mergeForm(source, all);
  const dialog = h('dialog', { class: 'confirm-dialog transfer-dialog', 'aria-labelledby': titleId }, form);
  document.body.append(dialog);
  let running = false;
  // The dialog's own owner: what it follows of main goes when it closes.
  const owner = new Disposables();
  owner.add(
    api.onMergeProgress(({ done, total }) => {
      if (!running) return;
      bar.hidden = false;
      bar.max = Math.max(1, total);
      bar.value = done;
    }),
  );
  return new Promise((resolve) => {
    let outcome: { result: IpcResult<MergeOutcome>; into: WorkspaceSummary } | null = null;
    cancel.addEventListener('click', () => {
      if (!running) dialog.close();
    });
    // Escape would close the dialog while main is still moving people: wait instead.
    dialog.addEventListener('cancel', (event) => {
      if (running) event.preventDefault();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const target = choices.find((choice) => choice.input.checked && !choice.workspace.missing)?.workspace;
      if (!target || running) return;
      running = true;
      confirm.disabled = true;
      cancel.disabled = true;
      for (const choice of choices) choice.input.disabled = true;
      skip.disabled = true;
      setText(status, `Moving everyone from “${source.name}” into “${target.name}”…`);
      // Focus stays inside the dialog (on the status) while its buttons are disabled.
      status.tabIndex = -1;
      status.focus();
      void settle(api.merge({ id: source.id, intoId: target.id, skipDuplicates: skip.checked })).then((result) => {
        outcome = { result, into: target };
        running = false;
        if (dialog.open) dialog.close();
        else finish();
      });
    });
    const finish = (): void => {
      owner.dispose();
      dialog.remove();
      if (returnFocus?.isConnected) returnFocus.focus();
      resolve(outcome);
    };
    // If the browser closes the dialog anyway while main is merging (a repeated Escape
    // can), the answer still comes: the launcher waits for it before it resolves.
    dialog.addEventListener('close', () => {
      if (!running) finish();
    });
    dialog.showModal();
    (first?.input ?? cancel).focus();
  });
}
