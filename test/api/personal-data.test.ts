import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';

// 查询留痕: owners' ID numbers and phones are masked in every answer, for every role; the town officer and
// the city office reveal one case's in full by an explicit request, and each reveal is on the audit trail.

const ID = '330482198001011234';
const PHONE = '13812345678';
const ID_MASKED = '3304**********1234';
const PHONE_MASKED = '138****5678';
/** Everyone who sees cases in town A (officer_b and inspector_b see only town B). */
const SEERS = ['city', 'admin', 'supervisor', 'dept', 'officer_a', 'inspector_a'];
const REFUSED = ['inspector_a', 'supervisor', 'admin', 'dept'];

let t: TestContext;
let caseId: string;
let caseNo: string;
before(async () => {
  t = await createTestContext();
  const [lon, lat] = t.pointIn(TOWN_A, 1);
  const r = await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat) });
  assert.equal(r.statusCode, 201, r.body);
  caseId = r.json().id;
  caseNo = r.json().caseNo;
});
after(() => t?.close());

const get = (user: string | null, url: string) => t.req(user, { method: 'GET', url });
const reveal = (user: string | null, id = caseId, payload: Record<string, unknown> | undefined = {}) =>
  t.req(user, { method: 'POST', url: `/api/cases/${id}/personal-data`, ...(payload === undefined ? {} : { payload }) });
const auditRows = (action: string) => t.db.q.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
const noFullValues = (what: string, body: string) => {
  assert.ok(!body.includes(ID), `${what} holds the full ID number`);
  assert.ok(!body.includes(PHONE), `${what} holds the full phone`);
};

test('the creating answer, the case page, the list, the map and the GeoJSON export are masked for every role', async () => {
  const [lon, lat] = t.pointIn(TOWN_A, 1);
  const view = `${lon - 0.01},${lat - 0.01},${lon + 0.01},${lat + 0.01}`;
  for (const user of SEERS) {
    const page = await get(user, `/api/cases/${caseId}`);
    assert.equal(page.statusCode, 200, `${user}: ${page.body}`);
    const c = page.json();
    assert.equal(c.ownerIdNumber, ID_MASKED, user);
    assert.equal(c.ownerPhone, PHONE_MASKED, user);
    assert.equal(c.personalDataMasked, true, user);
    assert.equal(c.personalDataRevealable, user === 'officer_a' || user === 'city', `${user} may reveal`);
    noFullValues(`${user}'s case page`, page.body);
    for (const url of [`/api/cases?limit=200`, `/api/cases?format=geojson&limit=200`, `/api/cases/map?view=${view}&zoom=14`, `/api/cases/export.geojson`]) {
      const r = await get(user, url);
      assert.equal(r.statusCode, 200, `${user} ${url}: ${r.body.slice(0, 200)}`);
      assert.ok(r.body.includes(caseId), `${user} ${url} has the case`);
      noFullValues(`${user} ${url}`, r.body);
    }
  }
  // the phone app reads the same endpoints: the inspector who reported it got a masked answer too
  const [lon2, lat2] = t.pointIn(TOWN_A, 2);
  const created = await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon2, lat2) });
  assert.equal(created.statusCode, 201);
  noFullValues('the 201 of POST /api/cases', created.body);
  assert.equal(created.json().ownerIdNumber, ID_MASKED);
});

test('the town officer in his town and the city office reveal the full values; each look is audited with who, which case and which fields', async () => {
  const before = (await auditRows('case.personal_data_viewed')).length;
  const r = await reveal('officer_a', caseId, { reason: '送达责令限期拆除通知书' });
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json();
  assert.equal(body.caseId, caseId);
  assert.equal(body.ownerIdNumber, ID);
  assert.equal(body.ownerPhone, PHONE);
  assert.equal(body.ownerName, '张三');
  const rows = await auditRows('case.personal_data_viewed');
  assert.equal(rows.length, before + 1, 'one audit record per reveal');
  const a = rows[rows.length - 1];
  const officer = await t.db.q.selectFrom('users').select(['id']).where('username', '=', 'officer_a').executeTakeFirstOrThrow();
  assert.equal(a.actor_id, officer.id);
  assert.equal(a.actor_name, 'officer_a');
  assert.equal(a.entity, 'case');
  assert.equal(a.entity_id, caseId);
  assert.deepEqual(a.after, { caseNo, fields: ['ownerIdNumber', 'ownerPhone'], reason: '送达责令限期拆除通知书' });
  noFullValues('the audit record of the reveal', JSON.stringify(a));

  // without a body, and by the city office: allowed, audited again
  const bare = await reveal('city', caseId, undefined);
  assert.equal(bare.statusCode, 200, bare.body);
  assert.equal(bare.json().ownerIdNumber, ID);
  const after = await auditRows('case.personal_data_viewed');
  assert.equal(after.length, before + 2);
  assert.equal(after[after.length - 1].actor_name, 'city');
  assert.equal((after[after.length - 1].after as { reason: unknown }).reason, null);

  // the case page stays masked after a reveal (the full values are in that one answer only)
  assert.equal((await get('officer_a', `/api/cases/${caseId}`)).json().ownerIdNumber, ID_MASKED);
});

