import { createHash } from 'node:crypto';
import sharp, { type OutputInfo } from 'sharp';
import exifr from 'exifr';
import { dhash } from './photo.hash.js';
import { SHIPPED_FONT, setUpShippedFontconfig } from '../../platform/fonts.js';
import { exifFacts, parseExifTime } from '../../../shared/photo-exif.js';

export { parseExifTime };

// before any text is drawn: the watermark's font is the one the product ships, never the system's (platform/fonts.ts)
setUpShippedFontconfig();

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
  device: string | null;
  orientation: number | null;
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

/** The file extension of each accepted type (the original's blob key ends with it). */
export const EXT_OF = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/heic': 'heic' } as const;

/** The type from the first bytes (never the name): JPEG, PNG or HEIC, else null. */
export function sniff(buf: Buffer): ImageFacts['mime'] | null {
  if (buf.length > 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length > 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (buf.length > 12 && buf.toString('ascii', 4, 8) === 'ftyp' && /^(heic|heix|mif1|msf1|heim|heis)$/.test(buf.toString('ascii', 8, 12))) return 'image/heic';
  return null;
}

export const sha256Hex = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

/**
 * Identifies the type from the bytes and checks the pixel count from the header: nothing is decoded
 * yet, so a decompression bomb costs nothing. `renderImage` then decodes once.
 */
export async function inspectImage(buf: Buffer, known: { sha256?: string } = {}): Promise<ImageFacts> {
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
  let capturedAt: Date | null = null;
  let gps: [number, number] | null = null;
  let exif: Record<string, unknown> | null = null;
  let device: string | null = null;
  let orientation: number | null = null;
  try {
    // raw values: EXIF times carry no zone; a camera in China writes China time (UTC+8) unless it says otherwise
    const e = await exifr.parse(buf, { tiff: true, exif: true, gps: true, xmp: false, icc: false, iptc: false, reviveValues: false });
    if (e) {
      // the one reading of the tags, shared with the phone (it declares these facts of an original it sends later)
      const f = exifFacts(e, await exifr.gps(buf).catch(() => null));
      ({ capturedAt, gps, device, orientation } = f);
      exif = f.exif as unknown as Record<string, unknown>;
    }
  } catch {
    exif = null;
  }
  const ext = EXT_OF[mime];
  // the caller may have hashed the upload already (a report's fingerprint): the bytes are hashed once
  return { sha256: known.sha256 ?? sha256Hex(buf), mime, ext, width: w, height: h, capturedAt, gps, exif, device, orientation };
}

/** The visible 水印 on the display copy: when, where and who, as field staff expect. */
export interface Watermark {
  lines: string[];
}

const escapeXml = (t: string) => t.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * Draws the watermark into decoded pixels (any channel count): the bottom band darkened to half and the
 * white text, set by Pango (sharp's text input) in the shipped font, blended in. Drawing into the pixels costs a fraction of
 * compositing layers in libvips (≈ 3 ms less CPU per photo). The text is at most the picture's width (it
 * wraps) and, on a very small picture, is fitted into the lower part.
 */
async function drawWatermark(pixels: Buffer, width: number, height: number, channels: number, wm: Watermark): Promise<void> {
  const size = Math.max(11, Math.round(Math.min(width, height) / 30));
  const pad = Math.round(size * 0.6);
  const markup = `<span foreground="white">${escapeXml(wm.lines.join('\n'))}</span>`;
  const textWidth = Math.max(1, width - 2 * pad);
  const font = SHIPPED_FONT.family;
  let text = await sharp({ text: { text: markup, font: `${font} ${size}px`, width: textWidth, rgba: true, spacing: Math.round(size * 0.45), wrap: 'char' } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const maxText = Math.max(1, Math.floor(height * 0.45) - 2 * pad);
  if (text.info.height > maxText)
    text = await sharp({ text: { text: markup, font, width: textWidth, height: maxText, rgba: true, wrap: 'char' } })
      .raw()
      .toBuffer({ resolveWithObject: true });
  const tw = Math.min(text.info.width, width);
  const th = Math.min(text.info.height, height);
  const band = Math.min(height, th + 2 * pad);
  const y0 = height - band;
  for (let i = y0 * width * channels; i < height * width * channels; i++) pixels[i] >>= 1;
  const tx = Math.max(0, Math.min(pad, width - tw));
  const ty = y0 + Math.max(0, Math.min(pad, band - th));
  const t = text.data;
  const tc = text.info.channels;
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      const a = t[(y * text.info.width + x) * tc + tc - 1];
      if (a === 0) continue;
      const o = ((ty + y) * width + tx + x) * channels;
      for (let c = 0; c < channels; c++) pixels[o + c] += ((255 - pixels[o + c]) * a) / 255;
    }
  }
}

export interface RenderedImage {
  /** Oriented, ≤1280 px, with the watermark; the original is never touched. */
  display: Buffer;
  thumb: Buffer;
  /** 64-bit difference hash (dHash) of the oriented image, hex. */
  phash: string;
  /** The watermark's lines as drawn ([] for none): the copies can be rendered again from the original with them. */
  lines: string[];
}

/**
 * The one decode of an upload: orient and shrink on load to ≤1280 px, then make the watermarked display
 * copy, the thumbnail and the perceptual hash from those pixels. A truncated or corrupt file fails here,
 * before anything is stored.
 */
export async function renderImage(buf: Buffer, wm: Watermark | null): Promise<RenderedImage> {
  let px: { data: Buffer; info: OutputInfo };
  try {
    px = await sharp(buf, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize(1280, 1280, { fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new ImageRejected('photo.corrupt', '图片已损坏,无法解码');
  }
  const raw = { raw: { width: px.info.width, height: px.info.height, channels: px.info.channels } };
  // the thumbnail and the hash first: the watermark is then drawn into these same pixels
  const [thumb, hashPx] = await Promise.all([
    sharp(px.data, raw).resize(256, 256, { fit: 'inside' }).jpeg({ quality: 75 }).toBuffer(),
    sharp(px.data, raw).greyscale().resize(9, 8, { fit: 'fill' }).raw().toBuffer(),
  ]);
  if (wm) await drawWatermark(px.data, px.info.width, px.info.height, px.info.channels, wm);
  const display = await sharp(px.data, raw).jpeg({ quality: 82 }).toBuffer();
  return { display, thumb, phash: dhash(hashPx), lines: wm?.lines ?? [] };
}

/** What the watermark says besides what the photo's own EXIF tells. */
export interface WatermarkFacts {
  /** "巡查员 张巡查" */
  who: string;
  /** "新埭镇 鲁家村" */
  placeText: string;
  /** The device's own fix sent with the upload, and its accuracy. */
  fix: [number, number] | null;
  accuracyM: number | null;
  /** The case point, for a photo added to an existing case. */
  casePoint: [number, number] | null;
  /** The capture time the device sent. */
  capturedAt: Date | null;
  caseNo: string | null;
  now: Date;
  /** The hash to print instead of the bytes' own: a reduced copy's display copy names the original it stands for. */
  sha256?: string;
}

/** China time, minute precision ("2026-11-27 09:30"). */
const chinaMinute = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The three watermark lines: when and where, who and the position, the case and the hash. EXIF wins over what the device sent. */
export function watermarkLines(facts: ImageFacts, w: WatermarkFacts): string[] {
  const where = facts.gps ?? w.fix ?? w.casePoint;
  const when = facts.capturedAt ?? w.capturedAt ?? w.now;
  return [
    `${chinaMinute(when)}  ${w.placeText}`,
    w.who + (where ? `  ${where[1].toFixed(5)}°N ${where[0].toFixed(5)}°E` : '') + (w.accuracyM !== null && !facts.gps ? ` ±${Math.round(w.accuracyM)}m` : ''),
    `${w.caseNo ?? '新上报'}  SHA256 ${(w.sha256 ?? facts.sha256).slice(0, 12)}`,
  ];
}

/** The whole image work of one upload: inspect, then the one decode with the watermark (run in the photo worker, photo.pool.ts). */
export async function processImage(buf: Buffer, opts: { sha256?: string; watermark: WatermarkFacts }): Promise<{ facts: ImageFacts; rendered: RenderedImage }> {
  const facts = await inspectImage(buf, { sha256: opts.sha256 });
  const rendered = await renderImage(buf, { lines: watermarkLines(facts, opts.watermark) });
  return { facts, rendered };
}
