/**
 * Two-phase photos (docs/two-phase-report.md): for each photo as the camera made it, a reduced copy to send
 * first (≤ 1600 px, a few hundred KB, the original's EXIF segment kept byte for byte) and the declaration of
 * the original — its SHA-256, size, stored pixel size and EXIF facts, read here exactly as the server reads
 * them (shared/photo-exif.ts). The original itself follows later as a resumable upload (originals.ts).
 *
 * Preparing starts as soon as a photo is picked, so submitting does not wait for it.
 */
import { exifFacts, type ExifRecord } from '../../../shared/photo-exif';

/** What the server is told of an original it will receive later. */
export interface OriginalDeclaration {
  sha256: string;
  bytes: number;
  /** stored pixel size (before the EXIF orientation is applied), as the server's image reader reports it */
  width: number;
  height: number;
  exif: ExifRecord | null;
}

/** What the outbox keeps for a two-phase send. */
export interface PreparedPhoto {
  reduced: Blob;
  declared: OriginalDeclaration;
}

/** Besides: the original's bytes as hashed (the phone's own copy, detached from the camera's file) and a list thumbnail. */
export interface Prepared extends PreparedPhoto {
  original: Blob;
  thumb: Blob | null;
}

/** The server refuses a reduced copy over 300 KB or 1600 px; the phone aims lower so it goes through a weak link quickly. */
const MAX_SIDE = 1600;
const TARGET_BYTES = 150 * 1024;
const MAX_BYTES = 300 * 1024;
/** Below this an original is sent whole: two phases would save nothing. */
const WORTH_IT_BYTES = 400 * 1024;
/** (long side, JPEG quality) tried in turn until the copy is small enough. */
const STEPS: [number, number][] = [
  [MAX_SIDE, 0.72],
  [MAX_SIDE, 0.6],
  [1280, 0.6],
  [1024, 0.55],
];

const memo = new WeakMap<Blob, Promise<Prepared | null>>();

/**
 * The reduced copy and declaration of a photo, or null when it goes whole (not a JPEG, already small, or the
 * browser cannot do it: no WebCrypto outside HTTPS, no decoder). Memoised per Blob: call it when the photo is
 * picked and again when it is saved.
 */
export function preparePhoto(original: Blob): Promise<Prepared | null> {
  let p = memo.get(original);
  if (!p) {
    p = prepare(original).catch((err) => {
      console.warn('no reduced copy: the photo goes whole', err);
      return null;
    });
    memo.set(original, p);
  }
  return p;
}

async function prepare(original: Blob): Promise<Prepared | null> {
  if (original.size < WORTH_IT_BYTES || !globalThis.crypto?.subtle || typeof createImageBitmap !== 'function') return null;
  const bytes = new Uint8Array(await original.arrayBuffer());
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null; // JPEG only (PNG, HEIC go whole)
  const size = jpegSize(bytes);
  if (!size) return null;
  const [sha256, exif] = await Promise.all([sha256Hex(bytes), readExif(bytes)]);
  const app1 = exifSegment(bytes);
  // the stored pixels, not turned by the EXIF orientation (the copy carries the same orientation tag), decoded
  // straight to the first size tried: a JPEG decoder scales while it decodes, far cheaper than 12 MP then a resize
  const k0 = Math.min(1, MAX_SIDE / Math.max(size.width, size.height));
  // a camera that writes turned pixels' orientation in EXIF (5–8: a quarter turn): where an older browser reads
  // imageOrientation 'none' as "apply it", the decoded size is turned; such a photo goes whole
  const turn = await (await import('exifr/dist/lite.esm.mjs')).orientation(bytes).catch(() => undefined);
  if (turn && turn >= 5) {
    const probe = await createImageBitmap(original, { imageOrientation: 'none' } as ImageBitmapOptions);
    const turned = probe.width !== size.width;
    probe.close();
    if (turned) return null;
  }
  const bitmap = await createImageBitmap(original, {
    imageOrientation: 'none',
    resizeWidth: Math.max(1, Math.round(size.width * k0)),
    resizeHeight: Math.max(1, Math.round(size.height * k0)),
    resizeQuality: 'high',
  } as ImageBitmapOptions);
  try {
    for (const [side, quality] of STEPS) {
      const k = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      const jpeg = await encode(bitmap, Math.max(1, Math.round(bitmap.width * k)), Math.max(1, Math.round(bitmap.height * k)), quality);
      const reduced = new Blob([withSegment(jpeg, app1)], { type: 'image/jpeg' });
      if (reduced.size <= TARGET_BYTES || (side === STEPS[STEPS.length - 1][0] && reduced.size <= MAX_BYTES)) {
        if (reduced.size >= original.size) return null;
        return {
          reduced,
          declared: { sha256, bytes: bytes.length, width: size.width, height: size.height, exif },
          original: new Blob([bytes], { type: 'image/jpeg' }),
          thumb: await encodeBlob(bitmap, 200, 0.7).catch(() => null),
        };
      }
    }
    return null;
  } finally {
    bitmap.close();
  }
}