test('other roles get 403 with a zh-CN message, another town’s officer and an unknown case 404, no session 401; none of them is recorded as a look', async () => {
  const before = (await auditRows('case.personal_data_viewed')).length;
  for (const user of REFUSED) {
    const r = await reveal(user);
    assert.equal(r.statusCode, 403, `${user}: ${r.body}`);
    assert.match(r.json().message, /[\u4e00-\u9fff]/, 'a zh-CN message');
    noFullValues(`${user}'s refusal`, r.body);
  }
  const other = await reveal('officer_b');
  assert.equal(other.statusCode, 404, other.body);
  assert.equal(other.json().code, 'case.not_found');
  noFullValues('the other town’s refusal', other.body);
  // the nearest allowed case: officer_b's own town would answer (here: the same officer on an unknown id is 404 too)
  assert.equal((await reveal('officer_a', '00000000-0000-4000-8000-000000000000')).statusCode, 404);
  assert.equal((await reveal(null)).statusCode, 401);
  assert.equal((await reveal('officer_a', caseId, { reason: 'x'.repeat(201) })).statusCode, 400, 'a reason is at most 200 characters');
  assert.equal((await auditRows('case.personal_data_viewed')).length, before, 'a refused reveal leaves no look on the trail');
});

test('an edit of the ID number: the answer, the timeline and the audit record show it masked', async () => {
  const c = (await get('officer_a', `/api/cases/${caseId}`)).json();
  const r = await t.req('officer_a', {
    method: 'PATCH',
    url: `/api/cases/${caseId}`,
    payload: { version: c.version, ownerIdNumber: '11010519491231002X', ownerPhone: '13900001111' },
  });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().ownerIdNumber, '1101**********002X');
  assert.equal(r.json().ownerPhone, '139****1111');
  // a masked value sent back is no number: the API refuses it
  const back = await t.req('officer_a', { method: 'PATCH', url: `/api/cases/${caseId}`, payload: { version: r.json().version, ownerIdNumber: '1101**********002X' } });
  assert.equal(back.statusCode, 400);
  for (const user of SEERS) {
    const page = await get(user, `/api/cases/${caseId}`);
    const changed = page.json().timeline.find((e: { kind: string }) => e.kind === 'fields_changed');
    assert.deepEqual(changed.data.changes.ownerIdNumber, { from: ID_MASKED, to: '1101**********002X' }, user);
    assert.deepEqual(changed.data.changes.ownerPhone, { from: PHONE_MASKED, to: '139****1111' }, user);
    noFullValues(`${user}'s timeline`, page.body);
    assert.ok(!page.body.includes('11010519491231002X'), `${user}'s case page holds the new number`);
  }
  const audit = (await auditRows('case.update')).at(-1)!;
  assert.deepEqual(audit.before, { owner_id_number: ID_MASKED, owner_phone: PHONE_MASKED, updated_at: (audit.before as Record<string, unknown>).updated_at, version: c.version });
  assert.equal((audit.after as Record<string, unknown>).owner_id_number, '1101**********002X');
  const created = (await auditRows('case.create')).find((a) => a.entity_id === caseId)!;
  assert.equal((created.after as Record<string, unknown>).owner_id_number, ID_MASKED, 'the creating record masks it too');
  // the reveal shows the new values in full
  assert.equal((await reveal('officer_a')).json().ownerIdNumber, '11010519491231002X');
});

test('the Excel export holds no full ID number or phone; its audit record says who, which format, how many rows and which filter', async () => {
  const before = (await auditRows('cases.export')).length;
  const r = await get('officer_a', '/api/cases/export.xlsx?status=reported');
  assert.equal(r.statusCode, 200, r.body.slice(0, 200));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const texts: string[] = [];
  ws.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value ?? ''))));
  assert.ok(texts.includes(caseNo), 'the export has the case');
  assert.ok(texts.includes('张三'), 'the owner’s name is kept');
  for (const v of texts) assert.ok(!/3304821\d{10}[0-9Xx]|1[3-9]\d{9}/.test(v), `a cell holds a full ID number or phone: ${v}`);
  const rows = ws.rowCount - 1;
  assert.equal(String(rows), r.headers['x-total-count']);
  const audits = await auditRows('cases.export');
  assert.equal(audits.length, before + 1);
  const a = audits.at(-1)!;
  assert.equal(a.actor_name, 'officer_a');
  assert.ok(a.actor_id, 'the actor’s id');
  assert.deepEqual(a.after, { format: 'xlsx', count: rows, filter: { status: ['reported'] } });

  // GeoJSON: audited the same way
  const g = await get('city', '/api/cases/export.geojson');
  assert.equal(g.statusCode, 200);
  const ga = (await auditRows('cases.export')).at(-1)!;
  assert.equal(ga.actor_name, 'city');
  assert.equal((ga.after as { format: string }).format, 'geojson');
  assert.equal((ga.after as { count: number }).count, g.json().features.length);
});
