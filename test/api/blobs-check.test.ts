import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { checkPhotoBlobs } from '../../src/modules/photos/photos.check.js';
import { DiskBlobStore } from '../../src/platform/blobs.js';
import { ROOT } from '../support/env.js';

// `npm run cli -- blobs check` and the function it calls: a good store passes; a deleted file and a changed
// byte are each reported with the photo and its case number. And the disk driver's start-up sweep of
// temporary files: a dead writer's go, a live writer's stay.

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const blobRoot = () => path.join(t.dataDir, 'blobs');
const check = () => checkPhotoBlobs({ photosRepo: t.deps.repos.photos, blobs: t.deps.blobs });

/** The CLI, where it can open the database beside this process (PostgreSQL; PGlite here is in memory). */
function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir, DEMO: '0', LOG_LEVEL: 'silent' },
  });
}

async function reportWithPhotos(n: number, seed: number) {
  const [lon, lat] = t.pointIn(TOWN_A, 0);
  const files = [];
  for (let i = 0; i < n; i++)
    files.push({
      name: 'photo',
      filename: 'p.jpg',
      type: 'image/jpeg',
      data: await jpegWithExif({ lon, lat, at: new Date(Date.now() - 60_000), seed: seed + i, width: 800, height: 600 }),
    });
  const mp = multipart({ clientId: randomUUID(), lon: String(lon), lat: String(lat), accuracy: '8', category: 'shed' }, files);
  const r = await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: mp.payload, headers: mp.headers });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { caseNo: string; photos: { id: string }[] };
}

test('blobs check: a good store passes; a deleted display copy and a changed byte in an original are each named with photo and case', async () => {
  const a = await reportWithPhotos(2, 11);
  const b = await reportWithPhotos(1, 21);
  const good = await check();
  assert.equal(good.ok, true, JSON.stringify(good.problems));
  assert.equal(good.photos, 3);
  assert.equal(good.originals, 3);
  assert.equal(good.derived, 6, 'display copy and thumbnail of each photo');
  if (t.databaseUrl) {
    const out = cli('blobs', 'check');
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /blobs OK: 3 photos, 3 originals hashed, 6 copies present \(disk/);
  }

  const rowOf = (id: string) => t.deps.repos.photos.byId(id).then((p) => p!);
  // a deleted file: refused; the other photos of the same case stay good
  const pa = await rowOf(a.photos[0].id);
  const display = path.join(blobRoot(), pa.display_key!);
  const displayBytes = fs.readFileSync(display);
  fs.rmSync(display);
  let r = await check();
  assert.equal(r.ok, false);
  assert.equal(r.problemCount, 1, 'only the deleted file');
  assert.deepEqual(
    { photoId: r.problems[0].photoId, caseNo: r.problems[0].caseNo, variant: r.problems[0].variant, problem: r.problems[0].problem, key: r.problems[0].key },
    { photoId: pa.id, caseNo: a.caseNo, variant: 'display', problem: 'missing', key: pa.display_key },
  );
  if (t.databaseUrl) {
    const out = cli('blobs', 'check');
    assert.equal(out.status, 1, 'exit 1 when a file is missing');
    assert.ok(out.stderr.includes(`${a.caseNo}  photo ${pa.id}  display missing`), out.stderr);
  }
  fs.writeFileSync(display, displayBytes);
  assert.equal((await check()).ok, true, 'put back: good again');

  // one changed byte in an original: refused as a hash mismatch; the same file with its bytes put back passes
  const pb = await rowOf(b.photos[0].id);
  const original = path.join(blobRoot(), pb.blob_key);
  const bytes = fs.readFileSync(original);
  const changed = Buffer.from(bytes);
  changed[changed.length >> 1] ^= 0x01;
  fs.writeFileSync(original, changed);
  r = await check();
  assert.equal(r.ok, false);
  assert.equal(r.problemCount, 1);
  assert.equal(r.problems[0].photoId, pb.id);
  assert.equal(r.problems[0].caseNo, b.caseNo);
  assert.equal(r.problems[0].problem, 'hash_mismatch');
  assert.equal(r.problems[0].variant, 'original');
  if (t.databaseUrl) {
    const out = cli('blobs', 'check');
    assert.equal(out.status, 1);
    assert.ok(out.stderr.includes(`${b.caseNo}  photo ${pb.id}  original hash_mismatch`), out.stderr);
  }
  // a deleted original is "missing", not a mismatch
  fs.rmSync(original);
  r = await check();
  assert.equal(r.problems[0].problem, 'missing');
  fs.writeFileSync(original, bytes);
  assert.equal((await check()).ok, true);
});

test("the disk store: a put leaves no temporary file; the start-up sweep removes a dead writer's temporary files and keeps a live one's", async () => {
  const root = fs.mkdtempSync(path.join(t.dataDir, 'sweep-'));
  const store = new DiskBlobStore(root);
  await store.put('originals/ab/cd/x.jpg', Buffer.from('x'));
  await store.put('display/y.jpg', [Buffer.from('y'), Buffer.from('z')]);
  const tmps = () => (fs.readdirSync(root, { recursive: true }) as string[]).filter((n) => n.endsWith('.tmp')).sort();
  assert.deepEqual(tmps(), []);
  assert.equal(fs.readFileSync(path.join(root, 'display/y.jpg'), 'utf8'), 'yz');
  // a process that is gone: a child that has exited
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const deadPid = Number(gone.stdout);
  const host = (await import('node:os'))
    .hostname()
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-');
  const dead = `originals/ab/cd/x.jpg.${deadPid}-${host}.${randomUUID()}.tmp`;
  const live = `originals/ab/cd/w.jpg.${process.pid + 0}-${host}.${randomUUID()}.tmp`;
  const otherHostFresh = `display/v.jpg.1234-elsewhere.${randomUUID()}.tmp`;
  const otherHostOld = `display/u.jpg.1234-elsewhere.${randomUUID()}.tmp`;
  for (const f of [dead, live, otherHostFresh, otherHostOld]) fs.writeFileSync(path.join(root, f), 'partial');
  const old = new Date(Date.now() - 11 * 60_000);
  fs.utimesSync(path.join(root, otherHostOld), old, old);
  // this process's own files are in flight: a second store object of this process keeps them, and so does
  // any store for a writer on another host that wrote a minute ago
  assert.equal(await store.removeTempFiles(), 2);
  assert.deepEqual(tmps(), [path.normalize(otherHostFresh), path.normalize(live)].sort());
  assert.deepEqual(await store.list('originals/'), ['originals/ab/cd/x.jpg'], 'list never shows a temporary file');
});
