import type { Database } from '../../db/database.js';
import type { BlobStore } from '../../platform/blobs.js';
import type { Clock } from '../../platform/clock.js';
import type { Actor } from '../../platform/auth.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { JobQueue } from '../../platform/jobs.js';
import type { Notifier } from '../../platform/notify.js';
import type { UploadStore } from '../../platform/tus.js';
import { Upload } from '../../platform/upload.js';
import type { AuditService } from '../audit/audit.service.js';
import { EXT_OF, inspectImage, sha256Hex, type ImageFacts } from './photo.image.js';
import type { ImageProcessor } from './photo.pool.js';
import { evidenceFacts } from './photo.evidence.js';
import { originalMismatches, type DeclaredOriginal, type OriginalMismatch, type OriginalStatus } from './photo.original.js';
import type { PhotoOriginalsRepo } from './photo-originals.repo.js';
import type { PhotosRepo } from './photos.repo.js';
import { monthMeasuresRepo } from '../index/index-measures.repo.js';

/** What the request of phase 1 knew (photo_originals.context): the evidence and watermark of the original are computed from it. */
interface StoredContext {
  fix: [number, number] | null;
  accuracyM: number | null;
  capturedAt: string | null;
  casePoint: [number, number] | null;
  placeText: string;
  caseNo: string | null;
  who: string;
}

/** The answer header that tells the phone what became of its original. */
export const ORIGINAL_STATUS_HEADER = 'Wuweijian-Original';

/**
 * Phase 2 of two-phase photos (docs/two-phase-report.md): the original follows the reduced copy as a tus
 * upload (platform/tus.ts) that only the reporting user may send, and only while the photo awaits it. When
 * its last byte arrives it is verified against what the phone declared: the same bytes (SHA-256, length)
 * and the same facts (dimensions, EXIF). A match makes it the photo's evidence of record (facts recomputed,
 * watermarked display copy made from it by a job, duplicates scored again); a mismatch is refused and
 * flagged (the reduced copy stays the evidence, the refused bytes' hash is recorded), never a silent
 * replacement. An original that has not come by its due time raises a flag the town officer is told of.
 */
