/**
 * Draws the app icons (public/icons/*.png) from the favicon's design (public/favicon.svg): a blue
 * rounded square with a white line chart and a dashed amber forecast. No dependencies, no
 * third-party artwork: a tiny rasteriser and PNG encoder. Run: `npx tsx scripts/make-icons.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

type RGBA = [number, number, number, number];
const BLUE: RGBA = [0x1f, 0x4e, 0x79, 255];
const WHITE: RGBA = [255, 255, 255, 255];
const AMBER: RGBA = [0xf5, 0xb9, 0x42, 255];
const CLEAR: RGBA = [0, 0, 0, 0];
/** The favicon's drawing, in its 32 × 32 viewBox. */
const LINE: [number, number][] = [
  [4, 22],
  [10, 16],
  [15, 19],
  [21, 9],
  [28, 12],
];
const FORECAST: [[number, number], [number, number]] = [
  [21, 9],
  [28, 12],
];
const STROKE = 3;

/** Distance from p to segment ab, and how far along ab (0..|ab|) its nearest point lies. */
function toSegment(px: number, py: number, [ax, ay]: [number, number], [bx, by]: [number, number]): { d: number; along: number } {
  const dx = bx - ax;
  const dy = by - ay;
  const len = Math.hypot(dx, dy);
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (len * len)));
  return { d: Math.hypot(px - (ax + t * dx), py - (ay + t * dy)), along: t * len };
}

/** The colour at a point of the 32 × 32 design; `maskable` fills the whole square (no corners). */
function colourAt(x: number, y: number, maskable: boolean): RGBA {
  const r = 6;
  const inRect = maskable
    ? true
    : x >= 0 && x <= 32 && y >= 0 && y <= 32 && Math.hypot(Math.max(r - x, 0, x - (32 - r)), Math.max(r - y, 0, y - (32 - r))) <= r;
  if (!inRect) return CLEAR;
  // Round caps and joins: the distance to the nearest segment.
  for (let i = 1; i < LINE.length; i++) if (toSegment(x, y, LINE[i - 1], LINE[i]).d <= STROKE / 2) {
    // The dashed forecast (butt ends, 2 on, 2 off) is drawn over the last segment.
    const f = toSegment(x, y, FORECAST[0], FORECAST[1]);
    const len = Math.hypot(FORECAST[1][0] - FORECAST[0][0], FORECAST[1][1] - FORECAST[0][1]);
    if (f.d <= STROKE / 2 && f.along > 0 && f.along < len && f.along % 4 < 2) return AMBER;
    return WHITE;
  }
  return BLUE;
}

/** Renders at `size` pixels with 4 × 4 supersampling; maskable icons keep the drawing in the central 80 %. */
function render(size: number, maskable: boolean): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const n = 4;
  const scale = maskable ? 32 / (size * 0.8) : 32 / size;
  const offset = maskable ? -size * 0.1 : 0;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sj = 0; sj < n; sj++) {
        for (let si = 0; si < n; si++) {
          const x = (i + (si + 0.5) / n + offset) * scale;
          const y = (j + (sj + 0.5) / n + offset) * scale;
          const c = colourAt(x, y, maskable);
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const k = (j * size + i) * 4;
      px[k] = a ? Math.round(r / a) : 0;
      px[k + 1] = a ? Math.round(g / a) : 0;
      px[k + 2] = a ? Math.round(b / a) : 0;
      px[k + 3] = Math.round(a / (n * n));
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** An 8-bit RGBA PNG. */
export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}

const dir = new URL('../public/icons/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
] as const) {
  writeFileSync(new URL(name, dir), encodePng(size, render(size, maskable)));
  console.log(`public/icons/${name} (${size} × ${size}${maskable ? ', maskable' : ''})`);
}
