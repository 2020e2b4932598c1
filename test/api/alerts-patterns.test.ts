import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { caseBody, PASSWORD, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { alertsApi, dms, type Json } from '../support/alerts.js';
import { multipart } from '../support/images.js';
import { exifChinaTime } from '../../src/demo/demo.photos.js';
import { chinaDay } from '../../src/modules/settings/work.calendar.js';

// Supervision of public power (issue 21, second slice): photo reuse across cases, rejections concentrated in one
// person or one small area, a deferral renewed again and again, edits to a closed case, and the referral sheet
// (问题线索移送单, PDF). Each situation is built through the API and raises exactly one alert (judging again raises
// no second); the nearest innocent situation raises none.

const api = alertsApi({
  // a town officer of his own for the concentration of rejections (officer_a verifies much in the other tests)
  setup: async (t) => {
    await t.deps.services.users.create(
      null,
      { username: 'officer_c', displayName: '陈专员', password: PASSWORD, role: 'town_officer', divisionCode: TOWN_A, department: null },
      { demo: true },
    );
    t.tokens.officer_c = (await t.deps.services.users.login('officer_c', PASSWORD, '127.0.0.1')).token;
  },
});
let t: TestContext;
before(async () => {
  t = await api.context();
});
const { clock, req, now, get, version, act, rectifying, close, alertsOn, exactlyOne, none, userId, setRule } = api;
/** A report at a point (the inspector of the point's town). */
async function reportAt(lon: number, lat: number, user = 'inspector_a') {
  const r = await req(user, { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat) });
  assert.equal(r.statusCode, 201, r.body);
  return { ...(r.json() as { id: string; caseNo: string }), lon, lat };
}
let spread = 0;
/** A report in one of town A's villages, a few metres from the last one there. */
async function report(town = TOWN_A, n?: number) {
  const k = n ?? spread % 8;
  spread++;
  const [lon, lat] = t.pointIn(town, k);
  return reportAt(lon + spread * 0.00005, lat, town === TOWN_A ? 'inspector_a' : 'inspector_b');
}
async function upload(id: string, data: Buffer, stage = 'after') {
  const mp = multipart({ stage }, [{ name: 'photo', filename: `${stage}.jpg`, type: 'image/jpeg', data }]);
  const r = await req('inspector_a', { method: 'POST', url: `/api/cases/${id}/photos`, payload: mp.payload, headers: mp.headers });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as Json;
}
const soon = (s = 5) => new Date(now().getTime() + s * 1000);

/** The pixels of a scene with detail everywhere (16×12 random blocks, blurred up), as a camera would not repeat them. */
function scene(seed: number): Buffer {
  let x = (seed * 2654435761) >>> 0 || 1;
  const rnd = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
  const px = Buffer.alloc(16 * 12 * 3);
  for (let i = 0; i < px.length; i++) px[i] = Math.floor(rnd() * 256);
  return px;
}
/** A camera JPEG of a scene at a place and time; `copy` is the same scene re-saved smaller and coarser (a forwarded copy). */
async function photo(seed: number, o: { lon: number; lat: number; at: Date }, copy = false): Promise<Buffer> {
  const size = copy ? { w: 288, h: 216, q: 55 } : { w: 320, h: 240, q: 85 };
  return sharp(scene(seed), { raw: { width: 16, height: 12, channels: 3 } })
    .resize(size.w, size.h, { kernel: 'cubic' })
    .jpeg({ quality: size.q })
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'T1' },
      IFD2: { DateTimeOriginal: exifChinaTime(o.at) },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(o.lat), GPSLongitudeRef: 'E', GPSLongitude: dms(o.lon) },
    })
    .toBuffer();
}
/** A plain picture (one colour): every such picture hashes alike. */
const plain = (seed: number) =>
  sharp({ create: { width: 200, height: 150, channels: 3, background: { r: (seed * 40) % 255, g: 120, b: 90 } } })
    .jpeg()
    .toBuffer();

let reuseAlert: Json;
let reuseCases: { first: string; second: string };

