import { availableParallelism } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { ImageRejected, processImage, type WatermarkFacts } from './photo.image.js';

/**
 * The photo worker (a worker thread, started by photo.pool.ts): runs `processImage` on the uploads the
 * main thread posts and posts back the facts and the rendered copies, or the refusal. The big buffers of
 * the image work (the decoded pixels, the copies) are allocated here, so the garbage collector of the
 * main thread, whose heap holds the database engine and the app, is not driven by them.
 */
export interface PhotoTask {
  id: number;
  /** The upload's chunks, moved here (`Upload.handOff`) and joined here. */
  chunks: Uint8Array[];
  length: number;
  opts: { sha256?: string; watermark: WatermarkFacts };
}
export type PhotoTaskResult =
  /** The joined upload, in memory both threads share: posted before the image work, so the main thread writes the original meanwhile */
  | { id: number; joined: Uint8Array }
  | { id: number; ok: Awaited<ReturnType<typeof processImage>> }
  | { id: number; rejected: { code: string; message: string } }
  | { id: number; failed: string };

/**
 * Photos worked on at once. sharp runs a pipeline per libuv thread (4), so more at once mostly keeps more
 * decoded pictures (3.7 MB each at 1280 px) alive between their steps; the rest wait their turn with
 * just their upload. (Measured with 16 at once, bench/README.md session 9: sixteen uploads together then
 * cost no more CPU per photo than four, but the benchmark's throughput was not better: the photos finish
 * together and their scoring jobs trail behind.)
 */
const AT_ONCE = Math.max(2, 2 * availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

const port = parentPort;
if (!port) throw new Error('photo.worker.ts runs as a worker thread');
port.on('message', async (t: PhotoTask) => {
  let original: Buffer;
  try {
    // joined at once, even while the photo waits for a slot, into memory the main thread shares (no copy
    // back): it writes the original while the image work runs here, and the chunks' memory is freed
    original = Buffer.from(new SharedArrayBuffer(t.length));
    let at = 0;
    for (const c of t.chunks) {
      original.set(c, at);
      at += c.length;
    }
    if (at !== t.length) throw new Error(`photo worker: ${at} bytes arrived for ${t.length}`);
    port.postMessage({ id: t.id, joined: original } satisfies PhotoTaskResult);
  } catch (e) {
    port.postMessage({ id: t.id, failed: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies PhotoTaskResult);
    return;
  }
  // a free slot, or the slot a finished photo hands over
  if (running < AT_ONCE) running++;
  else await new Promise<void>((r) => waiting.push(r));
  let out: PhotoTaskResult;
  try {
    out = { id: t.id, ok: await processImage(original, t.opts) };
  } catch (e) {
    out = e instanceof ImageRejected ? { id: t.id, rejected: { code: e.code, message: e.message } } : { id: t.id, failed: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
  port.postMessage(out);
});
