import { createHash } from 'node:crypto';
import sharp from 'sharp';
import exifr from 'exifr';

/** What we learn from the bytes of one uploaded image, before anything is stored. */
export interface ImageFacts {
  sha256: string;
  mime: 'image/jpeg' | 'image/png' | 'image/heic';
  ext: 'jpg' | 'png' | 'heic';
  width: number;
  height: number;
  capturedAt: Date | null;
  gps: [number, number] | null;
  exif: Record<string, unknown> | null;
}

/** Decompression-bomb limit: refuse more pixels than any phone camera makes. */
export const MAX_PIXELS = 100_000_000;

export class ImageRejected extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sniff(buf: Buffer): ImageFacts['mime'] | null {
  if (buf.length > 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length > 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (buf.length > 12 && buf.toString('ascii', 4, 8) === 'ftyp' && /^(heic|heix|mif1|msf1|heim|heis)$/.test(buf.toString('ascii', 8, 12))) return 'image/heic';
  return null;
}

/** Identifies the type from the bytes, checks the pixel count from the header, then decodes once. */
export async function inspectImage(buf: Buffer): Promise<ImageFacts> {
  const mime = sniff(buf);
  if (!mime) throw new ImageRejected('photo.unsupported_type', '只接受 JPEG、PNG 或 HEIC 图片');
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(buf, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageRejected('photo.corrupt', '图片已损坏,无法读取');
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (!w || !h) throw new ImageRejected('photo.corrupt', '图片已损坏,无法读取尺寸');
  if (w * h > MAX_PIXELS) throw new ImageRejected('photo.too_many_pixels', `图片像素过多(${w}×${h}),拒绝处理`);
  try {
    // one full decode proves the image is whole; shrink-on-load keeps it cheap
    await sharp(buf, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
  } catch {
    throw new ImageRejected('photo.corrupt', '图片已损坏,无法解码');
  }
  let capturedAt: Date | null = null;
  let gps: [number, number] | null = null;
  let exif: Record<string, unknown> | null = null;
  try {
    // raw values: EXIF times carry no zone; a camera in China writes China time (UTC+8) unless it says otherwise
    const e = await exifr.parse(buf, { tiff: true, exif: true, gps: true, xmp: false, icc: false, iptc: false, reviveValues: false });
    if (e) {
      capturedAt = parseExifTime(e.DateTimeOriginal ?? e.CreateDate ?? e.DateTime, e.OffsetTimeOriginal ?? e.OffsetTime);
      const g = await exifr.gps(buf).catch(() => null);
      if (g && Number.isFinite(g.longitude) && Number.isFinite(g.latitude) && Math.abs(g.latitude) <= 90 && Math.abs(g.longitude) <= 180) gps = [g.longitude, g.latitude];
      exif = {
        make: e.Make ?? null,
        model: e.Model ?? null,
        dateTimeOriginal: typeof e.DateTimeOriginal === 'string' ? e.DateTimeOriginal : null,
        capturedAt: capturedAt?.toISOString() ?? null,
        latitude: gps?.[1] ?? null,
        longitude: gps?.[0] ?? null,
        orientation: e.Orientation ?? null,
        software: e.Software ?? null,
      };
    }
  } catch {
    exif = null;
  }
  const ext = mime === 'image/jpeg' ? 'jpg' : mime === 'image/png' ? 'png' : 'heic';
  return { sha256: createHash('sha256').update(buf).digest('hex'), mime, ext, width: w, height: h, capturedAt, gps, exif };
}

/** The display copy (≤1280 px) and thumbnail (≤256 px), oriented, from one decode. */
export async function deriveImages(buf: Buffer): Promise<{ display: Buffer; thumb: Buffer }> {
  const oriented = sharp(buf, { limitInputPixels: MAX_PIXELS }).rotate().resize(1280, 1280, { fit: 'inside', withoutEnlargement: true });
  const display = await oriented.clone().jpeg({ quality: 82 }).toBuffer();
  const thumb = await sharp(display).resize(256, 256, { fit: 'inside' }).jpeg({ quality: 75 }).toBuffer();
  return { display, thumb };
}

/** "2026:05:01 10:30:00" (+ optional "+08:00") → Date; China time when no offset is written. */
export function parseExifTime(v: unknown, offset: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(v.trim());
  if (!m) return null;
  const off = typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset.trim()) ? offset.trim() : '+08:00';
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${off}`);
  return Number.isNaN(d.getTime()) ? null : d;
}
