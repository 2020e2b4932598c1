import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { chinaDay } from '../../src/modules/settings/work.calendar.js';

// The case file (一户一档) on the desktop (issue 19 item 1): facts and 当事人 edited with validation, each
// change audited with before/after and on the timeline; papers refuse to issue with a blank field they print;
// a deadline the officer set survives 开始整改; 申请销号 names every unmet condition at once.

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const get = (id: string, user = 'officer_a') => t.req(user, { method: 'GET', url: `/api/cases/${id}` });
const patch = (id: string, body: Record<string, unknown>, user = 'officer_a') => t.req(user, { method: 'PATCH', url: `/api/cases/${id}`, payload: body });
const act = (id: string, body: Record<string, unknown>) => t.req('officer_a', { method: 'POST', url: `/api/cases/${id}/actions`, payload: body });
const issue = (id: string, body: Record<string, unknown>) => t.req('officer_a', { method: 'POST', url: `/api/cases/${id}/documents`, payload: body });
const auditRows = (action: string, entityId: string) =>
  t.db.q.selectFrom('audit_log').selectAll().where('action', '=', action).where('entity_id', '=', entityId).orderBy('id').execute();

/** A report as the phone sends it: a place and a photo, no area, no 当事人. */
async function bareReport(n: number) {
  const [lon, lat] = t.pointIn(TOWN_A, n);
  const r = await t.req('officer_a', {
    method: 'POST',
    url: '/api/cases',
    payload: caseBody(lon, lat, { areaM2: undefined, ownerName: undefined, ownerIdNumber: undefined, ownerPhone: undefined, landType: undefined }),
  });
  assert.equal(r.statusCode, 201, r.body);
  return { ...(r.json() as { id: string; version: number; caseNo: string }), lon, lat };
}

