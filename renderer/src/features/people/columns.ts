// The people table's column widths: resizable with the mouse (drag the line at a
// column header's right edge; double-click it to go back to the default) and with the
// keyboard (the same line is a focusable separator: Left and Right, Shift for bigger
// steps, Home for the narrowest). Widths live in CSS custom properties on the grid,
// which every row reads, and are remembered by main per workspace (never by path here).

import type { ColumnWidths } from '../../../../main/features/workspace/common/workspace-contract.js';
import { h } from '../../kernel/dom.js';

export type ColumnKey = keyof ColumnWidths & string;
const COLUMN_KEYS: readonly ColumnKey[] = ['name', 'created', 'updated'];

/** Defaults as CSS grid tracks, used until the person resizes a column. */
const DEFAULT_TRACK: Record<ColumnKey, string> = {
  name: 'minmax(12rem, 1fr)',
  created: 'minmax(10rem, 13rem)',
  updated: 'minmax(10rem, 13rem)',
};
const DEFAULT_MIN_REM: Record<ColumnKey, number> = { name: 12, created: 10, updated: 10 };
const COLUMN_MIN = 64;
const COLUMN_MAX = 1600;
const STEP = 16;
const BIG_STEP = 64;

export interface ColumnLayoutOptions {
  readonly grid: HTMLElement;
  /** The header cell of each column (measured when a default-width column is first resized). */
  readonly headers: Record<ColumnKey, HTMLElement>;
  readonly labels: Record<ColumnKey, string>;
  /** The person finished resizing: remember these widths. */
  readonly onCommit: (widths: ColumnWidths) => void;
}

export class ColumnLayout {
  readonly separators: Record<ColumnKey, HTMLElement>;
  readonly #options: ColumnLayoutOptions;
  #widths: ColumnWidths = {};

  constructor(options: ColumnLayoutOptions) {
    this.#options = options;
    const separators = {} as Record<ColumnKey, HTMLElement>;
    for (const key of COLUMN_KEYS) separators[key] = this.#separator(key);
    this.separators = separators;
    this.#apply();
  }

  get widths(): ColumnWidths {
    return { ...this.#widths };
  }

  /** Widths remembered for this workspace (from main). */
  set(widths: ColumnWidths): void {
    this.#widths = {};
    for (const key of COLUMN_KEYS) {
      const width = widths[key];
      if (width !== undefined) this.#widths[key] = clamp(width);
    }
    this.#apply();
  }

  /** The width a column has now, in CSS pixels. */
  width(key: ColumnKey): number {
    return this.#widths[key] ?? Math.round(this.#options.headers[key].getBoundingClientRect().width);
  }

  resize(key: ColumnKey, width: number): void {
    this.#widths[key] = clamp(width);
    this.#apply();
  }

  reset(key: ColumnKey): void {
    delete this.#widths[key];
    this.#apply();
  }

  commit(): void {
    this.#options.onCommit(this.widths);
  }

  #apply(): void {
    const tracks = COLUMN_KEYS.map((key) => (this.#widths[key] === undefined ? DEFAULT_TRACK[key] : `${this.#widths[key]}px`));
    // Once the flexible name column has a fixed width, an empty last track takes the rest.
    if (this.#widths.name !== undefined) tracks.push('minmax(0, 1fr)');
    const fixed = COLUMN_KEYS.reduce((sum, key) => sum + (this.#widths[key] ?? 0), 0);
    const rem = COLUMN_KEYS.reduce((sum, key) => sum + (this.#widths[key] === undefined ? DEFAULT_MIN_REM[key] : 0), 0);
    const style = this.#options.grid.style;
    style.setProperty('--grid-columns', tracks.join(' '));
    style.setProperty('--grid-min-width', `calc(${fixed}px + ${rem}rem)`);
    for (const key of COLUMN_KEYS) this.separators?.[key]?.setAttribute('aria-valuenow', String(Math.max(COLUMN_MIN, this.width(key))));
  }

  #separator(key: ColumnKey): HTMLElement {
    const separator = h('div', {
      role: 'separator',
      class: 'column-resizer',
      tabindex: '0',
      'aria-orientation': 'vertical',
      'aria-label': `Resize the ${this.#options.labels[key]} column`,
      'aria-valuemin': COLUMN_MIN,
      'aria-valuemax': COLUMN_MAX,
      'aria-valuenow': COLUMN_MIN,
      title: 'Drag to resize; double-click for the default width',
    });
    // A default-width column's width is only known once laid out.
    separator.addEventListener('focus', () => separator.setAttribute('aria-valuenow', String(Math.max(COLUMN_MIN, this.width(key)))));
    separator.addEventListener('keydown', (event) => {
      const step = event.shiftKey ? BIG_STEP : STEP;
      let width: number;
      if (event.key === 'ArrowLeft') width = this.width(key) - step;
      else if (event.key === 'ArrowRight') width = this.width(key) + step;
      else if (event.key === 'Home') width = COLUMN_MIN;
      else if (event.key === 'End') width = COLUMN_MAX;
      else if (event.key === 'Enter' || event.key === 'Delete' || event.key === 'Backspace') {
        event.preventDefault();
        this.reset(key);
        this.commit();
        return;
      } else return;
      event.preventDefault();
      event.stopPropagation();
      this.resize(key, width);
      this.commit();
    });
    separator.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      event.stopPropagation();
      const startX = event.clientX;
      const startWidth = this.width(key);
      separator.setPointerCapture(event.pointerId);
      separator.classList.add('dragging');
      const move = (moveEvent: PointerEvent): void => this.resize(key, startWidth + moveEvent.clientX - startX);
      const end = (): void => {
        separator.removeEventListener('pointermove', move);
        separator.removeEventListener('pointerup', end);
        separator.removeEventListener('pointercancel', end);
        separator.classList.remove('dragging');
        this.commit();
      };
      separator.addEventListener('pointermove', move);
      separator.addEventListener('pointerup', end);
      separator.addEventListener('pointercancel', end);
    });
    separator.addEventListener('dblclick', (event) => {
      event.stopPropagation();
      this.reset(key);
      this.commit();
    });
    // Keep the grid's own mouse handling (row selection) out of it.
    separator.addEventListener('mousedown', (event) => event.stopPropagation());
    return separator;
  }
}

function clamp(width: number): number {
  return Math.round(Math.min(COLUMN_MAX, Math.max(COLUMN_MIN, width)));
}
