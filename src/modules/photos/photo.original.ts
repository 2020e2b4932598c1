import type { ExifRecord } from '../../../shared/photo-exif.js';

/**
 * Two-phase photos (docs/two-phase-report.md): the phone sends a reduced copy at once with what it
 * declares of the original (its SHA-256, size, dimensions and EXIF facts), and the original later as a
 * resumable upload. Pure rules: what a declaration must say, what a reduced copy may be, and whether the
 * bytes that arrived are the original declared.
 */

/** A reduced copy is at most this big: it is what crosses a weak link before the report is acknowledged. */
export const REDUCED_LIMITS = { maxBytes: 300 * 1024, maxSide: 1600 };

/** What the phone declares of an original it will send later, as the server's own image reader reports it. */
export interface DeclaredOriginal {
  sha256: string;
  bytes: number;
  /** The stored pixel size (as sharp's metadata reports it: before any EXIF orientation). */
  width: number;
  height: number;
  /** The EXIF facts (shared/photo-exif.ts), null when the original has none. */
  exif: ExifRecord | null;
}

/** The state of a photo's original: on its way, the evidence of record, or refused (the reduced copy stays the evidence). */
export type OriginalStatus = 'awaiting' | 'verified' | 'refused';

/** Why an original was refused: the fields of the declaration the bytes contradict. */
export type OriginalMismatch = 'sha256' | 'bytes' | 'type' | 'width' | 'height' | `exif.${keyof ExifRecord}` | 'exif' | 'duplicate_on_case';

const EXIF_KEYS = ['make', 'model', 'dateTimeOriginal', 'capturedAt', 'latitude', 'longitude', 'orientation', 'software'] as const satisfies readonly (keyof ExifRecord)[];
/** The EXIF facts a reduced copy must carry over from its original (it is re-encoded: software and orientation may change). */
const KEPT_IN_REDUCED = ['make', 'model', 'dateTimeOriginal', 'capturedAt', 'latitude', 'longitude'] as const satisfies readonly (keyof ExifRecord)[];

/** Positions read by two EXIF readers agree to about a centimetre. */
const sameNumber = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) < 1e-7 : a === b);

function exifMismatches(declared: ExifRecord | null, found: Record<string, unknown> | null, keys: readonly (keyof ExifRecord)[]): OriginalMismatch[] {
  if (!declared && !found) return [];
  if (!declared || !found) return ['exif'];
  const out: OriginalMismatch[] = [];
  for (const k of keys) {
    const a = declared[k] ?? null;
    const b = found[k] ?? null;
    if (!sameNumber(a, b)) out.push(`exif.${k}`);
  }
  return out;
}

/**
 * Whether the bytes that arrived are the original declared: the same hash and length, and the image
 * reader finds the declared dimensions and EXIF facts. Any difference refuses them (the reduced copy
 * stays the evidence of record; the refused bytes' hash is recorded).
 */
export function originalMismatches(
  declared: DeclaredOriginal,
  found: { sha256: string; bytes: number; facts: { width: number; height: number; exif: Record<string, unknown> | null } | null },
): OriginalMismatch[] {
  const out: OriginalMismatch[] = [];
  if (found.sha256 !== declared.sha256) out.push('sha256');
  if (found.bytes !== declared.bytes) out.push('bytes');
  if (!found.facts) return [...out, 'type'];
  if (found.facts.width !== declared.width) out.push('width');
  if (found.facts.height !== declared.height) out.push('height');
  return [...out, ...exifMismatches(declared.exif, found.facts.exif, EXIF_KEYS)];
}

/** Whether a reduced copy carries its original's EXIF facts (the phone keeps them when it shrinks the picture). */
export function reducedMismatches(declared: DeclaredOriginal, reducedExif: Record<string, unknown> | null): OriginalMismatch[] {
  return exifMismatches(declared.exif, reducedExif, KEPT_IN_REDUCED);
}