test('e. a photo of one case used again (re-saved) as the closing evidence of another: one alert with the two photos side by side; a merged duplicate, other pictures and plain pictures raise none', async () => {
  const a = await report();
  await rectifying(a);
  const original = await upload(a.id, await photo(7, { lon: a.lon, lat: a.lat, at: soon() }));
  await close(a.id);

  // the other case is closed on a re-saved copy of it, its EXIF rewritten to the second case's place and time
  const b = await report();
  await rectifying(b);
  const copy = await upload(b.id, await photo(7, { lon: b.lon, lat: b.lat, at: soon() }, true));
  await act('officer_a', b.id, 'request_closing');
  const alert = await exactlyOne(b.id, 'photo_reused');
  assert.equal(alert.severity, 'high');
  assert.deepEqual(alert.cases.map((c: Json) => c.caseNo).sort(), [a.caseNo, b.caseNo].sort());
  assert.deepEqual(
    alert.users.map((u: Json) => u.displayName),
    ['inspector_a'],
  );
  assert.match(alert.summary, new RegExp(`${b.caseNo} 的“整改后”照片.*与案件 ${a.caseNo} 先前的照片(相同|几乎相同)`));
  const detail = await get('supervisor', `/api/alerts/${alert.id}`);
  const copyId = copy.items[0].id;
  const originalId = original.items[0].id;
  assert.equal(detail.photoPairs.length, 1);
  assert.deepEqual([detail.photoPairs[0].photoId, detail.photoPairs[0].otherPhotoId], [copyId, originalId]);
  assert.ok(detail.photoPairs[0].bits <= 3, `${detail.photoPairs[0].bits}`);
  const involved = (detail.photos as Json[]).filter((p) => p.involved).map((p) => p.id);
  assert.deepEqual(involved.sort(), [copyId, originalId].sort());
  // the earlier case is not the one that reused: judging it raises nothing of its own
  assert.deepEqual(
    (await alertsOn(a.id, 'photo_reused')).map((x) => x.id),
    [alert.id],
  );
  reuseAlert = alert;
  reuseCases = { first: a.caseNo, second: b.caseNo };

  // innocent: another case closed on a picture of its own
  const c = await report();
  await rectifying(c);
  await upload(c.id, await photo(8, { lon: c.lon, lat: c.lat, at: soon() }));
  await close(c.id);
  await none(c.id, 'photo_reused');

  // innocent: the same building reported twice with the same picture, merged as a duplicate
  const d1 = await report();
  await upload(d1.id, await photo(9, { lon: d1.lon, lat: d1.lat, at: soon() }), 'before');
  const d2 = await reportAt(d1.lon + 0.00003, d1.lat);
  await upload(d2.id, await photo(9, { lon: d1.lon, lat: d1.lat, at: soon() }, true), 'before');
  await act('officer_a', d2.id, 'reject', { duplicateOf: d1.id });
  await act('officer_a', d1.id, 'verify');
  await none(d2.id, 'photo_reused');
  await none(d1.id, 'photo_reused');

  // innocent: plain pictures (one colour each) hash alike but show nothing: not compared
  const e1 = await report();
  await upload(e1.id, await plain(1), 'before');
  await act('officer_a', e1.id, 'verify');
  const e2 = await report();
  await upload(e2.id, await plain(2), 'before');
  await act('officer_a', e2.id, 'verify');
  await none(e2.id, 'photo_reused');
});

test('f. rejections concentrated in one person or one small area within the window; the same count among as many verifications raises none; thresholds from the settings', async () => {
  const rule = 'rejections_concentrated';
  // three rejections are enough for the test (the default is five): the settings, not the code, decide
  await setRule(rule, { minCount: 3, windowDays: 30, minSharePct: 60, radiusM: 300 });
  const reject = (user: string, id: string) => act(user, id, 'reject', { reason: '经核实不属于违建' });

  // one person: officer C rejects three reports in three villages far apart, and verifies none
  const mine = [await report(TOWN_A, 0), await report(TOWN_A, 3), await report(TOWN_A, 6)];
  for (const c of mine) await reject('officer_c', c.id);
  const a = await exactlyOne(mine[2].id, rule);
  assert.deepEqual(a.userIds, [await userId('officer_c')]);
  assert.deepEqual([...a.caseIds].sort(), mine.map((c) => c.id).sort());
  assert.match(a.summary, /陈专员 在 30 天内.*不予立案 3 件,占其同期立案与不予立案 3 件的 100%/);

  // innocent: officer B verifies three reports, then rejects three (half his decisions)
  for (const n of [0, 1, 2]) await act('officer_b', (await report(TOWN_B, n)).id, 'verify');
  const his = [await report(TOWN_B, 3), await report(TOWN_B, 4), await report(TOWN_B, 5)];
  for (const c of his) await reject('officer_b', c.id);
  for (const c of his) await none(c.id, rule);

  // one small area: three reports within 100 m rejected by two people (neither reaches the thresholds alone)
  const [lon, lat] = t.pointIn(TOWN_B, 6);
  const spot = [await reportAt(lon, lat, 'inspector_b'), await reportAt(lon + 0.0005, lat, 'inspector_b'), await reportAt(lon, lat + 0.0005, 'inspector_b')];
  await reject('officer_b', spot[0].id);
  await reject('city', spot[1].id);
  await reject('city', spot[2].id);
  const area = await exactlyOne(spot[2].id, rule);
  assert.deepEqual([...area.caseIds].sort(), spot.map((c) => c.id).sort());
  assert.deepEqual([...area.userIds].sort(), [await userId('officer_b'), await userId('city')].sort());
  assert.match(area.summary, /周边 300 米内.*不予立案 3 件.*占该范围同期立案与不予立案 3 件的 100%/);
  const detail = await get('supervisor', `/api/alerts/${area.id}`);
  assert.equal(detail.problems[0].label, '不予立案集中于一个小范围');
  assert.equal((detail.auditRecords as Json[]).filter((r) => r.involved).length, 3, 'the three rejections marked among the audit records');

  // innocent: three rejections within 100 m among three verifications there (officer C's own rejections go on,
  // within the window of his first situation: still that one alert)
  const [lon2, lat2] = t.pointIn(TOWN_A, 1);
  for (let i = 0; i < 3; i++) await act('officer_c', (await reportAt(lon2 + i * 0.0003, lat2 - 0.0004)).id, 'verify');
  const busy = [await reportAt(lon2, lat2), await reportAt(lon2 + 0.0003, lat2), await reportAt(lon2 + 0.0006, lat2)];
  for (const c of busy) await reject('officer_c', c.id);
  for (const c of busy) await none(c.id, rule);
  assert.equal((await get('supervisor', `/api/alerts?rule=${rule}&user=${await userId('officer_c')}`)).total, 1);

  // with the default five, the same three would have raised nothing
  await setRule(rule, { minCount: 5, windowDays: 30, minSharePct: 60, radiusM: 300 });
  const more = [await report(TOWN_A, 2), await report(TOWN_A, 5), await report(TOWN_A, 7)];
  for (const c of more) await reject('city', c.id);
  // city now has 2 + 3 = 5 rejections and no verification: its own situation (5 reached), none of the areas
  const cityAlert = await exactlyOne(more[2].id, rule);
  assert.deepEqual(cityAlert.userIds, [await userId('city')]);
  assert.equal(cityAlert.caseIds.length, 5);
});

