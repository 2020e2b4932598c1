import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { caseBody, createTestContext, PASSWORD, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { multipart } from '../support/images.js';
import { chinaDay } from '../../src/modules/settings/work.calendar.js';
import { createDeps } from '../../src/deps.js';
import { buildApp } from '../../src/app.js';
import { ManualClock } from '../../src/platform/clock.js';

// A county imports its stock ledger (存量普查导入) and weeks later the nightly sweep finds every old case overdue and
// untouched. Those findings are the ledger's past, not anyone's action here: they are kept in one alert per rule,
// import, town and day that lists its cases (an import group), so the inbox shows one row with its count instead of
// one per old case. A case of the import that an officer has handled, and a case reported by hand, still raise an
// alert of their own. Built through the API on a clock the test moves; the database refuses edits of the groups.

let t: TestContext;
const clock = new ManualClock(new Date());
let app: FastifyInstance;
let deps: ReturnType<typeof createDeps>;
before(async () => {
  t = await createTestContext();
  deps = createDeps(t.deps.config, t.db, { clock });
  app = await buildApp(deps, { logger: false, webDist: null });
});
after(async () => {
  await app.close();
  await t.close();
});
const DAY = 86400_000;
const RULE = 'overdue_idle';
type Json = Record<string, any>;
const req = (user: string, o: InjectOptions) => app.inject({ ...o, headers: { ...(o.headers ?? {}), authorization: `Bearer ${t.tokens[user]}` } });
const get = async (user: string, url: string) => {
  const r = await req(user, { method: 'GET', url });
  assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
  return r.json() as Json;
};
const version = async (id: string) => (await get('city', `/api/cases/${id}`)).version as number;
const drain = () => deps.jobs.drain(deps.jobHandlers);
async function sweep() {
  await deps.jobs.enqueue('alerts.sweep', { day: chinaDay(clock.now()) });
  await drain();
}
/** Days pass; the people sign in again. */
async function later(days: number) {
  clock.set(new Date(clock.now().getTime() + days * DAY));
  for (const u of ['officer_a', 'inspector_a', 'city', 'supervisor', 'admin']) t.tokens[u] = (await deps.services.users.login(u, PASSWORD, '127.0.0.1')).token;
}
const userId = async (username: string) => ((await get('admin', '/api/users')).items as Json[]).find((u) => u.username === username)!.id as string;

/** A ledger of old cases: `perTown` rows in each town, a few metres apart in its villages. */
async function ledger(perTown: Record<string, number>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('存量普查台账');
  ws.addRow(['经度', '纬度', '面积(m²)', '当事人', '发现日期']);
  let k = 0;
  for (const [town, n] of Object.entries(perTown)) {
    for (let i = 0; i < n; i++) {
      const [lon, lat] = t.pointIn(town, i % 8);
      ws.addRow([lon + (k++ % 5) * 0.0004 + 0.0001, lat, 80 + i, `户主${k}`, '2019-05-20']);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let importId = '';
let groupA: Json;
let groupB: Json;
let touched: Json;
let byHand: { id: string; caseNo: string };
const inbox = async (user = 'supervisor') => (await get(user, `/api/alerts?rule=${RULE}&limit=200`)).items as Json[];

test('a ledger imported and left untouched: the first sweep past the deadlines raises one alert per town for the import, listing its cases', async () => {
  clock.set(new Date());
  await later(0);
  const data = await ledger({ [TOWN_A]: 5, [TOWN_B]: 3 });
  const mp = multipart({}, [{ name: 'file', filename: '城关镇存量违建普查台账.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data }]);
  const up = await req('city', { method: 'POST', url: '/api/imports/cases', payload: mp.payload, headers: mp.headers });
  assert.equal(up.statusCode, 202, up.body);
  importId = up.json().id;
  await drain();
  const imp = await get('city', `/api/imports/${importId}`);
  assert.equal(imp.status, 'done');
  assert.equal(imp.createdCount, 8, JSON.stringify(imp.errors));
  const imported = (await get('city', `/api/cases?importId=${importId}&limit=200`)).items as Json[];
  const inA = imported.filter((c) => c.townCode === TOWN_A || c.divisionCode?.startsWith(TOWN_A));
  assert.equal(inA.length, 5);

  // one of them the town's officer takes up (an edit of its facts); and a patrol report is verified and left alone
  await later(20);
  touched = inA[0];
  const r = await req('officer_a', { method: 'PATCH', url: `/api/cases/${touched.id}`, payload: { version: await version(touched.id), areaM2: 75 } });
  assert.equal(r.statusCode, 200, r.body);
  const [lon, lat] = t.pointIn(TOWN_A, 6);
  const rep = await req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon + 0.0021, lat) });
  assert.equal(rep.statusCode, 201, rep.body);
  byHand = rep.json();
  await req('officer_a', { method: 'POST', url: `/api/cases/${byHand.id}/actions`, payload: { action: 'verify', version: await version(byHand.id) } });

  // the classification was due within 10 working days: 60 days on, everything is overdue and idle for 30 days
  await later(60);
  await sweep();
  const items = await inbox();
  const groups = items.filter((a) => a.group);
  assert.equal(groups.length, 2, JSON.stringify(groups));
  groupA = groups.find((g) => g.divisionCode === TOWN_A)!;
  groupB = groups.find((g) => g.divisionCode === TOWN_B)!;
  assert.ok(groupA && groupB, 'one per town');
  for (const g of [groupA, groupB]) {
    assert.equal(g.group.importId, importId);
    assert.equal(g.group.filename, '城关镇存量违建普查台账.xlsx');
    assert.deepEqual(g.caseIds, [], "a group's cases are its members");
    assert.equal(g.severity, 'medium');
    assert.equal(g.status, 'open');
    assert.match(g.summary, /导入的存量普查台账《城关镇存量违建普查台账\.xlsx》中,导入后在本系统尚无人办理的案件触发“逾期案件长期未动”/);
  }
  assert.equal(groupA.group.caseCount, 4, 'the untouched four of town A');
  assert.equal(groupB.group.caseCount, 3);
  assert.deepEqual(groupA.userIds, [await userId('officer_a')], "the town's officers whose work they are");

  // the cases it lists, each with what was found on it
  const page = await get('supervisor', `/api/alerts/${groupA.id}/cases?limit=3`);
  assert.equal(page.total, 4);
  assert.equal(page.items.length, 3);
  const rest = await get('supervisor', `/api/alerts/${groupA.id}/cases?limit=3&offset=3`);
  const listed = [...page.items, ...rest.items] as Json[];
  assert.deepEqual(
    listed.map((m) => m.caseId).sort(),
    inA
      .slice(1)
      .map((c) => c.id)
      .sort(),
  );
  for (const m of listed) {
    assert.match(m.summary, new RegExp(`^${m.caseNo}.当事人:户主\\d+.处于“已立案待定性”.*已逾期`));
    assert.match(m.placeName, /\S+ \S+/);
    assert.equal(m.status, 'verified');
  }

  // the handled case of the import and the hand-reported one: an alert each, as before
  for (const id of [touched.id, byHand.id]) {
    const own = items.filter((a) => a.caseIds.includes(id));
    assert.equal(own.length, 1, `one alert of its own for ${id}`);
    assert.equal(own[0].group, null);
  }
  // nothing else about this import's cases
  assert.equal(items.filter((a) => !a.group && imported.some((c) => a.caseIds.includes(c.id) && c.id !== touched.id)).length, 0);
});

test('judged again, that day or later, nothing is raised twice: the groups keep their cases, no case comes back alone', async () => {
  await sweep();
  await later(1);
  await sweep();
  // an officer now handles a listed case, which then lies idle again: the same situation (case and deadline), kept in the group
  const listed = (await get('supervisor', `/api/alerts/${groupA.id}/cases`)).items as Json[];
  const r = await req('officer_a', { method: 'PATCH', url: `/api/cases/${listed[0].caseId}`, payload: { version: await version(listed[0].caseId), areaM2: 66 } });
  assert.equal(r.statusCode, 200, r.body);
  await drain();
  await later(31);
  await sweep();
  const items = await inbox();
  assert.equal(items.filter((a) => a.group).length, 2);
  assert.equal(items.find((a) => a.id === groupA.id)!.group.caseCount, 4);
  assert.equal(items.find((a) => a.id === groupB.id)!.group.caseCount, 3);
  assert.equal(items.filter((a) => a.caseIds.includes(listed[0].caseId)).length, 0);
});

test('a group is acted on like any alert; its cases are read only through it; its facts and members cannot be edited or deleted', async () => {
  const d = await get('supervisor', `/api/alerts/${groupB.id}`);
  assert.equal(d.group.caseCount, 3);
  assert.deepEqual(d.cases, []);
  assert.deepEqual(d.allowedActions, ['review']);
  const review = await req('supervisor', { method: 'POST', url: `/api/alerts/${groupB.id}/actions`, payload: { action: 'review' } });
  assert.equal(review.statusCode, 200, review.body);
  const dismissed = await req('supervisor', {
    method: 'POST',
    url: `/api/alerts/${groupB.id}/actions`,
    payload: { action: 'dismiss', reason: '存量台账遗留,已责成镇街制定处置计划' },
  });
  assert.equal(dismissed.statusCode, 200, dismissed.body);
  assert.equal(dismissed.json().status, 'dismissed');

  // confirmed and referred: the referral sheet lists the group's cases
  for (const action of ['review', 'confirm', 'refer']) {
    const r = await req('supervisor', { method: 'POST', url: `/api/alerts/${groupA.id}/actions`, payload: { action } });
    assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
  }
  const pdf = await req('supervisor', { method: 'GET', url: `/api/alerts/${groupA.id}/referral.pdf` });
  assert.equal(pdf.statusCode, 200, pdf.body.slice(0, 300));
  assert.equal(pdf.headers['content-type'], 'application/pdf');

  // an alert on its own situation lists no members; other roles may not read the list
  const own = (await inbox()).find((a) => a.caseIds.includes(byHand.id))!;
  const notGroup = await req('supervisor', { method: 'GET', url: `/api/alerts/${own.id}/cases` });
  assert.equal(notGroup.statusCode, 409);
  assert.equal(notGroup.json().code, 'alert.not_a_group');
  for (const u of ['city', 'officer_a', 'admin']) assert.equal((await req(u, { method: 'GET', url: `/api/alerts/${groupA.id}/cases` })).statusCode, 403, u);
  // the town's officer the group is about never sees it, nor its list
  assert.equal((await req('officer_a', { method: 'GET', url: `/api/alerts/${groupA.id}` })).statusCode, 403);

  await assert.rejects(sql`update alert_members set summary = 'x' where alert_id = ${groupA.id}`.execute(t.db.q), /append-only/);
  await assert.rejects(sql`delete from alert_members where alert_id = ${groupA.id}`.execute(t.db.q), /append-only/);
  await assert.rejects(sql`update alerts set import_id = null where id = ${groupA.id}`.execute(t.db.q), /never edited/);
  const members = Number((await sql<{ n: string }>`select count(*) as n from alert_members where alert_id = ${groupA.id}`.execute(t.db.q)).rows[0].n);
  assert.equal(members, 4);
});
