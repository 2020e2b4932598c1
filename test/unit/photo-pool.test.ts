import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ImageRejected, processImage, type WatermarkFacts } from '../../src/modules/photos/photo.image.js';
import { processHere, processUpload, stopPhotoWorker } from '../../src/modules/photos/photo.pool.js';
import { jpegWithExif } from '../support/images.js';
import { Upload } from '../../src/platform/upload.js';
import { DiskBlobStore } from '../../src/platform/blobs.js';

after(() => stopPhotoWorker());

const watermark: WatermarkFacts = {
  who: '巡查员 张巡查',
  placeText: '新埭镇 鲁家村',
  fix: [121.05, 30.75],
  accuracyM: 8,
  casePoint: null,
  capturedAt: null,
  caseNo: null,
  now: new Date('2026-11-27T02:00:00Z'),
};

test('the photo worker returns what the same work on this thread returns', async () => {
  const jpeg = await jpegWithExif({ lon: 121.0512, lat: 30.7523, at: new Date('2026-11-27T09:30:00+08:00'), width: 1600, height: 1200 });
  const [inWorker, here] = await Promise.all([processUpload(Upload.of(jpeg), { watermark }), processImage(jpeg, { watermark })]);
  assert.equal(inWorker.facts.sha256, here.facts.sha256, 'same hash');
  assert.deepEqual(inWorker.facts.gps, here.facts.gps, 'same EXIF position');
  assert.equal(inWorker.facts.capturedAt?.toISOString(), '2026-11-27T01:30:00.000Z', 'the capture time comes back as a Date');
  assert.equal(inWorker.rendered.phash, here.rendered.phash, 'same perceptual hash');
  assert.ok(Buffer.isBuffer(inWorker.rendered.display) && Buffer.isBuffer(inWorker.rendered.thumb), 'the copies come back as Buffers');
  assert.ok(inWorker.rendered.display.equals(here.rendered.display), 'byte-identical display copy with the same watermark');
  assert.ok(inWorker.rendered.thumb.equals(here.rendered.thumb), 'byte-identical thumbnail');
  // as readMultipart keeps it: the chunks the body arrived in
  const cut = [0, 7, 65_536, 100_000, jpeg.length];
  const chunks = cut.slice(1).map((end, i) => jpeg.subarray(cut[i], end));
  const chunked = await processUpload(new Upload(chunks, jpeg.length, here.facts.sha256), { watermark });
  assert.ok(chunked.rendered.display.equals(here.rendered.display), 'an upload in chunks gives the same display copy');
  // PHOTO_WORKER=off: the same work on this thread, from the same chunks
  const offThread = await processHere(new Upload(chunks, jpeg.length, here.facts.sha256), { watermark });
  assert.ok(offThread.rendered.display.equals(here.rendered.display) && offThread.facts.sha256 === here.facts.sha256, 'the main-thread path gives the same result');
});

test("an upload read from a request moves to the worker without a copy and comes back joined; a caller's buffers stay", async () => {
  const jpeg = await jpegWithExif({ lon: 121.05, lat: 30.75, at: new Date(), width: 1200, height: 900 });
  const here = await processImage(jpeg, { watermark });
  // as a request body arrives: most chunks own their memory, the first shares it with the multipart framing
  const framed = Buffer.concat([Buffer.from('--boundary\r\nContent-Type: image/jpeg\r\n\r\n'), jpeg.subarray(0, 5000)]);
  const first = framed.subarray(framed.length - 5000);
  const owning = [first, ...[5000, 40_000, 90_000].map((start, i, a) => new Uint8Array(jpeg.subarray(start, a[i + 1] ?? jpeg.length)))].map((c) =>
    Buffer.from(c.buffer, c.byteOffset, c.byteLength),
  );
  const upload = new Upload(owning, jpeg.length, here.facts.sha256, true);
  const done = processUpload(upload, { watermark });
  assert.equal(owning[1].length, 0, 'a chunk spanning its own memory moved to the worker (detached here)');
  assert.ok(framed.subarray(framed.length - 5000).equals(jpeg.subarray(0, 5000)), 'memory shared with the framing stays here (its bytes were copied)');
  assert.throws(() => upload.bytes(), /photo worker/, 'the bytes cannot be read while the worker has them');
  const r = await done;
  assert.ok(r.rendered.display.equals(here.rendered.display), 'the same display copy as in process');
  assert.equal(upload.handedOff, false, 'the upload holds its bytes again');
  assert.ok(upload.bytes().equals(jpeg), 'the joined bytes came back byte for byte');
  assert.deepEqual(upload.chunks.length, 1, 'as one buffer');
  // a caller's buffer (Upload.of, not owned) is copied, never taken
  const callers = Buffer.from(jpeg);
  const again = await processUpload(Upload.of(callers), { watermark });
  assert.ok(callers.equals(jpeg) && again.facts.sha256 === here.facts.sha256, "the caller's buffer is untouched");
});

test('an upload in chunks is stored byte for byte by the disk store', async () => {
  const jpeg = await jpegWithExif({ lon: 121.05, lat: 30.75, at: new Date(), width: 640, height: 480 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-blobs-'));
  try {
    const store = new DiskBlobStore(dir);
    const chunks = [jpeg.subarray(0, 1000), Buffer.alloc(0), jpeg.subarray(1000, 5000), jpeg.subarray(5000)];
    await store.put('originals/aa/bb/x.jpg', chunks);
    assert.ok((await store.get('originals/aa/bb/x.jpg')).equals(jpeg), 'the file holds the whole upload');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'originals/aa/bb')), ['x.jpg'], 'no temp file left');
    // the store remembers the directories it made; one removed behind its back is made again
    fs.rmSync(path.join(dir, 'originals'), { recursive: true });
    await store.put('originals/aa/bb/y.jpg', jpeg);
    assert.ok((await store.get('originals/aa/bb/y.jpg')).equals(jpeg), 'written after its directory was removed');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a refused image is refused with its code; a photo in flight when the worker dies fails, and the next one works', async () => {
  const jpeg = await jpegWithExif({ lon: 121.05, lat: 30.75, at: new Date(), width: 800, height: 600 });
  const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
  await assert.rejects(
    processUpload(Upload.of(truncated), { watermark }),
    (e: unknown) => e instanceof ImageRejected && e.code === 'photo.corrupt',
    'a truncated JPEG is photo.corrupt',
  );
  const inFlight = processUpload(Upload.of(jpeg), { watermark });
  await stopPhotoWorker();
  await assert.rejects(inFlight, /photo worker exited/, 'the photo in flight fails instead of hanging');
  const again = await processUpload(Upload.of(jpeg), { watermark });
  assert.equal(again.facts.width, 800, 'a new worker takes the next photo');
});
