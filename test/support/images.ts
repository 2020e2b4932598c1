import sharp from 'sharp';
import { exifChinaTime } from '../../src/demo/demo.photos.js';

function dms(v: number) {
  const d = Math.floor(v);
  const m = Math.floor((v - d) * 60);
  const s = Math.round(((v - d) * 60 - m) * 60 * 10000);
  return `${d}/1 ${m}/1 ${s}/10000`;
}

/** A real JPEG with EXIF GPS and capture time; `seed` makes it distinct. */
export async function jpegWithExif(o: { lon: number; lat: number; at: Date; seed?: number; width?: number; height?: number }): Promise<Buffer> {
  const s = o.seed ?? 1;
  const w = o.width ?? 320;
  const h = o.height ?? 240;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="rgb(${(s * 53) % 255},${(s * 97) % 255},${(s * 31) % 255})"/><circle cx="${(s * 37) % w}" cy="${(s * 17) % h}" r="40" fill="#fff"/></svg>`;
  return sharp(Buffer.from(svg))
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'T1' },
      IFD2: { DateTimeOriginal: exifChinaTime(o.at) },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(o.lat), GPSLongitudeRef: 'E', GPSLongitude: dms(o.lon) },
    })
    .toBuffer();
}

/** A multipart body by hand, so tests send exactly the bytes a phone would. */
export function multipart(fields: Record<string, string>, files: { name: string; filename: string; type: string; data: Buffer }[]) {
  const boundary = `----wwj${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`));
    chunks.push(f.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * A photo as a phone camera makes it: 4000×3000 px of fine detail (blurred noise, so it compresses like a
 * real scene: about 2.5 MB, and ≈ 180 KB at 1600 px), with the camera's EXIF (make, model, capture time, GPS).
 */
export async function cameraJpeg(o: { lon: number; lat: number; at: Date }): Promise<Buffer> {
  return sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 120, g: 130, b: 110 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .blur(2)
    .jpeg({ quality: 94 })
    .withExif({
      IFD0: { Make: 'HUAWEI', Model: 'ELS-AN00' },
      IFD2: { DateTimeOriginal: exifChinaTime(o.at) },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(o.lat), GPSLongitudeRef: 'E', GPSLongitude: dms(o.lon) },
    })
    .toBuffer();
}
