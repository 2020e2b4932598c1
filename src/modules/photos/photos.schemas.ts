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
    flags: Type.Array(
      Type.String({
        description:
          'no_exif, no_exif_gps, no_exif_time, gps_mismatch, far_from_case, stale_capture, future_capture; two-phase photos: original_missing (not arrived in ORIGINAL_WAIT_HOURS), original_mismatch (the bytes that arrived were not the original declared)',
      }),
    ),
  },
  { additionalProperties: true },
);

/** A two-phase photo's original (docs/two-phase-report.md): null for a photo sent whole. */
export const PhotoOriginal = Type.Object(
  {
    status: Enum(
      ['awaiting', 'verified', 'refused'] as const,
      'awaiting 原图上传中 (the reduced copy stands in) / verified (the original is the evidence of record) / refused (the bytes were not the original declared; the reduced copy stays the evidence)',
    ),
    sha256: Type.String({ description: 'the SHA-256 the phone declared' }),
    bytes: Type.Integer({ description: 'the size the phone declared' }),
    uploadPath: Type.String({ description: 'where to create the tus upload (POST, with `Upload-Metadata: photoId <base64>`)' }),
    dueAt: DateTime('when a missing original raises the flag original_missing'),
    missingSince: Nullable(DateTime('when the flag original_missing was raised')),
    receivedAt: Nullable(DateTime()),
    receivedSha256: Nullable(Type.String({ description: 'the hash of the bytes that arrived (refused ones too)' })),
    mismatches: Type.Array(Type.String(), { description: 'what the refused bytes contradict: sha256, bytes, type, width, height, exif.<field>, exif, duplicate_on_case' }),
  },
  { description: 'The original of a photo sent in two phases' },
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
  original: Nullable(PhotoOriginal),
  uploadedAt: DateTime(),
  urls: PhotoUrls,
});
export const PhotoList = Type.Object({ items: Type.Array(Photo) }, { description: 'Photos' });
