import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.js';
import type { BlobStore } from '../../platform/blobs.js';
import type { Clock } from '../../platform/clock.js';
import { inJurisdiction, ROLE_LABELS, type Actor } from '../../platform/auth.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import type { JobQueue } from '../../platform/jobs.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasesService } from '../cases/cases.service.js';
import { PHOTO_STAGES, type PhotoStage } from '../cases/cases.enums.js';
import { EXT_OF, ImageRejected, renderImage, sniff, type ImageFacts, type RenderedImage } from './photo.image.js';
import type { ImageProcessor } from './photo.pool.js';
import { evidenceFacts } from './photo.evidence.js';
import type { PhotosRepo } from './photos.repo.js';
import { presentPhoto, type PhotoView } from './photos.presenter.js';
import { asUpload, type PhotoBytes, type Upload } from '../../platform/upload.js';
import type { PhotoOriginalsRepo } from './photo-originals.repo.js';
import { originalDueAt, reducedMismatches, reducedProblems, type DeclaredOriginal } from './photo.original.js';
import { contentFingerprint } from '../cases/cases.service.js';

/** What the request knows about where and when a photo was taken, and what to print on it. */
export interface PhotoContext {
  /** The device's own fix sent with the upload (WGS84). */
  fix: [number, number] | null;
  accuracyM: number | null;
  capturedAt: Date | null;
  /** The case point, for photos added to an existing case. */
  casePoint: [number, number] | null;
  placeText: string;
  caseNo: string | null;
}

/** An upload that passed every check, rendered, not yet stored. */
export interface PreparedPhoto {
  id: string;
  /** The bytes (chunks as they arrived, or joined by the photo worker), length, SHA-256. */
  upload: Upload;
  facts: ImageFacts;
  rendered: RenderedImage;
  /** What the request knew (the evidence facts are computed from it when the photo is recorded). */
  ctx: PhotoContext;
  where: [number, number] | null;
  capturedAt: Date | null;
  accuracyM: number | null;
  keys: { original: string; display: string; thumb: string };
  /** Two-phase: what the phone declared of the original this reduced copy stands for (it follows as a tus upload). */
  declared?: DeclaredOriginal;
  /** The original's write, started right after the render (`storeOriginal`): true when this call wrote it. */
  original?: Promise<boolean>;
  /** The display copy's and thumbnail's writes, started right after the render (`storeDerived`). */
  derived?: Promise<void>;
  inserted: boolean;
}

/** A photo's display copy and thumbnail can be rendered again from its original: no wait for the disk. */
const LAZY = { lazy: true } as const;
/** How many of the newest photos `repairCopies` looks at (far more than a crash can catch in flight). */
const REPAIR_NEWEST = 2000;

const UPLOADERS = new Set(['inspector', 'town_officer', 'city_office', 'department']);

