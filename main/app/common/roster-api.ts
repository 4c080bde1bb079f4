// The IPC contract of the whole app: the list of feature contracts, and everything
// derived from it. Each feature declares its methods once, in its own common folder
// (workspace-api.ts, people-api.ts, ...); a method's channel is `${feature}:${method}`
// (main/kernel/common/contract.ts). Main validates both directions against these
// tables, the preload builds `window.roster` from `rosterPreloadTable` (evaluated at
// build time, so its bundle carries no zod), and the renderer is typed by `RosterApi`.
// No channel or method name is written here.
//
// Two kinds of window talk to main. A *workspace* window is bound to one workspace
// file when it is created; its channels never carry a path or a workspace id, so a
// renderer cannot even ask for another workspace. The *launcher* manages the catalog
// and refers to workspaces by catalog id only.

import type { z } from 'zod';
import { channelTables, preloadTable, type ApiOf, type Handlers, type PreloadTable } from '../../kernel/common/contract.js';
import { appApi } from './app-api.js';
import { catalogApi } from '../../features/catalog/common/catalog-api.js';
import { findApi } from '../../features/find/common/find-api.js';
import { duplicatesApi } from '../../features/duplicates/common/duplicates-api.js';
import { historyApi } from '../../features/history/common/history-api.js';
import { importExportApi } from '../../features/import-export/common/import-export-api.js';
import { peopleApi } from '../../features/people/common/people-api.js';
import { transferApi } from '../../features/transfer/common/transfer-api.js';
import { workspaceApi } from '../../features/workspace/common/workspace-api.js';

export type { IpcResult, WindowRole, ChannelRole, DroppedFile } from '../../kernel/common/contract.js';

/** Every feature that talks to a renderer, in the order their namespaces appear on `window.roster`. */
export const rosterContracts = [
  appApi,
  workspaceApi,
  peopleApi,
  importExportApi,
  historyApi,
  transferApi,
  catalogApi,
  findApi,
  duplicatesApi,
] as const;
type RosterFeature = (typeof rosterContracts)[number];

/** Every channel, checked by main in both directions. */
export const rosterChannels = channelTables(rosterContracts);
/** Request/response channels (`ipcRenderer.invoke` / `ipc.handle`). */
export const invokeChannels = rosterChannels.invoke;
/** Main-to-renderer events (`webContents.send` / `ipcRenderer.on`). */
export const eventChannels = rosterChannels.events;

export type RosterInvokes = typeof invokeChannels;
export type RosterEvents = typeof eventChannels;
export type InvokeChannel = keyof RosterInvokes & string;
export type EventChannel = keyof RosterEvents & string;

export type ChannelInput<C extends InvokeChannel> = z.input<RosterInvokes[C]['input']>;
export type ChannelOutput<C extends InvokeChannel> = z.output<RosterInvokes[C]['output']>;
export type EventPayload<E extends EventChannel> = z.output<RosterEvents[E]>;

/** What a window's session may implement: one handler per request channel. */
export type RosterHandlers = Handlers<RosterInvokes>;

/**
 * `window.roster`: the whole API a renderer has. The preload builds exactly this
 * object and nothing more; the renderer code is written against this type.
 */
export type RosterApi = ApiOf<RosterFeature>;

/** What the preload is built with: each method's kind and channel, as plain data. */
export type RosterPreloadTable = PreloadTable<RosterFeature>;
export function rosterPreloadTable(): RosterPreloadTable {
  return preloadTable(rosterContracts);
}