/** Whether a reduced copy is within the limits (bytes, longest side); the problems in zh-CN, none when it is. */
export function reducedProblems(r: { bytes: number; width: number; height: number }, d: DeclaredOriginal): string[] {
  const out: string[] = [];
  if (r.bytes > REDUCED_LIMITS.maxBytes) out.push(`缩略图过大(${Math.ceil(r.bytes / 1024)} KB,最多 ${REDUCED_LIMITS.maxBytes / 1024} KB)`);
  if (Math.max(r.width, r.height) > REDUCED_LIMITS.maxSide) out.push(`缩略图尺寸过大(${r.width}×${r.height},长边最多 ${REDUCED_LIMITS.maxSide} 像素)`);
  if (r.bytes >= d.bytes) out.push('缩略图不小于原图');
  return out;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Reads the `originals` field of a two-phase request: a JSON array with one declaration per photo, in
 * the order of the files. Returns the declarations or the problem (English, for the 400's details).
 */
export function parseDeclarations(raw: string, files: number, maxBytes: number): { ok: DeclaredOriginal[] } | { problem: string } {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return { problem: 'not JSON' };
  }
  if (!Array.isArray(v)) return { problem: 'expected an array' };
  if (v.length !== files) return { problem: `expected ${files} declaration(s), one per photo, got ${v.length}` };
  const out: DeclaredOriginal[] = [];
  for (const [i, d] of v.entries()) {
    const at = `[${i}]`;
    if (typeof d !== 'object' || d === null) return { problem: `${at}: expected an object` };
    const o = d as Record<string, unknown>;
    const sha = typeof o.sha256 === 'string' ? o.sha256.toLowerCase() : '';
    if (!SHA256.test(sha)) return { problem: `${at}.sha256: 64 hex digits` };
    if (!Number.isInteger(o.bytes) || (o.bytes as number) < 1 || (o.bytes as number) > maxBytes) return { problem: `${at}.bytes: an integer in 1..${maxBytes}` };
    for (const k of ['width', 'height'] as const)
      if (!Number.isInteger(o[k]) || (o[k] as number) < 1 || (o[k] as number) > 100_000) return { problem: `${at}.${k}: an integer in 1..100000` };
    let exif: ExifRecord | null = null;
    if (o.exif !== null && o.exif !== undefined) {
      if (typeof o.exif !== 'object') return { problem: `${at}.exif: an object or null` };
      const e = o.exif as Record<string, unknown>;
      const unknownKey = Object.keys(e).find((k) => !(EXIF_KEYS as readonly string[]).includes(k));
      if (unknownKey) return { problem: `${at}.exif.${unknownKey}: unknown` };
      const str = (k: string, max: number) =>
        e[k] === undefined || e[k] === null ? null : typeof e[k] === 'string' && (e[k] as string).length <= max ? (e[k] as string) : undefined;
      const num = (k: string, lim: number) =>
        e[k] === undefined || e[k] === null ? null : typeof e[k] === 'number' && Math.abs(e[k] as number) <= lim ? (e[k] as number) : undefined;
      const rec = {
        make: str('make', 100),
        model: str('model', 100),
        dateTimeOriginal: str('dateTimeOriginal', 40),
        capturedAt: str('capturedAt', 40),
        latitude: num('latitude', 90),
        longitude: num('longitude', 180),
        orientation: num('orientation', 8),
        software: str('software', 100),
      };
      const bad = Object.entries(rec).find(([, x]) => x === undefined);
      if (bad) return { problem: `${at}.exif.${bad[0]}: wrong type or too long` };
      if (typeof rec.capturedAt === 'string' && Number.isNaN(Date.parse(rec.capturedAt))) return { problem: `${at}.exif.capturedAt: ISO 8601` };
      exif = rec as ExifRecord;
    }
    out.push({ sha256: sha, bytes: o.bytes as number, width: o.width as number, height: o.height as number, exif });
  }
  if (new Set(out.map((d) => d.sha256)).size !== out.length) return { problem: 'the same original declared twice' };
  return { ok: out };
}

/** When a missing original raises its flag. */
export const originalDueAt = (uploadedAt: Date, waitHours: number) => new Date(uploadedAt.getTime() + waitHours * 3600_000);
