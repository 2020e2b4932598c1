import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { caseBody, createTestContext, type TestContext } from '../support/context.js';
import { multipart } from '../support/images.js';
import { exifChinaTime } from '../../src/demo/demo.photos.js';
import { chinaDay } from '../../src/modules/settings/work.calendar.js';

// The rebuild rule (拆除销号后复建) judges closings, not a case's status now: its lookup reads the cases closed as
// demolished by their own index, and so must still find a closing as demolished whose case was reopened since
// (重新立案, closed → verified), or reopened, remedied and closed again.

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(async () => {
  await t.close();
});

type Json = Record<string, any>;
const get = async (user: string, url: string) => {
  const r = await t.req(user, { method: 'GET', url });
  assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
  return r.json() as Json;
};
async function act(user: string, id: string, action: string, extra: Json = {}) {
  const version = (await get('city', `/api/cases/${id}`)).version as number;
  const r = await t.req(user, { method: 'POST', url: `/api/cases/${id}/actions`, payload: { action, version, ...extra } });
  assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
}
async function reportAt(lon: number, lat: number) {
  const r = await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat) });
  assert.equal(r.statusCode, 201, r.body);
  return { ...(r.json() as { id: string; caseNo: string }), lon, lat };
}
function dms(v: number) {
  const d = Math.floor(v);
  const m = Math.floor((v - d) * 60);
  const s = Math.round(((v - d) * 60 - m) * 60 * 10000);
  return `${d}/1 ${m}/1 ${s}/10000`;
}
/** A camera JPEG taken at the case a few seconds from now (a sound 'after' photo). */
async function afterPhoto(c: { id: string; lon: number; lat: number }, seed: number) {
  const px = Buffer.alloc(16 * 12 * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 37 + seed * 101) % 256;
  const data = await sharp(px, { raw: { width: 16, height: 12, channels: 3 } })
    .resize(320, 240)
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'T1' },
      IFD2: { DateTimeOriginal: exifChinaTime(new Date(Date.now() + 5000)) },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(c.lat), GPSLongitudeRef: 'E', GPSLongitude: dms(c.lon) },
    })
    .toBuffer();
  const mp = multipart({ stage: 'after' }, [{ name: 'photo', filename: 'after.jpg', type: 'image/jpeg', data }]);
  const r = await t.req('inspector_a', { method: 'POST', url: `/api/cases/${c.id}/photos`, payload: mp.payload, headers: mp.headers });
  assert.equal(r.statusCode, 201, r.body);
}
/** Classified as `cls` and closed (from verified). */
async function closeAs(c: { id: string; lon: number; lat: number }, cls: 'demolish' | 'remedy', seed: number) {
  await act('officer_a', c.id, 'classify', { disposalClass: cls, remedyRef: cls === 'remedy' ? '平自然资规补〔2026〕1号' : undefined, reason: '测试' });
  await act('officer_a', c.id, 'start_rectification');
  await afterPhoto(c, seed);
  await act('officer_a', c.id, 'request_closing');
  await act('city', c.id, 'approve_closing');
}
const evaluate = () => t.deps.jobs.drain(t.deps.jobHandlers);
async function rebuildAlerts(caseId: string) {
  await evaluate();
  await t.deps.jobs.enqueue('alerts.sweep', { day: chinaDay(new Date()) });
  await evaluate();
  const r = await get('supervisor', '/api/alerts?rule=rebuild_after_demolition&limit=200');
  return (r.items as Json[]).filter((a) => a.caseIds.includes(caseId));
}

test('a closing as demolished still counts once its case is reopened (复建), and once reopened, remedied and closed again', async () => {
  const [lon, lat] = t.pointIn('330482102', 3);
  const reopened = await reportAt(lon, lat);
  await act('officer_a', reopened.id, 'verify');
  await closeAs(reopened, 'demolish', 11);
  await act('officer_a', reopened.id, 'reopen', { reason: '复建' });
  const near1 = await reportAt(lon + 0.0001, lat);
  await act('officer_a', near1.id, 'verify');
  const a = await rebuildAlerts(near1.id);
  assert.equal(a.length, 1, JSON.stringify(a));
  assert.deepEqual(a[0].caseIds, [reopened.id, near1.id]);

  // the same case remedied and closed again: its first closing (as demolished) is the one questioned, its second is not
  const [lon2, lat2] = t.pointIn('330482102', 6);
  const twice = await reportAt(lon2, lat2);
  await act('officer_a', twice.id, 'verify');
  await closeAs(twice, 'demolish', 12);
  await act('officer_a', twice.id, 'reopen', { reason: '复建' });
  await closeAs(twice, 'remedy', 13);
  const near2 = await reportAt(lon2, lat2 + 0.0001);
  await act('officer_a', near2.id, 'verify');
  const b = await rebuildAlerts(near2.id);
  assert.equal(b.length, 1, JSON.stringify(b));
  assert.deepEqual(b[0].caseIds, [twice.id, near2.id]);
});
