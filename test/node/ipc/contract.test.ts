// The feature contracts and what is derived from them: a channel is always
// `${namespace}:${method}`, events are the `onX` methods and only they, every feature
// contributes its methods to the app's tables once, and the types the renderer and the
// handlers are written against follow the schemas.

import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  channelTables,
  defineFeature,
  event,
  files,
  invoke,
  NoInput,
  preloadTable,
  type DroppedFile,
  type FeatureApi,
  type FeatureHandlers,
  type IpcResult,
} from '../../../main/kernel/common/contract.js';
import {
  eventChannels,
  invokeChannels,
  rosterContracts,
  rosterPreloadTable,
  type RosterApi,
  type RosterHandlers,
} from '../../../main/app/common/roster-api.js';

const demo = defineFeature('demo', {
  get: invoke('workspace', z.strictObject({ id: z.number() }), z.string()),
  reset: invoke('any', NoInput, z.null()),
  openFiles: files('launcher', z.array(z.string())),
  onTick: event(z.strictObject({ at: z.number() })),
});

describe('defineFeature', () => {
  it('names every channel namespace:method and splits requests from events', () => {
    const tables = channelTables([demo]);
    expect(Object.keys(tables.invoke)).toEqual(['demo:get', 'demo:reset', 'demo:openFiles']);
    expect(Object.keys(tables.events)).toEqual(['demo:onTick']);
    expect(tables.invoke['demo:reset'].role).toBe('any');
    expect(tables.invoke['demo:openFiles'].input.safeParse({ paths: ['/a.roster'] }).success).toBe(true);
    expect(tables.events['demo:onTick'].safeParse({ at: 1 }).success).toBe(true);
    expect(preloadTable([demo])).toEqual({
      demo: {
        get: { kind: 'invoke', channel: 'demo:get' },
        reset: { kind: 'invoke', channel: 'demo:reset' },
        openFiles: { kind: 'files', channel: 'demo:openFiles' },
        onTick: { kind: 'event', channel: 'demo:onTick' },
      },
    });
  });

  it('refuses an event not named onX, a request named like one, and two features with one namespace', () => {
    expect(() => defineFeature('bad', { tick: event(z.null()) })).toThrow(/events are named onX/);
    expect(() => defineFeature('bad', { onTick: invoke('any', NoInput, z.null()) })).toThrow(/only events are/);
    expect(() => channelTables([demo, demo])).toThrow(/share the namespace demo/);
  });

  it('derives the API and the handlers from the schemas', () => {
    type Api = { readonly demo: FeatureApi<typeof demo> };
    expectTypeOf<Api['demo']['get']>().toEqualTypeOf<(input: { id: number }) => Promise<IpcResult<string>>>();
    expectTypeOf<Api['demo']['reset']>().toEqualTypeOf<() => Promise<IpcResult<null>>>();
    expectTypeOf<Api['demo']['openFiles']>().toEqualTypeOf<(files: readonly DroppedFile[]) => Promise<IpcResult<string[]>>>();
    expectTypeOf<Api['demo']['onTick']>().toEqualTypeOf<(listener: (event: { at: number }) => void) => () => void>();
    type Get = NonNullable<FeatureHandlers<typeof demo>['demo:get']>;
    expectTypeOf<Parameters<Get>[0]>().toEqualTypeOf<{ id: number }>();
    expectTypeOf<ReturnType<Get>>().toEqualTypeOf<string | Promise<string>>();
    type OpenFiles = NonNullable<FeatureHandlers<typeof demo>['demo:openFiles']>;
    expectTypeOf<Parameters<OpenFiles>[0]>().toEqualTypeOf<{ paths: string[] }>();
  });
});

describe('the app contract', () => {
  it('has each feature once, and every channel of its tables comes from exactly one method', () => {
    const namespaces = rosterContracts.map((contract) => contract.namespace);
    expect(new Set(namespaces).size).toBe(namespaces.length);
    const derived = rosterContracts.flatMap(({ namespace, methods }) => Object.keys(methods).map((method) => `${namespace}:${method}`));
    expect([...Object.keys(invokeChannels), ...Object.keys(eventChannels)].sort()).toEqual(derived.sort());
    for (const [namespace, methods] of Object.entries(rosterPreloadTable())) {
      for (const [method, { channel }] of Object.entries(methods)) expect(channel).toBe(`${namespace}:${method}`);
    }
  });

  it('types window.roster and the handlers by the same names', () => {
    expectTypeOf<RosterApi['importExport']['chooseDroppedImport']>().parameters.toEqualTypeOf<[files: readonly DroppedFile[]]>();
    expectTypeOf<RosterApi['history']['undo']>().parameters.toEqualTypeOf<[]>();
    expectTypeOf<ReturnType<RosterApi['find']['find']>>().toEqualTypeOf<Promise<IpcResult<{ queryId: number; workspaces: number }>>>();
    expectTypeOf<keyof RosterHandlers>().toEqualTypeOf<keyof typeof invokeChannels>();
  });
});
