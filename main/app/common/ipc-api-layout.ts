// The shape of `window.roster` as data: which channel each method invokes and which
// event each `onX` subscribes to. Kept apart from ipc-contract.ts (and free of zod) so
// the preload bundle carries this table and not the schemas; ipc-contract.ts re-exports
// it and proves at compile time that it matches `RosterApi`.

import type { EventChannel, InvokeChannel, RosterApi } from './ipc-contract.js';

/**
 * How `RosterApi` maps onto channels: `window.roster[namespace][method]` invokes the
 * channel named here, `window.roster[namespace][onX]` subscribes to the event named
 * here, and a `files` method takes dropped `File`s, which the preload turns into the
 * paths Electron knows for them (`{ paths }`) before invoking its channel. The preload builds `window.roster` from this table alone, and a type
 * check below holds the table to `RosterApi` in both directions, so the API cannot
 * grow a method (or lose one) without the contract saying so.
 */
export const rosterApiLayout = {
  app: {
    invoke: { reportError: 'app:report-error' },
    files: {},
    events: { onMenuCommand: 'app:menu-command' },
  },
  workspace: {
    invoke: { info: 'workspace:info', health: 'workspace:health', reopen: 'workspace:reopen', viewState: 'workspace:view-state', setColumnWidths: 'workspace:set-column-widths' },
    files: {},
    events: { onHealthChanged: 'workspace:health-changed' },
  },
  people: {
    invoke: {
      list: 'people:list',
      count: 'people:count',
      get: 'people:get',
      create: 'people:create',
      update: 'people:update',
      delete: 'people:delete',
      undo: 'people:undo',
      redo: 'people:redo',
      history: 'people:history',
      chooseImport: 'people:import-choose',
      previewImport: 'people:import-preview',
      confirmImport: 'people:import-confirm',
      discardImport: 'people:import-discard',
      cancelImport: 'people:import-cancel',
      export: 'people:export',
      cancelExport: 'people:export-cancel',
      createMany: 'people:create-many',
      deleteSelected: 'people:delete-selected',
      copySelection: 'people:copy-selection',
      transferTargets: 'people:transfer-targets',
      transfer: 'people:transfer',
      cancelBulk: 'people:bulk-cancel',
      dragStart: 'people:drag-start',
      drop: 'people:drop',
      takeReveal: 'people:take-reveal',
      position: 'people:position',
    },
    files: { chooseDroppedImport: 'people:import-dropped' },
    events: {
      onChanged: 'people:changed',
      onImportProgress: 'people:import-progress',
      onExportProgress: 'people:export-progress',
      onHistoryChanged: 'people:history-changed',
      onBulkProgress: 'people:bulk-progress',
      onDraggedAway: 'people:dragged-away',
      onRevealRequested: 'people:reveal-requested',
    },
  },
  catalog: {
    invoke: {
      list: 'catalog:list',
      create: 'catalog:create',
      openExisting: 'catalog:open-existing',
      open: 'catalog:open',
      rename: 'catalog:rename',
      forget: 'catalog:forget',
      delete: 'catalog:delete',
      trash: 'catalog:trash',
      restore: 'catalog:restore',
      openInNewWindow: 'catalog:open-new-window',
      reveal: 'catalog:reveal',
      locate: 'catalog:locate',
      merge: 'catalog:merge',
      find: 'catalog:find',
      prepareFind: 'catalog:find-prepare',
      cancelFind: 'catalog:find-cancel',
      openPerson: 'catalog:open-person',
    },
    files: { openFiles: 'catalog:open-dropped' },
    events: { onChanged: 'catalog:changed', onMergeProgress: 'catalog:merge-progress', onFindGroup: 'catalog:find-group', onFindDone: 'catalog:find-done' },
  },
} as const satisfies {
  readonly [N in keyof RosterApi]: {
    readonly invoke: Readonly<Record<string, InvokeChannel>>;
    readonly files: Readonly<Record<string, InvokeChannel>>;
    readonly events: Readonly<Record<string, EventChannel>>;
  };
};