function pdfText(buf: Buffer): string {
  const f = path.join(t.dataDir, `case-file-${Math.random().toString(16).slice(2)}.pdf`);
  fs.writeFileSync(f, buf);
  return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

/** China's day `n` days from today. */
const dayAhead = (n: number) => chinaDay(new Date(Date.now() + n * 86400_000));

test('each rule of the file refuses with its zh-CN message, and the nearest right value is accepted', async () => {
  const c = await bareReport(1);
  let version = c.version;
  // [field, refused value, code, words of the message, the nearest accepted value]
  const cases: [string, unknown, string, RegExp, unknown][] = [
    ['areaM2', 0, 'case.invalid_area', /面积须大于 0 平方米/, 0.1],
    ['areaM2', -3, 'case.invalid_area', /面积须大于 0 平方米/, 3],
    ['floors', 0, 'case.invalid_floors', /层数须为 1 至 200 的整数/, 1],
    // 330482199002025679 is valid: the same number with the wrong check digit, one digit short, an impossible birthday
    ['ownerIdNumber', '330482199002025678', 'case.invalid_id_check_digit', /身份证号校验位不正确/, '330482199002025679'],
    ['ownerIdNumber', '33048219900202567', 'case.invalid_id_number', /身份证号须为18位/, '330482199002025679'],
    ['ownerIdNumber', '330482199002305671', 'case.invalid_id_number', /出生日期 19900230 无效/, '330482199002025679'],
    ['ownerIdNumber', '110105194912310021', 'case.invalid_id_check_digit', /校验位/, '11010519491231002x'],
    ['ownerPhone', '12812345678', 'case.invalid_phone', /11位手机号/, '13812345678'],
    ['ownerPhone', '1381234567', 'case.invalid_phone', /11位手机号/, '19912345678'],
    ['ownerPhone', '85123456', 'case.invalid_phone', /带区号的固定电话/, '0573-85123456'],
    ['enterpriseUscc', '91330482MA2BXXXX1', 'case.invalid_uscc', /统一社会信用代码/, '91330482MA2BXXXX1Q'],
  ];
  for (const [field, bad, code, words, good] of cases) {
    const r = await patch(c.id, { version, [field]: bad });
    assert.equal(r.statusCode, 400, `${field}=${bad}: ${r.body}`);
    assert.equal(r.json().code, code, `${field}=${bad}`);
    assert.match(r.json().message, words, `${field}=${bad}`);
    assert.equal(r.json().details.field, field);
    const ok = await patch(c.id, { version, [field]: good });
    assert.equal(ok.statusCode, 200, `${field}=${good}: ${ok.body}`);
    version = ok.json().version;
  }
  // a lower-case x is the same check character: stored upper case
  const full = await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/personal-data`, payload: {} });
  assert.equal(full.json().ownerIdNumber, '11010519491231002X');
  assert.equal(full.json().ownerPhone, '0573-85123456');
  // several problems at once are all named
  const many = await patch(c.id, { version, areaM2: 0, ownerPhone: '123' });
  assert.equal(many.statusCode, 400);
  assert.match(many.json().message, /面积须大于 0 平方米;联系电话/);
  assert.deepEqual(
    many.json().details.problems.map((p: { field: string }) => p.field),
    ['areaM2', 'ownerPhone'],
  );
  // the masked value the page shows, sent back, is no number (refused at the edge)
  const masked = await patch(c.id, { version, ownerIdNumber: '1101**********002X' });
  assert.equal(masked.statusCode, 400);
  assert.equal(masked.json().code, 'validation_failed');
  // roles: the inspector and the supervisor do not edit the file
  assert.equal((await patch(c.id, { version, areaM2: 5 }, 'inspector_a')).statusCode, 403);
  const sup = await patch(c.id, { version, areaM2: 5 }, 'supervisor');
  assert.ok([403, 404].includes(sup.statusCode), sup.body);
});

test('an edit is audited with before and after and shown on the timeline, the ID number masked in both', async () => {
  const c = await bareReport(2);
  const r = await patch(c.id, {
    version: c.version,
    areaM2: 86.5,
    floors: 2,
    structure: 'brick_concrete',
    use: 'residential',
    landType: 'cultivated',
    category: 'building',
    ownerKind: 'individual',
    ownerName: '  李秀英 ',
    ownerIdNumber: '330482199002025679',
    ownerPhone: '13900001111',
    addressGroup: '3',
    addressHouseNo: '12',
  });
  assert.equal(r.statusCode, 200, r.body);
  const after = r.json();
  assert.equal(after.ownerName, '李秀英', 'trimmed');
  assert.equal(after.ownerIdNumber, '3304**********5679');
  assert.match(after.addressText, /3组 12号$/, 'the printed address follows the group and house number');
  const audit = (await auditRows('case.update', c.id)).at(-1)!;
  const b = audit.before as Record<string, unknown>;
  const a = audit.after as Record<string, unknown>;
  assert.equal(b.area_m2, null);
  assert.equal(Number(a.area_m2), 86.5);
  assert.equal(b.owner_name, null);
  assert.equal(a.owner_name, '李秀英');
  assert.equal(a.owner_id_number, '3304**********5679', 'the audit record shows that it changed, masked');
  assert.ok(!JSON.stringify(audit).includes('330482199002025679'));
  const page = (await get(c.id)).json();
  const ev = page.timeline.findLast((e: { kind: string }) => e.kind === 'fields_changed');
  assert.ok(ev, 'on the timeline');
  assert.deepEqual(ev.data.changes.areaM2, { from: null, to: 86.5 });
  assert.deepEqual(ev.data.changes.ownerName, { from: null, to: '李秀英' });
  assert.deepEqual(ev.data.changes.ownerIdNumber, { from: null, to: '3304**********5679' });
  assert.ok(!JSON.stringify(page).includes('330482199002025679'));
  // an edit that changes nothing records nothing
  const same = await patch(c.id, { version: after.version, areaM2: 86.5, ownerName: '李秀英' });
  assert.equal(same.json().version, after.version);
  assert.equal((await auditRows('case.update', c.id)).length, 1);
});

test('a paper is refused while its 当事人 or area is empty, naming them all; issued once the file is complete, it prints the party', async () => {
  const c = await bareReport(3);
  let v = (await act(c.id, { action: 'verify', version: c.version })).json().version;
  v = (await act(c.id, { action: 'classify', version: v, disposalClass: 'demolish' })).json().version;
  const refused = await issue(c.id, { kind: 'demolition_order', deadline: dayAhead(30) });
  assert.equal(refused.statusCode, 422, refused.body);
  assert.equal(refused.json().code, 'document.fields_missing');
  assert.equal(refused.json().message, '制发责令限期拆除通知书前须补全案卷:当事人姓名、面积');
  assert.deepEqual(
    refused.json().details.missing.map((m: { field: string }) => m.field),
    ['ownerName', 'areaM2'],
  );
  // an enterprise needs its own name, not a person's
  const ent = await patch(c.id, { version: v, ownerKind: 'enterprise', ownerName: '赵法人', areaM2: 240 });
  assert.equal(ent.statusCode, 200, ent.body);
  v = ent.json().version;
  const still = await issue(c.id, { kind: 'demolition_order', deadline: dayAhead(30) });
  assert.equal(still.statusCode, 422);
  assert.ok(still.json().message.endsWith('当事人(企业名称)'), still.json().message);
  v = (await patch(c.id, { version: v, enterpriseName: '平湖市新埭镇示例五金厂', enterpriseUscc: '91330482MA2BXXXX1Q' })).json().version;
  const order = await issue(c.id, { kind: 'demolition_order', deadline: dayAhead(30) });
  assert.equal(order.statusCode, 201, order.body);
  const pdf = await t.req('officer_a', { method: 'GET', url: `/api/documents/${order.json().id}/pdf` });
  assert.equal(pdf.statusCode, 200);
  const text = pdfText(pdf.rawPayload);
  assert.ok(text.includes('平湖市新埭镇示例五金厂'), `the order names the party: ${text.slice(0, 300)}`);
  assert.ok(text.includes('240平方米'), 'and the area');
  const receipt = await issue(c.id, { kind: 'delivery_receipt', refersTo: order.json().id });
  assert.equal(receipt.statusCode, 201, receipt.body);
  const rtext = pdfText((await t.req('officer_a', { method: 'GET', url: `/api/documents/${receipt.json().id}/pdf` })).rawPayload);
  assert.ok(rtext.includes('受送达人平湖市新埭镇示例五金厂'), 'the receipt names the party');
});

test('a deadline the officer set at 定性 survives 开始整改 (and the paper prints it); without one the step’s deadline is counted', async () => {
  const set = dayAhead(25);
  const c = await bareReport(4);
  let v = (await act(c.id, { action: 'verify', version: c.version })).json().version;
  const cls = await act(c.id, { action: 'classify', version: v, disposalClass: 'demolish', deadline: set });
  assert.equal(cls.statusCode, 200, cls.body);
  assert.equal(chinaDay(new Date(cls.json().deadlineAt)), set);
  v = (await patch(c.id, { version: cls.json().version, ownerName: '钱多多', areaM2: 50 })).json().version;
  const order = await issue(c.id, { kind: 'demolition_order' });
  assert.equal(order.statusCode, 201, order.body);
  const [y, m, d] = set.split('-').map(Number);
  assert.ok(pdfText((await t.req('officer_a', { method: 'GET', url: `/api/documents/${order.json().id}/pdf` })).rawPayload).includes(`${y}年${m}月${d}日前`));
  const start = await act(c.id, { action: 'start_rectification', version: v });
  assert.equal(start.statusCode, 200, start.body);
  assert.equal(chinaDay(new Date(start.json().deadlineAt)), set, 'the case and the paper keep saying the same day');

  // a day set later with 设定期限 is the officer's too
  const c2 = await bareReport(5);
  let v2 = (await act(c2.id, { action: 'verify', version: c2.version })).json().version;
  v2 = (await act(c2.id, { action: 'classify', version: v2, disposalClass: 'demolish' })).json().version;
  const later = dayAhead(40);
  const bulk = await t.req('officer_a', {
    method: 'POST',
    url: '/api/cases/bulk-actions',
    payload: { action: 'set_deadline', deadline: later, items: [{ id: c2.id, version: v2 }] },
  });
  assert.equal(bulk.json().succeeded, 1, bulk.body);
  const s2 = await act(c2.id, { action: 'start_rectification', version: bulk.json().results[0].version });
  assert.equal(chinaDay(new Date(s2.json().deadlineAt)), later);

  // no day given: 开始整改 counts the rectification step's deadline on the calendar, as before
  const c3 = await bareReport(6);
  let v3 = (await act(c3.id, { action: 'verify', version: c3.version })).json().version;
  v3 = (await act(c3.id, { action: 'classify', version: v3, disposalClass: 'demolish' })).json().version;
  const s3 = (await act(c3.id, { action: 'start_rectification', version: v3 })).json();
  const counted = await t.deps.services.settings.deadlineFor('rectifying', 'demolish');
  assert.ok(counted && s3.deadlineAt, 'a counted deadline');
  assert.equal(chinaDay(new Date(s3.deadlineAt)), chinaDay(counted!));
});

test('申请销号 names every unmet condition at once', async () => {
  const c = await bareReport(7);
  let v = (await act(c.id, { action: 'verify', version: c.version })).json().version;
  v = (await act(c.id, { action: 'classify', version: v, disposalClass: 'demolish' })).json().version;
  v = (await act(c.id, { action: 'start_rectification', version: v })).json().version;
  const task = await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/tasks`, payload: { department: '供电公司', title: '拆除前断电', deadline: dayAhead(10) } });
  assert.ok([200, 201].includes(task.statusCode), task.body);
  v = (await get(c.id)).json().version;
  const r = await act(c.id, { action: 'request_closing', version: v });
  assert.equal(r.statusCode, 422, r.body);
  const reasons: string[] = r.json().details.reasons;
  assert.equal(reasons.length, 3, reasons.join(' | '));
  assert.match(reasons[0], /1 项部门任务未办结/);
  assert.match(reasons[1], /至少上传一张“整改后”照片/);
  assert.match(reasons[2], /100 米内拍摄/);
  // a far after photo: the task and the distance remain, the missing photo is gone
  const mp = multipart({ stage: 'after' }, [
    { name: 'photo', filename: 'far.jpg', type: 'image/jpeg', data: await jpegWithExif({ lon: c.lon + 0.01, lat: c.lat, at: new Date(Date.now() + 5000), seed: 71 }) },
  ]);
  assert.equal((await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/photos`, payload: mp.payload, headers: mp.headers })).statusCode, 201);
  v = (await get(c.id)).json().version;
  const again = (await act(c.id, { action: 'request_closing', version: v })).json();
  assert.equal(again.details.reasons.length, 2, again.details.reasons.join(' | '));
});

test('a merged case names the case it was merged into by its number', async () => {
  const kept = await bareReport(8);
  const dup = await bareReport(9);
  const r = await act(dup.id, { action: 'reject', version: dup.version, duplicateOf: kept.id, reason: '重复上报' });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().duplicateOfCaseNo, kept.caseNo, 'in the answer to the merge');
  const page = (await get(dup.id)).json();
  assert.equal(page.duplicateOf, kept.id);
  assert.equal(page.duplicateOfCaseNo, kept.caseNo, 'and on the case page');
  assert.equal((await get(kept.id)).json().duplicateOfCaseNo, null);
  // the merge's timeline event carries the kept case's number: reopened and merged elsewhere later, the
  // event still names the case it was merged into then, never a bare id
  const ev = (page.timeline as { kind: string; data: Record<string, unknown> }[]).find((e) => e.kind === 'reject');
  assert.equal(ev?.data.duplicateOfCaseNo, kept.caseNo);
});
