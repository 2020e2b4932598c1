import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';

// A patrol report that names a campaign (专项整治, chosen in the phone's report sheet): the server checks the
// campaign (exists, running, the place in the reporter's jurisdiction and in its scope) and makes the case an
// item of it, which the campaign's figures count. Each refusal beside the report it refuses.
let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const offset = ([lon, lat]: [number, number], dx: number, dy: number): [number, number] => [lon + dx / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + dy / 110_540];
const day = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
let seed = 700;

async function report(user: string, at: [number, number], fields: Record<string, string> = {}, clientId = randomUUID(), photo?: Buffer) {
  const img = photo ?? (await jpegWithExif({ lon: at[0], lat: at[1], at: new Date(Date.now() - 60_000), seed: seed++ }));
  const mp = multipart({ clientId, lon: String(at[0]), lat: String(at[1]), accuracy: '6', ...fields }, [{ name: 'photo', filename: 'p.jpg', type: 'image/jpeg', data: img }]);
  return t.req(user, { method: 'POST', url: '/api/cases', payload: mp.payload, headers: mp.headers });
}
async function createCampaign(body: Record<string, unknown>) {
  const r = await t.req('city', { method: 'POST', url: '/api/campaigns', payload: body });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { id: string };
}
async function total(id: string) {
  return (await t.req('city', { method: 'GET', url: `/api/campaigns/${id}` })).json().total as number;
}
const square = ([lon, lat]: [number, number], d: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon - d, lat - d],
      [lon + d, lat - d],
      [lon + d, lat + d],
      [lon - d, lat + d],
      [lon - d, lat - d],
    ],
  ],
});

let townA: { id: string };
let both: { id: string };
let ended: { id: string };
let block: { id: string };
let a1: [number, number];
let a2: [number, number];
let b1: [number, number];

test('setup: campaigns running in town A, in towns A and B, one ended, one with a drawn block in town A', async () => {
  a1 = offset(t.pointIn(TOWN_A, 0), 12, 0);
  a2 = offset(t.pointIn(TOWN_A, 1), 25, 0);
  b1 = offset(t.pointIn(TOWN_B, 0), 12, 0);
  townA = await createCampaign({ name: '甲镇杆线整治', startsOn: day(-10), endsOn: day(30), scopeDivisions: [TOWN_A] });
  both = await createCampaign({ name: '两镇围墙清理', startsOn: day(-10), endsOn: day(30), scopeDivisions: [TOWN_A, TOWN_B] });
  ended = await createCampaign({ name: '已结束专项', startsOn: day(-40), endsOn: day(-1), scopeDivisions: [TOWN_A] });
  block = await createCampaign({ name: '地块清零', startsOn: day(-10), endsOn: day(30), scopeDivisions: [TOWN_A], scopeArea: square(a2, 0.0005) });
  // the phone keeps the running campaigns with their scope to offer them offline
  const active = await t.req('inspector_a', { method: 'GET', url: '/api/campaigns/active' });
  assert.equal(active.statusCode, 200, active.body);
  const items = active.json().items as { id: string; name: string; scopeDivisions: string[]; scopeArea: { type: string } | null }[];
  assert.deepEqual(items.map((x) => x.name).sort(), ['两镇围墙清理', '地块清零', '甲镇杆线整治'].sort());
  assert.deepEqual(items.find((x) => x.id === townA.id)!.scopeDivisions, [TOWN_A]);
  assert.equal(items.find((x) => x.id === townA.id)!.scopeArea, null);
  assert.equal(items.find((x) => x.id === block.id)!.scopeArea!.type, 'MultiPolygon');
});

