import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';

let t: TestContext;
let c: { id: string };
let lon: number;
let lat: number;
before(async () => {
  t = await createTestContext();
  [lon, lat] = t.pointIn(TOWN_A, 2);
  c = (await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat) })).json();
});
after(() => t.close());

const upload = (user: string, data: Buffer, fields: Record<string, string> = { stage: 'before' }, type = 'image/jpeg', filename = 'p.jpg') => {
  const mp = multipart(fields, [{ name: 'photo', filename, type, data }]);
  return t.req(user, { method: 'POST', url: `/api/cases/${c.id}/photos`, payload: mp.payload, headers: mp.headers });
};

test('a JPEG with EXIF: hash, capture time and place are recorded; variants are served after the job', async () => {
  const at = new Date('2026-10-01T02:30:00Z');
  const img = await jpegWithExif({ lon: lon + 0.0001, lat, at, seed: 3 });
  const r = await upload('inspector_a', img, { stage: 'before' });
  assert.equal(r.statusCode, 201, r.body);
  const p = r.json().items[0];
  assert.equal(p.stage, 'before');
  assert.equal(p.sha256.length, 64);
  assert.equal(new Date(p.capturedAt).toISOString(), at.toISOString());
  assert.ok(Math.abs(p.captureLon - (lon + 0.0001)) < 1e-5, 'Math.abs(p.captureLon - (lon + 0.0001)) < 1e-5');
  assert.ok(Math.abs(p.captureLat - lat) < 1e-5, 'Math.abs(p.captureLat - lat) < 1e-5');
  assert.equal(p.width, 320);
  const orig = await t.req('officer_a', { method: 'GET', url: p.urls.original });
  assert.equal(orig.statusCode, 200);
  assert.deepEqual(orig.rawPayload, img, 'the original is kept byte for byte');
  const ran = await t.deps.jobs.drain(t.deps.jobHandlers);
  assert.ok(ran >= 1, 'ran >= 1');
  const thumb = await t.req('officer_a', { method: 'GET', url: p.urls.thumbnail });
  assert.equal(thumb.statusCode, 200);
  assert.equal(thumb.headers['content-type'], 'image/jpeg');
  const meta = await sharp(thumb.rawPayload).metadata();
  assert.ok((meta.width ?? 0) <= 256, '(meta.width ?? 0) <= 256');
  const detail = (await t.req('officer_a', { method: 'GET', url: `/api/cases/${c.id}` })).json();
  assert.equal(detail.photos.length, 1);
  assert.ok(
    detail.timeline.some((e: { kind: string }) => e.kind === 'photo_added'),
    "detail.timeline.some((e: { kind: string }) => e.kind === 'photo_added')",
  );
});

test('the same bytes twice: one photo, no second row (a retried upload)', async () => {
  const img = await jpegWithExif({ lon, lat, at: new Date(), seed: 4 });
  const a = await upload('inspector_a', img);
  const b = await upload('inspector_a', img);
  assert.equal(a.statusCode, 201);
  assert.equal(b.statusCode, 200);
  assert.equal(a.json().items[0].id, b.json().items[0].id);
});

test('not an image, a corrupt JPEG, or a decompression bomb: refused, nothing stored', async () => {
  const before = (await t.req('officer_a', { method: 'GET', url: `/api/cases/${c.id}/photos` })).json().items.length;
  const txt = await upload('inspector_a', Buffer.from('hello, not a photo'), { stage: 'before' }, 'image/jpeg', 'fake.jpg');
  assert.equal(txt.statusCode, 415);
  assert.equal(txt.json().code, 'photo.unsupported_type');
  const good = await jpegWithExif({ lon, lat, at: new Date(), seed: 5 });
  const corrupt = Buffer.concat([good.subarray(0, 600), Buffer.alloc(400, 0x55)]);
  const bad = await upload('inspector_a', corrupt);
  assert.equal(bad.statusCode, 415);
  assert.equal(bad.json().code, 'photo.corrupt');
  const bomb = await sharp({ create: { width: 12000, height: 10000, channels: 3, background: '#fff' } })
    .png({ compressionLevel: 9 })
    .toBuffer();
  const b = await upload('inspector_a', bomb, { stage: 'before' }, 'image/png', 'bomb.png');
  assert.equal(b.statusCode, 415);
  assert.equal(b.json().code, 'photo.too_many_pixels');
  const stage = await upload('inspector_a', good, { stage: 'sideways' });
  assert.equal(stage.statusCode, 400);
  const after = (await t.req('officer_a', { method: 'GET', url: `/api/cases/${c.id}/photos` })).json().items.length;
  assert.equal(after, before);
});

test('an after photo at the place lets a demolition close; the city approves', async () => {
  const act = (user: string, body: Record<string, unknown>) => t.req(user, { method: 'POST', url: `/api/cases/${c.id}/actions`, payload: body });
  let v = (await act('officer_a', { action: 'verify', version: 1 })).json().version;
  v = (await act('officer_a', { action: 'classify', version: v, disposalClass: 'demolish' })).json().version;
  v = (await act('officer_a', { action: 'start_rectification', version: v })).json().version;
  const farImg = await jpegWithExif({ lon: lon + 0.02, lat, at: new Date(Date.now() + 1000), seed: 6 });
  assert.equal((await upload('inspector_a', farImg, { stage: 'after' })).statusCode, 201);
  const refused = await act('officer_a', { action: 'request_closing', version: v });
  assert.equal(refused.statusCode, 422, 'a photo 2 km away does not prove the demolition');
  const img = await jpegWithExif({ lon: lon + 0.0001, lat, at: new Date(Date.now() + 2000), seed: 7 });
  assert.equal((await upload('inspector_a', img, { stage: 'after' })).statusCode, 201);
  const req = await act('officer_a', { action: 'request_closing', version: v });
  assert.equal(req.statusCode, 200, req.body);
  const approve = await act('city', { action: 'approve_closing', version: req.json().version });
  assert.equal(approve.statusCode, 200, approve.body);
  assert.equal(approve.json().status, 'closed');
  assert.ok(approve.json().closedAt, 'approve.json().closedAt');
});