export function photosService(deps: {
  db: Database;
  clock: Clock;
  blobs: BlobStore;
  jobs: JobQueue;
  images: ImageProcessor;
  photosRepo: PhotosRepo;
  cases: Pick<CasesService, 'load'>;
  audit: AuditService;
  originalsRepo: PhotoOriginalsRepo;
  /** Hours after which a missing original raises its flag (ORIGINAL_WAIT_HOURS). */
  originalWaitHours: number;
}) {
  const { db, clock, blobs, jobs, images, photosRepo: repo, cases, audit, originalsRepo } = deps;

  /**
   * Checks and renders one upload without recording it: type from the bytes, then in the photo worker
   * (photo.pool.ts) the pixel limit, one decode (display copy with the watermark, thumbnail, perceptual
   * hash) and EXIF. `storeOriginal` writes the original while the image work runs (as soon as the
   * worker has joined its bytes; removed again if the image is refused) and `storeDerived` the copies
   * right after it.
   */
  async function prepare(
    actor: Actor,
    bytes: PhotoBytes,
    ctx: PhotoContext,
    opts: { storeOriginal?: boolean; storeDerived?: boolean; declared?: DeclaredOriginal } = {},
  ): Promise<PreparedPhoto> {
    const upload = asUpload(bytes);
    const mime = sniff(upload.head(16));
    if (!mime) throw new AppError('photo.unsupported_type', 415, '只接受 JPEG、PNG 或 HEIC 图片');
    const sha256 = upload.sha256;
    const declared = opts.declared;
    if (declared && upload.length > 0) {
      // a reduced copy past the limits is refused before any image work (its pixels are checked after it)
      const tooBig = reducedProblems({ bytes: upload.length, width: 1, height: 1 }, declared);
      if (tooBig.length) throw new AppError('photo.reduced_too_large', 413, tooBig.join(';'), { field: 'photo' });
    }
    // a reduced copy is kept under its own hash, apart from the originals
    const originalKey = `${declared ? 'reduced' : 'originals'}/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.${EXT_OF[mime]}`;
    // the original is written while the image work runs; if the photo is not recorded it is removed
    // again (here on a refusal, else by withBlobs or discard), but only if this call wrote it: another
    // photo may hold the same bytes. A failed write is reported where it is awaited, never as an
    // unhandled rejection.
    let original: Promise<boolean> | undefined;
    const startOriginal = () => {
      if (!opts.storeOriginal || original) return;
      original = storeOriginal(originalKey, upload);
      original.catch(() => undefined);
    };
    let processed: Awaited<ReturnType<ImageProcessor>>;
    try {
      processed = await images(upload, {
        watermark: {
          who: `${ROLE_LABELS[actor.role]} ${actor.displayName}`,
          placeText: ctx.placeText,
          fix: ctx.fix,
          accuracyM: ctx.accuracyM,
          casePoint: ctx.casePoint,
          capturedAt: ctx.capturedAt,
          caseNo: ctx.caseNo,
          now: clock.now(),
          // the display copy of a reduced copy names the original it stands for
          sha256: declared?.sha256,
        },
        onBytes: startOriginal,
      });
    } catch (e) {
      if (original) await dropNewOriginals([{ key: originalKey, wrote: original }]);
      if (e instanceof ImageRejected) throw new AppError(e.code, 415, e.message);
      throw e;
    }
    startOriginal();
    const { facts, rendered } = processed;
    if (declared) {
      const problems = reducedProblems({ bytes: upload.length, width: facts.width, height: facts.height }, declared);
      const mismatches = reducedMismatches(declared, facts.exif);
      if (problems.length || mismatches.length) {
        if (original) await dropNewOriginals([{ key: originalKey, wrote: original }]);
        if (problems.length) throw new AppError('photo.reduced_too_large', 413, problems.join(';'), { field: 'photo' });
        throw new AppError('photo.reduced_exif_mismatch', 422, '缩略图的 EXIF 与所声明的原图信息不一致', { field: 'originals', mismatches });
      }
    }
    const id = randomUUID();
    const keys = { original: originalKey, display: `display/${id}.jpg`, thumb: `thumbs/${id}.jpg` };
    // the derived copies have keys of their own (no other photo can hold them); they are written without
    // waiting for the disk (lazy): a crash that loses them is mended at start from the original (repairCopies)
    const derived = opts.storeDerived
      ? Promise.all([blobs.put(keys.display, rendered.display, LAZY), blobs.put(keys.thumb, rendered.thumb, LAZY)]).then(() => undefined)
      : undefined;
    derived?.catch(() => undefined);
    return {
      id,
      upload,
      facts,
      rendered,
      ctx,
      where: facts.gps ?? ctx.fix ?? ctx.casePoint,
      capturedAt: facts.capturedAt ?? ctx.capturedAt,
      accuracyM: ctx.accuracyM,
      keys,
      declared,
      original,
      derived,
      inserted: false,
    };
  }

  /** Writes an original unless it is stored already; true when this call wrote it. */
  async function storeOriginal(key: string, upload: Upload): Promise<boolean> {
    if (await blobs.exists(key)) return false;
    await blobs.put(key, upload.chunks.length === 1 ? upload.chunks[0] : upload.chunks);
    return true;
  }

  /** Removes originals this request wrote that no photo row holds (a refused or failed upload leaves no orphan). */
  async function dropNewOriginals(items: { key: string; wrote: Promise<boolean> }[]) {
    const settled = await Promise.all(
      items.map((i) =>
        i.wrote.then(
          (w) => (w ? i.key : null),
          () => i.key,
        ),
      ),
    );
    const mine = settled.filter((k): k is string => k !== null);
    if (!mine.length) return;
    const held = await repo.heldKeys(mine);
    await Promise.all(mine.filter((k) => !held.has(k)).map((k) => blobs.delete(k).catch(() => undefined)));
  }

  /** Undoes `prepare` for photos that will not be recorded (an original written during the render). */
  async function discard(prepared: PreparedPhoto[]) {
    await dropNewOriginals(prepared.filter((p) => p.original).map((p) => ({ key: p.keys.original, wrote: p.original! })));
    const derived = prepared.filter((p) => p.derived);
    await Promise.all(derived.map((p) => p.derived!.catch(() => undefined)));
    await Promise.all(derived.flatMap((p) => [p.keys.display, p.keys.thumb]).map((k) => blobs.delete(k).catch(() => undefined)));
  }

  /**
   * Writes the bytes, then runs `fn` (the transaction that records them). Bytes go first, so a row never
   * points at a missing blob; if `fn` fails, what this call wrote and no row holds is removed again, so
   * a refused or failed report leaves no orphan photo behind. After a commit (`fn` outside any
   * transaction) the job worker is woken: the jobs `fn` enqueued need not wait for its next poll.
   */
  async function withBlobs<T>(prepared: PreparedPhoto[], fn: () => Promise<T>): Promise<T> {
    const newOriginals: string[] = [];
    const derived: string[] = [];
    const cleanup = async (all: boolean) => {
      const keys = prepared.filter((p) => all || !p.inserted).flatMap((p) => [p.keys.display, p.keys.thumb]);
      const held = await repo.heldKeys(newOriginals);
      await Promise.all([...keys.filter((k) => derived.includes(k)), ...newOriginals.filter((k) => !held.has(k))].map((k) => blobs.delete(k).catch(() => undefined)));
    };
    // originals (some already written during the render) and the derived copies, all at once
    const writes = prepared.map((p) => p.original ?? storeOriginal(p.keys.original, p.upload));
    const written = await Promise.allSettled([
      ...writes.map((w, i) => w.then((wrote) => void (wrote && newOriginals.push(prepared[i].keys.original)))),
      ...prepared.flatMap((p) =>
        p.derived
          ? [p.derived.then(() => void derived.push(p.keys.display, p.keys.thumb))]
          : [p.keys.display, p.keys.thumb].map((k, j) => blobs.put(k, j === 0 ? p.rendered.display : p.rendered.thumb, LAZY).then(() => void derived.push(k))),
      ),
    ]);
    const failed = written.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await cleanup(true);
      throw failed.reason;
    }
    let out: T;
    try {
      out = await fn();
    } catch (e) {
      if (!db.inTransaction) await cleanup(true);
      throw e;
    }
    // a photo the case already had keeps its first display copy; this call's copy is not needed
    if (prepared.some((p) => !p.inserted)) await cleanup(false);
    if (!db.inTransaction) jobs.nudge();
    return out;
  }

  /** Records prepared photos of a case, in the caller's transaction. Re-sent bytes return the row that holds them. */
  async function insertRows(actor: Actor, caseId: string, stage: PhotoStage, prepared: PreparedPhoto[]) {
    const out = [];
    for (const p of prepared) {
      const now = clock.now();
      const evidence = evidenceFacts(p.facts, { fix: p.ctx.fix, accuracyM: p.ctx.accuracyM, capturedAt: p.ctx.capturedAt, casePoint: p.ctx.casePoint }, now);
      const row = {
        id: p.id,
        case_id: caseId,
        stage,
        sha256: p.facts.sha256,
        blob_key: p.keys.original,
        mime: p.facts.mime,
        bytes: p.upload.length,
        width: p.facts.width,
        height: p.facts.height,
        captured_at: p.capturedAt,
        capture_accuracy_m: p.accuracyM,
        exif: p.facts.exif,
        uploaded_by: actor.id,
        uploaded_at: now,
        display_key: p.keys.display,
        thumb_key: p.keys.thumb,
        phash: p.rendered.phash,
        watermark: JSON.stringify(p.rendered.lines),
        evidence: evidence as unknown as Record<string, unknown>,
      };
      const { id, inserted } = await repo.insert(row, p.where, {
        kind: 'photo_added',
        data: { photoId: p.id, stage, sha256: p.facts.sha256, flags: evidence.flags, ...(p.declared ? { originalSha256: p.declared.sha256 } : {}) },
      });
      p.inserted = inserted;
      const awaited = inserted && p.declared ? await awaitOriginal(actor, caseId, p, now) : null;
      if (inserted) {
        await audit.append(actor, {
          action: 'photo.add',
          entity: 'photo',
          entityId: id,
          after: {
            caseId,
            stage,
            sha256: p.facts.sha256,
            capturedAt: p.capturedAt,
            gps: p.where,
            evidenceFlags: evidence.flags,
            // two-phase: this is the reduced copy; the original declared follows
            ...(p.declared ? { originalSha256: p.declared.sha256, originalBytes: p.declared.bytes, originalDueAt: awaited!.due_at } : {}),
          },
        });
      }
      const stored = inserted
        ? {
            ...row,
            capture_lon: p.where?.[0] ?? null,
            capture_lat: p.where?.[1] ?? null,
            original_status: awaited ? ('awaiting' as const) : null,
            original_sha256: awaited?.declared_sha256 ?? null,
            original_bytes: awaited?.declared_bytes ?? null,
            original_due_at: awaited?.due_at ?? null,
            original_received_at: null,
            original_received_sha256: null,
            original_mismatches: null,
            original_missing_at: null,
          }
        : await repo.byId(id);
      out.push({ created: inserted, photo: presentPhoto(stored!) });
    }
    return out;
  }

  /**
   * A reduced copy's original is awaited (in the caller's transaction): its declaration, what the evidence
   * and watermark of the original will be computed from, and the job that raises the flag if it never comes.
   */
  async function awaitOriginal(actor: Actor, caseId: string, p: PreparedPhoto, now: Date) {
    const d = p.declared!;
    const row = {
      photo_id: p.id,
      case_id: caseId,
      uploaded_by: actor.id,
      declared_sha256: d.sha256,
      declared_bytes: d.bytes,
      declared: JSON.stringify({ width: d.width, height: d.height, exif: d.exif }),
      context: JSON.stringify({
        fix: p.ctx.fix,
        accuracyM: p.ctx.accuracyM,
        capturedAt: p.ctx.capturedAt?.toISOString() ?? null,
        casePoint: p.ctx.casePoint,
        placeText: p.ctx.placeText,
        caseNo: p.ctx.caseNo,
        who: `${ROLE_LABELS[actor.role]} ${actor.displayName}`,
      }),
      reduced_sha256: p.facts.sha256,
      reduced_key: p.keys.original,
      created_at: now,
      due_at: originalDueAt(now, deps.originalWaitHours),
    };
    await originalsRepo.insert(row);
    await jobs.enqueue('photo.original_overdue', { photoId: p.id }, row.due_at);
    return row;
  }

  /** Prepares several uploads one after the other; when one is refused, what the others wrote is removed. */
  async function prepareAll(actor: Actor, bufs: PhotoBytes[], ctx: PhotoContext, declared?: DeclaredOriginal[]) {
    const prepared: PreparedPhoto[] = [];
    try {
      for (const [i, b] of bufs.entries()) prepared.push(await prepare(actor, b, ctx, { storeOriginal: true, declared: declared?.[i] }));
    } catch (e) {
      await discard(prepared);
      throw e;
    }
    return prepared;
  }

  /** The photos a request recorded, as `listForCase` lists them (once each, by upload time and id). */
  function listed(results: { photo: PhotoView }[]) {
    const byId = new Map(results.map((r) => [r.photo.id, r.photo]));
    return [...byId.values()].sort((a, b) => new Date(a.uploadedAt).getTime() - new Date(b.uploadedAt).getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The photos a clientId added before (a resend): null when it added none; 409 when it was used for something else. */
  async function sentBefore(actor: Actor, clientId: string, caseId: string, fingerprint: string) {
    const s = await originalsRepo.submission(clientId);
    if (!s) return null;
    if (s.user_id !== actor.id || s.case_id !== caseId || s.fingerprint !== fingerprint)
      throw conflict('photo.client_id_conflict', '同一上传编号(clientId)已提交过不同的内容', { caseId: s.case_id === caseId ? caseId : null });
    const photos = (await repo.byCase(caseId)).filter((p) => s.photo_ids.includes(p.id)).map(presentPhoto);
    return { created: false, photos };
  }

  return {
    prepare,
    prepareAll,
    discard,
    withBlobs,
    insertRows,
    listed,
    /**
     * Adds photos to a case the actor may see. Every image is checked and rendered before anything is
     * stored; all of them are recorded in one transaction or none is.
     */
    async addMany(
      actor: Actor,
      caseId: string,
      bufs: PhotoBytes[],
      stage: PhotoStage,
      hint: { lon?: number; lat?: number; accuracy?: number; capturedAt?: string } = {},
      opts: { clientId?: string; declared?: DeclaredOriginal[] } = {},
    ) {
      if (!PHOTO_STAGES.includes(stage)) throw badRequest('photo.invalid_stage', '照片阶段须为 before / during / after', { field: 'stage' });
      const c = await cases.load(actor, caseId);
      if (!UPLOADERS.has(actor.role)) throw forbidden('photo.upload_forbidden', '当前角色不能上传照片');
      const uploads = bufs.map(asUpload);
      // exactly once per clientId: what the request said, photos by the original's hash (a reduced copy made again may differ)
      const fingerprint = opts.clientId
        ? contentFingerprint({
            caseId,
            stage,
            lon: hint.lon ?? null,
            lat: hint.lat ?? null,
            accuracy: hint.accuracy ?? null,
            capturedAt: hint.capturedAt ?? null,
            photos: uploads.map((u, i) => opts.declared?.[i]?.sha256 ?? u.sha256).sort(),
          })
        : null;
      if (opts.clientId) {
        const again = await sentBefore(actor, opts.clientId, caseId, fingerprint!);
        if (again) return again;
      }
      const capturedAt = hint.capturedAt ? new Date(hint.capturedAt) : null;
      const ctx: PhotoContext = {
        fix: hint.lon !== undefined && hint.lat !== undefined ? [hint.lon, hint.lat] : null,
        accuracyM: hint.accuracy ?? null,
        capturedAt: capturedAt && !Number.isNaN(capturedAt.getTime()) ? capturedAt : null,
        casePoint: [c.lon, c.lat],
        placeText: [c.town_name, c.division_name].filter(Boolean).join(' '),
        caseNo: c.case_no,
      };
      const prepared = await prepareAll(actor, uploads, ctx, opts.declared);
      try {
        const results = await withBlobs(prepared, () =>
          db.transaction(async () => {
            const rows = await insertRows(actor, caseId, stage, prepared);
            if (opts.clientId)
              await originalsRepo.insertSubmission({
                client_id: opts.clientId,
                case_id: caseId,
                user_id: actor.id,
                fingerprint: fingerprint!,
                photo_ids: rows.map((r) => r.photo.id),
                created_at: clock.now(),
              });
            return rows;
          }),
        );
        return { created: results.some((r) => r.created), photos: results.map((r) => r.photo) };
      } catch (e) {
        // two sends of one request raced (PostgreSQL): the unique clientId decided, the loser answers as a resend
        const again = opts.clientId && (e as { code?: string }).code === '23505' ? await sentBefore(actor, opts.clientId, caseId, fingerprint!) : null;
        if (again) return again;
        throw e;
      }
    },
    /** Photos prepared earlier (the demo seeder renders them in parallel before its replay). */
    async addPrepared(actor: Actor, caseId: string, prepared: PreparedPhoto[], stage: PhotoStage) {
      const results = await withBlobs(prepared, () => db.transaction(() => insertRows(actor, caseId, stage, prepared)));
      return { created: results.some((r) => r.created), photos: results.map((r) => r.photo) };
    },
    /** One photo (scripts). */
    async add(actor: Actor, caseId: string, buf: Buffer, stage: PhotoStage, hint: { lon?: number; lat?: number; accuracy?: number; capturedAt?: string } = {}) {
      const r = await this.addMany(actor, caseId, [buf], stage, hint);
      return { created: r.created, photo: r.photos[0] };
    },
    async listForCase(actor: Actor, caseId: string) {
      await cases.load(actor, caseId);
      return (await repo.byCase(caseId)).map(presentPhoto);
    },
    /** The photos of a case whose access the caller has checked already (the case file). */
    ofCase: async (caseId: string) => (await repo.byCase(caseId)).map(presentPhoto),
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
    /**
     * At start: the display copies and thumbnails of the newest photos that a crash cut short (written
     * lazily, they may not have reached the disk) are rendered again from the original with the watermark
     * lines they were drawn with, under the same keys. Disk store only; photos stored before the lines
     * were kept are reported, not rendered.
     */
    async repairCopies(newest = REPAIR_NEWEST) {
      if (!blobs.brokenJpegs) return { checked: 0, repaired: 0, unrepairable: 0 };
      const rows = await repo.newestCopies(newest);
      const broken = new Set(await blobs.brokenJpegs(rows.flatMap((r) => [r.display_key, r.thumb_key].filter((k): k is string => k !== null))));
      let repaired = 0;
      let unrepairable = 0;
      for (const r of rows) {
        if (!(r.display_key && broken.has(r.display_key)) && !(r.thumb_key && broken.has(r.thumb_key))) continue;
        if (!r.watermark) {
          unrepairable++;
          continue;
        }
        const out = await renderImage(await blobs.get(r.blob_key), r.watermark.length ? { lines: r.watermark } : null);
        if (r.display_key) await blobs.put(r.display_key, out.display);
        if (r.thumb_key) await blobs.put(r.thumb_key, out.thumb);
        repaired++;
      }
      return { checked: rows.length, repaired, unrepairable };
    },
    /** Job handler for photos stored without derived copies: display copy, thumbnail, hash. Idempotent. */
    async derive(photoId: string) {
      const p = await repo.byId(photoId);
      if (!p || (p.display_key && p.thumb_key)) return;
      const r = await renderImage(await blobs.get(p.blob_key), null);
      const dk = `display/${p.id}.jpg`;
      const tk = `thumbs/${p.id}.jpg`;
      await blobs.put(dk, r.display);
      await blobs.put(tk, r.thumb);
      await repo.setDerived(p.id, dk, tk, r.phash);
    },
  };
}
export type PhotosService = ReturnType<typeof photosService>;
