import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import sharp, { type Stats } from 'sharp';
import { sql } from 'kysely';
import { createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';

let t: TestContext;
before(async () => {
  t = await createTestContext({ env: { MAX_UPLOAD_BYTES: String(8 * 1024 * 1024) } });
});
after(() => t.close());

/** A point `dx`, `dy` metres east/north of a lon/lat. */
const offset = ([lon, lat]: [number, number], dx: number, dy: number): [number, number] => [lon + dx / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + dy / 110_540];

type Photo = { data: Buffer; type?: string; filename?: string };
function report(user: string, fields: Record<string, string>, photos: Photo[]) {
  const mp = multipart(
    fields,
    photos.map((p) => ({ name: 'photo', filename: p.filename ?? 'p.jpg', type: p.type ?? 'image/jpeg', data: p.data })),
  );
  return t.req(user, { method: 'POST', url: '/api/cases', payload: mp.payload, headers: mp.headers });
}
const fieldsAt = ([lon, lat]: [number, number], extra: Record<string, string> = {}) => ({ clientId: randomUUID(), lon: String(lon), lat: String(lat), accuracy: '8', ...extra });
const caseCount = async () =>
  Number(
    (
      await t.db.q
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const photoCount = async () =>
  Number(
    (
      await t.db.q
        .selectFrom('photos')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
function blobFiles(): string[] {
  const root = path.join(t.dataDir, 'blobs');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(root, f)).isFile());
}

test('a patrol report: multipart with a photo → 201 with the case, the photo with evidence facts and a watermarked display copy', async () => {
  const here = offset(t.pointIn(TOWN_A, 0), 10, 0);
  const at = new Date(Date.now() - 60_000);
  const exifAt = offset(here, 30, 0); // the camera's GPS says 30 m east of the phone's fix
  const img = await jpegWithExif({ lon: exifAt[0], lat: exifAt[1], at, seed: 5, width: 1600, height: 1200 });
  const r = await report('inspector_a', fieldsAt(here, { category: 'shed', note: '新搭彩钢棚', capturedAt: at.toISOString() }), [{ data: img }]);
  assert.equal(r.statusCode, 201, r.body);
  const c = r.json();
  assert.match(c.caseNo, /^PH-\d{4}-\d{6}$/);
  assert.equal(c.source, 'patrol');
  assert.equal(c.category, 'shed');
  assert.equal(c.status, 'reported');
  assert.equal(c.townCode, TOWN_A, 'the division comes from the location');
  assert.equal(c.photos.length, 1);
  // the answer carries the photos as recorded, exactly as the case lists them afterwards
  assert.deepEqual(c.photos, (await t.req('inspector_a', { method: 'GET', url: `/api/cases/${c.id}/photos` })).json().items);
  const p = c.photos[0];
  assert.equal(p.stage, 'before');
  assert.match(p.phash, /^[0-9a-f]{16}$/);
  const ev = p.evidence;
  assert.equal(ev.exifPresent, true);
  assert.equal(ev.locationSource, 'exif');
  assert.ok(Math.abs(ev.gpsDistanceM - 30) < 1.5, `EXIF GPS vs the reported fix: ${ev.gpsDistanceM} m`);
  assert.equal(ev.timeSource, 'exif');
  assert.ok(ev.captureLagS >= 59 && ev.captureLagS < 600, `capture → upload: ${ev.captureLagS} s`);
  assert.equal(ev.device, 'TestCam T1');
  assert.deepEqual(ev.flags, []);
  // the original is untouched; the display copy is a different, watermarked image of ≤ 1280 px
  const orig = await t.req('officer_a', { method: 'GET', url: p.urls.original });
  assert.deepEqual(orig.rawPayload, img);
  const disp = await t.req('officer_a', { method: 'GET', url: p.urls.display });
  assert.equal(disp.statusCode, 200);
  assert.equal(disp.headers['content-type'], 'image/jpeg');
  const meta = await sharp(disp.rawPayload).metadata();
  assert.equal(meta.width, 1280);
  if (process.env.WWJ_KEEP_DISPLAY) fs.writeFileSync(process.env.WWJ_KEEP_DISPLAY, disp.rawPayload);
  // the watermark band darkens the bottom of the picture and carries light text
  const region = async (top: number) => sharp(await sharp(disp.rawPayload).extract({ left: 0, top, width: 1280, height: 100 }).png().toBuffer()).stats();
  const band = await region(meta.height! - 100);
  const top = await region(0);
  const brightness = (st: Stats) => st.channels.slice(0, 3).reduce((a, c) => a + c.mean, 0) / 3;
  assert.ok(brightness(band) < brightness(top) - 30, `a dark band at the bottom (${brightness(band)} vs ${brightness(top)})`);
  assert.ok(
    band.channels.slice(0, 3).every((c) => c.max > 230),
    'white text in the band',
  );
});

test('no EXIF (a webview stripped it): the device fix and time are the evidence, "no_exif" is recorded, not an error', async () => {
  const here = offset(t.pointIn(TOWN_A, 1), 0, 0);
  const bare = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#8a6' } })
    .jpeg()
    .toBuffer();
  const at = new Date(Date.now() - 5 * 24 * 3600_000);
  const r = await report('inspector_a', fieldsAt(here, { capturedAt: at.toISOString() }), [{ data: bare }]);
  assert.equal(r.statusCode, 201, r.body);
  const ev = r.json().photos[0].evidence;
  assert.equal(ev.exifPresent, false);
  assert.equal(ev.locationSource, 'device');
  assert.equal(ev.timeSource, 'device');
  assert.deepEqual(ev.flags.sort(), ['no_exif', 'stale_capture']);
});

test('several photos in one report (one of them twice): the answer lists each stored photo once, as the case lists them', async () => {
  const here = offset(t.pointIn(TOWN_A, 2), 0, 0);
  const shots = await Promise.all([81, 82].map((seed) => jpegWithExif({ lon: here[0], lat: here[1], at: new Date(), seed, width: 800, height: 600 })));
  const blobsBefore = blobFiles().length;
  const r = await report('inspector_a', fieldsAt(here), [{ data: shots[0] }, { data: shots[1] }, { data: shots[0] }]);
  assert.equal(r.statusCode, 201, r.body);
  const c = r.json();
  assert.equal(c.photos.length, 2);
  assert.deepEqual(new Set(c.photos.map((x: { sha256: string }) => x.sha256)).size, 2);
  assert.deepEqual(c.photos, (await t.req('inspector_a', { method: 'GET', url: `/api/cases/${c.id}/photos` })).json().items);
  // two originals, two display copies, two thumbnails: the repeated photo's extra copies were removed
  assert.equal(blobFiles().length, blobsBefore + 6);
});

test('exactly once: 10 resends of one report make one case (200, same id); the same clientId with other content is a 409', async () => {
  const here = offset(t.pointIn(TOWN_A, 3), 0, 0);
  const img = await jpegWithExif({ lon: here[0], lat: here[1], at: new Date(), seed: 21 });
  const fields = fieldsAt(here, { note: '重发测试' });
  const casesBefore = await caseCount();
  const first = await report('inspector_a', fields, [{ data: img }]);
  assert.equal(first.statusCode, 201, first.body);
  for (let i = 0; i < 10; i++) {
    const again = await report('inspector_a', fields, [{ data: img }]);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().id, first.json().id);
  }
  assert.equal(await caseCount(), casesBefore + 1);
  // a replayed request with a tampered photo
  const other = await jpegWithExif({ lon: here[0], lat: here[1], at: new Date(), seed: 22 });
  const tampered = await report('inspector_a', fields, [{ data: other }]);
  assert.equal(tampered.statusCode, 409);
  assert.equal(tampered.json().code, 'case.client_id_conflict');
  const moved = await report('inspector_a', { ...fields, note: '改过的备注' }, [{ data: img }]);
  assert.equal(moved.statusCode, 409);
  assert.equal(await caseCount(), casesBefore + 1);
  // concurrent resends also end in one case
  const f2 = fieldsAt(offset(here, 200, 0));
  const img2 = await jpegWithExif({ lon: here[0], lat: here[1], at: new Date(), seed: 23 });
  const all = await Promise.all(Array.from({ length: 5 }, () => report('inspector_a', f2, [{ data: img2 }])));
  assert.deepEqual(all.map((x) => x.statusCode).sort(), [200, 200, 200, 200, 201], all.map((x) => x.body).join('\n'));
  assert.equal(new Set(all.map((x) => x.json().id)).size, 1);
});

test('bad input: each refused with a clear error, nothing half-written (no case, no photo row, no orphan blob)', async () => {
  const here = offset(t.pointIn(TOWN_A, 4), 0, 0);
  const good = await jpegWithExif({ lon: here[0], lat: here[1], at: new Date(), seed: 31 });
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
  const garbageExif = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#456' } })
    .jpeg()
    .withExif({
      IFD0: { Make: '\u0000\u0001zz', Model: 'x'.repeat(300) },
      IFD2: { DateTimeOriginal: '9999:99:99 99:99:99' },
      IFD3: { GPSLatitudeRef: 'Q', GPSLatitude: '999/1 0/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '0/0 0/0 0/0' },
    })
    .toBuffer();
  // a decompression bomb: a small JPEG whose frame header claims 20,000 × 20,000 pixels
  const huge = Buffer.from(
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer(),
  );
  for (let i = 2; i < huge.length - 9; i++) {
    if (huge[i] === 0xff && huge[i + 1] >= 0xc0 && huge[i + 1] <= 0xc2) {
      huge.writeUInt16BE(20000, i + 5);
      huge.writeUInt16BE(20000, i + 7);
      break;
    }
  }
  const big = Buffer.alloc(9 * 1024 * 1024, 7);
  good.copy(big); // a JPEG start, but over the limit
  const before = { cases: await caseCount(), photos: await photoCount(), blobs: blobFiles().length };
  const cases: [string, Promise<{ statusCode: number; json: () => any }>, number, string][] = [
    ['truncated JPEG', report('inspector_a', fieldsAt(here), [{ data: good.subarray(0, Math.floor(good.length / 2)) }]), 415, 'photo.corrupt'],
    ['corrupt JPEG body', report('inspector_a', fieldsAt(here), [{ data: Buffer.concat([good.subarray(0, 200), Buffer.alloc(2000, 0x55)]) }]), 415, 'photo.corrupt'],
    ['a PDF named .jpg', report('inspector_a', fieldsAt(here), [{ data: pdf }]), 415, 'photo.unsupported_type'],
    ['an SVG named .jpg', report('inspector_a', fieldsAt(here), [{ data: svg }]), 415, 'photo.unsupported_type'],
    ['20,000 × 20,000 pixels', report('inspector_a', fieldsAt(here), [{ data: huge }]), 415, 'photo.too_many_pixels'],
    ['over the size limit', report('inspector_a', fieldsAt(here), [{ data: big }]), 413, 'body_too_large'],
    ['a good photo with a bad one', report('inspector_a', fieldsAt(here), [{ data: good }, { data: pdf }]), 415, 'photo.unsupported_type'],
    ['no clientId', report('inspector_a', { lon: String(here[0]), lat: String(here[1]) }, [{ data: good }]), 400, 'validation_failed'],
    ['clientId not a UUID', report('inspector_a', fieldsAt(here, { clientId: 'abc' }), [{ data: good }]), 400, 'validation_failed'],
    ['no photo', report('inspector_a', fieldsAt(here), []), 400, 'report.photo_required'],
    ['outside the city', report('inspector_a', fieldsAt([120.1, 30.2]), [{ data: good }]), 422, 'division.outside_area'],
    ['latitude out of range', report('inspector_a', fieldsAt([here[0], 95]), [{ data: good }]), 400, 'validation_failed'],
    ['longitude not a number', report('inspector_a', fieldsAt(here, { lon: 'east' }), [{ data: good }]), 400, 'validation_failed'],
    ['an unknown field', report('inspector_a', fieldsAt(here, { owner: 'x' }), [{ data: good }]), 400, 'validation_failed'],
    ['an unknown category', report('inspector_a', fieldsAt(here, { category: 'castle' }), [{ data: good }]), 400, 'validation_failed'],
    ['a bad capture time', report('inspector_a', fieldsAt(here, { capturedAt: 'yesterday' }), [{ data: good }]), 400, 'validation_failed'],
    ['another town (inspector B here)', report('inspector_b', fieldsAt(here), [{ data: good }]), 403, 'case.outside_jurisdiction'],
  ];
  for (const [name, p, status, code] of cases) {
    const r = await p;
    assert.equal(r.statusCode, status, `${name}: ${JSON.stringify(r.json())}`);
    assert.equal(r.json().code, code, name);
    assert.match(r.json().message, /[\u4e00-\u9fff]/, `${name}: a Chinese message`);
  }
  assert.deepEqual({ cases: await caseCount(), photos: await photoCount(), blobs: blobFiles().length }, before, 'nothing half-written');
  // garbage EXIF values do not break anything: the photo is accepted, the bad values are not believed
  const g = await report('inspector_a', fieldsAt(here), [{ data: garbageExif }]);
  assert.equal(g.statusCode, 201, g.body);
  const ev = g.json().photos[0].evidence;
  assert.equal(ev.locationSource, 'device');
  assert.equal(ev.timeSource, null);
  const health = await t.req(null, { method: 'GET', url: '/api/health' });
  assert.equal(health.statusCode, 200, 'the server stays up');
});

test('nearby: nearest first with distances, open cases only (closed demolitions with include=closed), radius ≤ 500, inside the jurisdiction', async () => {
  const centre = offset(t.pointIn(TOWN_A, 5), 0, 0);
  const made: { id: string; d: number }[] = [];
  for (const [i, d] of [40, 15, 120].entries()) {
    const p = offset(centre, d, 0);
    const r = await report('inspector_a', fieldsAt(p), [{ data: await jpegWithExif({ lon: p[0], lat: p[1], at: new Date(), seed: 40 + i }) }]);
    assert.equal(r.statusCode, 201, r.body);
    made.push({ id: r.json().id, d });
  }
  const q = (user: string, qs: string) => t.req(user, { method: 'GET', url: `/api/cases/nearby?lon=${centre[0]}&lat=${centre[1]}${qs}` });
  const r50 = await q('inspector_a', '');
  assert.equal(r50.statusCode, 200, r50.body);
  const items = r50.json().items;
  assert.deepEqual(
    items.map((x: { id: string }) => x.id),
    [made[1].id, made[0].id],
    'default radius 50 m, nearest first',
  );
  assert.ok(Math.abs(items[0].distance - 15) < 1 && Math.abs(items[1].distance - 40) < 1, JSON.stringify(items.map((x: { distance: number }) => x.distance)));
  assert.equal(items[0].thumbnails.length, 1);
  assert.equal((await q('inspector_a', '&radius=500')).json().items.length, 3);
  const tooFar = await q('inspector_a', '&radius=600');
  assert.equal(tooFar.statusCode, 400);
  assert.equal(tooFar.json().code, 'case.radius_out_of_range');
  assert.equal((await q('inspector_a', '&radius=abc')).statusCode, 400);
  assert.equal((await q('inspector_a', '&radius=0')).statusCode, 400);
  // another town's inspector sees none of them; the city sees them all
  assert.deepEqual((await q('inspector_b', '&radius=500')).json().items, []);
  assert.equal((await q('city', '&radius=500')).json().items.length, 3);
  // a closed demolition shows only with include=closed
  await t.db.q.updateTable('cases').set({ status: 'closed', disposal_class: 'demolish' }).where('id', '=', made[1].id).execute();
  assert.deepEqual(
    (await q('inspector_a', '')).json().items.map((x: { id: string }) => x.id),
    [made[0].id],
  );
  assert.deepEqual(
    (await q('inspector_a', '&include=closed')).json().items.map((x: { id: string }) => x.id),
    [made[1].id, made[0].id],
  );
  // GCJ-02 input is converted: the same place in GCJ-02 is ~500 m off in WGS84 terms
  const { wgs84ToGcj02 } = await import('../../src/modules/cases/geo.js');
  const g = wgs84ToGcj02(centre[0], centre[1]);
  assert.deepEqual(
    (await t.req('inspector_a', { method: 'GET', url: `/api/cases/nearby?lon=${g[0]}&lat=${g[1]}&crs=gcj02` })).json().items.map((x: { id: string }) => x.id),
    [made[0].id],
  );
});

test('duplicates: the server marks a probable duplicate (across town borders too), the town officer merges it, the merged case keeps its photos', async () => {
  const here = offset(t.pointIn(TOWN_A, 6), 0, 0);
  const img = await jpegWithExif({ lon: here[0], lat: here[1], at: new Date(), seed: 51 });
  const a = (await report('inspector_a', fieldsAt(here, { category: 'building' }), [{ data: img }])).json();
  // the same scene photographed again (same picture, re-encoded) 12 m away
  const again = await sharp(img).jpeg({ quality: 70 }).toBuffer();
  const bPoint = offset(here, 12, 0);
  const b = (await report('inspector_a', fieldsAt(bPoint, { category: 'building' }), [{ data: again }])).json();
  await t.deps.jobs.drain(t.deps.jobHandlers);
  // the first report is scored again, as after a restart: now it sees the second one too
  await t.deps.services.cases.scoreDuplicates([a.id]);
  assert.ok((await t.req('officer_a', { method: 'GET', url: '/api/cases?suspectedDuplicate=true' })).json().items.some((x: { id: string }) => x.id === a.id));
  const detail = (await t.req('officer_a', { method: 'GET', url: `/api/cases/${b.id}` })).json();
  assert.equal(detail.duplicateCandidates.length, 1, JSON.stringify(detail.duplicateCandidates));
  const cand = detail.duplicateCandidates[0];
  assert.equal(cand.caseId, a.id);
  assert.ok(cand.score >= 0.8, `score ${cand.score}`);
  assert.ok(cand.factors.photoHamming <= 6, `hamming ${cand.factors.photoHamming}`);
  const marked = detail.timeline.filter((e: { kind: string }) => e.kind === 'duplicate_suspected');
  assert.deepEqual(
    marked.map((e: { data: unknown }) => e.data),
    [{ candidates: [{ caseId: a.id, score: cand.score, rebuild: false }] }],
    'the timeline names the candidate and its score',
  );
  // the town officer is told, once: scoring the case again marks nothing new
  const told = (await t.req('officer_a', { method: 'GET', url: '/api/notifications' })).json().items.filter((n: { caseId: string }) => n.caseId === b.id);
  assert.deepEqual(
    told.map((n: { title: string }) => n.title),
    [`疑似重复上报:${b.caseNo}`],
    'one notice to the town officer',
  );
  assert.equal(await t.deps.services.cases.scoreDuplicates([b.id]), 0, 'a second scoring marks nothing again');
  const queue = (await t.req('officer_a', { method: 'GET', url: '/api/cases?suspectedDuplicate=true' })).json();
  assert.ok(
    queue.items.some((x: { id: string }) => x.id === b.id),
    'queue.items.some((x: { id: string }) => x.id === b.id)',
  );
  // merge: reject as a duplicate of the kept case
  const m = await t.req('officer_a', {
    method: 'POST',
    url: `/api/cases/${b.id}/actions`,
    payload: { action: 'reject', version: detail.version, reason: '重复上报', duplicateOf: a.id },
  });
  assert.equal(m.statusCode, 200, m.body);
  const merged = (await t.req('officer_a', { method: 'GET', url: `/api/cases/${b.id}` })).json();
  assert.equal(merged.status, 'rejected');
  assert.equal(merged.duplicateOf, a.id);
  assert.equal(merged.photos.length, 1, 'the merged case keeps its photos');
  assert.deepEqual(merged.duplicateCandidates, []);
  const open = (await t.req('officer_a', { method: 'GET', url: '/api/cases?suspectedDuplicate=true' })).json().items.map((x: { id: string }) => x.id);
  assert.ok(!open.includes(b.id) && !open.includes(a.id), 'the pair is resolved from both sides');

  // across a town border: a case just inside a neighbouring town, then one just inside town A
  const border = await sql<{ p: string; town: string }>`
    select ST_AsText(ST_PointOnSurface(ST_Intersection(a.boundary, b.boundary))) as p, b.parent_code as town
    from divisions a join divisions b on b.level = 'village' and b.parent_code <> ${TOWN_A} and ST_Intersects(a.boundary, b.boundary)
    where a.parent_code = ${TOWN_A} and a.level = 'village' limit 1`.execute(t.db.q);
  assert.ok(border.rows[0], 'town A has a neighbouring town');
  const [bx, by] = /POINT\(([-\d.]+) ([-\d.]+)\)/.exec(border.rows[0].p)!.slice(1).map(Number);
  const neighbour = border.rows[0].town;
  let pa: [number, number] | null = null;
  let pn: [number, number] | null = null;
  for (const dx of [-12, -8, -4, 4, 8, 12]) {
    for (const dy of [-12, -8, -4, 4, 8, 12]) {
      const p = offset([bx, by], dx, dy);
      const town = await t.deps.services.divisions.locate(p[0], p[1]).then(
        (x) => x.townCode,
        () => null,
      );
      if (town === TOWN_A && !pa) pa = p;
      if (town === neighbour && !pn) pn = p;
    }
  }
  assert.ok(pa && pn, 'points on both sides of the border');
  const there = (await report('city', fieldsAt(pn!), [{ data: await jpegWithExif({ lon: pn![0], lat: pn![1], at: new Date(), seed: 61 }) }])).json();
  const mine = (await report('city', fieldsAt(pa!), [{ data: await jpegWithExif({ lon: pa![0], lat: pa![1], at: new Date(), seed: 61 }) }])).json();
  assert.equal(there.townCode, neighbour);
  assert.equal(mine.townCode, TOWN_A);
  await t.deps.jobs.drain(t.deps.jobHandlers);
  const seen = (await t.req('officer_a', { method: 'GET', url: `/api/cases/${mine.id}` })).json().duplicateCandidates.find((d: { caseId: string }) => d.caseId === there.id);
  assert.ok(seen, 'scored across the border');
  assert.equal(seen.visible, false, "town A's officer is told of it but cannot open the other town's case");
  assert.equal(seen.townName.length > 0, true);
});

test('a report where a demolished building stood is marked as a possible rebuild (复建)', async () => {
  const here = offset(t.pointIn(TOWN_A, 8), 0, 0);
  const old = (await report('inspector_a', fieldsAt(here), [{ data: await jpegWithExif({ lon: here[0], lat: here[1], at: new Date(), seed: 71 }) }])).json();
  await t.deps.jobs.drain(t.deps.jobHandlers);
  await t.db.q.updateTable('cases').set({ status: 'closed', disposal_class: 'demolish' }).where('id', '=', old.id).execute();
  const p = offset(here, 10, 5);
  const fresh = (await report('inspector_a', fieldsAt(p), [{ data: await jpegWithExif({ lon: p[0], lat: p[1], at: new Date(), seed: 72 }) }])).json();
  await t.deps.jobs.drain(t.deps.jobHandlers);
  const d = (await t.req('officer_a', { method: 'GET', url: `/api/cases/${fresh.id}` })).json();
  const cand = d.duplicateCandidates.find((x: { caseId: string }) => x.caseId === old.id);
  assert.ok(cand, JSON.stringify(d.duplicateCandidates));
  assert.equal(cand.factors.rebuild, true);
  const rebuild = d.timeline.find((e: { kind: string }) => e.kind === 'rebuild_suspected');
  assert.ok(
    rebuild?.data.candidates.some((x: { caseId: string; rebuild: boolean }) => x.caseId === old.id && x.rebuild === true),
    JSON.stringify(d.timeline),
  );
});

test('patrol tracks reach the server (idempotent per batch) and are summarised per village', async () => {
  const start = offset(t.pointIn(TOWN_A, 7), -300, 0);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);
  // the walk lies in today (China time), the coverage window below, even just after midnight (its last
  // points then up to ~9 minutes ahead, which the API accepts)
  const t0 = Math.max(Date.now() - 3600_000, Date.parse(`${today}T00:00:01+08:00`));
  const points = Array.from({ length: 21 }, (_, i) => {
    const p = offset(start, i * 30, 0);
    return { at: new Date(t0 + i * 25_000).toISOString(), lon: p[0], lat: p[1], accuracy: 10 };
  });
  points.push({ at: new Date(t0 + 22 * 25_000).toISOString(), lon: start[0], lat: start[1], accuracy: 5000 }); // a bad fix: dropped
  const clientId = randomUUID();
  const send = (user = 'inspector_a', body: Record<string, unknown> = { clientId, points }) => t.req(user, { method: 'POST', url: '/api/patrol/tracks', payload: body });
  const r = await send();
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.json().pointCount, 21);
  assert.ok(Math.abs(r.json().lengthM - 600) < 5, `length ${r.json().lengthM}`);
  const again = await send();
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().id, r.json().id);
  assert.equal((await send('inspector_a', { clientId, points: points.slice(1) })).statusCode, 409);
  assert.equal((await send('inspector_a', { clientId: randomUUID(), points: points.slice(0, 1) })).statusCode, 400);
  assert.equal((await send('supervisor', { clientId: randomUUID(), points })).statusCode, 403);

  const cov = await t.req('officer_a', { method: 'GET', url: `/api/patrol/coverage?from=${today}&to=${tomorrow}` });
  assert.equal(cov.statusCode, 200, cov.body);
  const rows = cov.json().items as { divisionCode: string; tracks: number; lengthM: number; coveredShare: number; inspectors: number }[];
  assert.ok(rows.length > 5 && rows.every((x) => x.divisionCode.startsWith(TOWN_A)), 'the officer sees the villages of the town');
  const walked = rows.filter((x) => x.tracks > 0);
  assert.ok(walked.length >= 1, 'walked.length >= 1');
  const total = walked.reduce((a, x) => a + x.lengthM, 0);
  assert.ok(Math.abs(total - 600) < 10, `length summed over villages: ${total}`);
  assert.ok(
    walked.every((x) => x.coveredShare > 0 && x.coveredShare < 1 && x.inspectors === 1),
    'walked.every((x) => x.coveredShare > 0 && x.coveredShare < 1 && x.inspectors === 1)',
  );
  assert.ok(
    rows.some((x) => x.tracks === 0 && x.coveredShare === 0),
    'rows.some((x) => x.tracks === 0 && x.coveredShare === 0)',
  );
  const outside = await t.req('officer_b', { method: 'GET', url: `/api/patrol/coverage?from=${today}&to=${tomorrow}&town=${TOWN_A}` });
  assert.equal(outside.statusCode, 403);
});

