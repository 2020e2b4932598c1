import { Type } from 'typebox';
import { PHOTO_STAGES } from '../../../shared/enums.js';
import { DateTime, Enum, Nullable, Uuid } from '../../platform/schemas.js';

export const PhotoStage = Enum(PHOTO_STAGES, 'before 整改前 / during 整改中 / after 整改后');
export const PhotoUrls = Type.Object({
  original: Type.String(),
  display: Type.String({ description: '≤1280 px, watermarked' }),
  thumbnail: Type.String({ description: '≤256 px' }),
});

/** What a photo proves, computed at upload (docs/patrol.md); stored JSON. */
export const PhotoEvidence = Type.Object(
  {
    exifPresent: Type.Boolean(),
    locationSource: Nullable(Enum(['exif', 'device'] as const)),
    gpsDistanceM: Nullable(Type.Number()),
    caseDistanceM: Nullable(Type.Number()),
    timeSource: Nullable(Enum(['exif', 'device'] as const)),
    captureLagS: Nullable(Type.Number()),
    device: Nullable(Type.String()),
    flags: Type.Array(Type.String({ description: 'no_exif, no_exif_gps, no_exif_time, gps_mismatch, far_from_case, stale_capture, future_capture' })),
  },
  { additionalProperties: true },
);

/** A photo of a case. */
export const Photo = Type.Object({
  id: Uuid,
  caseId: Uuid,
  stage: PhotoStage,
  sha256: Type.String(),
  mime: Type.String(),
  bytes: Type.Integer(),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  capturedAt: Nullable(DateTime()),
  captureLon: Nullable(Type.Number()),
  captureLat: Nullable(Type.Number()),
  captureAccuracyM: Nullable(Type.Number()),
  exif: Nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'the EXIF tags read' })),
  phash: Nullable(Type.String({ description: 'perceptual hash (hex)' })),
  evidence: Nullable(PhotoEvidence),
  uploadedAt: DateTime(),
  urls: PhotoUrls,
});
export const PhotoList = Type.Object({ items: Type.Array(Photo) }, { description: 'Photos' });
