// Draws Roster's icon and writes it in every format electron-builder wants, using
// nothing but Node (zlib for PNG). The icon: a blue rounded square holding a list of
// three people (a head and a line each).
//
//   node scripts/make-icons.mjs          write build/icon.png, build/icon.ico,
//                                        build/icon.icns and build/icons/<N>x<N>.png
//   node scripts/make-icons.mjs --check  exit 1 if those files are missing or do not
//                                        hold what this script draws (compared by
//                                        pixels, not bytes, so another zlib is fine)
//
// The generated files are committed: they are build inputs in electron-builder's
// buildResources folder (build/), and release machines should not need to draw them.
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import { deflateSync, inflateSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Linux wants a set of sizes; 512 is also the window icon and build/icon.png. */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
/** Windows .ico: small sizes as 32-bit bitmaps (what every Windows tool reads), 256 as PNG. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** macOS .icns chunk types that hold PNG data, by pixel size. */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

// ---------------------------------------------------------------------------------
// Drawing: shapes as signed distance functions in a unit square, coverage from the
// distance in pixels (analytic anti-aliasing), composited over transparency.

const TOP = [0x4c, 0x7e, 0xf3];
const BOTTOM = [0x2a, 0x4f, 0xb8];
const INK = [0xff, 0xff, 0xff];

function roundedBox(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - r;
}

function circle(x, y, cx, cy, r) {
  return Math.hypot(x - cx, y - cy) - r;
}

const ROWS = [0.335, 0.5, 0.665];

function inkDistance(x, y) {
  let d = Infinity;
  for (const cy of ROWS) {
    d = Math.min(d, circle(x, y, 0.315, cy, 0.058));
    d = Math.min(d, roundedBox(x, y, 0.565, cy, 0.165, 0.036, 0.036));
  }
  return d;
}

function coverage(distance, size) {
  return Math.min(1, Math.max(0, 0.5 - distance * size));
}

/** RGBA, straight (not premultiplied) alpha, rows top to bottom. */
export function drawIcon(size) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    const y = (py + 0.5) / size;
    const t = Math.min(1, Math.max(0, (y - 0.09) / 0.82));
    const bg = TOP.map((top, i) => top + (BOTTOM[i] - top) * t);
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const body = coverage(roundedBox(x, y, 0.5, 0.5, 0.41, 0.41, 0.095), size);
      const ink = coverage(inkDistance(x, y), size) * body;
      const alpha = body;
      const offset = (py * size + px) * 4;
      for (let i = 0; i < 3; i++) {
        // ink over background, then the whole over transparency (straight alpha).
        pixels[offset + i] = Math.round(bg[i] * (1 - ink) + INK[i] * ink);
      }
      pixels[offset + 3] = Math.round(alpha * 255);
    }
  }
  return pixels;
}

// ---------------------------------------------------------------------------------
// PNG

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Scanlines as PNG stores them before compression: filter byte 0, then the row. */
function scanlines(rgba, size) {
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return raw;
}

export function encodePng(rgba, size) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(scanlines(rgba, size), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Width, height and the inflated scanlines of a PNG written by encodePng. */
export function decodePng(bytes) {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== bytes.readUInt32BE(offset + 8 + length)) {
      throw new Error(`PNG chunk ${type} has a bad CRC`);
    }
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    offset += 12 + length;
  }
  return { width, height, scanlines: inflateSync(Buffer.concat(idat)) };
}

// ---------------------------------------------------------------------------------
// ICO: ICONDIR, one ICONDIRENTRY per image, then the images.

function bitmapEntry(rgba, size) {
  const header = Buffer.alloc(40);
  const maskStride = Math.ceil(size / 32) * 4;
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour rows + mask rows
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(size * size * 4 + maskStride * size, 20);
  const colour = Buffer.alloc(size * size * 4);
  const mask = Buffer.alloc(maskStride * size);
  for (let y = 0; y < size; y++) {
    const row = size - 1 - y; // bottom-up
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = (row * size + x) * 4;
      colour[to] = rgba[from + 2];
      colour[to + 1] = rgba[from + 1];
      colour[to + 2] = rgba[from];
      colour[to + 3] = rgba[from + 3];
      if (rgba[from + 3] === 0) mask[row * maskStride + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, colour, mask]);
}

