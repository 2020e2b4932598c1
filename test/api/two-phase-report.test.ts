import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import exifr from 'exifr';
import { createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { TEST_DRIVER } from '../support/env.js';
import { demoAccount, freshPgDatabase, serverEnv, startServerProcess, type ServerProcess } from '../support/process-server.js';
import { exifFacts } from '../../shared/photo-exif.js';
import { createDeps } from '../../src/deps.js';
import { ManualClock } from '../../src/platform/clock.js';
import { DEMO_TOWN, loadDemoDivisions } from '../../src/demo/demo.seed.js';

// Issue 24, items 1 and 2 (server): a report in two phases — the fields, the originals' declarations and
// reduced copies first (acknowledged at once), each original after as a resumable tus upload, verified
// against what was declared — and exactly once for photos added to a case.

const WAIT_HOURS = 6;
let t: TestContext;
before(async () => {
  t = await createTestContext({ env: { MAX_UPLOAD_BYTES: String(8 * 1024 * 1024), ORIGINAL_WAIT_HOURS: String(WAIT_HOURS) } });
});
after(() => t.close());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** An original as a phone camera makes it (with EXIF), the reduced copy the phone sends first, and what the phone declares. */
async function photoPair(where: [number, number], seed: number) {
  const original = await jpegWithExif({ lon: where[0], lat: where[1], at: new Date(Date.now() - 5 * 60_000), seed, width: 3200, height: 2400 });
  // the phone shrinks it to ≤ 1600 px and keeps the EXIF
  const reduced = await sharp(original).resize(1600, 1600, { fit: 'inside' }).jpeg({ quality: 70 }).keepExif().toBuffer();
  return { original, reduced, declared: await declare(original) };
}

/** What the phone reads of its original: the same reading as the server's (shared/photo-exif.ts). */
async function declare(original: Buffer) {
  const tags = await exifr.parse(original, { tiff: true, exif: true, gps: true, xmp: false, icc: false, iptc: false, reviveValues: false });
  const meta = await sharp(original).metadata();
  return { sha256: sha(original), bytes: original.length, width: meta.width, height: meta.height, exif: tags ? exifFacts(tags, await exifr.gps(original)).exif : null };
}

function send(user: string, url: string, fields: Record<string, string>, files: Buffer[]) {
  const mp = multipart(
    fields,
    files.map((data) => ({ name: 'photo', filename: 'p.jpg', type: 'image/jpeg', data })),
  );
  return t.req(user, { method: 'POST', url, payload: mp.payload, headers: mp.headers });
}
const reportFields = (here: [number, number], declared: object[], clientId = randomUUID()) => ({
  clientId,
  lon: String(here[0]),
  lat: String(here[1]),
  accuracy: '8',
  category: 'shed',
  originals: JSON.stringify(declared),
});

const TUS = { 'tus-resumable': '1.0.0' };
const b64 = (s: string) => Buffer.from(s).toString('base64');
function createUpload(user: string, photoId: string, length: number) {
  return t.req(user, {
    method: 'POST',
    url: '/api/uploads',
    headers: { ...TUS, 'upload-length': String(length), 'upload-metadata': `photoId ${b64(photoId)},filename ${b64('IMG_0001.jpg')}` },
  });
}
function patch(user: string, location: string, offset: number, bytes: Buffer) {
  return t.req(user, { method: 'PATCH', url: location, payload: bytes, headers: { ...TUS, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' } });
}
const head = (user: string, location: string) => t.req(user, { method: 'HEAD', url: location, headers: TUS });
const caseFile = async (user: string, id: string) => (await t.req(user, { method: 'GET', url: `/api/cases/${id}` })).json();
const drain = () => t.deps.jobs.drain(t.deps.jobHandlers);
const uploadFiles = () => (fs.existsSync(path.join(t.dataDir, 'uploads')) ? fs.readdirSync(path.join(t.dataDir, 'uploads')) : []);

test('phase 1 answers at once with the case and the reduced photo; the original in two parts with a cut is verified and becomes the evidence of record', async () => {
  const here = t.pointIn(TOWN_A, 1);
  const p = await photoPair(here, 11);
  assert.ok(p.reduced.length < p.original.length && p.reduced.length <= 300 * 1024, `reduced ${p.reduced.length} of ${p.original.length}`);
  const r = await send('inspector_a', '/api/cases', reportFields(here, [p.declared]), [p.reduced]);
  assert.equal(r.statusCode, 201, r.body);
  const c = r.json();
  assert.match(c.caseNo, /^PH-/);
  const [photo] = c.photos;
  assert.equal(photo.sha256, sha(p.reduced), 'the reduced copy is what is stored for now');
  assert.equal(photo.width, 1600);
  assert.deepEqual(
    { status: photo.original.status, sha256: photo.original.sha256, bytes: photo.original.bytes, uploadPath: photo.original.uploadPath },
    { status: 'awaiting', sha256: p.declared.sha256, bytes: p.original.length, uploadPath: '/api/uploads' },
  );
  // the facts of the reduced copy (EXIF kept): GPS and time, no flag about them
  assert.equal(photo.evidence.locationSource, 'exif');
  assert.deepEqual(photo.evidence.flags, []);
  // the desktop case page sees the same state
  assert.equal((await caseFile('officer_a', c.id)).photos[0].original.status, 'awaiting');

  // phase 2: a tus upload, cut after the first part
  const created = await createUpload('inspector_a', photo.id, p.original.length);
  assert.equal(created.statusCode, 201, created.body);
  const location = String(created.headers.location);
  assert.match(location, /^\/api\/uploads\/[0-9a-f]{32}$/);
  const half = Math.floor(p.original.length / 2);
  const first = await patch('inspector_a', location, 0, p.original.subarray(0, half));
  assert.equal(first.statusCode, 204, first.body);
  assert.equal(first.headers['upload-offset'], String(half));
  // the connection was lost: the phone asks where to go on
  const h = await head('inspector_a', location);
  assert.equal(h.statusCode, 200);
  assert.equal(h.headers['upload-offset'], String(half));
  assert.equal(h.headers['upload-length'], String(p.original.length));
  // a PATCH at the wrong offset changes nothing (409)
  assert.equal((await patch('inspector_a', location, 0, p.original.subarray(0, 10))).statusCode, 409);
  const rest = await patch('inspector_a', location, half, p.original.subarray(half));
  assert.equal(rest.statusCode, 204, rest.body);
  assert.equal(rest.headers['upload-offset'], String(p.original.length));
  assert.equal(rest.headers['wuweijian-original'], 'verified');

  const verified = (await caseFile('officer_a', c.id)).photos[0];
  assert.equal(verified.id, photo.id);
  assert.equal(verified.sha256, p.declared.sha256, 'the original is the evidence of record');
  assert.equal(verified.bytes, p.original.length);
  assert.deepEqual([verified.width, verified.height], [3200, 2400]);
  assert.equal(verified.original.status, 'verified');
  assert.equal(verified.original.receivedSha256, p.declared.sha256);
  const orig = await t.req('officer_a', { method: 'GET', url: verified.urls.original });
  assert.equal(orig.statusCode, 200);
  assert.equal(sha(orig.rawPayload), p.declared.sha256);
  // the display copy and thumbnail are made again from the original (job), watermarked; until then their ETag stays the reduced copy's
  const displayBefore = await t.req('officer_a', { method: 'GET', url: verified.urls.display });
  const etagBefore = displayBefore.headers.etag;
  await drain();
  const display = await t.req('officer_a', { method: 'GET', url: verified.urls.display });
  assert.equal(display.statusCode, 200);
  assert.notEqual(display.headers.etag, etagBefore);
  assert.notDeepEqual(display.rawPayload, displayBefore.rawPayload);
  const dm = await sharp(display.rawPayload).metadata();
  assert.equal(Math.max(dm.width!, dm.height!), 1280);
  // the upload's file is gone; asking again answers complete (the phone stops), and a new upload is refused
  assert.deepEqual(uploadFiles(), []);
  const again = await head('inspector_a', location);
  assert.equal(again.statusCode, 200);
  assert.equal(again.headers['upload-offset'], String(p.original.length));
  assert.equal(again.headers['wuweijian-original'], 'verified');
  const second = await createUpload('inspector_a', photo.id, p.original.length);
  assert.equal(second.statusCode, 409);
  assert.equal(second.json().code, 'photo.original_not_awaited');
  // audited: the reduced copy added, the original verified
  const actions = await t.db.q.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', photo.id).orderBy('id').execute();
  assert.deepEqual(
    actions.map((a) => a.action),
    ['photo.add', 'photo.original_verified'],
  );
});

test('a resend of phase 1 (the answer was lost; the phone made its reduced copy again) makes nothing twice', async () => {
  const here = t.pointIn(TOWN_A, 2);
  const p = await photoPair(here, 12);
  const fields = reportFields(here, [p.declared]);
  const r1 = await send('inspector_a', '/api/cases', fields, [p.reduced]);
  assert.equal(r1.statusCode, 201, r1.body);
  const reducedAgain = await sharp(p.original).resize(1600, 1600, { fit: 'inside' }).jpeg({ quality: 68 }).keepExif().toBuffer();
  assert.notEqual(sha(reducedAgain), sha(p.reduced));
  const r2 = await send('inspector_a', '/api/cases', fields, [reducedAgain]);
  assert.equal(r2.statusCode, 200, r2.body);
  assert.equal(r2.json().id, r1.json().id);
  assert.deepEqual(
    r2.json().photos.map((x: { id: string }) => x.id),
    r1.json().photos.map((x: { id: string }) => x.id),
  );
  // another original under the same clientId is other content
  const other = await photoPair(here, 13);
  const r3 = await send('inspector_a', '/api/cases', { ...fields, originals: JSON.stringify([other.declared]) }, [other.reduced]);
  assert.equal(r3.statusCode, 409);
});

test('a reduced copy that is not one (too big, or its EXIF not the declared original’s) is refused before anything is stored', async () => {
  const here = t.pointIn(TOWN_A, 3);
  const p = await photoPair(here, 14);
  const big = await sharp(p.original).resize(2000).jpeg().keepExif().toBuffer();
  const r1 = await send('inspector_a', '/api/cases', reportFields(here, [p.declared]), [big]);
  assert.equal(r1.statusCode, 413, r1.body);
  assert.equal(r1.json().code, 'photo.reduced_too_large');
  const elsewhere = await photoPair([here[0] + 0.01, here[1]], 14);
  const r2 = await send('inspector_a', '/api/cases', reportFields(here, [p.declared]), [elsewhere.reduced]);
  assert.equal(r2.statusCode, 422, r2.body);
  assert.equal(r2.json().code, 'photo.reduced_exif_mismatch');
  assert.ok(r2.json().details.mismatches.includes('exif.longitude'));
  const r3 = await send('inspector_a', '/api/cases', { ...reportFields(here, [p.declared]), originals: '[{"sha256":"x"}]' }, [p.reduced]);
  assert.equal(r3.statusCode, 400);
});

test('tampered bytes are refused and flagged: the reduced copy stays the evidence, the refused hash is recorded, the town officer is told', async () => {
  const here = t.pointIn(TOWN_A, 4);
  const p = await photoPair(here, 15);
  const c = (await send('inspector_a', '/api/cases', reportFields(here, [p.declared]), [p.reduced])).json();
  const photo = c.photos[0];
  // same length, other bytes (one byte in the picture data changed)
  const tampered = Buffer.from(p.original);
  tampered[tampered.length - 100] ^= 0xff;
  const created = await createUpload('inspector_a', photo.id, tampered.length);
  assert.equal(created.statusCode, 201, created.body);
  const done = await patch('inspector_a', String(created.headers.location), 0, tampered);
  assert.equal(done.statusCode, 204, done.body);
  assert.equal(done.headers['wuweijian-original'], 'refused');
  const after = (await caseFile('officer_a', c.id)).photos[0];
  assert.equal(after.sha256, sha(p.reduced), 'never a silent replacement');
  assert.equal(after.original.status, 'refused');
  assert.equal(after.original.receivedSha256, sha(tampered));
  assert.deepEqual(after.original.mismatches, ['sha256']);
  assert.ok(after.evidence.flags.includes('original_mismatch'));
  const notes = (await t.req('officer_a', { method: 'GET', url: '/api/notifications' })).json().items;
  assert.ok(notes.some((n: { caseId: string; title: string }) => n.caseId === c.id && n.title.includes('原图核验不符')));
  const audit = await t.db.q.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', photo.id).where('action', '=', 'photo.original_refused').execute();
  assert.equal(audit.length, 1);
  assert.equal((audit[0].after as { receivedSha256: string }).receivedSha256, sha(tampered));
  assert.deepEqual(uploadFiles(), []);
});

test('only the reporting user may upload an original, only of its declared size, only while it is awaited', async () => {
  const here = t.pointIn(TOWN_A, 5);
  const p = await photoPair(here, 16);
  const c = (await send('inspector_a', '/api/cases', reportFields(here, [p.declared]), [p.reduced])).json();
  const photoId = c.photos[0].id;
  // the town officer sees the case but did not report the photo; the other town's inspector sees neither
  for (const user of ['officer_a', 'inspector_b']) {
    const r = await createUpload(user, photoId, p.original.length);
    assert.equal(r.statusCode, 404, `${user}: ${r.body}`);
  }
  assert.equal((await createUpload('supervisor', photoId, p.original.length)).statusCode, 403);
  const wrongSize = await createUpload('inspector_a', photoId, p.original.length + 1);
  assert.equal(wrongSize.statusCode, 409);
  assert.equal(wrongSize.json().code, 'photo.original_length_mismatch');
  assert.equal((await t.req(null, { method: 'POST', url: '/api/uploads', headers: { ...TUS, 'upload-length': '10' } })).statusCode, 401);
  // no photo named, a malformed one, no length: 400
  for (const metadata of ['', `photoId ${b64('-'.repeat(36))}`, 'photoId !!']) {
    const r = await t.req('inspector_a', { method: 'POST', url: '/api/uploads', headers: { ...TUS, 'upload-length': '10', 'upload-metadata': metadata } });
    assert.equal(r.statusCode, 400, `${metadata}: ${r.body}`);
  }
  assert.equal((await t.req('inspector_a', { method: 'POST', url: '/api/uploads', headers: { ...TUS, 'upload-metadata': `photoId ${b64(photoId)}` } })).statusCode, 400);
  // an upload made by the reporter: nobody else may look at it or write to it
  const created = await createUpload('inspector_a', photoId, p.original.length);
  const location = String(created.headers.location);
  assert.equal((await head('officer_a', location)).statusCode, 404);
  assert.equal((await patch('officer_a', location, 0, p.original)).statusCode, 404);
  assert.equal((await head('inspector_a', location)).headers['upload-offset'], '0');
  // a second POST (the answer to the first was lost) replaces the first upload
  const again = await createUpload('inspector_a', photoId, p.original.length);
  assert.equal(again.statusCode, 201);
  assert.equal((await head('inspector_a', location)).statusCode, 404);
  assert.equal((await patch('inspector_a', String(again.headers.location), 0, p.original)).headers['wuweijian-original'], 'verified');
});

test('a URL that names one upload in its path and another after a query string touches neither (HEAD, PATCH, DELETE)', async () => {
  const pa = await photoPair(t.pointIn(TOWN_A, 7), 31);
  const pb = await photoPair(t.pointIn(TOWN_B, 7), 32);
  const ca = (await send('inspector_a', '/api/cases', reportFields(t.pointIn(TOWN_A, 7), [pa.declared]), [pa.reduced])).json();
  const cb = (await send('inspector_b', '/api/cases', reportFields(t.pointIn(TOWN_B, 7), [pb.declared]), [pb.reduced])).json();
  const mine = String((await createUpload('inspector_a', ca.photos[0].id, pa.original.length)).headers.location);
  const theirs = String((await createUpload('inspector_b', cb.photos[0].id, pb.original.length)).headers.location);
  const half = Math.floor(pb.original.length / 2);
  assert.equal((await patch('inspector_b', theirs, 0, pb.original.subarray(0, half))).statusCode, 204);
  const theirId = theirs.split('/').pop()!;
  for (const url of [`${mine}?/${theirId}`, `${mine}?x=/${theirId}`, `${mine}/?/${theirId}`]) {
    const h = await head('inspector_a', url);
    assert.ok(h.statusCode >= 400 && h.statusCode < 500, `HEAD ${url}: ${h.statusCode}`);
    assert.equal(h.headers['upload-offset'], undefined);
    const p = await patch('inspector_a', url, half, pb.original.subarray(half));
    assert.ok(p.statusCode >= 400 && p.statusCode < 500, `PATCH ${url}: ${p.statusCode}`);
    const d = await t.req('inspector_a', { method: 'DELETE', url, headers: TUS });
    assert.ok(d.statusCode >= 400 && d.statusCode < 500, `DELETE ${url}: ${d.statusCode}`);
  }
  // the other user's upload is where it was, and still theirs to finish; mine is untouched too
  const h = await head('inspector_b', theirs);
  assert.equal(h.statusCode, 200);
  assert.equal(h.headers['upload-offset'], String(half));
  assert.equal((await head('inspector_a', mine)).headers['upload-offset'], '0');
  assert.equal((await patch('inspector_b', theirs, half, pb.original.subarray(half))).headers['wuweijian-original'], 'verified');
});

test('an original settled between the check of a POST and the making of its upload gets no upload (409, no file)', async () => {
  const here = t.pointIn(TOWN_A, 8);
  const p = await photoPair(here, 33);
  const c = (await send('inspector_a', '/api/cases', reportFields(here, [p.declared]), [p.reduced])).json();
  const photoId = c.photos[0].id;
  const service = t.deps.services.photoOriginals;
  const authorize = service.authorizeCreate;
  // the other request (a HEAD or the last PATCH of an earlier upload) settles the original right after this POST was checked
  service.authorizeCreate = async (...args) => {
    await authorize(...args);
    await t.deps.db.q.updateTable('photo_originals').set({ status: 'refused' }).where('photo_id', '=', photoId).execute();
  };
  const files = uploadFiles().length;
  try {
    const r = await createUpload('inspector_a', photoId, p.original.length);
    assert.equal(r.statusCode, 409, r.body);
    assert.equal(JSON.parse(r.body).code, 'photo.original_not_awaited');
    assert.equal(r.headers.location, undefined);
  } finally {
    service.authorizeCreate = authorize;
  }
  assert.equal(uploadFiles().length, files);
});

test('two verifications of one complete upload at once: the second answers what the first decided; bytes written for a settlement that did not happen are removed', async () => {
  const service = t.deps.services.photoOriginals;
  const uploads = t.deps.uploads;
  const read = uploads.read;
  const finished = service.finished;
  // the last PATCH verifies nothing here: the two verifications below are driven by hand
  service.finished = async () => ({});
  try {
    // 1. a HEAD verifies and removes the file while the last PATCH is about to read it
    const here = t.pointIn(TOWN_A, 9);
    const p = await photoPair(here, 34);
    const c = (await send('inspector_a', '/api/cases', reportFields(here, [p.declared]), [p.reduced])).json();
    const location = String((await createUpload('inspector_a', c.photos[0].id, p.original.length)).headers.location);
    assert.equal((await patch('inspector_a', location, 0, p.original)).statusCode, 204);
    let first = true;
    uploads.read = async (id) => {
      if (first) {
        first = false;
        const h = await head('inspector_a', location);
        assert.equal(h.headers['wuweijian-original'], 'verified');
      }
      return read(id);
    };
    assert.equal(await service.settle(c.photos[0].id), 'verified');
    assert.equal(first, false);

    // 2. the phone started another upload while this one was being read: its blob is not kept
    const here2 = t.pointIn(TOWN_A, 10);
    const p2 = await photoPair(here2, 35);
    const c2 = (await send('inspector_a', '/api/cases', reportFields(here2, [p2.declared]), [p2.reduced])).json();
    const location2 = String((await createUpload('inspector_a', c2.photos[0].id, p2.original.length)).headers.location);
    assert.equal((await patch('inspector_a', location2, 0, p2.original)).statusCode, 204);
    uploads.read = async (id) => {
      await t.deps.db.q
        .updateTable('photo_originals')
        .set({ upload_id: 'f'.repeat(32) })
        .where('photo_id', '=', c2.photos[0].id)
        .execute();
      return read(id);
    };
    assert.equal(await service.settle(c2.photos[0].id), 'awaiting');
    const key = `originals/${p2.declared.sha256.slice(0, 2)}/${p2.declared.sha256.slice(2, 4)}/${p2.declared.sha256}.jpg`;
    assert.equal(await t.deps.blobs.exists(key), false);
  } finally {
    uploads.read = read;
    service.finished = finished;
  }
});

test('an original that never arrives raises a flag the town officer sees, at the configured time', async () => {
  const here = t.pointIn(TOWN_A, 6);
  const p = await photoPair(here, 17);
  const c = (await send('inspector_a', '/api/cases', reportFields(here, [p.declared]), [p.reduced])).json();
  const photo = c.photos[0];
  const due = new Date(photo.original.dueAt);
  assert.ok(Math.abs(due.getTime() - (new Date(photo.uploadedAt).getTime() + WAIT_HOURS * 3600_000)) < 1000);
  // part of it came, then nothing
  const created = await createUpload('inspector_a', photo.id, p.original.length);
  await patch('inspector_a', String(created.headers.location), 0, p.original.subarray(0, 1000));
  // before the due time nothing happens
  await drain();
  assert.equal((await caseFile('officer_a', c.id)).photos[0].original.missingSince, null);
  // a worker whose clock is past the due time (the clock abstraction, not a wait)
  const later = createDeps(t.deps.config, t.db, { clock: new ManualClock(new Date(due.getTime() + 60_000)) });
  await later.jobs.drain(later.jobHandlers);
  const flagged = (await caseFile('officer_a', c.id)).photos[0];
  assert.equal(flagged.original.status, 'awaiting');
  assert.ok(flagged.original.missingSince);
  assert.ok(flagged.evidence.flags.includes('original_missing'));
  const notes = (await t.req('officer_a', { method: 'GET', url: '/api/notifications' })).json().items;
  assert.equal(notes.filter((n: { caseId: string; title: string }) => n.caseId === c.id && n.title.includes('原图逾期未上传')).length, 1);
  // once only
  const again = createDeps(t.deps.config, t.db, { clock: new ManualClock(new Date(due.getTime() + 3600_000)) });
  await again.jobs.enqueue('photo.original_overdue', { photoId: photo.id });
  await again.jobs.drain(again.jobHandlers);
  const notes2 = (await t.req('officer_a', { method: 'GET', url: '/api/notifications' })).json().items;
  assert.equal(notes2.filter((n: { caseId: string; title: string }) => n.caseId === c.id && n.title.includes('原图逾期未上传')).length, 1);
  // a late original is still verified (and the flag's record stays)
  const rest = await patch('inspector_a', String(created.headers.location), 1000, p.original.subarray(1000));
  assert.equal(rest.headers['wuweijian-original'], 'verified');
  const late = (await caseFile('officer_a', c.id)).photos[0];
  assert.equal(late.original.status, 'verified');
  assert.ok(late.original.missingSince);
});

test('photos added to a case carry a clientId: a resend after a lost answer adds nothing twice; two phases serve them too', async () => {
  const here = t.pointIn(TOWN_A, 7);
  const one = await jpegWithExif({ lon: here[0], lat: here[1], at: new Date(Date.now() - 60_000), seed: 18 });
  const c = (await send('inspector_a', '/api/cases', { clientId: randomUUID(), lon: String(here[0]), lat: String(here[1]) }, [one])).json();
  const p = await photoPair(here, 19);
  const fields = { stage: 'during', lon: String(here[0]), lat: String(here[1]), clientId: randomUUID(), originals: JSON.stringify([p.declared]) };
  const r1 = await send('inspector_a', `/api/cases/${c.id}/photos`, fields, [p.reduced]);
  assert.equal(r1.statusCode, 201, r1.body);
  assert.equal(r1.json().items[0].original.status, 'awaiting');
  const r2 = await send('inspector_a', `/api/cases/${c.id}/photos`, fields, [p.reduced]);
  assert.equal(r2.statusCode, 200, r2.body);
  assert.deepEqual(
    r2.json().items.map((x: { id: string }) => x.id),
    r1.json().items.map((x: { id: string }) => x.id),
  );
  assert.equal((await caseFile('officer_a', c.id)).photos.length, 2);
  // one-phase with a clientId: the same
  const plain = await jpegWithExif({ lon: here[0], lat: here[1], at: new Date(Date.now() - 60_000), seed: 20 });
  const f2 = { stage: 'during', clientId: randomUUID() };
  assert.equal((await send('inspector_a', `/api/cases/${c.id}/photos`, f2, [plain])).statusCode, 201);
  assert.equal((await send('inspector_a', `/api/cases/${c.id}/photos`, f2, [plain])).statusCode, 200);
  assert.equal((await caseFile('officer_a', c.id)).photos.length, 3);
  // the clientId with other content, or on another case: 409
  const other = await jpegWithExif({ lon: here[0], lat: here[1], at: new Date(Date.now() - 60_000), seed: 21 });
  const conflict = await send('inspector_a', `/api/cases/${c.id}/photos`, f2, [other]);
  assert.equal(conflict.statusCode, 409);
  assert.equal(conflict.json().code, 'photo.client_id_conflict');
  assert.equal((await caseFile('officer_a', c.id)).photos.length, 3);
  // the added photo's original follows like a report's
  const created = await createUpload('inspector_a', r1.json().items[0].id, p.original.length);
  const done = await patch('inspector_a', String(created.headers.location), 0, p.original);
  assert.equal(done.headers['wuweijian-original'], 'verified');
});

test(`a server restart between the parts of an original resumes where it stopped (${TEST_DRIVER}, the real server process)`, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-tus-'));
  const cleanups: (() => Promise<void>)[] = [async () => fs.rmSync(dataDir, { recursive: true, force: true })];
  try {
    let databaseUrl: string | undefined;
    if (TEST_DRIVER === 'postgres') {
      const d = await freshPgDatabase();
      cleanups.push(d.drop);
      databaseUrl = d.url;
    }
    const env = serverEnv(dataDir, databaseUrl, { DEMO: '1', DEMO_CASES: '0', DEMO_PASSWORD: 'two-Phase-2026' });
    let srv: ServerProcess = await startServerProcess(env);
    cleanups.push(() => srv.stop());
    const inspector = demoAccount(dataDir, 'inspector');
    const login = async () => {
      const r = await fetch(`${srv.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(inspector) });
      assert.equal(r.status, 200);
      return `Bearer ${((await r.json()) as { token: string }).token}`;
    };
    const auth = await login();
    const village = loadDemoDivisions().find((f) => f.properties.parent_code === DEMO_TOWN)!;
    const here = village.properties.centroid as [number, number];
    const p = await photoPair(here, 30);
    const mp = multipart(reportFields(here, [p.declared]), [{ name: 'photo', filename: 'p.jpg', type: 'image/jpeg', data: p.reduced }]);
    const rep = await fetch(`${srv.base}/api/cases`, { method: 'POST', headers: { ...mp.headers, authorization: auth }, body: mp.payload });
    assert.equal(rep.status, 201, await rep.clone().text());
    const c = (await rep.json()) as { id: string; photos: { id: string }[] };
    const photoId = c.photos[0].id;
    const created = await fetch(`${srv.base}/api/uploads`, {
      method: 'POST',
      headers: { ...TUS, authorization: auth, 'upload-length': String(p.original.length), 'upload-metadata': `photoId ${b64(photoId)}` },
    });
    assert.equal(created.status, 201, await created.text());
    const location = created.headers.get('location')!;
    const part = Math.floor(p.original.length / 3);
    const first = await fetch(`${srv.base}${location}`, {
      method: 'PATCH',
      headers: { ...TUS, authorization: auth, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: p.original.subarray(0, part),
    });
    assert.equal(first.status, 204, await first.text());
    // the server is killed and started again on the same data
    await srv.kill();
    srv = await startServerProcess(env);
    const auth2 = await login();
    const h = await fetch(`${srv.base}${location}`, { method: 'HEAD', headers: { ...TUS, authorization: auth2 } });
    assert.equal(h.status, 200);
    assert.equal(h.headers.get('upload-offset'), String(part));
    const rest = await fetch(`${srv.base}${location}`, {
      method: 'PATCH',
      headers: { ...TUS, authorization: auth2, 'upload-offset': String(part), 'content-type': 'application/offset+octet-stream' },
      body: p.original.subarray(part),
    });
    assert.equal(rest.status, 204, await rest.text());
    assert.equal(rest.headers.get('wuweijian-original'), 'verified');
    const photos = (await (await fetch(`${srv.base}/api/cases/${c.id}/photos`, { headers: { authorization: auth2 } })).json()) as {
      items: { sha256: string; original: { status: string } }[];
    };
    assert.equal(photos.items[0].sha256, p.declared.sha256);
    assert.equal(photos.items[0].original.status, 'verified');
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
});

test('a department task’s photos take the same two phases: the department sends the reduced copy, then its original', async () => {
  const here = t.pointIn(TOWN_A, 8);
  const one = await jpegWithExif({ lon: here[0], lat: here[1], at: new Date(Date.now() - 60_000), seed: 40 });
  const c = (await send('inspector_a', '/api/cases', { clientId: randomUUID(), lon: String(here[0]), lat: String(here[1]) }, [one])).json();
  const due = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10);
  const task = await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/tasks`, payload: { department: '自然资源和规划局', title: '现场核实', deadline: due } });
  assert.equal(task.statusCode, 201, task.body);
  const p = await photoPair(here, 41);
  const up = await send('dept', `/api/tasks/${task.json().id}/photos`, { stage: 'during', originals: JSON.stringify([p.declared]) }, [p.reduced]);
  assert.equal(up.statusCode, 201, up.body);
  const photo = up.json().items[0];
  assert.equal(photo.original.status, 'awaiting');
  // the inspector who reported the case may not send the department's original
  assert.equal((await createUpload('inspector_a', photo.id, p.original.length)).statusCode, 404);
  const created = await createUpload('dept', photo.id, p.original.length);
  assert.equal(created.statusCode, 201, created.body);
  const done = await patch('dept', String(created.headers.location), 0, p.original);
  assert.equal(done.headers['wuweijian-original'], 'verified');
  const onCase = (await caseFile('officer_a', c.id)).photos.find((x: { id: string }) => x.id === photo.id);
  assert.equal(onCase.sha256, p.declared.sha256);
});
