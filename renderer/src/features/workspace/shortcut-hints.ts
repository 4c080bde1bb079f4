// The bar at the foot of the workspace window that lists the keyboard shortcuts.

import { h } from '../../kernel/dom.js';

const HINTS: readonly (readonly [keys: string, action: string])[] = [
  ['↑ ↓', 'move'],
  ['Shift ↑ ↓', 'select'],
  ['Enter', 'rename'],
  ['Delete', 'delete'],
  ['Ctrl C', 'copy'],
  ['Ctrl Z', 'undo'],
  ['Ctrl F', 'search'],
  ['Ctrl N', 'add'],
  ['Shift F10', 'menu'],
];

export function shortcutHints(): HTMLElement {
  return h(
    'footer',
    { class: 'hints', 'aria-label': 'Keyboard shortcuts' },
    ...HINTS.map(([keys, action]) => h('span', { class: 'hint' }, h('kbd', {}, keys), ` ${action}`)),
  );
}
