/**
 * A patch verdict from the patrol app's outbox lands exactly once: sent with its clientId, the same verdict again
 * (its answer lost on a weak signal) or two sends racing answer 200 with the patch as it stands and register one
 * case, one set of photos, one audit record; a clientId that landed on another patch is refused; a late resend of
 * a verdict already sent back changes nothing.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { square } from '../fixtures/geometry.js';

let t: TestContext;
let batchId: string;

before(async () => {
  t = await createTestContext();
  const features = [0, 1, 2, 3].map((n) => ({ type: 'Feature', properties: { TBBH: `RS-${n}` }, geometry: square(...t.pointIn(TOWN_A, n), 8) }));
  const form = multipart({ batchNo: '重发测试批次', source: 'drone', detectedOn: '2026-11-01', dueOn: '2026-12-31' }, [
    { name: 'file', filename: 'rs.geojson', type: 'application/geo+json', data: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })) },
  ]);
  const imp = await t.req('city', { method: 'POST', url: '/api/patches/batches', payload: form.payload, headers: form.headers });
  assert.equal(imp.statusCode, 200, imp.body);
  assert.equal(imp.json().counts.tasks, 4, imp.body);
  batchId = imp.json().batchId;
});
after(() => t?.close());

type Patch = { id: string; code: string; version: number; lon: number; lat: number; status: string; verdict: string | null; caseId: string | null; caseNo: string | null };
async function patch(code: string): Promise<Patch> {
  const r = await t.req('officer_a', { method: 'GET', url: `/api/patches?batchId=${batchId}` });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().items.find((p: Patch) => p.code === code);
}
/** The verdict's request, built once: a resend is these very bytes again (as the phone's outbox sends them). */
async function verdictForm(p: Patch, fields: Record<string, string>) {
  const photo = await jpegWithExif({ lon: p.lon, lat: p.lat, at: new Date(Date.now() - 60_000), seed: Math.floor(Math.random() * 1e6) });
  return multipart({ version: String(p.version), lon: String(p.lon), lat: String(p.lat), accuracy: '6', ...fields }, [
    { name: 'photo', filename: 'g.jpg', type: 'image/jpeg', data: photo },
  ]);
}
const send = (id: string, form: { payload: Buffer; headers: Record<string, string> }) =>
  t.req('inspector_a', { method: 'POST', url: `/api/patches/${id}/verdict`, payload: form.payload, headers: form.headers });
const count = async (q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(t.db.q)).rows[0].n);
const casesOn = (code: string) => count(sql<{ n: number }>`select count(*)::int as n from cases where note like ${`%图斑 ${code}(%`}`);
const photosOf = (id: string) => count(sql<{ n: number }>`select count(*)::int as n from patch_photos where patch_id = ${id}`);
const verdictAudits = (id: string) => count(sql<{ n: number }>`select count(*)::int as n from audit_log where entity = 'patch' and entity_id = ${id} and action = 'patch.verdict'`);

test('the same 违法建设 verdict sent twice (the first answer lost): both answered 200, one case, one photo, one audit record', async () => {
  const p = await patch('RS-0');
  const clientId = randomUUID();
  const form = await verdictForm(p, { verdict: 'violation', note: '新建彩钢棚', clientId });
  const first = await send(p.id, form);
  assert.equal(first.statusCode, 200, first.body);
  assert.equal(first.json().status, 'submitted');
  const again = await send(p.id, form);
  assert.equal(again.statusCode, 200, again.body);
  assert.deepEqual(
    [again.json().status, again.json().caseId, again.json().caseNo, again.json().version],
    ['submitted', first.json().caseId, first.json().caseNo, first.json().version],
  );
  assert.equal(await casesOn('RS-0'), 1);
  assert.equal(await photosOf(p.id), 1);
  assert.equal(await verdictAudits(p.id), 1);
  const audit = await sql<{ after: { clientId?: string } }>`select after from audit_log where entity = 'patch' and entity_id = ${p.id} and action = 'patch.verdict'`.execute(
    t.db.q,
  );
  assert.equal(audit.rows[0].after.clientId, clientId);

  // without a clientId, a second send is what it always was: the patch is no longer pending
  const plain = await send(p.id, await verdictForm(p, { verdict: 'violation' }));
  assert.equal(plain.statusCode, 409, plain.body);
  assert.equal(plain.json().code, 'patch.not_pending');
});

test('two sends of one verdict at once: both 200, the verdict recorded once', async () => {
  const p = await patch('RS-1');
  const form = await verdictForm(p, { verdict: 'not_found', clientId: randomUUID() });
  const [a, b] = await Promise.all([send(p.id, form), send(p.id, form)]);
  assert.deepEqual([a.statusCode, b.statusCode], [200, 200], `${a.body} ${b.body}`);
  assert.equal(a.json().version, b.json().version);
  assert.equal(await photosOf(p.id), 1);
  assert.equal(await verdictAudits(p.id), 1);
  assert.equal((await patch('RS-1')).status, 'submitted');
});

test('a clientId that landed on another patch is refused; a malformed one is a 400', async () => {
  const p2 = await patch('RS-2');
  const clientId = randomUUID();
  const ok = await send(p2.id, await verdictForm(p2, { verdict: 'not_found', clientId }));
  assert.equal(ok.statusCode, 200, ok.body);
  const p3 = await patch('RS-3');
  const taken = await send(p3.id, await verdictForm(p3, { verdict: 'not_found', clientId }));
  assert.equal(taken.statusCode, 409, taken.body);
  assert.equal(taken.json().code, 'patch.client_id_taken');
  assert.equal((await patch('RS-3')).status, 'pending');
  const bad = await send(p3.id, await verdictForm(p3, { verdict: 'not_found', clientId: 'not-a-uuid' }));
  assert.equal(bad.statusCode, 400, bad.body);
});

test('a late resend of a verdict the town has sent back changes nothing: the patch stays a field task, no second case', async () => {
  const p = await patch('RS-3');
  const form = await verdictForm(p, { verdict: 'violation', clientId: randomUUID() });
  const first = await send(p.id, form);
  assert.equal(first.statusCode, 200, first.body);
  const submitted = await patch('RS-3');
  const back = await t.req('officer_a', { method: 'POST', url: `/api/patches/${p.id}/review`, payload: { action: 'return', version: submitted.version, reason: '请重新核查' } });
  assert.equal(back.statusCode, 200, back.body);
  const late = await send(p.id, form);
  assert.equal(late.statusCode, 200, late.body);
  assert.deepEqual([late.json().status, late.json().verdict, late.json().caseId], ['pending', null, null]);
  assert.equal(await casesOn('RS-3'), 1, 'the withdrawn case only');
  assert.equal(await verdictAudits(p.id), 1);
});
