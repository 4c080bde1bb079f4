// Dropping files from the desktop on a window. While files are dragged over it, the
// window shows what a drop will do; a drop hands the Files to the view, which passes
// them to the preload (only the preload can learn their paths, and main checks them).
// Anything else dragged around is left alone, and nothing dropped ever navigates.

import type { Disposables } from './disposables.js';
import { h, setText } from './dom.js';

export interface FileDropOptions {
  /** The view's owner: the window listeners and the overlay go when the view closes. */
  readonly owner: Disposables;
  /** What a drop does, shown while dragging ("Drop a CSV or JSON file to import it"). */
  readonly hint: string;
  readonly onFiles: (files: File[]) => void;
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/** Installs the drop target on the whole window; returns the overlay element. */
export function installFileDrop(options: FileDropOptions): HTMLElement {
  const overlay = h('div', { class: 'drop-overlay', hidden: true, 'aria-hidden': 'true' }, h('p', { class: 'drop-hint' }));
  setText(overlay.firstElementChild as HTMLElement, options.hint);
  document.body.append(overlay);
  const { owner } = options;
  owner.add(() => overlay.remove());
  let depth = 0;
  const hide = (): void => {
    depth = 0;
    overlay.hidden = true;
  };
  owner.listen(window, 'dragenter', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth += 1;
    overlay.hidden = false;
  });
  owner.listen(window, 'dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  });
  owner.listen(window, 'dragleave', (event) => {
    if (!carriesFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  owner.listen(window, 'drop', (event) => {
    event.preventDefault();
    hide();
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0) options.onFiles(files);
  });
  return overlay;
}
