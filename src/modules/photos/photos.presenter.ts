import type { Static } from 'typebox';
import type { PhotosRepo } from './photos.repo.js';
import type { Photo, PhotoEvidence } from './photos.schemas.js';

export type PhotoRow = NonNullable<Awaited<ReturnType<PhotosRepo['byId']>>>;

/** Where the originals of two-phase photos are uploaded (tus, src/platform/tus.ts). */
export const ORIGINAL_UPLOAD_PATH = '/api/uploads';

/** A photo in its API shape, with the URLs of its three variants. */
export function presentPhoto(p: PhotoRow): Static<typeof Photo> {
  return {
    id: p.id,
    caseId: p.case_id,
    stage: p.stage,
    sha256: p.sha256,
    mime: p.mime,
    bytes: p.bytes,
    width: p.width,
    height: p.height,
    capturedAt: p.captured_at,
    captureLon: p.capture_lon,
    captureLat: p.capture_lat,
    captureAccuracyM: p.capture_accuracy_m,
    exif: p.exif,
    phash: p.phash,
    evidence: p.evidence as Static<typeof PhotoEvidence> | null,
    original: p.original_status
      ? {
          status: p.original_status,
          sha256: p.original_sha256!,
          bytes: Number(p.original_bytes),
          uploadPath: ORIGINAL_UPLOAD_PATH,
          dueAt: p.original_due_at!,
          missingSince: p.original_missing_at ?? null,
          receivedAt: p.original_received_at ?? null,
          receivedSha256: p.original_received_sha256 ?? null,
          mismatches: p.original_mismatches ?? [],
        }
      : null,
    uploadedAt: p.uploaded_at,
    urls: {
      original: `/api/photos/${p.id}/original`,
      display: `/api/photos/${p.id}/display`,
      thumbnail: `/api/photos/${p.id}/thumbnail`,
    },
  };
}
export type PhotoView = ReturnType<typeof presentPhoto>;
