import sharp from 'sharp';
import type { Rng } from './demo.random.js';

function dms(v: number): string {
  const a = Math.abs(v);
  const d = Math.floor(a);
  const mFull = (a - d) * 60;
  const m = Math.floor(mFull);
  const s = Math.round((mFull - m) * 60 * 10000);
  return `${d}/1 ${m}/1 ${s}/10000`;
}

/** "YYYY:MM:DD HH:MM:SS" in China time, as a phone camera writes it. */
export function exifChinaTime(t: Date): string {
  const c = new Date(t.getTime() + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${c.getUTCFullYear()}:${p(c.getUTCMonth() + 1)}:${p(c.getUTCDate())} ${p(c.getUTCHours())}:${p(c.getUTCMinutes())}:${p(c.getUTCSeconds())}`;
}

const hsl = (h: number, s: number, l: number) => `hsl(${Math.round(h)},${Math.round(s)}%,${Math.round(l)}%)`;

/**
 * A small, distinct demo photo of a structure with EXIF GPS and capture time. `stage` changes the
 * scene: before/during show a building (during with scaffolding), after shows cleared ground.
 */
export async function demoPhoto(r: Rng, o: { lon: number; lat: number; at: Date; stage: 'before' | 'during' | 'after' }): Promise<Buffer> {
  const W = 400;
  const H = 300;
  const skyH = 110 + r() * 60;
  const parts: string[] = [];
  parts.push(`<rect width="${W}" height="${skyH}" fill="${hsl(200 + r() * 20, 40 + r() * 30, 70 + r() * 15)}"/>`);
  parts.push(`<rect y="${skyH}" width="${W}" height="${H - skyH}" fill="${hsl(70 + r() * 40, 25 + r() * 25, 35 + r() * 20)}"/>`);
  for (let i = 0; i < 3 + Math.floor(r() * 4); i++) {
    // trees and fields in the background
    parts.push(`<circle cx="${r() * W}" cy="${skyH - 5 + r() * 10}" r="${8 + r() * 18}" fill="${hsl(100 + r() * 40, 35, 25 + r() * 15)}"/>`);
  }
  if (o.stage !== 'after') {
    const bw = 120 + r() * 160;
    const bh = 60 + r() * 90;
    const bx = r() * (W - bw);
    const by = skyH + 30 - bh + r() * 40;
    parts.push(`<rect x="${bx}" y="${by}" width="${bw}" height="${bh}" fill="${hsl(r() * 360, 10 + r() * 30, 55 + r() * 30)}" stroke="#333" stroke-width="2"/>`);
    parts.push(`<polygon points="${bx - 8},${by} ${bx + bw / 2},${by - 20 - r() * 30} ${bx + bw + 8},${by}" fill="${hsl(r() * 40, 40, 30 + r() * 20)}"/>`);
    for (let i = 0; i < 2 + Math.floor(r() * 5); i++) {
      parts.push(`<rect x="${bx + 10 + r() * (bw - 30)}" y="${by + 10 + r() * (bh - 30)}" width="16" height="14" fill="#2b3a4a"/>`);
    }
    if (o.stage === 'during') {
      for (let x = bx; x < bx + bw; x += 18) parts.push(`<line x1="${x}" y1="${by - 10}" x2="${x}" y2="${by + bh}" stroke="#b8860b" stroke-width="3"/>`);
    }
  } else {
    for (let i = 0; i < 12; i++)
      parts.push(`<ellipse cx="${r() * W}" cy="${skyH + 20 + r() * (H - skyH - 30)}" rx="${10 + r() * 25}" ry="${4 + r() * 8}" fill="${hsl(30, 20, 40 + r() * 20)}"/>`);
  }
  // no caption of its own: the server's watermark on the display copy says when, where and who
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${parts.join('')}</svg>`);
  const when = exifChinaTime(o.at);
  return sharp(svg)
    .jpeg({ quality: 62 })
    .withExif({
      IFD0: { Make: 'Wuweijian Demo', Model: 'Demo Camera', DateTime: when },
      IFD2: { DateTimeOriginal: when, OffsetTimeOriginal: '+08:00' },
      IFD3: {
        GPSLatitudeRef: o.lat >= 0 ? 'N' : 'S',
        GPSLatitude: dms(o.lat),
        GPSLongitudeRef: o.lon >= 0 ? 'E' : 'W',
        GPSLongitude: dms(o.lon),
      },
    })
    .toBuffer();
}