async function encode(bitmap: ImageBitmap, w: number, h: number, quality: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await (await drawJpeg(bitmap, w, h, quality)).arrayBuffer());
}

/** A JPEG of the bitmap with its long side at most `side` px. */
function encodeBlob(bitmap: ImageBitmap, side: number, quality: number): Promise<Blob> {
  const k = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
  return drawJpeg(bitmap, Math.max(1, Math.round(bitmap.width * k)), Math.max(1, Math.round(bitmap.height * k)), quality);
}

async function drawJpeg(bitmap: ImageBitmap, w: number, h: number, quality: number): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, w, h);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  if (!blob) throw new Error('JPEG encoding failed');
  return blob;
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The EXIF facts with the server's options (shared/photo-exif.ts); null for a photo without EXIF. */
async function readExif(bytes: Uint8Array): Promise<ExifRecord | null> {
  const exifr = await import('exifr/dist/lite.esm.mjs');
  const tags = await exifr.parse(bytes, { tiff: true, exif: true, gps: true, xmp: false, icc: false, iptc: false, reviveValues: false });
  if (!tags) return null;
  const position = await exifr.gps(bytes).catch(() => null);
  return exifFacts(tags, position ?? null).exif;
}

/** Walks a JPEG's segments up to the first scan. */
function* segments(b: Uint8Array): Generator<{ marker: number; start: number; end: number }> {
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1];
    if (marker === 0xd9 || marker === 0xda) return; // end of image, start of scan
    const len = (b[i + 2] << 8) | b[i + 3];
    if (len < 2 || i + 2 + len > b.length) return; // a malformed or cut-off segment: nothing after it is trusted
    yield { marker, start: i, end: i + 2 + len };
    i += 2 + len;
  }
}

/** The stored pixel size from the frame header (SOF0…SOF15 except DHT, JPG and DAC). */
export function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  for (const s of segments(b)) {
    if (s.marker >= 0xc0 && s.marker <= 0xcf && s.marker !== 0xc4 && s.marker !== 0xc8 && s.marker !== 0xcc) {
      const height = (b[s.start + 5] << 8) | b[s.start + 6];
      const width = (b[s.start + 7] << 8) | b[s.start + 8];
      return width && height ? { width, height } : null;
    }
  }
  return null;
}

/** The APP1 segment that holds the EXIF ("Exif\0\0"), marker and length included; null when there is none. */
export function exifSegment(b: Uint8Array): Uint8Array | null {
  for (const s of segments(b)) {
    if (s.marker === 0xe1 && b[s.start + 4] === 0x45 && b[s.start + 5] === 0x78 && b[s.start + 6] === 0x69 && b[s.start + 7] === 0x66) return b.subarray(s.start, s.end);
  }
  return null;
}

/** The JPEG with a segment inserted right after its start-of-image marker (where EXIF readers look first). */
export function withSegment(jpeg: Uint8Array<ArrayBuffer>, segment: Uint8Array | null): Uint8Array<ArrayBuffer> {
  if (!segment) return jpeg;
  const out = new Uint8Array(jpeg.length + segment.length);
  out.set(jpeg.subarray(0, 2), 0);
  out.set(segment, 2);
  out.set(jpeg.subarray(2), 2 + segment.length);
  return out;
}
