import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { square } from '../fixtures/geometry.js';
import { checkPhotoBlobs } from '../../src/modules/photos/photos.check.js';
import { patchesRepo } from '../../src/modules/patches/patches.repo.js';
import { DiskBlobStore } from '../../src/platform/blobs.js';
import { ROOT } from '../support/env.js';

// `npm run cli -- blobs check` and the function it calls: a good store passes; a deleted file and a changed
// byte are each reported with the photo and its case number; a patch check's ground photo (图斑核查) with
// its batch and patch number. And the disk driver's start-up sweep of temporary files: a dead writer's go,
// a live writer's stay.

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
    assert.match(out.stdout, /blobs OK: 3 photos, 0 patch photos, 3 originals hashed, 6 copies present \(disk/);
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

test('blobs check: a patch check’s ground photos too; a missing or changed one is named with batch, patch number and file, exit 1', async () => {
  const checkAll = () => checkPhotoBlobs({ photosRepo: t.deps.repos.photos, blobs: t.deps.blobs, patchesRepo: patchesRepo(t.db) });
  const before = await checkAll();
  assert.equal(before.ok, true, JSON.stringify(before.problems));
  // a batch of two patches: one found as 未发现变化 (its photo is the patch's only), one as 违法建设 (the same
  // original is also the new case's photo)
  const [p0, p1] = [t.pointIn(TOWN_A, 2), t.pointIn(TOWN_A, 3)];
  const fc = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { TBBH: 'BC-01' }, geometry: square(...p0, 8) },
      { type: 'Feature', properties: { TBBH: 'BC-02' }, geometry: square(...p1, 8) },
    ],
  };
  const form = multipart({ batchNo: '校验批次', source: 'satellite', detectedOn: '2026-11-01', dueOn: '2026-12-31' }, [
    { name: 'file', filename: 'bc.geojson', type: 'application/geo+json', data: Buffer.from(JSON.stringify(fc)) },
  ]);
  const imp = await t.req('city', { method: 'POST', url: '/api/patches/batches', payload: form.payload, headers: form.headers });
  assert.equal(imp.statusCode, 200, imp.body);
  assert.equal(imp.json().applied, true, imp.body);
  const list = (await t.req('inspector_a', { method: 'GET', url: `/api/patches?batchId=${imp.json().batchId}` })).json().items as {
    id: string;
    code: string;
    version: number;
    lon: number;
    lat: number;
  }[];
  const give = async (code: string, verdict: string, seed: number) => {
    const p = list.find((x) => x.code === code)!;
    const photo = await jpegWithExif({ lon: p.lon, lat: p.lat, at: new Date(Date.now() - 60_000), seed, width: 800, height: 600 });
    const mp = multipart({ version: String(p.version), verdict, note: '现场核查', lon: String(p.lon), lat: String(p.lat), accuracy: '6' }, [
      { name: 'photo', filename: 'g.jpg', type: 'image/jpeg', data: photo },
    ]);
    const r = await t.req('inspector_a', { method: 'POST', url: `/api/patches/${p.id}/verdict`, payload: mp.payload, headers: mp.headers });
    assert.equal(r.statusCode, 200, r.body);
    return t.db.q.selectFrom('patch_photos').selectAll().where('patch_id', '=', p.id).executeTakeFirstOrThrow();
  };
  const ground = await give('BC-01', 'not_found', 61);
  const shared = await give('BC-02', 'violation', 71);
  // a case upload undone (refused, failed) keeps an original a ground photo holds
  assert.ok((await t.deps.repos.photos.heldKeys([ground.blob_key, 'originals/none.jpg'])).has(ground.blob_key));
  assert.equal((await t.deps.repos.photos.heldKeys([ground.blob_key, 'originals/none.jpg'])).size, 1);
  const good = await checkAll();
  assert.equal(good.ok, true, JSON.stringify(good.problems));
  assert.equal(good.patchPhotos, 2);
  assert.equal(good.photos, before.photos + 1, 'the violation’s case photo');
  assert.equal(good.originals, before.originals + 2, 'the shared original is hashed once');
  if (t.databaseUrl) {
    const out = cli('blobs', 'check');
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, new RegExp(`blobs OK: ${good.photos} photos, 2 patch photos, ${good.originals} originals hashed`));
  }

  // the ground photo's original deleted: named by batch, patch number and file; exit 1
  const original = path.join(blobRoot(), ground.blob_key);
  const bytes = fs.readFileSync(original);
  fs.rmSync(original);
  let r = await checkAll();
  assert.equal(r.ok, false);
  assert.equal(r.problemCount, 1);
  assert.deepEqual(
    {
      photoId: r.problems[0].photoId,
      caseNo: r.problems[0].caseNo,
      patch: r.problems[0].patch,
      key: r.problems[0].key,
      variant: r.problems[0].variant,
      problem: r.problems[0].problem,
    },
    { photoId: ground.id, caseNo: null, patch: { batchNo: '校验批次', code: 'BC-01' }, key: ground.blob_key, variant: 'original', problem: 'missing' },
  );
  if (t.databaseUrl) {
    const out = cli('blobs', 'check');
    assert.equal(out.status, 1, 'exit 1 when a patch photo is missing');
    assert.ok(out.stderr.includes(`图斑 校验批次 BC-01  patch photo ${ground.id}  original missing: ${ground.blob_key}`), out.stderr);
  }
  // a changed byte: a hash mismatch
  const changed = Buffer.from(bytes);
  changed[changed.length >> 1] ^= 0x01;
  fs.writeFileSync(original, changed);
  r = await checkAll();
  assert.equal(r.problemCount, 1);
  assert.equal(r.problems[0].problem, 'hash_mismatch');
  assert.deepEqual(r.problems[0].patch, { batchNo: '校验批次', code: 'BC-01' });
  fs.writeFileSync(original, bytes);
  // the thumbnail missing
  const thumb = path.join(blobRoot(), ground.thumb_key);
  const thumbBytes = fs.readFileSync(thumb);
  fs.rmSync(thumb);
  r = await checkAll();
  assert.deepEqual(
    r.problems.map((p) => [p.patch?.code, p.variant, p.problem]),
    [['BC-01', 'thumbnail', 'missing']],
  );
  fs.writeFileSync(thumb, thumbBytes);

  // the violation's original, shared with its case's photo: both are named, the case's and the patch's
  const sharedOriginal = path.join(blobRoot(), shared.blob_key);
  const sharedBytes = fs.readFileSync(sharedOriginal);
  fs.rmSync(sharedOriginal);
  r = await checkAll();
  assert.equal(r.problemCount, 2);
  assert.ok(r.problems.some((p) => p.caseNo && !p.patch && p.variant === 'original'));
  assert.ok(r.problems.some((p) => p.patch?.code === 'BC-02' && p.photoId === shared.id && p.variant === 'original'));
  fs.writeFileSync(sharedOriginal, sharedBytes);
  assert.equal((await checkAll()).ok, true, 'put back: good again');
  if (t.databaseUrl) assert.equal(cli('blobs', 'check').status, 0);
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

