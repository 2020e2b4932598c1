/**
 * blob-put: what the durable blob writes (fsync of each file and of its directory, issue 18) add to a patrol
 * report's request path, next to the image work the same request does. Run by hand, never by CI.
 *
 *   npx tsx bench/blob-put.ts                 # 40 photos (bench/.cache, made by bench/photos.ts), alternating
 *   npx tsx bench/blob-put.ts --n 80 --dir /data/blobs-bench   # on the disk the product's DATA_DIR is on
 *   npx tsx bench/blob-put.ts --all-durable   # the copies fsynced too (the store before the lazy copies)
 *
 * Per photo, as `POST /api/cases` does it (photos.service prepare): the image work (inspectImage +
 * renderImage) runs while the original (~2.7 MB) is written, then the display copy and the thumbnail are written
 * in parallel; all through the product's DiskBlobStore: the original durable (write, datasync, rename,
 * directory fsync), the two copies `lazy` as the product writes them (write, rename; synced in a batch
 * afterwards, off the request; `--all-durable` makes them durable too, as before the lazy copies). The
 * reference is the same sequence with the same writes made without any fsync (write + rename, as before the
 * durable store). ratio = added ms per photo ÷ the reference's ms per photo: what durability adds to a single
 * report's image-and-write time (concurrency 1; at higher concurrency the disk waits overlap other requests'
 * CPU work). The two ways alternate photo by photo, so background load falls on both alike.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DiskBlobStore } from '../src/platform/blobs.js';
import { inspectImage, renderImage } from '../src/modules/photos/photo.image.js';
import { arg, CACHE_DIR, loadAvg, mdTable, stats } from './lib.js';

const argv = process.argv.slice(2);
const n = Number(arg(argv, 'n', '40'));
const allDurable = argv.includes('--all-durable');
const root = arg(argv, 'dir', path.join(os.tmpdir(), `wwj-blob-put-${process.pid}`));
const photoDir = path.join(CACHE_DIR, 'photos-4000x3000');
const files = fs.existsSync(photoDir)
  ? fs
      .readdirSync(photoDir)
      .filter((f) => f.endsWith('.jpg'))
      .sort()
  : [];
if (files.length < n) throw new Error(`need ${n} photos in ${photoDir}: npx tsx bench/photos.ts --count ${n}`);

/** The reference: the same files written and renamed, nothing fsynced. */
async function putPlain(base: string, key: string, data: Buffer) {
  const f = path.join(base, key);
  await fsp.mkdir(path.dirname(f), { recursive: true });
  await fsp.writeFile(`${f}.tmp`, data);
  await fsp.rename(`${f}.tmp`, f);
}

const keyOf = (kind: string, i: number, tag: string) => `${kind}/${tag}${(i % 16).toString(16)}/${i.toString(16).padStart(2, '0')}/p${i}.jpg`;

async function main() {
  fs.mkdirSync(root, { recursive: true });
  const store = new DiskBlobStore(path.join(root, 'durable'));
  const plainRoot = path.join(root, 'plain');
  const durable: number[] = [];
  const plain: number[] = [];
  const derivedOnly: number[] = [];
  console.log(`${os.cpus().length} × ${os.cpus()[0]?.model}; blobs under ${root}; load ${loadAvg().join(' ')}`);
  // one photo to warm sharp and the file system up, not timed
  const warm = fs.readFileSync(path.join(photoDir, files[0]));
  await renderImage(warm, null);
  for (let i = 1; i <= n; i++) {
    const original = fs.readFileSync(path.join(photoDir, files[i % files.length]));
    // alternate which way goes first, so neither always meets a warmer cache
    for (const way of i % 2 ? ['durable', 'plain'] : ['plain', 'durable']) {
      const tag = way === 'durable' ? 'a' : 'b';
      const put = (key: string, data: Buffer, copy = false) => (way === 'durable' ? store.put(key, data, { lazy: copy && !allDurable }) : putPlain(plainRoot, key, data));
      const t = performance.now();
      const writingOriginal = put(keyOf('originals', i, tag), original);
      await inspectImage(original);
      const r = await renderImage(original, null);
      await writingOriginal;
      const t2 = performance.now();
      await Promise.all([put(keyOf('display', i, tag), r.display, true), put(keyOf('thumbs', i, tag), r.thumb, true)]);
      const end = performance.now();
      if (way === 'durable') {
        durable.push(end - t);
        derivedOnly.push(end - t2);
      } else plain.push(end - t);
    }
  }
  const d = stats(durable);
  const p = stats(plain);
  const dd = stats(derivedOnly);
  const added = d.p50 - p.p50;
  console.log(
    '\n' +
      mdTable(
        [
          ['per photo: image work + 3 files', 'n', 'p50 ms', 'p99 ms', 'mean ms'],
          [allDurable ? 'durable (fsync of all 3)' : 'durable (original fsynced, copies lazy)', String(d.n), d.p50.toFixed(1), d.p99.toFixed(1), d.mean.toFixed(1)],
          ['plain (no fsync), the reference', String(p.n), p.p50.toFixed(1), p.p99.toFixed(1), p.mean.toFixed(1)],
          ['  of durable: the derived copies after the render', String(dd.n), dd.p50.toFixed(1), dd.p99.toFixed(1), dd.mean.toFixed(1)],
        ],
        1,
      ),
  );
  console.log(`\nadded by fsync: ${added.toFixed(1)} ms per photo (p50); ratio to the reference: ${(added / p.p50).toFixed(3)} (above 0.10: worth a lever, bench/README.md)`);
  fs.rmSync(root, { recursive: true, force: true });
}

await main();
