import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, InjectOptions } from 'fastify';
import sharp from 'sharp';
import { caseBody, createTestContext, PASSWORD, type TestContext } from '../support/context.js';
import { multipart } from '../support/images.js';
import { exifChinaTime } from '../../src/demo/demo.photos.js';
import { chinaDay } from '../../src/modules/settings/work.calendar.js';
import { createDeps } from '../../src/deps.js';
import { buildApp } from '../../src/app.js';
import { ManualClock } from '../../src/platform/clock.js';

// Supervision of public power (issue 21, third slice): a rebuild reported where a case was closed as demolished,
// a case past its deadline that nobody touches, a supervision notice (督办单) left unanswered. Each situation is
// built through the API and raises exactly one alert (judging again raises no second); the nearest innocent
// neighbour raises none. The thresholds are the rules' settings (the unit tests move them).

let t: TestContext;
/** A second app on the same database whose time the test sets (deadlines pass, notices wait); used while `onClock`. */
const clock = new ManualClock(new Date());
let clocked: { app: FastifyInstance; deps: ReturnType<typeof createDeps> };
let onClock = false;
before(async () => {
  t = await createTestContext();
  const deps = createDeps(t.deps.config, t.db, { clock });
  clocked = { deps, app: await buildApp(deps, { logger: false, webDist: null }) };
});
after(async () => {
  await clocked.app.close();
  await t.close();
});
const req = (user: string, o: InjectOptions) =>
  onClock ? clocked.app.inject({ ...o, headers: { ...(o.headers ?? {}), authorization: `Bearer ${t.tokens[user]}` } }) : t.req(user, o);
const jobs = () => (onClock ? clocked.deps : t.deps);
const now = () => (onClock ? clock.now() : new Date());
const DAY = 86400_000;

type Json = Record<string, any>;
const get = async (user: string, url: string) => {
  const r = await req(user, { method: 'GET', url });
  assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
  return r.json() as Json;
};
const version = async (id: string) => (await get('city', `/api/cases/${id}`)).version as number;
async function act(user: string, id: string, action: string, extra: Json = {}) {
  const r = await req(user, { method: 'POST', url: `/api/cases/${id}/actions`, payload: { action, version: await version(id), ...extra } });
  assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
  return r.json() as Json;
}
async function reportAt(lon: number, lat: number, extra: Json = {}) {
  const r = await req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat, extra) });
  assert.equal(r.statusCode, 201, r.body);
  return { ...(r.json() as { id: string; caseNo: string }), lon, lat };
}
let spread = 0;
/** A report in one of town A's villages, a few metres from the last one there. */
async function report(extra: Json = {}) {
  const k = spread % 8;
  spread++;
  const [lon, lat] = t.pointIn('330482102', k);
  return reportAt(lon + spread * 0.00005, lat, extra);
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
      IFD2: { DateTimeOriginal: exifChinaTime(new Date(now().getTime() + 5000)) },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(c.lat), GPSLongitudeRef: 'E', GPSLongitude: dms(c.lon) },
    })
    .toBuffer();
  const mp = multipart({ stage: 'after' }, [{ name: 'photo', filename: 'after.jpg', type: 'image/jpeg', data }]);
  const r = await req('inspector_a', { method: 'POST', url: `/api/cases/${c.id}/photos`, payload: mp.payload, headers: mp.headers });
  assert.equal(r.statusCode, 201, r.body);
}
async function closedAs(c: { id: string; lon: number; lat: number }, cls: 'demolish' | 'remedy', seed: number) {
  await act('officer_a', c.id, 'verify');
  await act('officer_a', c.id, 'classify', { disposalClass: cls, remedyRef: cls === 'remedy' ? '平自然资规补〔2026〕1号' : undefined, reason: '测试' });
  await act('officer_a', c.id, 'start_rectification');
  await afterPhoto(c, seed);
  await act('officer_a', c.id, 'request_closing');
  await act('city', c.id, 'approve_closing');
}

const evaluate = () => jobs().jobs.drain(jobs().jobHandlers);
async function sweep() {
  await jobs().jobs.enqueue('alerts.sweep', { day: chinaDay(now()) });
  await evaluate();
}
async function alertsOn(caseId: string, rule: string) {
  const r = await get('supervisor', `/api/alerts?rule=${rule}&limit=200`);
  return (r.items as Json[]).filter((a) => a.caseIds.includes(caseId));
}
/** Exactly one alert of the rule about the case once judged (`how`: at the case's change, or by the night's sweep), and still one when judged again. */
async function exactlyOne(caseId: string, rule: string, how: 'change' | 'sweep') {
  if (how === 'change') await evaluate();
  else await sweep();
  const first = await alertsOn(caseId, rule);
  assert.equal(first.length, 1, `one ${rule} alert: ${JSON.stringify(first)}`);
  await sweep();
  assert.equal((await alertsOn(caseId, rule)).length, 1, `judging again raises no second ${rule} alert`);
  return first[0];
}
async function none(caseId: string, rule: string) {
  await evaluate();
  await sweep();
  assert.deepEqual(await alertsOn(caseId, rule), [], `no ${rule} alert`);
}
const userId = async (username: string) => ((await get('admin', '/api/users')).items as Json[]).find((u) => u.username === username)!.id as string;
/** Moves the clocked app's time on; the people sign in again (days later). */
async function later(days: number) {
  clock.set(new Date(clock.now().getTime() + days * DAY));
  for (const u of ['officer_a', 'inspector_a', 'city', 'supervisor', 'admin']) t.tokens[u] = (await clocked.deps.services.users.login(u, PASSWORD, '127.0.0.1')).token;
}

