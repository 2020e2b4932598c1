import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { monthOf } from '../../src/modules/index/index.period.js';

// The supervisor's overview (issue 21): a profile per official (his actions per month beside his peers', his
// rejections, the alerts about him, his latest decisions) and the monthly supervision report (page data and PDF).

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(async () => t.close());
type Json = Record<string, any>;
const get = async (user: string, url: string, status = 200) => {
  const r = await t.req(user, { method: 'GET', url });
  assert.equal(r.statusCode, status, `${url}: ${r.body}`);
  return r.json() as Json;
};
const version = async (id: string) => (await get('city', `/api/cases/${id}`)).version as number;
async function act(user: string, id: string, action: string, extra: Json = {}) {
  const r = await t.req(user, { method: 'POST', url: `/api/cases/${id}/actions`, payload: { action, version: await version(id), ...extra } });
  assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
}
const userId = async (username: string) => ((await get('admin', '/api/users')).items as Json[]).find((u) => u.username === username)!.id as string;

test('an official’s profile: his actions per month against his peers, his rejections, the alerts about him; supervisors only', async () => {
  // officer_a reports a shed himself and verifies it (职责未分离), verifies one report and rejects another
  const [lon, lat] = t.pointIn(TOWN_A, 0);
  const own = (await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat) })).json() as Json;
  await act('officer_a', own.id, 'verify');
  const other = (await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon + 0.001, lat) })).json() as Json;
  await act('officer_a', other.id, 'reject', { reason: '经核实为合法建筑' });
  const b = (await t.req('inspector_b', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn('330482101', 0)) })).json() as Json;
  await act('officer_b', b.id, 'verify');
  await t.deps.jobs.drain(t.deps.jobHandlers);

  const id = await userId('officer_a');
  const p = await get('supervisor', `/api/officials/${id}/profile`);
  assert.equal(p.official.displayName, 'officer_a');
  assert.equal(p.official.role, 'town_officer');
  assert.equal(p.months.length, 12);
  assert.equal(p.months[11], monthOf(new Date()));
  assert.equal(p.peerCount, 1, 'officer_b');
  const row = (k: string) => (p.actions as Json[]).find((a) => a.kind === k)!;
  assert.equal(row('verify').mine[11], 1);
  assert.equal(row('reject').mine[11], 1);
  assert.equal(row('verify').peers[11], 1, "officer_b's one verification");
  assert.equal(p.rejectionSharePct, 50);
  assert.equal(p.peersRejectionSharePct, 0);
  assert.equal(p.alerts.total, 1);
  assert.equal(p.alerts.items[0].rule, 'separation_of_duties');
  assert.deepEqual(
    (p.recent as Json[]).map((e) => [e.caseNo, e.kind]),
    [
      [other.caseNo, 'reject'],
      [own.caseNo, 'verify'],
    ],
  );
  for (const u of ['city', 'officer_a', 'admin']) await get(u, `/api/officials/${id}/profile`, 403);
  await get('supervisor', '/api/officials/00000000-0000-4000-8000-000000000000/profile', 404);
});

test('the monthly supervision report: raised, confirmed and referred by rule and town, the trend, the PDF; supervisors only', async () => {
  const month = monthOf(new Date());
  const before = await get('supervisor', `/api/alerts/monthly?month=${month}`);
  const alert = ((await get('supervisor', '/api/alerts?rule=separation_of_duties')).items as Json[])[0];
  for (const action of ['review', 'confirm', 'refer']) {
    const r = await t.req('supervisor', { method: 'POST', url: `/api/alerts/${alert.id}/actions`, payload: { action, reason: '核查属实' } });
    assert.equal(r.statusCode, 200, r.body);
  }
  const r = await get('supervisor', `/api/alerts/monthly?month=${month}`);
  assert.equal(r.monthLabel, `${month.slice(0, 4)}年${Number(month.slice(5))}月`);
  assert.equal(r.division.level, 'city');
  assert.equal(r.totals.raised, before.totals.raised);
  assert.equal(r.totals.confirmed, 1);
  assert.equal(r.totals.referred, 1);
  assert.equal(r.totals.waiting, before.totals.waiting - 1, 'a confirmed alert no longer waits');
  const rule = (r.byRule as Json[]).find((x) => x.rule === 'separation_of_duties')!;
  assert.deepEqual([rule.raised, rule.confirmed, rule.referred], [1, 1, 1]);
  const town = (r.byTown as Json[]).find((x) => x.code === TOWN_A)!;
  assert.equal(town.referred, 1);
  assert.equal(r.trend.months.length, 12);
  assert.equal(r.trend.referred[11], 1);
  // a town's report, a bad month, a future month
  const townReport = await get('supervisor', `/api/alerts/monthly?month=${month}&division=${TOWN_A}`);
  assert.deepEqual(
    townReport.byTown.map((x: Json) => x.code),
    [TOWN_A],
  );
  await get('supervisor', '/api/alerts/monthly?month=2026-13', 400);
  await get('supervisor', '/api/alerts/monthly?month=2099-01', 400);
  await get('city', `/api/alerts/monthly?month=${month}`, 403);

  const pdf = await t.req('supervisor', { method: 'GET', url: `/api/alerts/monthly.pdf?month=${month}` });
  assert.equal(pdf.statusCode, 200, pdf.body);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  const file = path.join(t.dataDir, 'supervision.pdf');
  fs.writeFileSync(file, pdf.rawPayload);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  assert.match(text, /平湖市公权力监督月报/);
  assert.match(text, /职责未分离/);
  assert.match(text, /移送纪委监委/);
});
