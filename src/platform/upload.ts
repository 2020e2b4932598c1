import { createHash } from 'node:crypto';

/**
 * An uploaded file as it arrived: the chunks the request body was read in, its length and SHA-256
 * (hashed while it arrived). The bytes are not joined into one buffer on the main thread: a 2.7 MB
 * photo joined there is 2.7 MB more for the main thread's garbage collector to account for, which
 * marks the whole main heap about once per 64 MB allocated (bench/README.md, "Patrol: report ingest").
 * The original is written from the chunks and the photo worker joins them in its own heap.
 */
export class Upload {
  private whole: Buffer | undefined;
  constructor(
    readonly chunks: readonly Buffer[],
    readonly length: number,
    readonly sha256: string,
  ) {}

  static of(buf: Buffer): Upload {
    return new Upload([buf], buf.length, createHash('sha256').update(buf).digest('hex'));
  }

  /** The bytes as one buffer, joined at the first call (where a whole buffer is needed: an S3 PUT, image work on this thread). */
  bytes(): Buffer {
    this.whole ??= this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks as Buffer[], this.length);
    return this.whole;
  }

  /** The first `n` bytes (the type sniffing needs a few). */
  head(n: number): Buffer {
    const first = this.chunks[0] ?? Buffer.alloc(0);
    if (first.length >= n || this.chunks.length === 1) return first.subarray(0, n);
    return this.bytes().subarray(0, n);
  }
}

/** Photo bytes as services take them: an upload read by `readMultipart`, or a buffer made in the process (the demo seed, tests). */
export type PhotoBytes = Buffer | Upload;

export const asUpload = (b: PhotoBytes): Upload => (b instanceof Upload ? b : Upload.of(b));
