// The layer allow-list (.dependency-cruiser.cjs) is what keeps the kernel free of
// features and the features in their order. These tests run it, as `npm run layers`
// does, over small trees in a temporary folder, so a rule that stopped catching
// anything would fail here rather than pass silently on the real tree.

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/schema-engine.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

const DEPCRUISE = join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

/** Writes `files` (path → source) into a fresh folder and runs the allow-list over it. */
function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const dir = makeTempDir('layers');
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } }));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  const roots = ['main', 'renderer/src'].filter((root) => Object.keys(files).some((path) => path.startsWith(`${root}/`)));
  const result = spawnSync(
    process.execPath,
    [DEPCRUISE, ...roots, '--config', join(REPO_ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err'],
    { cwd: dir, encoding: 'utf8' },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const exporting = 'export const value = 1;\n';

describe('the layer allow-list', () => {
  it('passes a tree where every import points down', () => {
    const result = cruise({
      'main/kernel/node/a.ts': exporting,
      'main/features/workspace/node/w.ts': "import { value } from '../../../kernel/node/a.js';\nexport const w = value;\n",
      'main/features/people/node/p.ts': "import { w } from '../../workspace/node/w.js';\nexport const p = w;\n",
      'main/app/node/root.ts': "import { p } from '../../features/people/node/p.js';\nexport const root = p;\n",
    });
    expect(result.output).toContain('no dependency violations');
    expect(result.status).toBe(0);
  });

  it('refuses the kernel importing a feature', () => {
    const result = cruise({
      'main/features/people/node/p.ts': exporting,
      'main/kernel/node/a.ts': "import { value } from '../../features/people/node/p.js';\nexport const a = value;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('main-kernel');
  });

  it('refuses a feature importing one after it, and a feature importing the app', () => {
    const result = cruise({
      'main/features/transfer/node/t.ts': exporting,
      'main/app/node/root.ts': exporting,
      'main/features/people/node/p.ts': "import { value } from '../../transfer/node/t.js';\nexport const p = value;\n",
      'main/features/find/node/f.ts': "import { value } from '../../../app/node/root.js';\nexport const f = value;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('main-feature-people');
    expect(result.output).toContain('main-feature-find');
  });

  it('refuses an import cycle, and a renderer feature reaching main outside common code', () => {
    const result = cruise({
      'main/features/people/node/one.ts': "import { two } from './two.js';\nexport const one = () => two;\n",
      'main/features/people/node/two.ts': "import { one } from './one.js';\nexport const two = () => one;\n",
      'renderer/src/features/people/view.ts':
        "import { one } from '../../../../main/features/people/node/one.js';\nexport const view = one;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('no-cycles');
    expect(result.output).toContain('renderer-feature-people');
  });
});
