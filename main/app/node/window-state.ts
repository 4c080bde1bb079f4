// Window bounds remembered per workspace, in <data folder>/window-state.json. A
// remembered position is used only if it is still on one of the screens (a monitor
// may have been unplugged since), and a corrupt file is simply ignored. The file
// names workspaces, so it is owner-only (0600, written atomically by atomic-file.ts)
// in an owner-only folder.

import { z } from 'zod';
import { KeyedStateFile } from '../../kernel/node/files/keyed-state-file.js';

export const Bounds = z.strictObject({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(100_000),
  height: z.number().int().min(150).max(100_000),
  maximized: z.boolean().default(false),
});
export type Bounds = z.infer<typeof Bounds>;
export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Most workspaces remembered; the least recently saved are dropped first. */
const MAX_REMEMBERED = 200;
/** How much of the title bar must be on a screen for the position to be kept. */
const VISIBLE_MIN = 64;

function visibleOn(bounds: Rectangle, screens: readonly Rectangle[]): boolean {
  return screens.some((screen) => {
    const left = Math.max(bounds.x, screen.x);
    const right = Math.min(bounds.x + bounds.width, screen.x + screen.width);
    const top = bounds.y;
    return right - left >= VISIBLE_MIN && top >= screen.y && top < screen.y + screen.height - 16;
  });
}

export class WindowStateStore {
  readonly #state: KeyedStateFile<Bounds>;

  constructor(file: string) {
    this.#state = new KeyedStateFile(file, 'windows', Bounds, MAX_REMEMBERED);
  }

  /** Remembered bounds for the workspace, if they still fit on one of `screens`. */
  get(key: string, screens: readonly Rectangle[]): Bounds | undefined {
    const bounds = this.#state.get(key);
    if (!bounds) return undefined;
    return visibleOn(bounds, screens) ? bounds : { ...bounds, x: screens[0]?.x ?? 0, y: screens[0]?.y ?? 0 };
  }

  set(key: string, bounds: Bounds): void {
    const parsed = Bounds.safeParse(bounds);
    if (!parsed.success) return;
    this.#state.set(key, parsed.data);
  }
}