test('a display copy and thumbnail a crash cut short (written without waiting for the disk) are rendered again at start, byte for byte, with the watermark they were drawn with', async () => {
  const a = await reportWithPhotos(1, 31);
  const b = await reportWithPhotos(1, 41);
  const store = t.deps.blobs as DiskBlobStore;
  // the lazy writes reach the disk in one batch soon after; flush waits for it (a graceful stop does the same)
  await store.flush();
  const rowOf = (id: string) => t.db.q.selectFrom('photos').select(['id', 'display_key', 'thumb_key', 'watermark']).where('id', '=', id).executeTakeFirstOrThrow();
  const pa = await rowOf(a.photos[0].id);
  const pb = await rowOf(b.photos[0].id);
  assert.equal(pa.watermark?.length, 3, 'the three watermark lines are kept with the photo');
  assert.match(pa.watermark![2], /^新上报 {2}SHA256 [0-9a-f]{12}$/, 'a new report is drawn before it has its number');
  const file = (key: string) => path.join(blobRoot(), key);
  const before = { display: fs.readFileSync(file(pa.display_key!)), thumb: fs.readFileSync(file(pa.thumb_key!)) };
  // a power cut: a's display copy renamed but empty, its thumbnail gone; b's display copy half written; and
  // a photo stored before the lines were kept (watermark null) cannot be drawn again the same way
  fs.truncateSync(file(pa.display_key!), 0);
  fs.rmSync(file(pa.thumb_key!));
  fs.writeFileSync(file(pb.display_key!), fs.readFileSync(file(pb.display_key!)).subarray(0, 5000));
  const c = await reportWithPhotos(1, 51);
  const pc = await rowOf(c.photos[0].id);
  await t.db.q.updateTable('photos').set({ watermark: null }).where('id', '=', pc.id).execute();
  fs.truncateSync(file(pc.display_key!), 0);
  assert.equal((await check()).ok, false);

  const r = await t.deps.services.photos.repairCopies();
  assert.equal(r.repaired, 2, JSON.stringify(r));
  assert.equal(r.unrepairable, 1, 'the photo without its lines is reported, not drawn with other ones');
  assert.deepEqual(fs.readFileSync(file(pa.display_key!)), before.display, 'the same display copy, watermark included');
  assert.deepEqual(fs.readFileSync(file(pa.thumb_key!)), before.thumb);
  assert.ok(fs.readFileSync(file(pb.display_key!)).length > 5000);
  const meta = await (await import('sharp')).default(fs.readFileSync(file(pb.display_key!))).metadata();
  assert.equal(meta.format, 'jpeg');
  // the one left is the photo without lines; every other copy is whole again
  const left = await check();
  assert.deepEqual(
    left.problems.map((p) => p.photoId),
    [pc.id],
  );
  assert.equal((await t.deps.services.photos.repairCopies()).repaired, 0, 'nothing more to do');
});