test('a report in a running campaign becomes its item and is counted; a resend changes nothing', async () => {
  const before = await total(townA.id);
  const clientId = randomUUID();
  const photo = await jpegWithExif({ lon: a1[0], lat: a1[1], at: new Date(Date.now() - 60_000), seed: seed++ });
  const r = await report('inspector_a', a1, { campaignId: townA.id, category: 'pole_line', note: '废弃电杆倾斜' }, clientId, photo);
  assert.equal(r.statusCode, 201, r.body);
  const c = r.json();
  assert.equal(c.kind, 'campaign_item');
  assert.match(c.caseNo, /^ZX-/);
  assert.equal(await total(townA.id), before + 1);
  const listed = (await t.req('officer_a', { method: 'GET', url: `/api/cases?kind=campaign_item&campaignId=${townA.id}` })).json();
  assert.ok(listed.items.some((x: { id: string }) => x.id === c.id));
  const row = await sql<{ campaign_id: string; kind: string }>`select campaign_id, kind from cases where id = ${c.id}`.execute(t.db.q);
  assert.deepEqual(row.rows[0], { campaign_id: townA.id, kind: 'campaign_item' });
  const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'campaign.report' and entity_id = ${c.id}`.execute(t.db.q);
  assert.equal(audit.rows[0].n, 1);
  // the offline queue sends again after a lost answer: the same case
  const again = await report('inspector_a', a1, { campaignId: townA.id, category: 'pole_line', note: '废弃电杆倾斜' }, clientId, photo);
  assert.equal(again.statusCode, 200, again.body);
  assert.equal(again.json().id, c.id);
  assert.equal(await total(townA.id), before + 1);
  // the same clientId naming another campaign is other content
  const other = await report('inspector_a', a1, { campaignId: both.id, category: 'pole_line', note: '废弃电杆倾斜' }, clientId, photo);
  assert.equal(other.statusCode, 409, other.body);
});

test('不属于专项: without a campaign the report stays an illegal building', async () => {
  const r = await report('inspector_a', offset(a1, 40, 40), { category: 'building' });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.json().kind, 'violation');
  const row = await sql<{ campaign_id: string | null }>`select campaign_id from cases where id = ${r.json().id}`.execute(t.db.q);
  assert.equal(row.rows[0].campaign_id, null);
});

test('each refusal beside the report it refuses: 422 with its code and a zh-CN message, nothing stored', async () => {
  const cases: { what: string; ok: [string, [number, number], string]; refused: [string, [number, number], string]; code: string; message: RegExp }[] = [
    { what: 'unknown campaign', ok: ['inspector_a', a1, townA.id], refused: ['inspector_a', a1, randomUUID()], code: 'report.campaign_unknown', message: /不存在/ },
    { what: 'ended campaign', ok: ['inspector_a', a1, townA.id], refused: ['inspector_a', a1, ended.id], code: 'report.campaign_not_running', message: /不在进行中/ },
    {
      what: 'outside the reporter’s jurisdiction (a town B place, a campaign that covers B)',
      ok: ['inspector_b', b1, both.id],
      refused: ['inspector_a', b1, both.id],
      code: 'report.campaign_outside_jurisdiction',
      message: /管辖范围/,
    },
    {
      what: 'outside the campaign’s towns',
      ok: ['inspector_b', b1, both.id],
      refused: ['inspector_b', b1, townA.id],
      code: 'report.campaign_outside_scope',
      message: /不在专项整治“甲镇杆线整治”的范围内/,
    },
    {
      what: 'outside the campaign’s drawn area',
      ok: ['inspector_a', a2, block.id],
      refused: ['inspector_a', a1, block.id],
      code: 'report.campaign_outside_scope',
      message: /地块清零/,
    },
  ];
  for (const c of cases) {
    const good = await report(c.ok[0], offset(c.ok[1], 3, 3), { campaignId: c.ok[2], category: 'structure' });
    assert.equal(good.statusCode, 201, `${c.what} (allowed): ${good.body}`);
    assert.equal(good.json().kind, 'campaign_item');
    const clientId = randomUUID();
    const bad = await report(c.refused[0], offset(c.refused[1], 3, 3), { campaignId: c.refused[2], category: 'structure' }, clientId);
    assert.equal(bad.statusCode, 422, `${c.what}: ${bad.body}`);
    assert.equal(bad.json().code, c.code, c.what);
    assert.match(bad.json().message, c.message, c.what);
    const stored = await sql<{ n: number }>`select count(*)::int as n from cases where client_id = ${clientId}`.execute(t.db.q);
    assert.equal(stored.rows[0].n, 0, c.what);
  }
});

test('a campaign report takes the campaign’s categories; a waterlogging point is not a campaign item', async () => {
  const cat = await report('inspector_a', offset(a1, 60, 0), { campaignId: townA.id, category: 'shed' });
  assert.equal(cat.statusCode, 400, cat.body);
  assert.equal(cat.json().code, 'case.invalid_category');
  const water = await report('inspector_a', offset(a1, 80, 0), { campaignId: townA.id, kind: 'waterlogging', depthCm: '20' });
  assert.equal(water.statusCode, 400, water.body);
  assert.equal(water.json().code, 'report.campaign_waterlogging');
  const noCat = await report('inspector_a', offset(a1, 100, 0), { campaignId: townA.id });
  assert.equal(noCat.statusCode, 201, noCat.body);
  assert.equal(noCat.json().category, 'pole_line');
});
