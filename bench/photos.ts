/**
 * Benchmark photos: distinct 4000 × 3000 JPEGs of ~2.7 MB, like a phone's (a scene with a horizon,
 * buildings and sensor noise, quality 85), cached in bench/.cache/photos-4000x3000/ without EXIF, and
 * EXIF GPS + capture time spliced in per use (cheap: no re-encode), so the same pixels can carry the
 * point of whatever case a benchmark reports.
 *
 *   npx tsx bench/photos.ts --count 300      # generates what is missing (~1–2 s per photo)
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { jpegWithExif } from '../test/support/images.js';
import { arg, CACHE_DIR } from './lib.js';

export const PHOTO_W = 4000;
export const PHOTO_H = 3000;
export const PHOTO_DIR = path.join(CACHE_DIR, `photos-${PHOTO_W}x${PHOTO_H}`);
const NOISE_AMP = 11.3;
const QUALITY = 85;

function mulberry32(a: number) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let noiseTable: Int8Array | null = null;
/** Roughly Gaussian noise (sum of three uniforms), σ ≈ 23, one table for all photos. */
function noise(): Int8Array {
  if (noiseTable) return noiseTable;
  const r = mulberry32(7);
  noiseTable = new Int8Array(1 << 22);
  for (let i = 0; i < noiseTable.length; i++) noiseTable[i] = Math.max(-127, Math.min(127, Math.round((r() + r() + r() - 1.5) * 80)));
  return noiseTable;
}

/** Photo number `i` (a different scene and noise for each i). JPEG without EXIF. */
export async function generatePhoto(i: number): Promise<Buffer> {
  const W = PHOTO_W;
  const H = PHOTO_H;
  const r = mulberry32(1000 + i);
  const N = noise();
  const px = Buffer.alloc(W * H * 3);
  const horizon = Math.floor(H * (0.3 + 0.25 * r()));
  const sky = [120 + 80 * r(), 150 + 70 * r(), 200 + 50 * r()];
  const ground = [70 + 60 * r(), 80 + 60 * r(), 50 + 40 * r()];
  const rects = Array.from({ length: 6 + Math.floor(r() * 8) }, () => {
    const w = 200 + r() * 900;
    const h = 200 + r() * 700;
    return { x: r() * (W - w), y: horizon - h * (0.3 + 0.7 * r()), w, h, c: [60 + 180 * r(), 60 + 180 * r(), 60 + 180 * r()] };
  });
  let off = Math.floor(r() * N.length);
  for (let y = 0; y < H; y++) {
    const base = y < horizon ? sky.map((v) => v - (horizon - y) * 0.02) : ground.map((v) => v + (y - horizon) * 0.01);
    const rowRects = rects.filter((q) => y >= q.y && y < q.y + q.h);
    for (let x = 0; x < W; x++) {
      let c = base;
      for (const q of rowRects) if (x >= q.x && x < q.x + q.w) c = q.c;
      const o = (y * W + x) * 3;
      for (let k = 0; k < 3; k++) {
        off = (off + 1) & (N.length - 1);
        const v = c[k] + (N[off] * NOISE_AMP) / 40;
        px[o + k] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
  return sharp(px, { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: QUALITY })
    .toBuffer();
}

export const photoFile = (i: number) => path.join(PHOTO_DIR, `photo-${String(i).padStart(4, '0')}.jpg`);

/** Makes sure photos 0..count-1 are in the cache; returns their paths. */
export async function ensurePhotos(count: number, log: (m: string) => void = console.log): Promise<string[]> {
  fs.mkdirSync(PHOTO_DIR, { recursive: true });
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !fs.existsSync(photoFile(i)));
  if (missing.length) log(`generating ${missing.length} photos of ${PHOTO_W}×${PHOTO_H} into ${PHOTO_DIR} …`);
  const t = Date.now();
  for (const [k, i] of missing.entries()) {
    const jpg = await generatePhoto(i);
    fs.writeFileSync(photoFile(i) + '.tmp', jpg);
    fs.renameSync(photoFile(i) + '.tmp', photoFile(i));
    if ((k + 1) % 20 === 0) log(`  ${k + 1}/${missing.length} (${((Date.now() - t) / 1000).toFixed(0)} s, last ${(jpg.length / 1e6).toFixed(2)} MB)`);
  }
  return Array.from({ length: count }, (_, i) => photoFile(i));
}

/** The JPEG segments before the scan: [marker, start, end) each. */
function headerSegments(jpg: Buffer): { marker: number; start: number; end: number }[] {
  if (jpg[0] !== 0xff || jpg[1] !== 0xd8) throw new Error('not a JPEG');
  const out = [];
  let i = 2;
  while (i < jpg.length && jpg[i] === 0xff) {
    const marker = jpg[i + 1];
    if (marker === 0xda) break; // start of scan
    const len = jpg.readUInt16BE(i + 2);
    out.push({ marker, start: i, end: i + 2 + len });
    i += 2 + len;
  }
  return out;
}

/**
 * The same JPEG with an EXIF block (Make/Model, DateTimeOriginal in China time, GPS) in place of its
 * APP0/APP1: the block is cut from a tiny JPEG written by the test fixtures' `jpegWithExif`, so it is
 * exactly what the tests carry, and the big picture is not re-encoded.
 */
export async function withExif(jpg: Buffer, o: { lon: number; lat: number; at: Date }): Promise<Buffer> {
  const tiny = await jpegWithExif({ lon: o.lon, lat: o.lat, at: o.at, width: 8, height: 8 });
  const app1 = headerSegments(tiny).find((s) => s.marker === 0xe1 && tiny.toString('ascii', s.start + 4, s.start + 8) === 'Exif');
  if (!app1) throw new Error('sharp wrote no EXIF segment');
  const segs = headerSegments(jpg);
  const keep = segs.filter((s) => s.marker !== 0xe0 && s.marker !== 0xe1);
  const scanStart = segs.length ? segs[segs.length - 1].end : 2;
  return Buffer.concat([jpg.subarray(0, 2), tiny.subarray(app1.start, app1.end), ...keep.map((s) => jpg.subarray(s.start, s.end)), jpg.subarray(scanStart)]);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const count = Number(arg(process.argv.slice(2), 'count', '300'));
  const files = await ensurePhotos(count);
  const sizes = files.map((f) => fs.statSync(f).size);
  console.log(
    `${files.length} photos, ${(sizes.reduce((a, b) => a + b, 0) / files.length / 1e6).toFixed(2)} MB on average (min ${(Math.min(...sizes) / 1e6).toFixed(2)}, max ${(Math.max(...sizes) / 1e6).toFixed(2)})`,
  );
}
