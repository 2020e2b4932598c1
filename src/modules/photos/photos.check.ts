import { createHash } from 'node:crypto';
import type { BlobStore } from '../../platform/blobs.js';
import type { PhotosRepo } from './photos.repo.js';

/** The rows of the ground photos taken to verify change patches (变化图斑), page by page (patches.repo.ts). */
export interface PatchPhotoKeys {
  photoKeysPage(
    afterId: string | null,
    limit: number,
  ): Promise<{ id: string; batch_no: string; code: string; sha256: string; blob_key: string; display_key: string | null; thumb_key: string | null }[]>;
}

/** A photo file that is not what its row says: missing, an original whose bytes changed, a copy cut short. */
export interface BlobProblem {
  photoId: string;
  /** The case a case photo belongs to; null for a patch photo. */
  caseNo: string | null;
  /** The batch and patch number a patch photo belongs to; null for a case photo. */
  patch: { batchNo: string; code: string } | null;
  key: string;
  variant: 'original' | 'display' | 'thumbnail';
  problem: 'missing' | 'hash_mismatch' | 'unreadable' | 'cut_short';
  detail: string;
}

export interface BlobCheckResult {
  ok: boolean;
  photos: number;
  /** Patch photos checked (when the patches' rows were given). */
  patchPhotos: number;
  /** Distinct originals read and hashed (one file may serve several photos: the same bytes in two cases). */
  originals: number;
  /** Derived copies (display, thumbnail) found present. */
  derived: number;
  problems: BlobProblem[];
  /** All problems found; `problems` holds the first `maxProblems`. */
  problemCount: number;
}

/** The SHA-256 of a stored blob, streamed (an original may be several MB; on S3 it is one GET). */
function hashOf(blobs: BlobStore, key: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    blobs
      .stream(key)
      .on('data', (c: Buffer) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

const isMissing = (e: unknown) => {
  const err = e as { code?: string; s3Status?: number };
  return err.code === 'ENOENT' || err.s3Status === 404;
};

/** A derived copy: there and whole (disk: ends with the JPEG end marker; S3: there), cut short, or missing. */
async function copyState(blobs: BlobStore, key: string): Promise<'whole' | 'cut_short' | 'missing'> {
  if (!blobs.brokenJpegs) return (await blobs.exists(key)) ? 'whole' : 'missing';
  if (!(await blobs.brokenJpegs([key])).length) return 'whole';
  return (await blobs.exists(key)) ? 'cut_short' : 'missing';
}

/** Whose file it is, for people: the case number, or the patch's batch and number. */
export const problemOwner = (p: BlobProblem) => (p.patch ? `图斑 ${p.patch.batchNo} ${p.patch.code}  patch photo` : `${p.caseNo}  photo`);

/** One line of the report: owner, photo id, which file, what is wrong with it. */
export const problemLine = (p: BlobProblem) => `${problemOwner(p)} ${p.photoId}  ${p.variant} ${p.problem}: ${p.key} (${p.detail})`;

type KeysRow = { id: string; sha256: string; blob_key: string; display_key: string | null; thumb_key: string | null };

/**
 * `blobs check`: walks every photo row (a case's photos, then the ground photos of patch checks when
 * `patchesRepo` is given) and checks its files in the blob store (disk or S3): the original is read and
 * hashed against the row's SHA-256, the display copy and thumbnail must exist (and on disk end as a JPEG
 * does: a crash can cut short a copy written without waiting for the disk). Read-only.
 */
export async function checkPhotoBlobs(
  deps: { photosRepo: PhotosRepo; blobs: BlobStore; patchesRepo?: PatchPhotoKeys },
  opts: { maxProblems?: number; concurrency?: number; onProgress?: (photos: number) => void } = {},
): Promise<BlobCheckResult> {
  const { photosRepo: repo, blobs } = deps;
  const maxProblems = opts.maxProblems ?? 20;
  const problems: BlobProblem[] = [];
  let problemCount = 0;
  let photos = 0;
  let patchPhotos = 0;
  let derived = 0;
  // an original shared by several photos is hashed once
  const originals = new Map<string, Promise<string | Error>>();
  const report = (p: BlobProblem) => {
    problemCount++;
    if (problems.length < maxProblems) problems.push(p);
  };
  const checkRow = async (r: KeysRow, owner: Pick<BlobProblem, 'caseNo' | 'patch'>) => {
    let hashed = originals.get(r.blob_key);
    if (!hashed) {
      hashed = hashOf(blobs, r.blob_key).catch((e: Error) => e);
      originals.set(r.blob_key, hashed);
    }
    const got = await hashed;
    const base = { photoId: r.id, ...owner, key: r.blob_key, variant: 'original' as const };
    if (got instanceof Error) report({ ...base, problem: isMissing(got) ? 'missing' : 'unreadable', detail: got.message });
    else if (got !== r.sha256) report({ ...base, problem: 'hash_mismatch', detail: `sha256 ${got} ≠ ${r.sha256}` });
    // until the derive job has run a photo may have no copies yet: nothing to check
    for (const [variant, key] of [
      ['display', r.display_key],
      ['thumbnail', r.thumb_key],
    ] as const) {
      if (!key) continue;
      const there = await copyState(blobs, key).catch((e: Error) => e);
      if (there === 'whole') derived++;
      else if (there instanceof Error) report({ photoId: r.id, ...owner, key, variant, problem: 'unreadable', detail: there.message });
      else report({ photoId: r.id, ...owner, key, variant, problem: there, detail: there === 'missing' ? 'no such file' : 'empty or without the JPEG end marker' });
    }
  };
  const concurrency = opts.concurrency ?? 4;
  /** Walks one table's rows in pages of 500, `concurrency` rows at a time; returns how many. */
  async function walk<R extends KeysRow>(page: (after: string | null, limit: number) => Promise<R[]>, ownerOf: (r: R) => Pick<BlobProblem, 'caseNo' | 'patch'>) {
    let n = 0;
    let after: string | null = null;
    for (;;) {
      const rows = await page(after, 500);
      if (!rows.length) break;
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(concurrency, rows.length) }, async () => {
          while (next < rows.length) {
            const r = rows[next++];
            await checkRow(r, ownerOf(r));
          }
        }),
      );
      n += rows.length;
      after = rows[rows.length - 1].id;
      opts.onProgress?.(photos + patchPhotos + n);
    }
    return n;
  }
  photos = await walk(repo.keysPage, (r) => ({ caseNo: r.case_no, patch: null }));
  // a violation's patch photos are also its case's photos (the same original): hashed once, named twice if bad
  if (deps.patchesRepo) patchPhotos = await walk(deps.patchesRepo.photoKeysPage, (r) => ({ caseNo: null, patch: { batchNo: r.batch_no, code: r.code } }));
  return { ok: problemCount === 0, photos, patchPhotos, originals: originals.size, derived, problems, problemCount };
}
