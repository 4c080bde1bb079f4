// The preload is built with a table the build derives from the feature contracts
// (scripts/build.mjs puts it in as a constant, so the sandboxed bundle carries no zod).
// Built here with the production settings, the bundle runs against a stand-in for
// Electron's renderer APIs: every method of `window.roster` must reach the channel its
// contract names, in the way its kind says (invoke, dropped files, subscription).

import { runInNewContext } from 'node:vm';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { rosterContracts, rosterPreloadTable } from '../../../main/app/common/roster-api.js';
import { REPO_ROOT } from '../../support/workspace-fixtures.js';

type Method = (...args: unknown[]) => unknown;

interface BuildScript {
  readonly builds: Record<string, esbuild.BuildOptions>;
}

async function buildPreload(): Promise<{ source: string; define: Record<string, string> | undefined }> {
  const script = (await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'build.mjs')).href)) as BuildScript;
  const options = script.builds['preload'] as esbuild.BuildOptions;
  const result = await esbuild.build({ ...options, absWorkingDir: REPO_ROOT, outfile: 'preload.cjs', write: false, logLevel: 'silent' });
  return { source: result.outputFiles[0]?.text ?? '', define: options.define };
}

/** Runs the bundle with a stand-in `electron`; answers the API it exposed and what reached ipcRenderer. */
function runPreload(source: string): { api: Record<string, Record<string, Method>>; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const exposed: Record<string, unknown> = {};
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        calls.push(['invoke', ...args]);
        return Promise.resolve(null);
      },
      on: (channel: string) => calls.push(['on', channel]),
      removeListener: (channel: string) => calls.push(['off', channel]),
    },
    webUtils: { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` },
  };
  const module = { exports: {} };
  const require = (name: string): unknown => {
    if (name !== 'electron') throw new Error(`the preload required ${name}`);
    return electron;
  };
  runInNewContext(source, { module, exports: module.exports, require, Promise, TypeError, Object, Array });
  return { api: exposed['roster'] as Record<string, Record<string, Method>>, calls };
}

describe('the preload table', () => {
  it('is what the build puts in the bundle, and carries no schema library', async () => {
    const { source, define } = await buildPreload();
    expect(JSON.parse(define?.['ROSTER_PRELOAD_TABLE'] ?? 'null')).toEqual(rosterPreloadTable());
    expect(source).not.toMatch(/zod|ZodError|safeParse/);
  });

  it('gives every contract method its channel, by its kind', async () => {
    const { api, calls } = runPreload((await buildPreload()).source);
    expect(Object.keys(api).sort()).toEqual(rosterContracts.map((contract) => contract.namespace).sort());
    for (const { namespace, methods } of rosterContracts) {
      expect(Object.keys(api[namespace] ?? {}).sort()).toEqual(Object.keys(methods).sort());
      for (const [name, spec] of Object.entries(methods)) {
        const channel = `${namespace}:${name}`;
        const method = api[namespace]?.[name] as Method;
        calls.length = 0;
        if (spec.kind === 'event') {
          (method(() => undefined) as () => void)();
          expect(calls).toEqual([
            ['on', channel],
            ['off', channel],
          ]);
        } else if (spec.kind === 'files') {
          await method([{ name: 'a.csv' }]);
          expect(calls).toEqual([['invoke', channel, { paths: ['/dropped/a.csv'] }]]);
        } else {
          await method({ probe: 1 }, 'dropped');
          expect(calls).toEqual([['invoke', channel, { probe: 1 }]]);
        }
      }
    }
  });
});
