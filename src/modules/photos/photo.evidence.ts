import type { ImageFacts } from './photo.image.js';

/** Great-circle distance in metres (WGS84 sphere; ample for "is this photo where it claims"). */
export function metresBetween(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Thresholds of the evidence flags; documented in docs/patrol.md. */
export const EVIDENCE_LIMITS = {
  /** EXIF GPS further than this (plus the device's stated accuracy) from the reported place. */
  gpsMismatchM: 100,
  /** Taken more than this long before the upload (an old photo passed off as new). */
  staleCaptureS: 72 * 3600,
  /** Taken "in the future": clocks disagree by more than this. */
  futureToleranceS: 10 * 60,
};

export type EvidenceFlag = 'no_exif' | 'no_exif_gps' | 'no_exif_time' | 'gps_mismatch' | 'far_from_case' | 'stale_capture' | 'future_capture';

export interface EvidenceFacts {
  exifPresent: boolean;
  exifGps: [number, number] | null;
  deviceFix: [number, number] | null;
  deviceAccuracyM: number | null;
  /** Where the photo says it was taken: EXIF GPS, else the device's fix sent with it. */
  locationSource: 'exif' | 'device' | null;
  /** EXIF GPS vs the place reported with the upload (the device's fix, or the case point). */
  gpsDistanceM: number | null;
  /** The photo's location vs the case point (photos added to an existing case). */
  caseDistanceM: number | null;
  capturedAt: string | null;
  timeSource: 'exif' | 'device' | null;
  /** Seconds from capture to upload (negative: the capture claims to be later than the upload). */
  captureLagS: number | null;
  device: string | null;
  orientation: number | null;
  flags: EvidenceFlag[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * What one photo proves, computed once at upload and kept with it. Missing EXIF (webviews often strip
 * it) is a recorded fact, not an error: the device's own fix and time sent with the report stand in.
 */
export function evidenceFacts(
  img: Pick<ImageFacts, 'exif' | 'gps' | 'capturedAt' | 'device' | 'orientation'>,
  sent: { fix: [number, number] | null; accuracyM: number | null; capturedAt: Date | null; casePoint: [number, number] | null },
  uploadedAt: Date,
): EvidenceFacts {
  const flags: EvidenceFlag[] = [];
  if (!img.exif) flags.push('no_exif');
  else {
    if (!img.gps) flags.push('no_exif_gps');
    if (!img.capturedAt) flags.push('no_exif_time');
  }
  const reference = sent.fix ?? sent.casePoint;
  const gpsDistanceM = img.gps && reference ? round1(metresBetween(img.gps, reference)) : null;
  if (gpsDistanceM !== null && gpsDistanceM > EVIDENCE_LIMITS.gpsMismatchM + (sent.fix ? (sent.accuracyM ?? 0) : 0)) flags.push('gps_mismatch');
  const where = img.gps ?? sent.fix;
  const caseDistanceM = where && sent.casePoint ? round1(metresBetween(where, sent.casePoint)) : null;
  if (caseDistanceM !== null && caseDistanceM > EVIDENCE_LIMITS.gpsMismatchM + (img.gps ? 0 : (sent.accuracyM ?? 0))) flags.push('far_from_case');
  const when = img.capturedAt ?? sent.capturedAt;
  const captureLagS = when ? Math.round((uploadedAt.getTime() - when.getTime()) / 1000) : null;
  if (captureLagS !== null && captureLagS > EVIDENCE_LIMITS.staleCaptureS) flags.push('stale_capture');
  if (captureLagS !== null && captureLagS < -EVIDENCE_LIMITS.futureToleranceS) flags.push('future_capture');
  return {
    exifPresent: img.exif !== null,
    exifGps: img.gps,
    deviceFix: sent.fix,
    deviceAccuracyM: sent.accuracyM,
    locationSource: img.gps ? 'exif' : sent.fix ? 'device' : null,
    gpsDistanceM,
    caseDistanceM,
    capturedAt: when ? when.toISOString() : null,
    timeSource: img.capturedAt ? 'exif' : sent.capturedAt ? 'device' : null,
    captureLagS,
    device: img.device,
    orientation: img.orientation,
    flags,
  };
}
