// What an empty workspace shows instead of the grid: what to do, and buttons to add
// someone or import a file.

import { h } from '../../kernel/dom.js';

export function emptyState(actions: { add(): void; import(): void }): HTMLElement {
  const add = h('button', { type: 'button', class: 'primary' }, 'Add a person');
  const importFile = h('button', { type: 'button' }, 'Import a file…');
  add.addEventListener('click', () => actions.add());
  importFile.addEventListener('click', () => actions.import());
  return h(
    'section',
    { class: 'empty-state', hidden: true, 'aria-labelledby': 'empty-title' },
    h('h2', { id: 'empty-title' }, 'No people yet'),
    h(
      'p',
      {},
      'Type a name in the field above and press Enter to add someone. ' +
        'To bring in many people at once, import a CSV or JSON file, drop one here, or paste a list of names.',
    ),
    h('div', { class: 'empty-actions' }, add, importFile),
  );
}