test('responses for a weak phone signal: JSON and boundaries are compressed when the client accepts it; photos are not', async () => {
  const plain = await t.req('inspector_a', { method: 'GET', url: '/api/divisions?format=geojson&level=town,village' });
  const gz = await t.req('inspector_a', { method: 'GET', url: '/api/divisions?format=geojson&level=town,village', headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.statusCode, 200);
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.ok(gz.rawPayload.length * 3 < plain.rawPayload.length, `${gz.rawPayload.length} vs ${plain.rawPayload.length} bytes`);
  const c = (await t.req('inspector_a', { method: 'GET', url: '/api/cases?reportedBy=me&limit=1' })).json().items[0];
  const photo = (await t.req('inspector_a', { method: 'GET', url: `/api/cases/${c.id}/photos` })).json().items[0];
  const img = await t.req('inspector_a', { method: 'GET', url: photo.urls.display, headers: { 'accept-encoding': 'gzip' } });
  assert.equal(img.statusCode, 200);
  assert.equal(img.headers['content-encoding'], undefined);
});

test('photos written while rendering (storeDerived): recorded, their rows hold all three blobs; discarded or refused, none is left', async () => {
  const actor = (await t.deps.services.users.actorForToken(t.tokens.inspector_a))!;
  const here = offset(t.pointIn(TOWN_A, 2), 5, 5);
  const created = await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: { lon: here[0], lat: here[1], source: 'patrol', category: 'shed', areaM2: 30 } });
  assert.equal(created.statusCode, 201, created.body);
  const caseId = created.json().id as string;
  const ctx = { fix: null, accuracyM: null, capturedAt: new Date(), casePoint: here, placeText: '测试', caseNo: null };
  const prep = (seed: number) =>
    jpegWithExif({ lon: here[0], lat: here[1], at: new Date(Date.now() - 60_000), seed, width: 320, height: 240 }).then((b) =>
      t.deps.services.photos.prepare(actor, b, ctx, { storeOriginal: true, storeDerived: true }),
    );
  const start = blobFiles().length;
  // recorded: three files, each held by the photo's row
  const kept = await prep(9101);
  await t.deps.services.photos.addPrepared(actor, caseId, [kept], 'during');
  const row = (await t.db.q.selectFrom('photos').select(['blob_key', 'display_key', 'thumb_key']).where('id', '=', kept.id).executeTakeFirst())!;
  assert.ok(row, 'the photo row exists');
  const files = blobFiles().map((f) => f.split(path.sep).join('/'));
  for (const k of [row.blob_key, row.display_key, row.thumb_key]) assert.ok(files.includes(k!), `blob ${k} is on disk`);
  assert.equal(files.length, start + 3);
  // discarded before any transaction: nothing of it stays
  await t.deps.services.photos.discard([await prep(9102)]);
  assert.equal(blobFiles().length, start + 3, 'a discarded photo leaves no blob');
  // refused by its transaction (a case that does not exist): nothing of it stays
  await assert.rejects(t.deps.services.photos.addPrepared(actor, randomUUID(), [await prep(9103)], 'during'));
  assert.equal(blobFiles().length, start + 3, 'a refused photo leaves no blob');
});