export function encodeIco(images) {
  const dir = Buffer.alloc(6 + 16 * images.length);
  dir.writeUInt16LE(1, 2);
  dir.writeUInt16LE(images.length, 4);
  let offset = dir.length;
  const bodies = images.map(({ size, rgba }, index) => {
    const body = size >= 256 ? encodePng(rgba, size) : bitmapEntry(rgba, size);
    const entry = 6 + 16 * index;
    dir[entry] = size >= 256 ? 0 : size;
    dir[entry + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, entry + 4);
    dir.writeUInt16LE(32, entry + 6);
    dir.writeUInt32LE(body.length, entry + 8);
    dir.writeUInt32LE(offset, entry + 12);
    offset += body.length;
    return body;
  });
  return Buffer.concat([dir, ...bodies]);
}

/** [{ size, kind: 'png' | 'bmp', data }] of an .ico file. */
export function readIco(bytes) {
  if (bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) throw new Error('not an .ico file');
  const count = bytes.readUInt16LE(4);
  const images = [];
  for (let i = 0; i < count; i++) {
    const entry = 6 + 16 * i;
    const size = bytes[entry] === 0 ? 256 : bytes[entry];
    const length = bytes.readUInt32LE(entry + 8);
    const offset = bytes.readUInt32LE(entry + 12);
    const data = bytes.subarray(offset, offset + length);
    images.push({ size, kind: data.subarray(0, 8).equals(PNG_SIGNATURE) ? 'png' : 'bmp', data });
  }
  return images;
}

// ---------------------------------------------------------------------------------
// ICNS: 'icns', total length, then (type, length including this 8-byte header, data).

export function encodeIcns(pngBySize) {
  const chunks = ICNS_TYPES.map(([type, size]) => {
    const png = pngBySize.get(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + chunks.reduce((sum, c) => sum + c.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

/** Map of chunk type to data of an .icns file. */
export function readIcns(bytes) {
  if (bytes.toString('latin1', 0, 4) !== 'icns' || bytes.readUInt32BE(4) !== bytes.length) throw new Error('not an .icns file');
  const chunks = new Map();
  for (let offset = 8; offset < bytes.length; ) {
    const type = bytes.toString('latin1', offset, offset + 4);
    const length = bytes.readUInt32BE(offset + 4);
    chunks.set(type, bytes.subarray(offset + 8, offset + length));
    offset += length;
  }
  return chunks;
}

// ---------------------------------------------------------------------------------

/** Every output file, as path relative to the project, and its bytes. */
export function renderAll() {
  const sizes = [...new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, size]) => size)])].sort((a, b) => a - b);
  const rgbaBySize = new Map(sizes.map((size) => [size, drawIcon(size)]));
  const pngBySize = new Map(sizes.map((size) => [size, encodePng(rgbaBySize.get(size), size)]));
  const files = new Map();
  for (const size of LINUX_SIZES) files.set(`build/icons/${size}x${size}.png`, pngBySize.get(size));
  files.set('build/icon.png', pngBySize.get(512));
  files.set('build/icon.ico', encodeIco(ICO_SIZES.map((size) => ({ size, rgba: rgbaBySize.get(size) }))));
  files.set('build/icon.icns', encodeIcns(pngBySize));
  return { files, rgbaBySize };
}

function samePng(a, b) {
  const x = decodePng(a);
  const y = decodePng(b);
  return x.width === y.width && x.height === y.height && x.scanlines.equals(y.scanlines);
}

/** Whether a file on disk holds the same images as the freshly drawn bytes. */
function sameIcon(name, onDisk, expected) {
  if (name.endsWith('.png')) return samePng(onDisk, expected);
  if (name.endsWith('.ico')) {
    const a = readIco(onDisk);
    const b = readIco(expected);
    return (
      a.length === b.length &&
      a.every((image, i) => {
        const other = b[i];
        if (image.size !== other.size || image.kind !== other.kind) return false;
        return image.kind === 'png' ? samePng(image.data, other.data) : image.data.equals(other.data);
      })
    );
  }
  const a = readIcns(onDisk);
  const b = readIcns(expected);
  return a.size === b.size && [...b].every(([type, png]) => a.has(type) && samePng(a.get(type), png));
}

function main() {
  const check = process.argv.includes('--check');
  const { files } = renderAll();
  const stale = [];
  for (const [name, bytes] of files) {
    const path = join(root, name);
    if (check) {
      let ok;
      try {
        ok = existsSync(path) && sameIcon(name, readFileSync(path), bytes);
      } catch {
        ok = false;
      }
      if (!ok) stale.push(name);
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
    }
  }
  if (check) {
    if (stale.length > 0) {
      console.error(`icons out of date (run node scripts/make-icons.mjs): ${stale.join(', ')}`);
      process.exit(1);
    }
    console.log(`icons up to date (${files.size} files)`);
  } else {
    console.log(`wrote ${[...files.keys()].map((name) => relative(root, join(root, name))).join(', ')}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