export function photoOriginalsService(deps: {
  db: Database;
  clock: Clock;
  blobs: BlobStore;
  jobs: JobQueue;
  images: ImageProcessor;
  repo: PhotoOriginalsRepo;
  photosRepo: PhotosRepo;
  uploads: UploadStore;
  audit: AuditService;
  notifier: Notifier;
}) {
  const { db, clock, blobs, jobs, images, repo, photosRepo, uploads, audit, notifier } = deps;
  // the index's month-end summary per village (docs/scale.md): evidence written late makes its rows stale
  const indexMeasures = monthMeasuresRepo(db);

  const declaredOf = (o: { declared_sha256: string; declared_bytes: number; declared: Record<string, unknown> }): DeclaredOriginal => ({
    sha256: o.declared_sha256,
    bytes: Number(o.declared_bytes),
    width: o.declared.width as number,
    height: o.declared.height as number,
    exif: (o.declared.exif ?? null) as DeclaredOriginal['exif'],
  });

  /** The awaited original of a photo the actor reported; 404 for anyone else (nothing is revealed). */
  async function ownRow(actor: Actor, photoId: string) {
    const o = await repo.byPhoto(photoId);
    if (!o || o.uploaded_by !== actor.id) throw notFound('照片', 'photo.not_found');
    return o;
  }

  /** The answer to a request on an upload that is settled: complete, with what became of it. */
  const settledAnswer = (o: { declared_bytes: number; status: OriginalStatus }) => ({
    done: { length: Number(o.declared_bytes), headers: { [ORIGINAL_STATUS_HEADER]: o.status } },
  });

  /**
   * Verifies a complete upload and settles the photo's original (once: a second call, or a call for an
   * upload that is no longer the photo's, changes nothing). Returns the status it has afterwards.
   */
  async function settle(photoId: string): Promise<OriginalStatus | null> {
    const o = await repo.byPhoto(photoId);
    if (o?.status !== 'awaiting' || !o.upload_id) return o?.status ?? null;
    const uploadId = o.upload_id;
    const info = await uploads.info(uploadId);
    if (!info || info.size === undefined || info.offset !== info.size) return 'awaiting';
    let bytes: Buffer;
    try {
      bytes = await uploads.read(uploadId);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      // settled meanwhile by another request (a HEAD and the last PATCH at once), which removed the file: what it became
      return (await repo.byPhoto(photoId))?.status ?? null;
    }
    const sha256 = sha256Hex(bytes);
    const declared = declaredOf(o);
    let facts: ImageFacts | null = null;
    try {
      facts = await inspectImage(bytes, { sha256 });
    } catch {
      facts = null; // not an image we read: refused as 'type'
    }
    let mismatches: OriginalMismatch[] = originalMismatches(declared, { sha256, bytes: bytes.length, facts });
    // the case holds these bytes in another photo already: one photo may not become a second copy of it
    if (!mismatches.length && (await repo.heldOnCase(o.case_id, sha256, photoId))) mismatches = ['duplicate_on_case'];
    const key = facts ? `originals/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.${EXT_OF[facts.mime]}` : null;
    // the bytes first, so the row never names a missing blob (the same bytes under the same key: a no-op)
    const wrote = !mismatches.length && !!key && !(await blobs.exists(key));
    if (wrote) await blobs.put(key!, bytes);
    const now = clock.now();
    let settledHere = false;
    const status = await db.transaction(async () => {
      const locked = await repo.byPhotoForUpdate(photoId);
      // settled meanwhile (a HEAD and the last PATCH at once), or the phone started another upload
      if (locked?.status !== 'awaiting' || locked.upload_id !== uploadId) return locked?.status ?? null;
      settledHere = true;
      const photo = (await repo.photo(photoId))!;
      const c = await repo.caseOf(o.case_id);
      if (mismatches.length) {
        await repo.settle(photoId, { status: 'refused', at: now, sha256, bytes: bytes.length, mismatches });
        await repo.addEvidenceFlag(photoId, 'original_mismatch');
        await indexMeasures.forgetPhoto(photoId);
        await audit.append(null, {
          action: 'photo.original_refused',
          entity: 'photo',
          entityId: photoId,
          after: { caseId: o.case_id, declaredSha256: o.declared_sha256, receivedSha256: sha256, receivedBytes: bytes.length, mismatches, evidenceOfRecord: photo.sha256 },
        });
        await notifier.send(
          { role: 'town_officer', divisionCode: c.town_code },
          {
            kind: 'original_refused',
            title: `原图核验不符:${c.case_no}`,
            body: '上报人补传的原图与上报时声明的不一致(哈希或拍摄信息不同),已拒收,以上报时的缩略图为证。请核实。',
            caseId: o.case_id,
          },
        );
        return 'refused' as const;
      }
      const ctx = o.context as unknown as StoredContext;
      const f = facts!;
      const evidence = evidenceFacts(
        f,
        { fix: ctx.fix, accuracyM: ctx.accuracyM, capturedAt: ctx.capturedAt ? new Date(ctx.capturedAt) : null, casePoint: ctx.casePoint },
        new Date(photo.uploaded_at),
      );
      const fix = ctx.fix ?? ctx.casePoint;
      await repo.adoptOriginal(photoId, {
        sha256,
        blob_key: key!,
        mime: f.mime,
        bytes: bytes.length,
        width: f.width,
        height: f.height,
        exif: f.exif,
        captured_at: f.capturedAt ?? (ctx.capturedAt ? new Date(ctx.capturedAt) : null),
        where: f.gps ?? fix,
        evidence: evidence as unknown as Record<string, unknown>,
      });
      // the photo's evidence and time taken are rewritten: a finished month's index measures may count it
      await indexMeasures.forgetPhoto(photoId);
      await repo.settle(photoId, { status: 'verified', at: now, sha256, bytes: bytes.length, mismatches: null });
      await audit.append(null, {
        action: 'photo.original_verified',
        entity: 'photo',
        entityId: photoId,
        before: { sha256: photo.sha256, bytes: photo.bytes, width: photo.width, height: photo.height },
        after: { caseId: o.case_id, sha256, bytes: bytes.length, width: f.width, height: f.height, evidenceFlags: evidence.flags, reducedSha256: o.reduced_sha256 },
      });
      // the display copy, thumbnail and hash from the original; the duplicates scored again with them
      await jobs.enqueue('photo.render_original', { photoId });
      return 'verified' as const;
    });
    // the blob written for a settlement that did not happen here: removed unless a photo holds it (the winner's same bytes)
    if (!settledHere && wrote && !(await repo.blobHeld(key!))) await blobs.delete(key!);
    // the file's work is done (the verified bytes are in the blob store; refused ones are recorded by their hash)
    if (status !== 'awaiting') await uploads.remove(uploadId);
    if (status === 'verified') jobs.nudge();
    return status;
  }

  return {
    settle,
    /** A new upload of an original: the reporting user's, for a photo that awaits it, of the declared length. */
    async authorizeCreate(actor: Actor, photoId: string | null | undefined, length: number) {
      if (!photoId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(photoId))
        throw new AppError('upload.photo_required', 400, 'Upload-Metadata 须含 photoId(照片编号)', { field: 'Upload-Metadata' });
      const o = await ownRow(actor, photoId.toLowerCase());
      if (o.status !== 'awaiting')
        throw new AppError('photo.original_not_awaited', 409, o.status === 'verified' ? '该照片的原图已上传并核验' : '该照片的原图已被拒收', { status: o.status });
      if (length !== Number(o.declared_bytes))
        throw new AppError('photo.original_length_mismatch', 409, `原图大小(${length} 字节)与上报时声明的(${o.declared_bytes} 字节)不一致`, { declared: Number(o.declared_bytes) });
    },
    /**
     * The upload the phone created is the photo's; an earlier one (a POST whose answer was lost) is removed.
     * Runs before the upload's file is made: an original settled since the POST was authorized (409) gets none.
     */
    async uploadCreated(photoId: string, uploadId: string) {
      const { updated, before } = await db.transaction(() => repo.setUpload(photoId.toLowerCase(), uploadId));
      if (!updated) throw new AppError('photo.original_not_awaited', 409, '该照片的原图已不再等待上传(已核验或已拒收)');
      if (before && before !== uploadId) await uploads.remove(before);
    },
    /**
     * A request on an upload: only the reporting user's, only the photo's current upload. A settled
     * original answers complete; an awaited one whose bytes are all there (the last PATCH's answer was
     * lost, or the server stopped before verifying) is verified now.
     */
    async resume(actor: Actor, uploadId: string): Promise<{ pass: true } | ReturnType<typeof settledAnswer>> {
      const o = await repo.byUpload(uploadId);
      if (!o || o.uploaded_by !== actor.id) throw notFound('上传', 'upload.not_found');
      if (o.status !== 'awaiting') return settledAnswer(o);
      const info = await uploads.info(uploadId);
      if (info && info.size !== undefined && info.offset === info.size) {
        const status = await settle(o.photo_id);
        if (status && status !== 'awaiting') return settledAnswer({ declared_bytes: o.declared_bytes, status });
      }
      return { pass: true };
    },
    /** The last byte arrived: verify now, in the PATCH that sent it; the answer says what became of it. */
    async finished(uploadId: string): Promise<Record<string, string>> {
      const o = await repo.byUpload(uploadId);
      const status = o ? await settle(o.photo_id) : null;
      return status ? { [ORIGINAL_STATUS_HEADER]: status } : {};
    },
    /**
     * Job at the due time of an original: if it has not come, the photo is flagged (original_missing) and
     * the town officer told. A complete upload nobody verified (the server stopped in between) is verified
     * instead. Idempotent.
     */
    async overdue(photoId: string) {
      const o = await repo.byPhoto(photoId);
      if (o?.status !== 'awaiting' || o.missing_flagged_at) return;
      const now = clock.now();
      if (now.getTime() < new Date(o.due_at).getTime()) {
        // run early (another process's clock): come back at the due time
        await jobs.enqueue('photo.original_overdue', { photoId }, new Date(o.due_at));
        return;
      }
      if ((await settle(photoId)) !== 'awaiting') return;
      await db.transaction(async () => {
        const r = await repo.markMissing(photoId, now);
        if (!r.numUpdatedRows) return;
        await repo.addEvidenceFlag(photoId, 'original_missing');
        await indexMeasures.forgetPhoto(photoId);
        const c = await repo.caseOf(o.case_id);
        const partial = o.upload_id ? await uploads.info(o.upload_id) : null;
        await audit.append(null, {
          action: 'photo.original_missing',
          entity: 'photo',
          entityId: photoId,
          after: { caseId: o.case_id, declaredSha256: o.declared_sha256, dueAt: o.due_at, receivedBytes: partial?.offset ?? 0, declaredBytes: Number(o.declared_bytes) },
        });
        await notifier.send(
          { role: 'town_officer', divisionCode: c.town_code },
          {
            kind: 'original_missing',
            title: `原图逾期未上传:${c.case_no}`,
            body: '上报时只收到缩略图,原图至今未到。请联系上报人在有网络时打开巡查 App 补传原图。',
            caseId: o.case_id,
          },
        );
      });
    },
    /** Job after a verification: the display copy (watermarked), thumbnail and perceptual hash from the original; then duplicate scoring. Idempotent. */
    async render(photoId: string) {
      const o = await repo.byPhoto(photoId);
      const p = await photosRepo.byId(photoId);
      if (!o || !p || o.status !== 'verified') return;
      const ctx = o.context as unknown as StoredContext;
      const upload = Upload.of(await blobs.get(p.blob_key));
      const { rendered } = await images(upload, {
        watermark: {
          who: ctx.who,
          placeText: ctx.placeText,
          fix: ctx.fix,
          accuracyM: ctx.accuracyM,
          casePoint: ctx.casePoint,
          capturedAt: ctx.capturedAt ? new Date(ctx.capturedAt) : null,
          caseNo: ctx.caseNo,
          now: new Date(p.uploaded_at),
        },
      });
      // new keys named for the original they are made from: the display/thumbnail ETag (the key) changes exactly when the bytes do
      const dk = `display/${p.id}-${p.sha256.slice(0, 16)}.jpg`;
      const tk = `thumbs/${p.id}-${p.sha256.slice(0, 16)}.jpg`;
      await blobs.put(dk, rendered.display);
      await blobs.put(tk, rendered.thumb);
      await photosRepo.setDerived(p.id, dk, tk, rendered.phash);
      for (const old of [p.display_key, p.thumb_key]) if (old && old !== dk && old !== tk) await blobs.delete(old);
      await jobs.enqueue('case.score_duplicates', { caseId: p.case_id });
    },
  };
}
export type PhotoOriginalsService = ReturnType<typeof photoOriginalsService>;
