#!/usr/bin/env node
// Generates the tray icons (every state; light and dark variants; macOS template images; @2x) and the
// 512×512 app icon into resources/icons/, with node only: shapes are rasterised with 4×4 supersampling
// and written by a small PNG encoder (zlib + CRC32). Run: node scripts/make-icons.mjs
// The states differ by shape as well as colour (check, triangle, cross, dots, bars), so they read for
// colour-blind users and as monochrome macOS template images.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'icons');

// ------------------------------------------------------------------ PNG encoder
const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** RGBA8 pixels (Uint8ClampedArray, width*height*4) → PNG bytes. */
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ------------------------------------------------------------------ shapes (unit square, y down)
const disk = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r0, r1) => (x, y) => {
  const d = (x - cx) ** 2 + (y - cy) ** 2;
  return d <= r1 * r1 && d >= r0 * r0;
};
function segDist(x, y, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}
/** A polyline with round caps, width w. */
const stroke = (points, w) => (x, y) => {
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    if (segDist(x, y, a[0], a[1], b[0], b[1]) <= w / 2) return true;
  }
  return false;
};
const triangle = (a, b, c) => (x, y) => {
  const s = (p, q) => (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1]);
  const d1 = s(a, b);
  const d2 = s(b, c);
  const d3 = s(c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = Math.max(x0 + r, Math.min(x1 - r, x));
  const cy = Math.max(y0 + r, Math.min(y1 - r, y));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const union =
  (...fs) =>
  (x, y) =>
    fs.some((f) => f(x, y));
/** Grows a shape by sampling around it (outline). */
const dilate = (f, r) => (x, y) =>
  f(x, y) ||
  [0, 1, 2, 3, 4, 5, 6, 7].some((k) =>
    f(x + r * Math.cos((k * Math.PI) / 4), y + r * Math.sin((k * Math.PI) / 4)),
  );

/** Layers: [shape, [r,g,b,a 0..255], mode] with mode 'over' (paint) or 'erase' (cut to transparent). */
function render(size, layers, ss = 4) {
  const px = new Uint8ClampedArray(size * size * 4);
  const acc = new Float64Array(4);
  for (let py = 0; py < size; py++) {
    for (let pxl = 0; pxl < size; pxl++) {
      acc.fill(0);
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = (pxl + (sx + 0.5) / ss) / size;
          const y = (py + (sy + 0.5) / ss) / size;
          let [r, g, b, a] = [0, 0, 0, 0];
          for (const [shape, color, mode] of layers) {
            if (!shape(x, y)) continue;
            if (mode === 'erase') {
              [r, g, b, a] = [0, 0, 0, 0];
              continue;
            }
            const ca = color[3] / 255;
            const outA = ca + a * (1 - ca);
            if (outA > 0) {
              r = (color[0] * ca + r * a * (1 - ca)) / outA;
              g = (color[1] * ca + g * a * (1 - ca)) / outA;
              b = (color[2] * ca + b * a * (1 - ca)) / outA;
            }
            a = outA;
          }
          // premultiplied accumulation so edges do not darken
          acc[0] += r * a;
          acc[1] += g * a;
          acc[2] += b * a;
          acc[3] += a;
        }
      }
      const i = (py * size + pxl) * 4;
      const n = ss * ss;
      const alpha = acc[3] / n;
      px[i] = alpha ? acc[0] / acc[3] : 0;
      px[i + 1] = alpha ? acc[1] / acc[3] : 0;
      px[i + 2] = alpha ? acc[2] / acc[3] : 0;
      px[i + 3] = Math.round(alpha * 255);
    }
  }
  return px;
}

// ------------------------------------------------------------------ the tray states
const COLORS = {
  healthy: [46, 160, 87, 255],
  warning: [230, 162, 0, 255],
  critical: [217, 48, 37, 255],
  stale: [138, 143, 152, 255],
  paused: [91, 127, 166, 255],
};
const WHITE = [255, 255, 255, 255];
const BLACK = [0, 0, 0, 255];

const base = {
  healthy: disk(0.5, 0.5, 0.42),
  warning: triangle([0.5, 0.06], [0.97, 0.9], [0.03, 0.9]),
  critical: disk(0.5, 0.5, 0.42),
  stale: disk(0.5, 0.5, 0.42),
  paused: disk(0.5, 0.5, 0.42),
};
const glyph = {
  healthy: stroke(
    [
      [0.3, 0.52],
      [0.44, 0.66],
      [0.7, 0.36],
    ],
    0.12,
  ),
  warning: union(
    stroke(
      [
        [0.5, 0.36],
        [0.5, 0.6],
      ],
      0.12,
    ),
    disk(0.5, 0.75, 0.065),
  ),
  critical: union(
    stroke(
      [
        [0.34, 0.34],
        [0.66, 0.66],
      ],
      0.12,
    ),
    stroke(
      [
        [0.66, 0.34],
        [0.34, 0.66],
      ],
      0.12,
    ),
  ),
  stale: union(disk(0.3, 0.5, 0.065), disk(0.5, 0.5, 0.065), disk(0.7, 0.5, 0.065)),
  paused: union(
    stroke(
      [
        [0.41, 0.33],
        [0.41, 0.67],
      ],
      0.11,
    ),
    stroke(
      [
        [0.59, 0.33],
        [0.59, 0.67],
      ],
      0.11,
    ),
  ),
};

function trayLayers(state, variant) {
  if (variant === 'template') {
    // Black + alpha only; the glyph is cut out. Stale is hollow so it reads as "no data" in one colour.
    const shape = state === 'stale' ? ring(0.5, 0.5, 0.33, 0.45) : dilate(base[state], 0.02);
    return [
      [shape, BLACK, 'over'],
      [glyph[state], BLACK, state === 'stale' ? 'over' : 'erase'],
    ];
  }
  // An outline that contrasts with the panel: dark on light panels, light on dark ones.
  const outline = variant === 'light' ? [20, 24, 30, 200] : [255, 255, 255, 210];
  return [
    [dilate(base[state], 0.05), outline, 'over'],
    [base[state], COLORS[state], 'over'],
    [glyph[state], WHITE, 'over'],
  ];
}

function appIconLayers() {
  return [
    [roundRect(0.04, 0.04, 0.96, 0.96, 0.2), [21, 26, 36, 255], 'over'],
    [ring(0.5, 0.5, 0.3, 0.35), [63, 182, 139, 255], 'over'],
    [
      stroke(
        [
          [0.18, 0.52],
          [0.36, 0.52],
          [0.44, 0.34],
          [0.56, 0.7],
          [0.64, 0.52],
          [0.82, 0.52],
        ],
        0.055,
      ),
      [240, 244, 248, 255],
      'over',
    ],
  ];
}

export function makeIcons(dir = outDir) {
  mkdirSync(dir, { recursive: true });
  const written = [];
  const write = (name, size, layers) => {
    writeFileSync(join(dir, name), encodePng(size, size, render(size, layers)));
    written.push(name);
  };
  for (const state of Object.keys(COLORS)) {
    for (const variant of ['light', 'dark']) {
      write(`tray-${state}-${variant}.png`, 16, trayLayers(state, variant));
      write(`tray-${state}-${variant}@2x.png`, 32, trayLayers(state, variant));
    }
    write(`tray-${state}Template.png`, 16, trayLayers(state, 'template'));
    write(`tray-${state}Template@2x.png`, 32, trayLayers(state, 'template'));
  }
  write('icon.png', 512, appIconLayers());
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = makeIcons();
  console.log(`make-icons: wrote ${files.length} files to ${outDir}`);
}
