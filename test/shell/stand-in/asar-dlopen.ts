// Electron's asar support for native addons, in the stand-in's process. The harness
// preloads this with `--require` (bundled as asar-dlopen.cjs), which Node runs in the
// main thread and again in every worker thread, as Electron's asar support covers the
// main process's worker threads too.
//
// Electron shows app.asar to the main process as a folder, and the stand-in extracts it
// into a real folder of that name (harness.ts packagedApp). A native library can only
// be loaded from a real file, so the `process.dlopen` wrapper of Electron's asar
// support never loads a path inside the archive as given: it asks the archive for a
// real file (Archive::CopyFileOut), which is the same path under app.asar.unpacked when
// the archive's header marks the entry unpacked (electron-builder's asarUnpack), and
// otherwise a copy written to a temporary folder. This wrapper does the same, from the
// header's unpacked entries the harness passes in, so the process loads (and its
// diagnostic report lists) the file Electron would load, and a missing unpacked file
// fails the way it fails in Electron.

import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import type { RunnerConfig } from './runner.js';

const config = JSON.parse(process.env['ROSTER_SHELL_CONFIG'] ?? 'null') as RunnerConfig | null;

if (config?.mode === 'packaged') {
  const archive = join(config.resourcesPath, 'app.asar');
  const unpacked = new Set(config.asarUnpacked ?? []);
  const realFile = (filename: string): string => {
    const inside = relative(archive, filename);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return filename;
    if (unpacked.has(inside.split(sep).join('/'))) return join(`${archive}.unpacked`, inside);
    const copy = join(mkdtempSync(join(tmpdir(), 'roster-asar-')), basename(filename));
    copyFileSync(filename, copy);
    return copy;
  };
  const dlopen = process.dlopen.bind(process);
  // Node reads a third argument even when it is undefined (as flags 0): pass it on only when given.
  process.dlopen = (module: object, filename: string, flags?: number) =>
    flags === undefined ? dlopen(module, realFile(filename)) : dlopen(module, realFile(filename), flags);
}
