import { createHash } from 'node:crypto';
import type { BlobStore } from '../../platform/blobs.js';
import type { PhotosRepo } from './photos.repo.js';

/** A photo file that is not what its row says: missing, or an original whose bytes changed. */
export interface BlobProblem {
  photoId: string;
  caseNo: string;
  key: string;
  variant: 'original' | 'display' | 'thumbnail';
  problem: 'missing' | 'hash_mismatch' | 'unreadable';
  detail: string;
}

export interface BlobCheckResult {
  ok: boolean;
  photos: number;
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

/**
 * `blobs check`: walks every photo row and checks its files in the blob store (disk or S3): the original
 * is read and hashed against the row's SHA-256, the display copy and thumbnail must exist. Read-only.
 */
export async function checkPhotoBlobs(
  deps: { photosRepo: PhotosRepo; blobs: BlobStore },
  opts: { maxProblems?: number; concurrency?: number; onProgress?: (photos: number) => void } = {},
): Promise<BlobCheckResult> {
  const { photosRepo: repo, blobs } = deps;
  const maxProblems = opts.maxProblems ?? 20;
  const problems: BlobProblem[] = [];
  let problemCount = 0;
  let photos = 0;
  let derived = 0;
  // an original shared by several photos is hashed once
  const originals = new Map<string, Promise<string | Error>>();
  const report = (p: BlobProblem) => {
    problemCount++;
    if (problems.length < maxProblems) problems.push(p);
  };
  const checkRow = async (r: Awaited<ReturnType<PhotosRepo['keysPage']>>[number]) => {
    let hashed = originals.get(r.blob_key);
    if (!hashed) {
      hashed = hashOf(blobs, r.blob_key).catch((e: Error) => e);
      originals.set(r.blob_key, hashed);
    }
    const got = await hashed;
    const base = { photoId: r.id, caseNo: r.case_no, key: r.blob_key, variant: 'original' as const };
    if (got instanceof Error) report({ ...base, problem: isMissing(got) ? 'missing' : 'unreadable', detail: got.message });
    else if (got !== r.sha256) report({ ...base, problem: 'hash_mismatch', detail: `sha256 ${got} ≠ ${r.sha256}` });
    // until the derive job has run a photo may have no copies yet: nothing to check
    for (const [variant, key] of [
      ['display', r.display_key],
      ['thumbnail', r.thumb_key],
    ] as const) {
      if (!key) continue;
      const there = await blobs.exists(key).catch((e: Error) => e);
      if (there === true) derived++;
      else
        report({ photoId: r.id, caseNo: r.case_no, key, variant, problem: there === false ? 'missing' : 'unreadable', detail: there === false ? 'no such file' : there.message });
    }
  };
  const concurrency = opts.concurrency ?? 4;
  let after: string | null = null;
  for (;;) {
    const page = await repo.keysPage(after, 500);
    if (!page.length) break;
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, page.length) }, async () => {
        while (next < page.length) await checkRow(page[next++]);
      }),
    );
    photos += page.length;
    after = page[page.length - 1].id;
    opts.onProgress?.(photos);
  }
  return { ok: problemCount === 0, photos, originals: originals.size, derived, problems, problemCount };
}
