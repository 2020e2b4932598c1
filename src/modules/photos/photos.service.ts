import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.js';
import type { BlobStore } from '../../platform/blobs.js';
import type { Clock } from '../../platform/clock.js';
import { inJurisdiction, type Actor } from '../../platform/auth.js';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors.js';
import type { JobQueue } from '../../platform/jobs.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasesRepo } from '../cases/cases.repo.js';
import type { CasesService } from '../cases/cases.service.js';
import { PHOTO_STAGES, type PhotoStage } from '../cases/cases.enums.js';
import { deriveImages, ImageRejected, inspectImage } from './photo.image.js';
import type { PhotosRepo } from './photos.repo.js';

const UPLOADERS = new Set(['inspector', 'town_officer', 'city_office', 'department']);

export function photosService(deps: { db: Database; clock: Clock; blobs: BlobStore; jobs: JobQueue; photosRepo: PhotosRepo; casesRepo: CasesRepo; cases: CasesService; audit: AuditService }) {
  const { db, clock, blobs, jobs, photosRepo: repo, cases, audit } = deps;

  function present(p: NonNullable<Awaited<ReturnType<PhotosRepo['byId']>>>) {
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
      uploadedAt: p.uploaded_at,
      urls: {
        original: `/api/photos/${p.id}/original`,
        display: `/api/photos/${p.id}/display`,
        thumbnail: `/api/photos/${p.id}/thumbnail`,
      },
    };
  }

  return {
    /**
     * Stores one photo of a case. The bytes are checked and hashed first, so a bad image never
     * reaches the database; the blob is keyed by its hash, so a retried upload writes nothing new.
     */
    async add(actor: Actor, caseId: string, buf: Buffer, stage: PhotoStage, hint: { lon?: number; lat?: number; accuracy?: number; capturedAt?: string } = {}) {
      if (!PHOTO_STAGES.includes(stage)) throw badRequest('photo.invalid_stage', '照片阶段须为 before / during / after', { field: 'stage' });
      await cases.load(actor, caseId);
      if (!UPLOADERS.has(actor.role)) throw forbidden('photo.upload_forbidden', '当前角色不能上传照片');
      let facts;
      try {
        facts = await inspectImage(buf);
      } catch (e) {
        if (e instanceof ImageRejected) throw new AppError(e.code, 415, e.message);
        throw e;
      }
      const key = `originals/${facts.sha256.slice(0, 2)}/${facts.sha256.slice(2, 4)}/${facts.sha256}.${facts.ext}`;
      // bytes first: a row must never point at a missing blob; an unreferenced blob is harmless and reused on retry
      if (!(await blobs.exists(key))) await blobs.put(key, buf);
      const where: [number, number] | null = facts.gps ?? (hint.lon !== undefined && hint.lat !== undefined ? [hint.lon, hint.lat] : null);
      const capturedAt = facts.capturedAt ?? (hint.capturedAt ? new Date(hint.capturedAt) : null);
      return db.transaction(async () => {
        const now = clock.now();
        const row = {
          id: randomUUID(),
          case_id: caseId,
          stage,
          sha256: facts.sha256,
          blob_key: key,
          mime: facts.mime,
          bytes: buf.length,
          width: facts.width,
          height: facts.height,
          captured_at: capturedAt && !Number.isNaN(capturedAt.getTime()) ? capturedAt : null,
          capture_accuracy_m: hint.accuracy ?? null,
          exif: facts.exif,
          uploaded_by: actor.id,
          uploaded_at: now,
          display_key: null,
          thumb_key: null,
        };
        const { id, inserted } = await repo.insert(row, where);
        if (inserted) {
          await deps.casesRepo.insertEvent({ case_id: caseId, at: now, actor_id: actor.id, kind: 'photo_added', data: { photoId: id, stage, sha256: facts.sha256 } });
          await audit.append(actor, { action: 'photo.add', entity: 'photo', entityId: id, after: { caseId, stage, sha256: facts.sha256, capturedAt, gps: where } });
          await jobs.enqueue('photo.derive', { photoId: id });
        }
        // a new row is known in full; a repeated upload returns the row that already holds these bytes
        const stored = inserted ? { ...row, capture_lon: where?.[0] ?? null, capture_lat: where?.[1] ?? null } : await repo.byId(id);
        return { created: inserted, photo: present(stored!) };
      });
    },
    async listForCase(actor: Actor, caseId: string) {
      await cases.load(actor, caseId);
      return (await repo.byCase(caseId)).map(present);
    },
    /** The bytes of one variant, after the same jurisdiction check as the case. */
    async open(actor: Actor, photoId: string, variant: 'original' | 'display' | 'thumbnail') {
      const ref = await repo.casePath(photoId);
      if (!ref || !inJurisdiction(actor, ref.division_path)) throw notFound('照片', 'photo.not_found');
      const p = (await repo.byId(photoId))!;
      const key = variant === 'original' ? p.blob_key : variant === 'display' ? p.display_key : p.thumb_key;
      // until the derive job has run, the original stands in
      return { key: key ?? p.blob_key, mime: key && variant !== 'original' ? 'image/jpeg' : p.mime, sha256: p.sha256 };
    },
    stream: (key: string) => blobs.stream(key),
    /** Job handler: display copy and thumbnail. Idempotent (keys are derived from the photo id). */
    async derive(photoId: string) {
      const p = await repo.byId(photoId);
      if (!p) return;
      const { display, thumb } = await deriveImages(await blobs.get(p.blob_key));
      const dk = `display/${p.id}.jpg`;
      const tk = `thumbs/${p.id}.jpg`;
      await blobs.put(dk, display);
      await blobs.put(tk, thumb);
      await repo.setDerived(p.id, dk, tk);
    },
    present,
  };
}
export type PhotosService = ReturnType<typeof photosService>;
