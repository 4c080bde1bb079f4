// "Copy to…" and "Move to…": a modal list of the workspaces main offers (open ones first,
// then recent), one of which the person picks. Only catalog ids and names come here; a
// page never names a file. Built on <dialog> like the other dialogs: focus stays in it,
// Escape cancels, focus returns where it was.

import type { ChannelOutput } from '../../../../main/app/common/roster-api.js';
import { h, uid } from '../../kernel/dom.js';

type TransferTarget = ChannelOutput<'transfer:transferTargets'>[number];

export interface TransferDialogOptions {
  readonly mode: 'copy' | 'move';
  /** "5 people", "“Ada Lovelace”". */
  readonly what: string;
  readonly targets: readonly TransferTarget[];
}

/** Resolves the chosen target's id, or null when cancelled. */
export function transferDialog(options: TransferDialogOptions): Promise<string | null> {
  const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const verb = options.mode === 'copy' ? 'Copy' : 'Move';
  const titleId = uid('transfer-title');
  const name = uid('transfer-target');
  const usable = options.targets.filter((target) => !target.missing);
  const choices = options.targets.map((target) => {
    const input = h('input', { type: 'radio', name, value: target.id, disabled: target.missing });
    const note = target.missing ? ' (file missing)' : target.open ? ' (open)' : '';
    return {
      target,
      input,
      label: h('label', { class: 'transfer-choice' }, input, ` ${target.name}`, note ? h('span', { class: 'muted' }, note) : null),
    };
  });
  const first = choices.find((choice) => !choice.target.missing);
  if (first) first.input.checked = true;
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const confirm = h('button', { type: 'submit', class: 'primary', disabled: usable.length === 0 }, verb);
  const list =
    choices.length > 0
      ? h(
          'fieldset',
          { class: 'transfer-list' },
          h('legend', { class: 'visually-hidden' }, 'Workspace'),
          ...choices.map((choice) => choice.label),
        )
      : h('p', {}, 'There is no other workspace yet. Create one from the launcher first.');
  const form = h(
    'form',
    { method: 'dialog' },
    h('h2', { id: titleId }, `${verb} ${options.what} to…`),
    h(
      'p',
      { class: 'transfer-hint' },
      options.mode === 'copy'
        ? 'They stay here too. Names and creation dates are kept; they get new ids there.'
        : 'They leave this workspace. Names and creation dates are kept; they get new ids there.',
    ),
    list,
    h('div', { class: 'dialog-actions' }, cancel, confirm),
  );
  const dialog = h('dialog', { class: 'confirm-dialog transfer-dialog', 'aria-labelledby': titleId }, form);
  document.body.append(dialog);
  return new Promise((resolve) => {
    let answer: string | null = null;
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      answer = choices.find((choice) => choice.input.checked && !choice.target.missing)?.target.id ?? null;
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (returnFocus?.isConnected) returnFocus.focus();
      resolve(answer);
    });
    dialog.showModal();
    (first?.input ?? cancel).focus();
  });
}
