// The IPC contract: every channel between a renderer and the main process, with the
// schema of what goes in and what comes out. Main validates both directions against
// it; the preload and the renderer take their types from it. Nothing else defines a
// channel. The schemas of what the channels carry live beside it, one module per
// concern (people-, find-, import-, transfer-, workspace-, dialog- and
// catalog-contract.ts); this module names the channels, says who may call each, and
// defines the API a renderer gets.
//
// Two kinds of window talk to main. A *workspace* window is bound to one workspace
// file when it is created; its channels never carry a path or a workspace id, so a
// renderer cannot even ask for another workspace. The *launcher* manages the catalog
// and refers to workspaces by catalog id only.

import { z } from 'zod';
import { WorkspaceId, WorkspaceSummary, TrashEntry } from '../../features/catalog/common/catalog-contract.js';
import type { ErrorInfo } from '../../kernel/common/errors.js';
import { DroppedPaths, ExportResult, LocateResult, OpenDroppedResult, OpenResult } from '../../features/catalog/common/dialog-contract.js';
import { ImportChooseResult, ImportChosen, ImportPreview, ImportPreviewRequest, ImportResult, ImportTokenInput } from '../../features/import-export/common/import-contract.js';
import {
  CountPeopleInput,
  CreatePeopleInput,
  CreatePersonInput,
  DeletePeopleInput,
  GetPersonInput,
  ImportFormat,
  ListPeopleInput,
  PeoplePage,
  PeopleSelection,
  PersonDto,
  SortDirection,
  SortKey,
  TransferMode,
  UpdatePersonInput,
} from '../../features/people/common/people-contract.js';
import {
  FindCancelInput,
  FindDoneEvent,
  FindGroupEvent,
  FindInput,
  FindStarted,
  OpenPersonInput,
  PersonPosition,
  PositionInput,
  RevealRequest,
} from '../../features/find/common/find-contract.js';
import { BulkProgress, DragToken, MergeOutcome, TransferOutcome, TransferTarget } from '../../features/transfer/common/transfer-contract.js';
import { ColumnWidths, HealthNotice, HistoryOutcome, HistoryState, ViewState, WorkspaceInfo } from '../../features/workspace/common/workspace-contract.js';

export type WindowRole = 'workspace' | 'launcher';
/** Who may call a channel: one kind of window, or every window ('any'). */
export type ChannelRole = WindowRole | 'any';

interface ChannelSpec<I extends z.ZodType, O extends z.ZodType> {
  readonly role: ChannelRole;
  readonly input: I;
  readonly output: O;
}

function channel<I extends z.ZodType, O extends z.ZodType>(role: ChannelRole, input: I, output: O): ChannelSpec<I, O> {
  return { role, input, output };
}

/** No argument: the renderer calls the method with nothing. */
const NoInput = z.undefined();

/** What a paste added: how many, and the first name (for "Added Ana Lima."). Never the whole list. */
export const CreateManyResult = z.strictObject({ count: z.number().int().nonnegative(), firstName: z.string().nullable() });

/** An uncaught error or unhandled rejection in a renderer, for main.log. */
export const RendererErrorReport = z.strictObject({
  kind: z.enum(['error', 'unhandledrejection']),
  message: z.string().max(2000),
  stack: z.string().max(8000).optional(),
  /** Script URL and position, when the browser knows them. */
  source: z.string().max(500).optional(),
});

