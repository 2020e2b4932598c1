import { createHash } from 'node:crypto';

/**
 * An uploaded file as it arrived: the chunks the request body was read in, its length and SHA-256
 * (hashed while it arrived). The bytes are not joined into one buffer on the main thread: a 2.7 MB
 * photo joined there is 2.7 MB more for the main thread's garbage collector to account for, which
 * marks the whole main heap about once per 64 MB allocated (bench/README.md, "Patrol: report ingest").
 *
 * The photo worker takes the bytes with `handOff` (the chunks' memory moves to its thread: no copy),
 * joins them there and gives the joined bytes back with `restore`; the original is written from those.
 */
export class Upload {
  private parts: readonly Buffer[];
  private whole: Buffer | undefined;
  private away = false;

  /**
   * `owned`: nothing but this upload refers to the chunks' memory (a request body read by
   * `readMultipart`), so a chunk that spans its whole ArrayBuffer may be moved to another thread.
   * Buffers a caller passes in (`Upload.of`) are never moved: the caller may still use them.
   */
  constructor(
    chunks: readonly Buffer[],
    readonly length: number,
    readonly sha256: string,
    private readonly owned = false,
  ) {
    this.parts = chunks;
  }

  static of(buf: Buffer): Upload {
    return new Upload([buf], buf.length, createHash('sha256').update(buf).digest('hex'));
  }

  /** The chunks, in order. */
  get chunks(): readonly Buffer[] {
    this.present();
    return this.parts;
  }

  /** The bytes as one buffer, joined at the first call (where a whole buffer is needed: an S3 PUT, image work on this thread). */
  bytes(): Buffer {
    this.present();
    this.whole ??= this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts as Buffer[], this.length);
    return this.whole;
  }

  /** The first `n` bytes (the type sniffing needs a few). */
  head(n: number): Buffer {
    this.present();
    const first = this.parts[0] ?? Buffer.alloc(0);
    if (first.length >= n || this.parts.length === 1) return first.subarray(0, n);
    return this.bytes().subarray(0, n);
  }

  /**
   * Gives the bytes to another thread: `chunks` to post and `transfer`, the ArrayBuffers to move with
   * them (postMessage's transfer list). An owned chunk that spans its whole ArrayBuffer moves without a
   * copy; any other bytes (a chunk sharing its memory with the multipart framing or with the next file,
   * a caller's buffer) are copied into one new buffer that moves. Until `restore`, the upload has no
   * bytes on this thread: reading them throws.
   */
  handOff(): { chunks: Uint8Array[]; transfer: ArrayBuffer[] } {
    this.present();
    const chunks: Uint8Array[] = [];
    const transfer: ArrayBuffer[] = [];
    let copy: Buffer[] = [];
    const flushCopy = () => {
      if (!copy.length) return;
      const joined = new Uint8Array(copy.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of copy) {
        joined.set(c, at);
        at += c.length;
      }
      chunks.push(joined);
      transfer.push(joined.buffer);
      copy = [];
    };
    const seen = new Set<ArrayBufferLike>();
    for (const c of this.parts) {
      const ab = c.buffer;
      const movable = this.owned && ab instanceof ArrayBuffer && c.byteOffset === 0 && c.byteLength === ab.byteLength && !seen.has(ab);
      if (movable) {
        flushCopy();
        seen.add(ab);
        chunks.push(c);
        transfer.push(ab);
      } else copy.push(c);
    }
    flushCopy();
    this.away = true;
    this.parts = [];
    this.whole = undefined;
    return { chunks, transfer };
  }

  /** The joined bytes came back from the thread that took them (`handOff`). */
  restore(joined: Buffer) {
    if (!this.away) throw new Error('upload: restore without handOff');
    if (joined.length !== this.length) throw new Error(`upload: ${joined.length} bytes came back for ${this.length}`);
    this.parts = [joined];
    this.whole = joined;
    this.away = false;
  }

  /** Whether the bytes are on another thread (handed off, not restored). */
  get handedOff() {
    return this.away;
  }

  private present() {
    if (this.away) throw new Error('upload: the bytes are on the photo worker');
  }
}

/** Photo bytes as services take them: an upload read by `readMultipart`, or a buffer made in the process (the demo seed, tests). */
export type PhotoBytes = Buffer | Upload;

export const asUpload = (b: PhotoBytes): Upload => (b instanceof Upload ? b : Upload.of(b));