test('k. a rebuild reported 10 m from a case closed as demolished: one alert naming the closing and who did it; near a remedied case, or 100 m away, none', async () => {
  const demolished = await report();
  await closedAs(demolished, 'demolish', 1);
  const rebuilt = await reportAt(demolished.lon + 0.0001, demolished.lat);
  await act('officer_a', rebuilt.id, 'verify');
  const a = await exactlyOne(rebuilt.id, 'rebuild_after_demolition', 'change');
  assert.equal(a.severity, 'high');
  assert.deepEqual(a.caseIds, [demolished.id, rebuilt.id]);
  assert.deepEqual([...a.userIds].sort(), [await userId('officer_a'), await userId('city')].sort());
  assert.match(a.summary, new RegExp(`${demolished.caseNo} 于 .* 拆除销号.*米处又报告了 ${rebuilt.caseNo}`));
  // a second report of the same rebuild is the same situation
  const again = await reportAt(demolished.lon, demolished.lat + 0.0001);
  await act('officer_a', again.id, 'reject', { reason: '同一处复建' });
  await none(again.id, 'rebuild_after_demolition');

  // innocent: a report 10 m from a case closed as remedied (整改补办: the building stays), and one 100 m from the demolition
  const remedied = await report();
  await closedAs(remedied, 'remedy', 2);
  const beside = await reportAt(remedied.lon + 0.0001, remedied.lat);
  await act('officer_a', beside.id, 'verify');
  await none(beside.id, 'rebuild_after_demolition');
  const far = await reportAt(demolished.lon + 0.00105, demolished.lat);
  await act('officer_a', far.id, 'verify');
  await none(far.id, 'rebuild_after_demolition');
});

test('i. a verified case past its deadline that nobody touches for 30 days: one alert naming the owner; a case acted on 10 days ago, none', async () => {
  clock.set(new Date());
  onClock = true;
  try {
    await later(0);
    const idle = await report({ ownerKind: 'enterprise', enterpriseName: '某某五金加工厂' });
    const moving = await report();
    for (const c of [idle, moving]) await act('officer_a', c.id, 'verify');
    // the classification is due within 10 working days; 40 days later the officer edits one case, then both wait 10 days
    await later(40);
    const r = await req('officer_a', { method: 'PATCH', url: `/api/cases/${moving.id}`, payload: { version: await version(moving.id), areaM2: 130 } });
    assert.equal(r.statusCode, 200, r.body);
    await later(10);
    const a = await exactlyOne(idle.id, 'overdue_idle', 'sweep');
    assert.deepEqual(a.caseIds, [idle.id]);
    assert.deepEqual(a.userIds, [await userId('officer_a')], "the town's officer whose work it is");
    assert.ok(a.summary.startsWith(`${idle.caseNo}(当事人:某某五金加工厂)处于“已立案待定性”`), a.summary);
    assert.match(a.summary, /期限 \d{4}-\d{2}-\d{2} 已逾期 \d+ 天,最后一次办理在 [\d-]+,已 \d+ 天无任何办理动作$/);
    await none(moving.id, 'overdue_idle');
  } finally {
    onClock = false;
  }
});

test('j. a supervision notice line not answered 3 days after its reply date: one alert to the town officers; a line answered in time, none', async () => {
  clock.set(new Date());
  onClock = true;
  try {
    await later(0);
    const ignored = await report();
    const answered = await report();
    for (const c of [ignored, answered]) await act('officer_a', c.id, 'verify');
    await later(20);
    const swept = await clocked.deps.services.supervision.sweepOverdue();
    assert.ok(swept.issued >= 2, JSON.stringify(swept));
    const lineOf = async (caseId: string) => ((await get('officer_a', `/api/notices?caseId=${caseId}`)).items as Json[])[0];
    const line = await lineOf(answered.id);
    const r = await req('officer_a', { method: 'POST', url: `/api/notices/${line.id}/reply`, payload: { text: '已督促整改,本周内立案定性' } });
    assert.equal(r.statusCode, 200, r.body);
    // the reply date is 3 working days after the notice; 10 days later the other line is still waiting
    await later(10);
    const a = await exactlyOne(ignored.id, 'notice_unanswered', 'sweep');
    const notice = await lineOf(ignored.id);
    assert.deepEqual(a.userIds, [await userId('officer_a')]);
    assert.match(a.summary, new RegExp(`镇级督办单 ${notice.noticeNo.replace(/[〔〕()]/g, '.')}.*至今未答复`));
    await none(answered.id, 'notice_unanswered');
  } finally {
    onClock = false;
  }
});
