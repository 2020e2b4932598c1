/**
 * The EXIF facts of a photo as the server records them, from what exifr reads. Pure: the server's image
 * reader (src/modules/photos/photo.image.ts) and the phone (which reads its original before sending a
 * reduced copy, docs/two-phase-report.md) use this one function, so the facts the phone declares are
 * the facts the server will find in the original.
 *
 * exifr's options on both sides: `{ tiff: true, exif: true, gps: true, xmp: false, icc: false, iptc: false,
 * reviveValues: false }`, and `exifr.gps(bytes)` for the position.
 */

/** The EXIF record kept with a photo (`photos.exif`) and declared by the phone for its original. */
export interface ExifRecord {
  make: string | null;
  model: string | null;
  dateTimeOriginal: string | null;
  /** ISO 8601 (UTC) of the capture time; China time (UTC+8) when the camera wrote no offset. */
  capturedAt: string | null;
  latitude: number | null;
  longitude: number | null;
  orientation: number | null;
  software: string | null;
}

export interface ExifFacts {
  capturedAt: Date | null;
  gps: [number, number] | null;
  device: string | null;
  orientation: number | null;
  exif: ExifRecord;
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

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : null);

/**
 * The facts of exifr's raw tags (`tags`: `exifr.parse` with the options above) and its position
 * (`position`: `exifr.gps`, or null).
 */
export function exifFacts(tags: Record<string, unknown>, position: { longitude?: unknown; latitude?: unknown } | null): ExifFacts {
  const e = tags as Record<string, any>;
  const capturedAt = parseExifTime(e.DateTimeOriginal ?? e.CreateDate ?? e.DateTime, e.OffsetTimeOriginal ?? e.OffsetTime);
  const lon = position?.longitude;
  const lat = position?.latitude;
  const gps: [number, number] | null =
    typeof lon === 'number' && typeof lat === 'number' && Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? [lon, lat] : null;
  const device =
    [e.Make, e.Model]
      .filter((x) => typeof x === 'string' && x.trim())
      .map((x: string) => x.trim())
      .join(' ')
      .slice(0, 100) || null;
  const orientation = Number.isInteger(e.Orientation) && e.Orientation >= 1 && e.Orientation <= 8 ? (e.Orientation as number) : null;
  return {
    capturedAt,
    gps,
    device,
    orientation,
    exif: {
      make: text(e.Make, 100),
      model: text(e.Model, 100),
      dateTimeOriginal: text(e.DateTimeOriginal, 40),
      capturedAt: capturedAt?.toISOString() ?? null,
      latitude: gps?.[1] ?? null,
      longitude: gps?.[0] ?? null,
      orientation,
      software: text(e.Software, 100),
    },
  };
}