test('f. merges (重复上报) concentrated in one person: one alert of merges, apart from rejections; as many merges among as many verifications raise none', async () => {
  const rule = 'rejections_concentrated';
  await setRule(rule, { minCount: 3, windowDays: 30, minSharePct: 60, radiusM: 300 });
  for (const [username, town] of [
    ['officer_m', TOWN_A],
    ['officer_n', TOWN_B],
  ]) {
    await t.deps.services.users.create(
      null,
      { username, displayName: username === 'officer_m' ? '马专员' : '牛专员', password: PASSWORD, role: 'town_officer', divisionCode: town, department: null },
      { demo: true },
    );
    t.tokens[username] = (await t.deps.services.users.login(username, PASSWORD, '127.0.0.1')).token;
  }
  /** A report and a second report of the same building a few metres away, merged into the first by `user`. */
  const merged = async (user: string, town: string, n: number) => {
    const kept = await report(town, n);
    const dup = await reportAt(kept.lon + 0.00003, kept.lat, town === TOWN_A ? 'inspector_a' : 'inspector_b');
    await act(user, dup.id, 'reject', { duplicateOf: kept.id });
    return dup;
  };

  // officer M merges three reports in three villages far apart, and decides nothing else
  const mine = [await merged('officer_m', TOWN_A, 0), await merged('officer_m', TOWN_A, 3), await merged('officer_m', TOWN_A, 6)];
  const a = await exactlyOne(mine[2].id, rule);
  assert.deepEqual(a.userIds, [await userId('officer_m')]);
  assert.deepEqual([...a.caseIds].sort(), mine.map((c) => c.id).sort());
  assert.match(a.summary, /马专员 在 30 天内.*合并为重复上报 3 件,占其同期立案与不予立案 3 件的 100%/);
  const detail = await get('supervisor', `/api/alerts/${a.id}`);
  assert.equal(detail.problems[0].label, '合并集中于一人');

  // innocent: officer N verifies three reports and merges three (half his decisions)
  for (const n of [0, 2, 4]) await act('officer_n', (await report(TOWN_B, n)).id, 'verify');
  const his = [await merged('officer_n', TOWN_B, 1), await merged('officer_n', TOWN_B, 5), await merged('officer_n', TOWN_B, 7)];
  for (const c of his) await none(c.id, rule);
  assert.equal((await get('supervisor', `/api/alerts?rule=${rule}&user=${await userId('officer_n')}`)).total, 0);
  await setRule(rule, { minCount: 5, windowDays: 30, minSharePct: 60, radiusM: 300 });
});