/** Request/response channels (`ipcRenderer.invoke` / `ipc.handle`). */
export const invokeChannels = {
  'workspace:info': channel('workspace', NoInput, WorkspaceInfo),
  /** The file's health now (damage found by the background check, read-only, replaced). */
  'workspace:health': channel('workspace', NoInput, HealthNotice),
  /**
   * After its file was replaced underneath it: gives up the workspace Roster had open and
   * opens the file now at the same path (the window's own, known to main; never a path
   * from the renderer). Answers the new file's health.
   */
  'workspace:reopen': channel('workspace', NoInput, HealthNotice),
  'people:list': channel('workspace', ListPeopleInput, PeoplePage),
  'people:count': channel('workspace', CountPeopleInput, z.number().int().nonnegative()),
  'people:get': channel('workspace', GetPersonInput, PersonDto),
  'people:create': channel('workspace', CreatePersonInput, PersonDto),
  'people:update': channel('workspace', UpdatePersonInput, PersonDto),
  'people:delete': channel('workspace', DeletePeopleInput, z.array(PersonDto)),
  /** Undoes the workspace's newest change (made in any window on it); says what was undone. */
  'people:undo': channel('workspace', NoInput, HistoryOutcome),
  'people:redo': channel('workspace', NoInput, HistoryOutcome),
  /** What Undo and Redo would do now (labels for the menu and the buttons). */
  'people:history': channel('workspace', NoInput, HistoryState),
  // Importing is choose (dialog) or drop, preview (as often as the person changes a
  // setting), then confirm or discard. The file stays in main behind a token; only its
  // base name crosses.
  /** Asks for a file with the native dialog; it waits in this window for its preview. */
  'people:import-choose': channel('workspace', z.strictObject({ format: ImportFormat }), ImportChooseResult),
  /** A file dropped on the window (its format from its extension); it waits for its preview like a chosen one. */
  'people:import-dropped': channel('workspace', DroppedPaths, ImportChosen),
  /** Reads the waiting file (on a worker) as asked: encoding, separator, rows, count, problems. Writes nothing. */
  'people:import-preview': channel('workspace', ImportPreviewRequest, ImportPreview),
  /** Imports the waiting file with the settings of its last preview, with progress; one undo step. */
  'people:import-confirm': channel('workspace', ImportTokenInput, ImportResult),
  /** Lets the waiting file go (the preview was cancelled). False if that token was not waiting. */
  'people:import-discard': channel('workspace', ImportTokenInput, z.boolean()),
  /** Stops this window's running import; nothing is added. True if one was running. */
  'people:import-cancel': channel('workspace', NoInput, z.boolean()),
  /** Exports everyone, or only the selected people. */
  'people:export': channel('workspace', z.strictObject({ format: ImportFormat, selection: PeopleSelection.optional() }), ExportResult),
  /** Stops this window's export; the file at the target stays as it was. True if one was running. */
  'people:export-cancel': channel('workspace', NoInput, z.boolean()),
  /** Adds one person per name in one transaction (a paste); a bad line refuses them all. */
  'people:create-many': channel('workspace', CreatePeopleInput, CreateManyResult),
  /** Deletes the selected people, of any number, in main by query (progress, cancel, one undo step). */
  'people:delete-selected': channel('workspace', z.strictObject({ selection: PeopleSelection }), z.strictObject({ count: z.number().int().nonnegative() })),
  /**
   * Puts the selected people on the clipboard in the window's order, as the window's own
   * copy does, read and written by main (a selection of any size): at most 100,000 rows;
   * says how many were copied of how many selected.
   */
  'people:copy-selection': channel(
    'workspace',
    z.strictObject({ selection: PeopleSelection, sort: SortKey, direction: SortDirection }),
    z.strictObject({ copied: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  ),
  /** Workspaces this window's people can be copied or moved to (never this one). */
  'people:transfer-targets': channel('workspace', NoInput, z.array(TransferTarget)),
  /** Copies or moves the selected people to a workspace chosen by catalog id; one undoable step. */
  'people:transfer': channel('workspace', z.strictObject({ targetId: WorkspaceId, mode: TransferMode, selection: PeopleSelection }), TransferOutcome),
  /** Stops this window's copy or move while it is still copying (nothing changes then). True if one was running. */
  'people:bulk-cancel': channel('workspace', NoInput, z.boolean()),
  /**
   * The person started dragging these people out of the window. The page puts a fresh
   * random token in the drag's data (a drag must be filled in at once, before any reply
   * could come) and tells main what it stands for; the window it is dropped on hands it back.
   */
  'people:drag-start': channel('workspace', z.strictObject({ token: DragToken, selection: PeopleSelection }), z.null()),
  /** People dragged from another workspace window were dropped here: copies or moves them into this workspace. */
  'people:drop': channel('workspace', z.strictObject({ token: DragToken, mode: TransferMode }), TransferOutcome),
  'workspace:view-state': channel('workspace', NoInput, ViewState),
  'workspace:set-column-widths': channel('workspace', z.strictObject({ columnWidths: ColumnWidths }), z.null()),
  /** The person the launcher asked this window to show (once; null when there is none). */
  'people:take-reveal': channel('workspace', NoInput, RevealRequest),
  /** Where a person is in this order (0-based), for scrolling to it; null when there is no such person. */
  'people:position': channel('workspace', PositionInput, PersonPosition),

  'catalog:list': channel('launcher', NoInput, z.array(WorkspaceSummary)),
  'catalog:create': channel('launcher', z.strictObject({ name: z.string().max(1024) }), OpenResult),
  'catalog:open-existing': channel('launcher', NoInput, OpenResult),
  'catalog:open': channel('launcher', z.strictObject({ id: WorkspaceId }), OpenResult),
  'catalog:rename': channel('launcher', z.strictObject({ id: WorkspaceId, name: z.string().max(1024) }), z.null()),
  'catalog:forget': channel('launcher', z.strictObject({ id: WorkspaceId }), z.null()),
  'catalog:delete': channel('launcher', z.strictObject({ id: WorkspaceId }), TrashEntry),
  'catalog:trash': channel('launcher', NoInput, z.array(TrashEntry)),
  'catalog:restore': channel('launcher', z.strictObject({ trashId: TrashEntry.shape.trashId }), WorkspaceId),
  'catalog:open-new-window': channel('launcher', z.strictObject({ id: WorkspaceId }), OpenResult),
  'catalog:reveal': channel('launcher', z.strictObject({ id: WorkspaceId }), z.null()),
  /** Asks where a missing workspace file went (a native dialog) and points the entry there. */
  'catalog:locate': channel('launcher', z.strictObject({ id: WorkspaceId }), LocateResult),
  'catalog:open-dropped': channel('launcher', DroppedPaths, OpenDroppedResult),
  /** Moves everyone in one workspace into another; the emptied one goes to the trash. */
  'catalog:merge': channel('launcher', z.strictObject({ id: WorkspaceId, intoId: WorkspaceId, skipDuplicates: z.boolean() }), MergeOutcome),
  /**
   * Searches every catalogued workspace for people (issue 13). Answers at once; the
   * groups follow as catalog:find-group events, then catalog:find-done. A newer find
   * from the same window cancels the older one.
   */
  'catalog:find': channel('launcher', FindInput, FindStarted),
  /** The find box got focus: main starts the threads a find runs on, so the first keystroke does not wait for them. */
  'catalog:find-prepare': channel('launcher', NoInput, z.null()),
  /** Stops the find with this id; false when it is not the one running. */
  'catalog:find-cancel': channel('launcher', FindCancelInput, z.boolean()),
  /** Opens the workspace (or focuses its window) and has its windows show and select the person. */
  'catalog:open-person': channel('launcher', OpenPersonInput, OpenResult),

  'app:report-error': channel('any', RendererErrorReport, z.null()),
} as const;

/** Main-to-renderer events (`webContents.send` / `ipcRenderer.on`). */
export const eventChannels = {
  /** The workspace's people changed (this window, another window, or another process). */
  'people:changed': z.strictObject({ source: z.enum(['window', 'external']) }),
  /** The workspace's undo history changed (a change or an undo in any window on it). */
  'people:history-changed': HistoryState,
  'people:import-progress': z.strictObject({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  'people:export-progress': z.strictObject({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  'people:bulk-progress': BulkProgress,
  /** People dragged out of this window were moved into another workspace (its name): the window lets go of them. */
  'people:dragged-away': z.strictObject({ count: z.number().int().nonnegative(), workspaceName: z.string() }),
  'catalog:merge-progress': BulkProgress,
  /** The workspace file's health changed (see workspace:health). */
  'workspace:health-changed': HealthNotice,
  /** Edit ▸ Undo or Redo was chosen in the menu while this window had focus. */
  'app:menu-command': z.strictObject({ command: z.enum(['undo', 'redo']) }),
  /** The catalog changed (a workspace created, renamed, opened, closed...). */
  'catalog:changed': z.strictObject({}),
  /** One workspace's answer to a find (see catalog:find). */
  'catalog:find-group': FindGroupEvent,
  /** Every workspace of a find has answered. */
  'catalog:find-done': FindDoneEvent,
  /** The launcher asked this window to show a person: call people:take-reveal. */
  'people:reveal-requested': z.strictObject({}),
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;

export type ChannelInput<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['input']>;
export type ChannelOutput<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['output']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof eventChannels)[E]>;

/** Every invoke result crosses as this envelope; errors are never thrown across IPC. */
export type IpcResult<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ErrorInfo };

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.hasOwn(invokeChannels, name);
}

/** True when a window of `role` may call `channel`. */
export function roleMayCall(role: WindowRole, channel: InvokeChannel): boolean {
  const allowed: ChannelRole = invokeChannels[channel].role;
  return allowed === 'any' || allowed === role;
}

export function channelsForRole(role: WindowRole): InvokeChannel[] {
  return (Object.keys(invokeChannels) as InvokeChannel[]).filter((name) => roleMayCall(role, name));
}

type Unsubscribe = () => void;
/**
 * A file the person dropped, as the page holds it (a DOM `File`). Only its identity
 * crosses into the preload, which asks Electron for its path; the page never sees one.
 */
export interface DroppedFile {
  readonly name: string;
}
type FileCall<C extends InvokeChannel> = (files: readonly DroppedFile[]) => Promise<IpcResult<ChannelOutput<C>>>;
type Call<C extends InvokeChannel> = ChannelInput<C> extends undefined
  ? () => Promise<IpcResult<ChannelOutput<C>>>
  : (input: ChannelInput<C>) => Promise<IpcResult<ChannelOutput<C>>>;

/**
 * `window.roster`: the whole API a renderer has. The preload builds exactly this
 * object and nothing more; the renderer code is written against this type.
 */
export interface RosterApi {
  readonly app: {
    reportError: Call<'app:report-error'>;
    onMenuCommand: (listener: (event: EventPayload<'app:menu-command'>) => void) => Unsubscribe;
  };
  readonly workspace: {
    info: Call<'workspace:info'>;
    health: Call<'workspace:health'>;
    reopen: Call<'workspace:reopen'>;
    onHealthChanged: (listener: (event: EventPayload<'workspace:health-changed'>) => void) => Unsubscribe;
    viewState: Call<'workspace:view-state'>;
    setColumnWidths: Call<'workspace:set-column-widths'>;
  };
  readonly people: {
    list: Call<'people:list'>;
    count: Call<'people:count'>;
    get: Call<'people:get'>;
    create: Call<'people:create'>;
    update: Call<'people:update'>;
    delete: Call<'people:delete'>;
    undo: Call<'people:undo'>;
    redo: Call<'people:redo'>;
    history: Call<'people:history'>;
    chooseImport: Call<'people:import-choose'>;
    previewImport: Call<'people:import-preview'>;
    confirmImport: Call<'people:import-confirm'>;
    discardImport: Call<'people:import-discard'>;
    cancelImport: Call<'people:import-cancel'>;
    export: Call<'people:export'>;
    cancelExport: Call<'people:export-cancel'>;
    createMany: Call<'people:create-many'>;
    /** The one file the person dropped on the window, to preview and import. */
    chooseDroppedImport: FileCall<'people:import-dropped'>;
    deleteSelected: Call<'people:delete-selected'>;
    copySelection: Call<'people:copy-selection'>;
    transferTargets: Call<'people:transfer-targets'>;
    transfer: Call<'people:transfer'>;
    cancelBulk: Call<'people:bulk-cancel'>;
    dragStart: Call<'people:drag-start'>;
    drop: Call<'people:drop'>;
    onBulkProgress: (listener: (event: EventPayload<'people:bulk-progress'>) => void) => Unsubscribe;
    onDraggedAway: (listener: (event: EventPayload<'people:dragged-away'>) => void) => Unsubscribe;
    onChanged: (listener: (event: EventPayload<'people:changed'>) => void) => Unsubscribe;
    onImportProgress: (listener: (event: EventPayload<'people:import-progress'>) => void) => Unsubscribe;
    onExportProgress: (listener: (event: EventPayload<'people:export-progress'>) => void) => Unsubscribe;
    onHistoryChanged: (listener: (event: EventPayload<'people:history-changed'>) => void) => Unsubscribe;
    takeReveal: Call<'people:take-reveal'>;
    position: Call<'people:position'>;
    onRevealRequested: (listener: (event: EventPayload<'people:reveal-requested'>) => void) => Unsubscribe;
  };
  readonly catalog: {
    list: Call<'catalog:list'>;
    create: Call<'catalog:create'>;
    openExisting: Call<'catalog:open-existing'>;
    open: Call<'catalog:open'>;
    rename: Call<'catalog:rename'>;
    forget: Call<'catalog:forget'>;
    delete: Call<'catalog:delete'>;
    trash: Call<'catalog:trash'>;
    restore: Call<'catalog:restore'>;
    openInNewWindow: Call<'catalog:open-new-window'>;
    reveal: Call<'catalog:reveal'>;
    locate: Call<'catalog:locate'>;
    /** Opens the workspace files the person dropped on the launcher. */
    openFiles: FileCall<'catalog:open-dropped'>;
    merge: Call<'catalog:merge'>;
    onMergeProgress: (listener: (event: EventPayload<'catalog:merge-progress'>) => void) => Unsubscribe;
    onChanged: (listener: (event: EventPayload<'catalog:changed'>) => void) => Unsubscribe;
    find: Call<'catalog:find'>;
    prepareFind: Call<'catalog:find-prepare'>;
    cancelFind: Call<'catalog:find-cancel'>;
    openPerson: Call<'catalog:open-person'>;
    onFindGroup: (listener: (event: EventPayload<'catalog:find-group'>) => void) => Unsubscribe;
    onFindDone: (listener: (event: EventPayload<'catalog:find-done'>) => void) => Unsubscribe;
  };
}

export { rosterApiLayout } from './ipc-api-layout.js';
import { rosterApiLayout } from './ipc-api-layout.js';

type Layout = typeof rosterApiLayout;
/** The API the layout describes, method for method. */
type ApiFromLayout = {
  readonly [N in keyof Layout]: {
    [M in keyof Layout[N]['invoke']]: Layout[N]['invoke'][M] extends infer C extends InvokeChannel ? Call<C> : never;
  } & {
    [F in keyof Layout[N]['files']]: Layout[N]['files'][F] extends infer C extends InvokeChannel ? FileCall<C> : never;
  } & {
    [E in keyof Layout[N]['events']]: Layout[N]['events'][E] extends infer C extends EventChannel
      ? (listener: (event: EventPayload<C>) => void) => Unsubscribe
      : never;
  };
};
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type KeysMatch<A, B> = Exactly<keyof A, keyof B>;
/** Compile-time proof that the layout and `RosterApi` agree (names and signatures). */
export const rosterApiLayoutMatches: KeysMatch<RosterApi['people'], ApiFromLayout['people']> &
  KeysMatch<RosterApi['catalog'], ApiFromLayout['catalog']> &
  KeysMatch<RosterApi['workspace'], ApiFromLayout['workspace']> &
  KeysMatch<RosterApi['app'], ApiFromLayout['app']> &
  Exactly<RosterApi, ApiFromLayout> = true;

/** Every invoke channel appears in the layout exactly once (checked by a test as well). */
export function layoutChannels(): { invoke: InvokeChannel[]; events: EventChannel[] } {
  const invoke: InvokeChannel[] = [];
  const events: EventChannel[] = [];
  for (const group of Object.values(rosterApiLayout)) {
    invoke.push(...(Object.values(group.invoke) as InvokeChannel[]), ...(Object.values(group.files) as InvokeChannel[]));
    events.push(...(Object.values(group.events) as EventChannel[]));
  }
  return { invoke, events };
}
