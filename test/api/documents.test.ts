import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { addWorkingDays, chinaDay } from '../../src/modules/settings/work.calendar.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

/** The text of a PDF, as a reader (Poppler's pdftotext) sees it. */
function pdfText(buf: Buffer): string {
  const f = path.join(t.dataDir, `doc-${Math.random().toString(16).slice(2)}.pdf`);
  fs.writeFileSync(f, buf);
  if (process.env.WWJ_KEEP_PDF) fs.copyFileSync(f, path.join(process.env.WWJ_KEEP_PDF, path.basename(f)));
  return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

const act = (id: string, body: Record<string, unknown>) => t.req('officer_a', { method: 'POST', url: `/api/cases/${id}/actions`, payload: body });
const issue = (id: string, body: Record<string, unknown>, user = 'officer_a') => t.req(user, { method: 'POST', url: `/api/cases/${id}/documents`, payload: body });

test('enforcement papers with the town’s document numbers, as PDFs a person can read; the dossier of the case', async () => {
  const [lon, lat] = t.pointIn(TOWN_A, 3);
  const c = (await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat, { ownerName: '王建国' }) })).json();
  // not before the case is classified for demolition
  const early = await issue(c.id, { kind: 'demolition_order', deadline: addWorkingDays(chinaDay(new Date()), 10, { holidays: new Set(), workdays: new Set() }) });
  assert.equal(early.statusCode, 422);
  assert.equal(early.json().code, 'document.not_applicable');
  let v = (await act(c.id, { action: 'verify', version: c.version })).json().version;
  v = (await act(c.id, { action: 'classify', version: v, disposalClass: 'demolish' })).json().version;
  // photos for the dossier: before and after
  for (const [stage, seed] of [
    ['before', 1],
    ['after', 2],
  ] as const) {
    const mp = multipart({ stage }, [{ name: 'photo', filename: 'p.jpg', type: 'image/jpeg', data: await jpegWithExif({ lon, lat, at: new Date(), seed }) }]);
    assert.equal((await t.req('inspector_a', { method: 'POST', url: `/api/cases/${c.id}/photos`, payload: mp.payload, headers: mp.headers })).statusCode, 201);
  }
  assert.equal((await issue(c.id, { kind: 'demolition_order' }, 'inspector_a')).statusCode, 403);
  assert.equal((await issue(c.id, { kind: 'demolition_order', deadline: '2020-01-01' })).statusCode, 422);
  assert.equal((await issue(c.id, { kind: 'reminder', deadline: '2099-01-01' })).json().code, 'document.order_missing');
  const order = await issue(c.id, { kind: 'demolition_order' });
  assert.equal(order.statusCode, 201, order.body);
  const o = order.json();
  assert.match(o.docNo, /^新埭镇拆违〔\d{4}〕1号$/);
  const second = (await issue(c.id, { kind: 'demolition_order', deadline: '2099-12-31' })).json();
  assert.match(second.docNo, /^新埭镇拆违〔\d{4}〕2号$/, 'the next number of the sequence');
  const notDue = await issue(c.id, { kind: 'reminder', deadline: '2099-06-30' });
  assert.equal(notDue.json().code, 'document.order_not_due', 'no reminder while the order’s time runs');
  // time passes: the second order's deadline is behind us
  await t.db.q.updateTable('case_documents').set({ content: sql`jsonb_set(content, '{deadline}', '"2026-01-05"')` }).where('id', '=', second.id).execute();
  const reminder = (await issue(c.id, { kind: 'reminder', deadline: '2099-06-30' })).json();
  assert.match(reminder.docNo, /^新埭镇拆违催〔\d{4}〕1号$/);
  assert.equal((await issue(c.id, { kind: 'delivery_receipt' })).statusCode, 400);
  const receipt = (await issue(c.id, { kind: 'delivery_receipt', refersTo: o.id })).json();
  assert.match(receipt.docNo, /^新埭镇拆违送〔\d{4}〕1号$/);

  const get = (url: string, user = 'officer_a') => t.req(user, { method: 'GET', url });
  const orderPdf = await get(o.pdf);
  assert.equal(orderPdf.statusCode, 200);
  assert.equal(orderPdf.headers['content-type'], 'application/pdf');
  const text = pdfText(orderPdf.rawPayload);
  for (const want of ['平湖市新埭镇人民政府', '责令限期拆除通知书', o.docNo, '王建国', '城乡规划法》第六十五条', c.caseNo, '行政复议'])
    assert.ok(text.includes(want), `order PDF has ${want}: ${text.slice(0, 300)}`);
  const r = pdfText((await get(reminder.pdf)).rawPayload);
  for (const want of ['催告书', reminder.docNo, second.docNo, '行政强制法》第三十五条', '2099年6月30日']) assert.ok(r.includes(want), `reminder PDF has ${want}`);
  const rc = pdfText((await get(receipt.pdf)).rawPayload);
  for (const want of ['送达回证', '受送达人签名', o.docNo]) assert.ok(rc.includes(want), `receipt PDF has ${want}`);
  // the same paper every time it is fetched
  assert.equal(pdfText((await get(o.pdf)).rawPayload), text);
  assert.equal((await get(o.pdf, 'officer_b')).statusCode, 404, 'another town cannot read it');

  const dossier = await get(`/api/cases/${c.id}/dossier.pdf`);
  assert.equal(dossier.statusCode, 200);
  const d = pdfText(dossier.rawPayload);
  for (const want of ['违法建筑一户一档', c.caseNo, '基本情况', '现场照片', '整改前', '整改后', '办理过程', '核实立案', '执法文书', o.docNo])
    assert.ok(d.includes(want), `dossier has ${want}`);
  // a printout travels: the ID number is masked in every role's copy (the case page reveals it, audited)
  assert.ok(!d.includes('330482198001011234'), 'the officer’s copy masks the ID number');
  assert.ok(d.includes('3304**********1234'), 'the officer’s copy shows the masked ID number');
  const masked = pdfText((await get(`/api/cases/${c.id}/dossier.pdf`, 'inspector_a')).rawPayload);
  assert.ok(!masked.includes('330482198001011234'), 'an inspector’s copy masks it');
  const taken = await t.db.q
    .selectFrom('audit_log')
    .select(['actor_name', 'after'])
    .where('action', '=', 'case.dossier_export')
    .where('entity_id', '=', c.id)
    .orderBy('id')
    .execute();
  assert.deepEqual(
    taken.map((a) => a.actor_name),
    ['officer_a', 'inspector_a'],
    'each dossier taken out is audited',
  );
  assert.deepEqual(taken[0].after, { caseNo: c.caseNo, format: 'pdf', personalData: 'masked' });
  const list = (await get(`/api/cases/${c.id}/documents`)).json().items;
  assert.equal(list.length, 4);
  assert.ok(
    (await get(`/api/cases/${c.id}`)).json().timeline.some((e: { kind: string }) => e.kind === 'document_issued'),
    "(await get(`/api/cases/${c.id}`)).json().timeline.some((e: { kind: string }) => e.kind === 'document_issued')",
  );
  assert.equal(v > 0, true);
});
