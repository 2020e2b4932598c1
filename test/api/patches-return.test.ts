/**
 * A patch verdict sent back (退回) by the town's review undoes what the verdict did: the case a 违法建设 verdict
 * registered is withdrawn as a false report (不予立案, 误报) with its timeline event and audit record, the patch
 * is a field task again (待核查) and a new verdict registers a new case; a case the town has already taken up is
 * not undone behind its back (refused); a case that existed before (已掌握, or the import's match) is only
 * unlinked, untouched.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { square } from '../fixtures/geometry.js';

let t: TestContext;
let existing: { id: string; caseNo: string };
let batchId: string;

before(async () => {
  t = await createTestContext();
  const p0 = t.pointIn(TOWN_A, 0);
  const r = await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(...p0) });
  assert.equal(r.statusCode, 201, r.body);
  existing = r.json();
  const features = [
    // on the registered case's point: matched on import (已掌握, to confirm)
    ['RT-MATCH', square(...p0, 6)],
    // 120 m north of it: a field task, 已掌握 in the field
    ['RT-KNOWN', square(...p0, 5, 0, 120)],
    ['RT-V1', square(...t.pointIn(TOWN_A, 1), 8)],
    ['RT-V2', square(...t.pointIn(TOWN_A, 2), 8)],
    ['RT-V3', square(...t.pointIn(TOWN_A, 3), 8)],
  ].map(([code, geometry]) => ({ type: 'Feature', properties: { TBBH: code }, geometry }));
  const form = multipart({ batchNo: '退回测试批次', source: 'satellite', detectedOn: '2026-11-01', dueOn: '2026-12-31' }, [
    { name: 'file', filename: 'rt.geojson', type: 'application/geo+json', data: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })) },
  ]);
  const imp = await t.req('city', { method: 'POST', url: '/api/patches/batches', payload: form.payload, headers: form.headers });
  assert.equal(imp.statusCode, 200, imp.body);
  assert.equal(imp.json().applied, true, imp.body);
  assert.equal(imp.json().counts.matched, 1, imp.body);
  batchId = imp.json().batchId;
});
after(() => t?.close());

type Patch = { id: string; code: string; version: number; lon: number; lat: number; status: string; verdict: string | null; caseId: string | null };
async function patch(code: string): Promise<Patch> {
  const r = await t.req('officer_a', { method: 'GET', url: `/api/patches?batchId=${batchId}` });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().items.find((p: Patch) => p.code === code);
}
async function verdict(code: string, fields: Record<string, string>, photos = 1) {
  const p = await patch(code);
  const files = [];
  for (let i = 0; i < photos; i++)
    files.push({
      name: 'photo',
      filename: 'g.jpg',
      type: 'image/jpeg',
      data: await jpegWithExif({ lon: p.lon, lat: p.lat, at: new Date(Date.now() - 60_000), seed: Math.floor(Math.random() * 1e6) }),
    });
  const { payload, headers } = multipart({ version: String(p.version), lon: String(p.lon), lat: String(p.lat), accuracy: '6', ...fields }, files);
  const r = await t.req('inspector_a', { method: 'POST', url: `/api/patches/${p.id}/verdict`, payload, headers });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as Patch;
}
async function sendBack(code: string, reason: string) {
  const p = await patch(code);
  return t.req('officer_a', { method: 'POST', url: `/api/patches/${p.id}/review`, payload: { action: 'return', version: p.version, reason } });
}
const caseOf = async (id: string) => {
  const r = await t.req('officer_a', { method: 'GET', url: `/api/cases/${id}` });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};
const auditOf = async (entity: string, id: string) =>
  (
    await sql<{ action: string; after: Record<string, unknown> | null }>`select action, after from audit_log where entity = ${entity} and entity_id = ${id} order by id`.execute(
      t.db.q,
    )
  ).rows;

test('a 违法建设 verdict sent back: the case it registered is withdrawn as 误报 (不予立案, on its timeline and audit); the patch is 待核查; a new verdict registers a new case', async () => {
  const v = await verdict('RT-V1', { verdict: 'violation', note: '新建彩钢棚' });
  const registered = v.caseId!;
  assert.equal((await caseOf(registered)).status, 'reported');

  const r = await sendBack('RT-V1', '照片不是该图斑位置,请重新核查');
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().status, 'pending');
  assert.equal(r.json().verdict, null);
  assert.equal(r.json().caseId, null);
  assert.equal(r.json().returnReason, '照片不是该图斑位置,请重新核查');

  // the case is no longer a live report: rejected with the reason, its photos kept as evidence
  const c = await caseOf(registered);
  assert.equal(c.status, 'rejected');
  assert.ok(c.rejectReason.startsWith('误报:图斑 RT-V1(批次 退回测试批次)的核查结论“违法建设”被退回'), c.rejectReason);
  assert.match(c.rejectReason, /照片不是该图斑位置/);
  assert.equal(c.photos.length, 1);
  const last = c.timeline[c.timeline.length - 1];
  assert.deepEqual([last.kind, last.fromStatus, last.toStatus, last.actorName], ['reject', 'reported', 'rejected', 'officer_a']);
  assert.match(last.note, /误报/);
  assert.deepEqual(
    (await auditOf('case', registered)).map((a) => a.action),
    ['case.create', 'case.reject'],
  );
  const ret = (await auditOf('patch', v.id)).at(-1)!;
  assert.equal(ret.action, 'patch.return');
  assert.deepEqual(ret.after?.case, { caseId: registered, caseNo: c.caseNo, outcome: 'withdrawn' });
  // the town's to-verify list no longer has it
  const open = await t.req('officer_a', { method: 'GET', url: '/api/cases?status=reported&limit=100' });
  assert.equal(open.statusCode, 200, open.body);
  assert.ok(!open.json().items.some((x: { id: string }) => x.id === registered));

  // checked again in the field, still a violation: a new case, linked; the withdrawn one stays withdrawn
  const again = await verdict('RT-V1', { verdict: 'violation', note: '复核:确为新建彩钢棚' });
  assert.ok(again.caseId && again.caseId !== registered);
  assert.equal((await caseOf(again.caseId)).status, 'reported');
  assert.equal((await caseOf(registered)).status, 'rejected');
});

test('a 违法建设 verdict whose case the town has already taken up (核实立案) is not sent back; one already rejected is only unlinked', async () => {
  const v = await verdict('RT-V2', { verdict: 'violation' });
  const c = await caseOf(v.caseId!);
  const ver = await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/actions`, payload: { action: 'verify', version: c.version } });
  assert.equal(ver.statusCode, 200, ver.body);
  const before = await caseOf(c.id);
  const r = await sendBack('RT-V2', '请重新核查');
  assert.equal(r.statusCode, 409, r.body);
  assert.equal(r.json().code, 'patch.case_taken_up');
  assert.ok(r.json().message.includes(`${c.caseNo} 已进入处置(当前状态:已立案)`), r.json().message);
  assert.equal((await patch('RT-V2')).status, 'submitted', 'nothing changed');
  assert.equal((await patch('RT-V2')).caseId, c.id);
  const after = await caseOf(c.id);
  assert.deepEqual([after.status, after.version], [before.status, before.version]);

  // the case rejected meanwhile (不予立案 in the registry): the verdict goes back, the case is only unlinked
  const v3 = await verdict('RT-V3', { verdict: 'violation' });
  const c3 = await caseOf(v3.caseId!);
  const rej = await t.req('officer_a', { method: 'POST', url: `/api/cases/${c3.id}/actions`, payload: { action: 'reject', version: c3.version, reason: '非违建' } });
  assert.equal(rej.statusCode, 200, rej.body);
  const r3 = await sendBack('RT-V3', '请重新核查');
  assert.equal(r3.statusCode, 200, r3.body);
  assert.equal(r3.json().status, 'pending');
  const c3After = await caseOf(c3.id);
  assert.equal(c3After.rejectReason, '非违建', 'its own reason kept');
  assert.equal(c3After.version, c3.version + 1, 'only the rejection changed it');
  assert.deepEqual((await auditOf('patch', v3.id)).at(-1)!.after?.case, { caseId: c3.id, caseNo: c3.caseNo, outcome: 'already_rejected' });
});

test('a case that existed before (已掌握 in the field, or the import’s match) is only unlinked when the verdict goes back', async () => {
  const before = await caseOf(existing.id);
  const k = await verdict('RT-KNOWN', { verdict: 'known', caseId: existing.id }, 0);
  assert.equal(k.caseId, existing.id);
  const rk = await sendBack('RT-KNOWN', '所选案件不是该图斑');
  assert.equal(rk.statusCode, 200, rk.body);
  assert.deepEqual([rk.json().status, rk.json().caseId], ['pending', null]);

  const m = await patch('RT-MATCH');
  assert.deepEqual([m.status, m.verdict, m.caseId], ['submitted', 'known', existing.id]);
  const rm = await sendBack('RT-MATCH', '请实地核查');
  assert.equal(rm.statusCode, 200, rm.body);
  assert.deepEqual([rm.json().status, rm.json().caseId], ['pending', null]);

  const after = await caseOf(existing.id);
  assert.deepEqual([after.status, after.version, after.timeline.length], [before.status, before.version, before.timeline.length], 'the case untouched');
  assert.deepEqual((await auditOf('patch', k.id)).at(-1)!.after?.case, { caseId: existing.id, caseNo: existing.caseNo, outcome: 'unlinked' });
  assert.deepEqual((await auditOf('patch', m.id)).at(-1)!.after?.case, { caseId: existing.id, caseNo: existing.caseNo, outcome: 'unlinked' });
});