test('g. a deferral renewed at each review date until the third time: one alert; deferred twice and then decided: none', async () => {
  const day = 86400_000;
  const start = Date.now();
  clock.set(new Date(start));
  api.onClock = true;
  try {
    const defer = (id: string) =>
      act('officer_a', id, 'classify', {
        disposalClass: 'defer',
        deferReason: '涉及民生,暂缓处置',
        reviewDate: chinaDay(new Date(clock.now().getTime() + 2 * day)),
        reason: '暂缓',
      });
    const again = async () => {
      clock.set(new Date(clock.now().getTime() + 3 * day));
      // days later: the people sign in again
      for (const u of ['officer_a', 'inspector_a', 'city', 'supervisor', 'admin']) t.tokens[u] = (await api.clocked.deps.services.users.login(u, PASSWORD, '127.0.0.1')).token;
      await api.clocked.deps.services.cases.reviewDue();
    };
    const renewed = await report();
    const decided = await report();
    for (const c of [renewed, decided]) await act('officer_a', c.id, 'verify');
    for (const c of [renewed, decided]) await defer(c.id);
    await again();
    for (const c of [renewed, decided]) await defer(c.id);
    await again();
    await defer(renewed.id);
    await act('officer_a', decided.id, 'classify', { disposalClass: 'demolish', reason: '到期复议,决定拆除' });
    const a = await exactlyOne(renewed.id, 'deferral_renewed');
    assert.match(a.summary, /已 3 次定为暂缓/);
    await none(decided.id, 'deferral_renewed');
  } finally {
    api.onClock = false;
  }
});

test('h. an edit of a closed case: one alert naming the fields; the same edit before the closing raises none', async () => {
  const patch = async (id: string, fields: Json) => {
    const r = await req('officer_a', { method: 'PATCH', url: `/api/cases/${id}`, payload: { version: await version(id), ...fields } });
    assert.equal(r.statusCode, 200, r.body);
  };
  const closed = await report();
  await rectifying(closed, 'demolish');
  await upload(closed.id, await photo(21, { lon: closed.lon, lat: closed.lat, at: soon() }));
  await close(closed.id);
  await patch(closed.id, { ownerName: '李四' });
  const a = await exactlyOne(closed.id, 'closed_case_edited');
  assert.match(a.summary, /销号后,officer_a 于 .* 修改了当事人/);

  const open = await report();
  await rectifying(open, 'demolish');
  await patch(open.id, { ownerName: '李四' });
  await upload(open.id, await photo(22, { lon: open.lon, lat: open.lat, at: soon() }));
  await close(open.id);
  await none(open.id, 'closed_case_edited');
});

test('the referral sheet (问题线索移送单): only once referred; a PDF with the referral number, the case numbers, the photos and the audit records; audited', async () => {
  const id = reuseAlert.id;
  const pdf = (user = 'supervisor') => req(user, { method: 'GET', url: `/api/alerts/${id}/referral.pdf` });
  const early = await pdf();
  assert.equal(early.statusCode, 409, early.body);
  assert.equal(early.json().code, 'alert.not_referred');
  for (const action of ['review', 'confirm', 'refer']) {
    const r = await req('supervisor', {
      method: 'POST',
      url: `/api/alerts/${id}/actions`,
      payload: { action, reason: action === 'confirm' ? '同一张照片用于两个案件的销号' : undefined },
    });
    assert.equal(r.statusCode, 200, r.body);
  }
  const d = await get('supervisor', `/api/alerts/${id}`);
  const referralNo: string = d.steps.at(-1).referralNo;
  assert.match(referralNo, /^纪移〔\d{4}〕\d+号$/);
  for (const user of ['city', 'admin', 'officer_a']) assert.equal((await pdf(user)).statusCode, 403, user);

  const r = await pdf();
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.headers['content-type'], 'application/pdf');
  const file = path.join(t.dataDir, 'referral.pdf');
  fs.writeFileSync(file, r.rawPayload);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const flat = text.replace(/\s+/g, '');
  assert.ok(flat.includes('问题线索移送单'), text.slice(0, 500));
  assert.ok(flat.includes(referralNo), `the referral number ${referralNo} in: ${text.slice(0, 800)}`);
  assert.ok(flat.includes(reuseCases.first) && flat.includes(reuseCases.second), 'both case numbers');
  assert.ok(flat.includes('照片跨案件重复使用'));
  assert.ok(flat.includes('同一张照片用于两个案件的销号'), 'the review’s reason');
  assert.ok(flat.includes('审计记录'));
  // the audit records with their hashes: the last record of the earlier case is in the sheet
  const hashes = (d.auditRecords as Json[]).map((x) => x.hash as string);
  assert.ok(hashes.length > 5);
  assert.ok(
    hashes.every((h) => flat.includes(h)),
    'every audit record’s hash',
  );
  const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  assert.ok(images.length >= 2, `the two photos side by side (and the map): ${images.length} images`);

  const audit = await get('supervisor', `/api/audit?entity=alert&entityId=${id}`);
  assert.equal(audit.items[0].action, 'alert.referral_pdf');
  assert.match(audit.items[0].sentence, /下载问题线索移送单/);
});
