import { Worker } from 'node:worker_threads';
import { ImageRejected, processImage, type ImageFacts, type RenderedImage, type WatermarkFacts } from './photo.image.js';
import type { PhotoTask, PhotoTaskResult } from './photo.worker.js';
import type { Upload } from '../../platform/upload.js';

type Processed = { facts: ImageFacts; rendered: RenderedImage };
/**
 * The image work of one upload. `onBytes` is called once the upload's bytes are on the calling thread
 * while the work goes on (the caller writes the original meanwhile); not called when they never come back
 * (a worker that failed before joining them).
 */
export type ImageProcessor = (upload: Upload, opts: { watermark: WatermarkFacts; onBytes?: () => void }) => Promise<Processed>;

/** The image work on the calling thread (`PHOTO_WORKER=off`): the upload joined into one buffer here. */
export const processHere: ImageProcessor = (upload, opts) => {
  const bytes = upload.bytes();
  opts.onBytes?.();
  return processImage(bytes, { sha256: upload.sha256, watermark: opts.watermark });
};

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/**
 * One worker thread that does the image work of uploads (`processImage`: inspect, decode, watermark,
 * display copy, thumbnail, hash) for the whole process, started at the first photo. Why a thread: a
 * 4000 × 3000 upload makes ~5 MB of pixel and output buffers; made on the main thread they drive its
 * garbage collector, which then marks the main heap (PGlite's engine, the app: ~100 MB) about once a
 * second under load — more CPU than the HTTP and SQL work of a report (bench/README.md, "Patrol: report
 * ingest"). sharp runs its pipelines on libuv's pool either way. The upload's chunks move to the thread
 * (`Upload.handOff`: no copy, and their memory leaves the main heap's account) and are joined there into
 * memory both threads share, which comes back at once, before the image work (the upload holds it again:
 * `restore`): the original is written while the picture is decoded. The display copy and thumbnail
 * follow with the facts. A crashed worker fails the photos in flight (500) and the next photo starts a
 * new one. With `PHOTO_WORKER=off` (config.ts) createDeps passes `processHere` instead.
 */
class PhotoWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { upload: Upload; onBytes?: () => void; resolve: (p: Processed) => void; reject: (e: Error) => void }>();
  private seq = 0;

  run(upload: Upload, opts: { watermark: WatermarkFacts; onBytes?: () => void }): Promise<Processed> {
    const w = this.started();
    const id = ++this.seq;
    return new Promise<Processed>((resolve, reject) => {
      this.pending.set(id, { upload, onBytes: opts.onBytes, resolve, reject });
      w.ref();
      // the chunks move to the thread (no copy), are joined there and come back joined, before the image work
      const { chunks, transfer } = upload.handOff();
      try {
        w.postMessage({ id, chunks, length: upload.length, opts: { sha256: upload.sha256, watermark: opts.watermark } } satisfies PhotoTask, transfer);
      } catch (e) {
        this.settled(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  private settled(id: number) {
    const p = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    return p;
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const ts = import.meta.url.endsWith('.ts');
    const url = new URL(`./photo.worker${ts ? '.ts' : '.js'}`, import.meta.url);
    // the sources are TypeScript run by tsx: the thread imports its entry through tsx's API (a worker
    // does not get the parent's loader hooks in time for its entry point), and none of the parent's flags (e.g. --test)
    const w = ts
      ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}))`, {
          eval: true,
          execArgv: [],
        })
      : new Worker(url, { execArgv: [] });
    w.on('message', (m: PhotoTaskResult) => {
      if ('joined' in m) {
        const p = this.pending.get(m.id);
        if (!p) return;
        p.upload.restore(asBuffer(m.joined));
        p.onBytes?.();
        return;
      }
      const p = this.settled(m.id);
      if (!p) return;
      if ('ok' in m) {
        p.resolve({
          facts: m.ok.facts,
          rendered: { display: asBuffer(m.ok.rendered.display), thumb: asBuffer(m.ok.rendered.thumb), phash: m.ok.rendered.phash, lines: m.ok.rendered.lines },
        });
      } else if ('rejected' in m) p.reject(new ImageRejected(m.rejected.code, m.rejected.message));
      else p.reject(new Error(`photo worker: ${m.failed}`));
    });
    w.on('error', (e) => this.gone(w, e));
    w.on('exit', (code) => this.gone(w, new Error(`photo worker exited with code ${code}`)));
    // an idle worker does not keep the process alive
    w.unref();
    this.worker = w;
    return w;
  }

  /** The thread ended or failed: the photos in flight fail (each request answers 500), the next photo starts a new one. */
  private gone(w: Worker, e: Error) {
    if (this.worker !== w) return;
    this.worker = null;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /** Stops the thread (tests, shutdown); photos in flight fail, the next photo starts a new one. */
  async stop() {
    const w = this.worker;
    if (!w) return;
    const code = await w.terminate();
    this.gone(w, new Error(`photo worker exited with code ${code}`));
  }
}

const shared = new PhotoWorker();

/** The image work of one upload in the process's photo worker. */
export const processUpload: ImageProcessor = (upload, opts) => shared.run(upload, opts);

export const stopPhotoWorker = () => shared.stop();
