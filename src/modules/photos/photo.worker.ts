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
  buf: Uint8Array;
  opts: { sha256?: string; watermark: WatermarkFacts };
}
export type PhotoTaskResult =
  | { id: number; ok: Awaited<ReturnType<typeof processImage>> }
  | { id: number; rejected: { code: string; message: string } }
  | { id: number; failed: string };

const port = parentPort;
if (!port) throw new Error('photo.worker.ts runs as a worker thread');
port.on('message', async (t: PhotoTask) => {
  let out: PhotoTaskResult;
  try {
    out = { id: t.id, ok: await processImage(Buffer.from(t.buf.buffer, t.buf.byteOffset, t.buf.byteLength), t.opts) };
  } catch (e) {
    out = e instanceof ImageRejected ? { id: t.id, rejected: { code: e.code, message: e.message } } : { id: t.id, failed: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(out);
});
