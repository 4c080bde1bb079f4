// The channels every window has, whatever it shows: reporting its own errors to the
// main log, and hearing the application menu's Undo and Redo.

import { z } from 'zod';
import { defineFeature, event, invoke } from '../../kernel/common/contract.js';

/** An uncaught error or unhandled rejection in a renderer, for main.log. */
export const RendererErrorReport = z.strictObject({
  kind: z.enum(['error', 'unhandledrejection']),
  message: z.string().max(2000),
  stack: z.string().max(8000).optional(),
  /** Script URL and position, when the browser knows them. */
  source: z.string().max(500).optional(),
});

export const appApi = defineFeature('app', {
  reportError: invoke('any', RendererErrorReport, z.null()),
  /** Edit ▸ Undo or Redo was chosen in the menu while this window had focus. */
  onMenuCommand: event(z.strictObject({ command: z.enum(['undo', 'redo']) })),
});
