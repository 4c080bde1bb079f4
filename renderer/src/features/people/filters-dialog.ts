// The "Filter people" dialog: a column (Added, Last changed), a range (today, this week,
// this month, or between two days), Apply. A modal <dialog>, like the confirmation:
// the browser keeps focus inside, Escape cancels, focus returns to the Filter button.

import { h, uid } from '../../kernel/dom.js';
import { FILTER_COLUMNS, FILTER_PRESETS, makeFilter, type DateFilter, type FilterColumn, type FilterPreset } from './filters.js';

function labelled(label: string, control: HTMLElement): HTMLElement {
  const id = uid('filter-field');
  control.id = id;
  return h('div', { class: 'filter-field' }, h('label', { for: id }, label), control);
}

/** Asks for a filter; resolves with it, or null when the person cancelled. */
export function chooseFilter(initial: FilterColumn = 'added'): Promise<DateFilter | null> {
  const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const column = h('select', {});
  for (const option of FILTER_COLUMNS) column.append(h('option', { value: option.value }, option.label));
  column.value = initial;
  const preset = h('select', {});
  for (const option of FILTER_PRESETS) preset.append(h('option', { value: option.value }, option.label));
  const from = h('input', { type: 'date' });
  const to = h('input', { type: 'date' });
  const days = h('div', { class: 'filter-days', hidden: true }, labelled('First day', from), labelled('Last day', to));
  const error = h('p', { class: 'filter-error', role: 'alert' });
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const apply = h('button', { type: 'submit', class: 'primary' }, 'Apply filter');
  const titleId = uid('filter-title');
  const form = h(
    'form',
    {},
    h('h2', { id: titleId }, 'Filter people'),
    labelled('Column', column),
    labelled('When', preset),
    days,
    error,
    h('div', { class: 'dialog-actions' }, cancel, apply),
  );
  const dialog = h('dialog', { class: 'confirm-dialog filter-dialog', 'aria-labelledby': titleId }, form);
  document.body.append(dialog);
  preset.addEventListener('change', () => {
    days.hidden = preset.value !== 'between';
    error.textContent = '';
  });
  return new Promise((resolve) => {
    let answer: DateFilter | null = null;
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const made = makeFilter(column.value as FilterColumn, preset.value as FilterPreset, new Date(), { from: from.value, to: to.value });
      if ('error' in made) {
        error.textContent = made.error;
        from.focus();
        return;
      }
      answer = made;
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (returnFocus?.isConnected) returnFocus.focus();
      resolve(answer);
    });
    dialog.showModal();
    column.focus();
  });
}
