// Roster's icons, made from one master image, build/icon.svg, by a real SVG renderer
// (resvg, through @resvg/resvg-js: its native binary comes from the npm registry, so
// it installs offline). Writes the files electron-builder takes from build/:
//
//   build/icon.png            1024 px: the macOS and Windows icon; electron-builder
//                             makes the .icns and .ico from it when it packages
//   build/icons/<N>x<N>.png   16 to 512 px: the Linux icon set; 512 is also the
//                             window icon (extraResources)
//
//   node scripts/make-icons.mjs          render them
//   node scripts/make-icons.mjs --check  exit 1 if one is missing or differs from a
//                                        fresh render (run by the packaging test)
//
// The PNGs are committed: they are build inputs, and release machines should not need
// to render them. Change the SVG, run `npm run icons`, commit both.
import console from 'node:console';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MASTER = join(root, 'build', 'icon.svg');

/** The Linux set; 512 is also the window icon. */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
/** electron-builder wants at least 512 px for macOS and 256 for Windows; 1024 serves both. */
export const MAIN_ICON_SIZE = 1024;

export function render(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();
}

export function outputs() {
  return [
    { file: join(root, 'build', 'icon.png'), size: MAIN_ICON_SIZE },
    ...LINUX_SIZES.map((size) => ({ file: join(root, 'build', 'icons', `${size}x${size}.png`), size })),
  ];
}

function main() {
  const check = process.argv.includes('--check');
  const svg = readFileSync(MASTER);
  const stale = [];
  for (const { file, size } of outputs()) {
    const png = render(svg, size);
    if (check) {
      if (!existsSync(file) || !readFileSync(file).equals(png)) stale.push(relative(root, file));
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, png);
    console.log(`wrote ${relative(root, file)} (${size} px, ${png.length} bytes)`);
  }
  if (stale.length > 0) {
    console.error(
      `These icons are missing or not what build/icon.svg renders to: ${stale.join(', ')}. Run \`npm run icons\` and commit them.`,
    );
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
