import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { addWorkingDays, chinaDay } from '../../src/modules/cases/case.calendar.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const NO_HOLIDAYS = { holidays: new Set<string>(), workdays: new Set<string>() };
const today = () => chinaDay(new Date());
const newCase = async (n: number, extra: Record<string, unknown> = {}) => {
  const [lon, lat] = t.pointIn(TOWN_A, n);
  const r = await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat, extra) });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { id: string; version: number; deadlineAt: string; lon: number; lat: number; caseNo: string };
};
const act = (user: string, id: string, body: Record<string, unknown>) => t.req(user, { method: 'POST', url: `/api/cases/${id}/actions`, payload: body });
const get = async (user: string, id: string) => (await t.req(user, { method: 'GET', url: `/api/cases/${id}` })).json();
const photoCount = async (caseId: string) => (await t.db.q.selectFrom('photos').select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow()).n;
const upload = (user: string, url: string, fields: Record<string, string>, files: Buffer[]) => {
  const mp = multipart(fields, files.map((data, i) => ({ name: 'photo', filename: `p${i}.jpg`, type: 'image/jpeg', data })));
  return t.req(user, { method: 'POST', url, payload: mp.payload, headers: mp.headers });
};

test('a department task carries its own photos: checked like any case photo, shown on the task, recorded with the result or not at all', async () => {
  const c = await newCase(0);
  const due = addWorkingDays(today(), 5, NO_HOLIDAYS);
  const task = (await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/tasks`, payload: { department: '自然资源和规划局', title: '现场核实用地性质', deadline: due } })).json();
  const near = await jpegWithExif({ lon: c.lon + 0.0001, lat: c.lat, at: new Date(Date.now() - 60_000), seed: 11 });
  const far = await jpegWithExif({ lon: c.lon + 0.02, lat: c.lat, at: new Date(Date.now() - 60_000), seed: 12 });
  const notAnImage = Buffer.from('this is not an image at all');

  // who may: the task's department or an office in the jurisdiction
  assert.equal((await upload('officer_b', `/api/tasks/${task.id}/photos`, {}, [near])).statusCode, 404, 'another town does not see the task');
  assert.equal((await upload('inspector_a', `/api/tasks/${task.id}/photos`, {}, [near])).statusCode, 403);
  const before = await photoCount(c.id);
  const bad = await upload('dept', `/api/tasks/${task.id}/photos`, {}, [near, notAnImage]);
  assert.equal(bad.statusCode, 415, bad.body);
  assert.equal(await photoCount(c.id), before, 'a refused upload stores no photo, not even the good one');

  const up = await upload('dept', `/api/tasks/${task.id}/photos`, { stage: 'during' }, [near]);
  assert.equal(up.statusCode, 201, up.body);
  const p1 = up.json().items[0];
  assert.equal(p1.stage, 'during');
  assert.equal(p1.evidence.locationSource, 'exif');
  assert.ok(!p1.evidence.flags.includes('far_from_case'), JSON.stringify(p1.evidence));

  // the result with a photo that was taken far away: recorded, and flagged like any other photo
  const badDone = await upload('dept', `/api/tasks/${task.id}/complete`, { result: '已核实', stage: 'after' }, [far, notAnImage]);
  assert.equal(badDone.statusCode, 415, badDone.body);
  assert.equal((await get('officer_a', c.id)).tasks[0].status, 'open', 'a refused photo leaves the task open');
  const noResult = await upload('dept', `/api/tasks/${task.id}/complete`, { result: ' ' }, [far]);
  assert.equal(noResult.statusCode, 400);
  const done = await upload('dept', `/api/tasks/${task.id}/complete`, { result: '已核实,为一般农用地', stage: 'after' }, [far]);
  assert.equal(done.statusCode, 200, done.body);
  assert.equal(done.json().status, 'done');
  assert.equal(done.json().photos.length, 2);

  const d = await get('officer_a', c.id);
  const k = d.tasks.find((x: { id: string }) => x.id === task.id);
  assert.equal(k.result, '已核实,为一般农用地');
  assert.deepEqual(k.photos.map((p: { stage: string }) => p.stage), ['during', 'after']);
  assert.ok(k.photos[1].evidenceFlags.includes('far_from_case'), 'the far photo carries its evidence flag on the task');
  assert.ok(!k.photos[0].evidenceFlags.includes('far_from_case'));
  const casePhotoIds = d.photos.map((p: { id: string }) => p.id);
  assert.ok(k.photos.every((p: { id: string }) => casePhotoIds.includes(p.id)), 'task photos are photos of the case');
  assert.ok(d.timeline.some((e: { kind: string; data: { photoIds?: string[] } }) => e.kind === 'task_done' && e.data.photoIds?.length === 1));
  const thumb = await t.req('dept', { method: 'GET', url: k.photos[0].urls.thumbnail });
  assert.equal(thumb.statusCode, 200);
  assert.equal((await t.req('officer_b', { method: 'GET', url: k.photos[0].urls.thumbnail })).statusCode, 404);

  // a done task takes no more photos; the department's list shows them
  assert.equal((await upload('dept', `/api/tasks/${task.id}/photos`, {}, [near])).statusCode, 409);
  assert.equal((await upload('dept', `/api/tasks/${task.id}/complete`, { result: '再次' }, [])).statusCode, 409);
  const mine = (await t.req('dept', { method: 'GET', url: '/api/tasks?status=done' })).json().items.find((x: { id: string }) => x.id === task.id);
  assert.equal(mine.photos.length, 2);
  // the JSON form still works for a result without photos
  const t2 = (await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/tasks`, payload: { department: '自然资源和规划局', title: '出具意见', deadline: due } })).json();
  const j = await t.req('dept', { method: 'POST', url: `/api/tasks/${t2.id}/complete`, payload: { result: '同意' } });
  assert.equal(j.statusCode, 200, j.body);
  assert.deepEqual(j.json().photos, []);
});
