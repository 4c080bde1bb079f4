// The bar at the foot of the workspace window that lists the keyboard shortcuts: the
// entries of the one declaration (shortcuts.ts) marked for the bar, each by its first
// keys. The keyboard-help sheet lists them all from the same declaration.

import { h } from '../../kernel/dom.js';
import { shortcutsFor } from '../../kernel/shortcuts.js';

export function shortcutHints(): HTMLElement {
  return h(
    'footer',
    { class: 'hints', 'aria-label': 'Keyboard shortcuts' },
    ...shortcutsFor('workspace')
      .filter((shortcut) => shortcut.bar)
      .map((shortcut) => h('span', { class: 'hint' }, h('kbd', {}, shortcut.keys[0] ?? ''), ` ${shortcut.label}`)),
  );
}
