/**
 * Change patches (变化图斑) from import to the index: a satellite batch as the natural-resources bureau sends it (a
 * Shapefile written by ogr2ogr in EPSG:4528 with GBK attributes), each feature's fate checked (matched by footprint
 * overlap and by distance, field tasks per town, a self-intersecting ring repaired, a patch outside the county
 * skipped), the dry run writing nothing, the same file twice changing nothing, a bad file refused whole; a drone
 * batch in GCJ-02 GeoJSON; every verdict with its photos and the town's review; the figures per batch computed by
 * hand; the to-do list, the vector tiles, the OGC collection and the index's B4 (图斑按期核查率).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { wgs84ToGcj02 } from '../../src/modules/cases/geo.js';
import { indexRepo } from '../../src/modules/index/index.repo.js';
import { dueEnd } from '../../src/modules/patches/patch.rules.js';
import { caseBody, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { shapefileZip, type VillageFeature } from '../fixtures/going-live.js';
import { square } from '../fixtures/geometry.js';

let t: TestContext;
let work: string;
const DAY = 86_400_000;
/** A China day, `days` from today. */
const chinaDay = (days: number) => new Date(Date.now() + days * DAY + 8 * 3600_000).toISOString().slice(0, 10);
const DUE_1 = chinaDay(40);
const DUE_2 = chinaDay(-20);

const feature = (code: string, geometry: { type: string; coordinates: unknown }, extra: Record<string, string | number> = {}): VillageFeature => ({
  type: 'Feature',
  properties: { TBBH: code, JCMJ: 0, BZ: '疑似新增建设用地', ...extra },
  geometry,
});

let case1: { id: string; caseNo: string };
let case2: { id: string; caseNo: string };
let batch1Zip: string;
const codes1 = { overlap: 'WP-001', near: 'WP-002', violation: 'WP-003', townB: 'WP-004', bowtie: 'WP-005', outside: 'WP-006', known: 'WP-007', legal: 'WP-008' };

before(async () => {
  t = await createTestContext();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-patches-'));
  const p0 = t.pointIn(TOWN_A, 0);
  const p1 = t.pointIn(TOWN_A, 1);
  // a registered case with its footprint, and one known by its point only
  const r1 = await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(...p0, { footprint: square(...p0, 10) }) });
  assert.equal(r1.statusCode, 201, r1.body);
  case1 = r1.json();
  const r2 = await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(...p1) });
  assert.equal(r2.statusCode, 201, r2.body);
  case2 = r2.json();
  const [x, y] = t.pointIn(TOWN_A, 3);
  const kx = 111_320 * Math.cos((y * Math.PI) / 180);
  const d = 12 / kx;
  const features = [
    // overlaps case 1's footprint (10–30 m east of its point: the footprint reaches 10 m)
    feature(codes1.overlap, square(...p0, 12, 18, 0)),
    // 15 m north of case 2's point
    feature(codes1.near, square(...p1, 5, 0, 20)),
    feature(codes1.violation, square(...t.pointIn(TOWN_A, 2), 10)),
    feature(codes1.townB, square(...t.pointIn(TOWN_B, 0), 10)),
    // a bow-tie: the ring crosses itself (repaired into two triangles)
    feature(codes1.bowtie, {
      type: 'Polygon',
      coordinates: [
        [
          [x - d, y - d / 1.2],
          [x + d, y + d / 1.2],
          [x + d, y - d / 1.2],
          [x - d, y + d / 1.2],
          [x - d, y - d / 1.2],
        ],
      ],
    }),
    // in the neighbouring city, outside the county
    feature(codes1.outside, square(120.757, 30.535, 10)),
    // 115 m south of case 2's point: a field task, 已掌握 in the field
    feature(codes1.known, square(...p1, 5, 0, -120)),
    feature(codes1.legal, square(...t.pointIn(TOWN_A, 4), 8)),
  ];
  batch1Zip = shapefileZip(work, 'batch1.zip', features, { srs: 'EPSG:4528', encoding: 'GBK' });
});
after(async () => {
  await t?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function batchForm(file: string, fields: Record<string, string>) {
  return multipart(fields, [{ name: 'file', filename: path.basename(file), type: 'application/octet-stream', data: fs.readFileSync(file) }]);
}
const batch1Fields = { batchNo: '2026年第3季度卫片', source: 'satellite', detectedOn: '2026-11-20', dueOn: DUE_1 };
async function importBatch(user: string, file: string, fields: Record<string, string>, preview = false) {
  const { payload, headers } = batchForm(file, fields);
  return t.req(user, { method: 'POST', url: preview ? '/api/patches/batches/preview' : '/api/patches/batches', payload, headers });
}
const count = async (table: 'patches' | 'patch_batches' | 'patch_photos') =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db.q)).rows[0].n);
async function patchByCode(user: string, code: string) {
  const r = await t.req(user, { method: 'GET', url: '/api/patches?limit=500' });
  assert.equal(r.statusCode, 200, r.body);
  const p = r.json().items.find((x: { code: string }) => x.code === code);
  assert.ok(p, `patch ${code} for ${user}`);
  return p;
}
async function verdict(user: string, patch: { id: string; version: number; lon: number; lat: number }, fields: Record<string, string>, photos = 1) {
  const files = [];
  for (let i = 0; i < photos; i++)
    files.push({
      name: 'photo',
      filename: `p${i}.jpg`,
      type: 'image/jpeg',
      data: await jpegWithExif({ lon: patch.lon, lat: patch.lat, at: new Date(), seed: Math.floor(Math.random() * 1e6) }),
    });
  const { payload, headers } = multipart({ version: String(patch.version), lon: String(patch.lon), lat: String(patch.lat), accuracy: '6', ...fields }, files);
  return t.req(user, { method: 'POST', url: `/api/patches/${patch.id}/verdict`, payload, headers });
}
const review = (user: string, p: { id: string; version: number }, action: 'approve' | 'return', reason?: string) =>
  t.req(user, { method: 'POST', url: `/api/patches/${p.id}/review`, payload: { action, version: p.version, ...(reason ? { reason } : {}) } });

test('the dry run of a Shapefile in EPSG:4528: each feature’s fate, and nothing written', async () => {
  const r = await importBatch('city', batch1Zip, batch1Fields, true);
  assert.equal(r.statusCode, 200, r.body);
  const rep = r.json();
  assert.equal(rep.applied, false);
  assert.equal(rep.blocked, false, JSON.stringify(rep.problems));
  assert.equal(rep.file.format, 'shapefile');
  assert.equal(rep.file.crs.id, 'EPSG:4528');
  assert.equal(rep.file.encoding, 'GBK(.cpg)');
  assert.equal(rep.file.codeField, 'TBBH');
  const fate = (code: string) => rep.features.find((f: { code: string }) => f.code === code);
  assert.equal(fate(codes1.overlap).fate, 'matched');
  assert.equal(fate(codes1.overlap).match.caseNo, case1.caseNo);
  assert.ok(fate(codes1.overlap).match.overlapM2 > 50, JSON.stringify(fate(codes1.overlap).match));
  assert.equal(fate(codes1.near).fate, 'matched');
  assert.equal(fate(codes1.near).match.caseNo, case2.caseNo);
  assert.equal(fate(codes1.near).match.overlapM2, 0);
  assert.ok(Math.abs(fate(codes1.near).match.distanceM - 15) < 1.5, `${fate(codes1.near).match.distanceM} m`);
  for (const c of [codes1.violation, codes1.known, codes1.legal, codes1.bowtie]) {
    assert.equal(fate(c).fate, 'task', c);
    assert.equal(fate(c).townCode, TOWN_A);
  }
  assert.equal(fate(codes1.townB).fate, 'task');
  assert.equal(fate(codes1.townB).townCode, TOWN_B);
  assert.match(fate(codes1.bowtie).repaired, /Self-intersection/i);
  assert.equal(fate(codes1.outside).fate, 'skipped');
  assert.match(fate(codes1.outside).reason, /不在本县/);
  // an EPSG:4528 square of 20 m comes back as 20 m × 20 m
  assert.ok(Math.abs(fate(codes1.violation).areaM2 - 400) < 2, `${fate(codes1.violation).areaM2} m²`);
  assert.deepEqual(rep.counts, { features: 8, tasks: 5, matched: 2, skipped: 1, refused: 0, repaired: 1 });
  assert.equal(await count('patch_batches'), 0);
  assert.equal(await count('patches'), 0);
  // a town officer may not import
  assert.equal((await importBatch('officer_a', batch1Zip, batch1Fields, true)).statusCode, 403);
});

test('a file with a bad feature is refused whole, with the reasons; nothing is written', async () => {
  const p = t.pointIn(TOWN_A, 5);
  const [x, y] = p;
  const bad = {
    type: 'FeatureCollection',
    features: [
      feature('B-1', square(...p, 10)),
      feature('B-1', square(...p, 10, 100, 0)),
      // a "polygon" whose points lie on one line: nothing is left after repair
      feature('B-3', {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + 0.001, y],
            [x + 0.002, y],
            [x, y],
          ],
        ],
      }),
      feature('', square(...p, 10, 0, 200)),
    ],
  };
  const file = path.join(work, 'bad.geojson');
  fs.writeFileSync(file, JSON.stringify(bad));
  const r = await importBatch('city', file, { batchNo: '坏批次', source: 'drone', detectedOn: '2026-11-01', dueOn: '2026-11-30' });
  assert.equal(r.statusCode, 200, r.body);
  const rep = r.json();
  assert.equal(rep.blocked, true);
  assert.equal(rep.applied, false);
  assert.equal(rep.counts.refused, 3);
  const byN = (n: number) => rep.features.find((f: { n: number }) => f.n === n);
  assert.equal(byN(1).fate, 'task');
  assert.match(byN(2).reason, /重复/);
  assert.match(byN(3).reason, /修复后不剩任何面/);
  assert.match(byN(4).reason, /为空/);
  assert.equal(await count('patch_batches'), 0);
  assert.equal(await count('patches'), 0);
  // a date out of order is a 400
  const d = await importBatch('city', file, { batchNo: 'x', source: 'drone', detectedOn: '2026-11-30', dueOn: '2026-11-01' });
  assert.equal(d.statusCode, 400);
});

let batch1Id: string;
test('the import writes the batch; the same file again changes nothing; the batch number with another file is refused', async () => {
  const r = await importBatch('city', batch1Zip, batch1Fields);
  assert.equal(r.statusCode, 200, r.body);
  const rep = r.json();
  assert.equal(rep.applied, true, JSON.stringify(rep.problems));
  batch1Id = rep.batchId;
  assert.equal(await count('patches'), 7);
  const stateOf = async () =>
    (await sql<{ code: string; status: string; verdict: string | null; case_id: string | null }>`select code, status, verdict, case_id from patches order by code`.execute(t.db.q))
      .rows;
  const before = await stateOf();
  assert.deepEqual(
    before.filter((p) => p.status === 'submitted').map((p) => [p.code, p.verdict, p.case_id]),
    [
      [codes1.overlap, 'known', case1.id],
      [codes1.near, 'known', case2.id],
    ],
  );
  const auditBefore = Number((await sql<{ n: string }>`select count(*) as n from audit_log`.execute(t.db.q)).rows[0].n);

  const again = await importBatch('city', batch1Zip, { ...batch1Fields, batchNo: '又一次' });
  assert.equal(again.statusCode, 200, again.body);
  assert.equal(again.json().applied, false);
  assert.equal(again.json().alreadyImported.batchNo, batch1Fields.batchNo);
  assert.equal(again.json().batchId, batch1Id);
  assert.deepEqual(await stateOf(), before);
  assert.equal(await count('patch_batches'), 1);
  assert.equal(Number((await sql<{ n: string }>`select count(*) as n from audit_log`.execute(t.db.q)).rows[0].n), auditBefore, 'not even an audit record');

  // the same batch number with a different file
  const other = shapefileZip(work, 'other.zip', [feature('X-1', square(...t.pointIn(TOWN_A, 6), 10))]);
  const clash = await importBatch('city', other, batch1Fields);
  assert.equal(clash.json().blocked, true);
  assert.match(clash.json().problems[0], /已导入过另一个文件/);
  assert.equal(await count('patch_batches'), 1);
});

let batch2Id: string;
test('a drone batch in GCJ-02 (a web map’s GeoJSON), declared: the patches land where they are', async () => {
  const geo = (lon: number, lat: number) => square(lon, lat, 6);
  const toGcj = (g: { coordinates: number[][][] }) => ({ type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(([lon, lat]) => wgs84ToGcj02(lon, lat))) });
  const [a, b] = [t.pointIn(TOWN_A, 5), t.pointIn(TOWN_A, 6)];
  const fc = { type: 'FeatureCollection', features: [feature('UAV-01', toGcj(geo(...a))), feature('UAV-02', toGcj(geo(...b)))] };
  const file = path.join(work, 'uav.geojson');
  fs.writeFileSync(file, JSON.stringify(fc));
  const r = await importBatch('city', file, { batchNo: '2026年10月无人机', source: 'drone', detectedOn: chinaDay(-45), dueOn: DUE_2, crs: 'GCJ02' });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().applied, true, JSON.stringify(r.json()));
  batch2Id = r.json().batchId;
  const p = await patchByCode('city', 'UAV-01');
  // GCJ-02 undone: within a metre of where the WGS84 square was drawn
  assert.ok(Math.abs(p.lon - a[0]) * 96_000 < 1.5 && Math.abs(p.lat - a[1]) * 111_000 < 1.5, `${p.lon},${p.lat} vs ${a}`);
  assert.equal(p.source, 'drone');
  assert.equal(p.status, 'pending');
});

test('every verdict with its photos, and the town’s review', async () => {
  // another town's inspector does not see the patch
  const v = await patchByCode('inspector_a', codes1.violation);
  assert.equal((await t.req('inspector_b', { method: 'GET', url: `/api/patches/${v.id}` })).statusCode, 404);
  // the phone's list: pending patches near the inspector, nearest first
  const near = await t.req('inspector_a', { method: 'GET', url: `/api/patches/near?lon=${v.lon}&lat=${v.lat}&radius=2000` });
  assert.equal(near.statusCode, 200, near.body);
  assert.equal(near.json().items[0].code, codes1.violation);
  assert.equal(near.json().items[0].distanceM, 0);
  assert.equal(near.json().items[0].geometry.type, 'MultiPolygon');

  // 违法建设: a photo is needed; then a new case on the patch, with the photo, linked
  const noPhoto = await verdict('inspector_a', v, { verdict: 'violation' }, 0);
  assert.equal(noPhoto.statusCode, 422, noPhoto.body);
  const rv = await verdict('inspector_a', v, { verdict: 'violation', note: '新建彩钢棚约 400 平方米' });
  assert.equal(rv.statusCode, 200, rv.body);
  assert.equal(rv.json().status, 'submitted');
  assert.equal(rv.json().verdict, 'violation');
  const newCase = (await t.req('officer_a', { method: 'GET', url: `/api/cases/${rv.json().caseId}` })).json();
  assert.equal(newCase.source, 'satellite');
  assert.equal(newCase.status, 'reported');
  assert.equal(newCase.photos.length, 1);
  assert.equal(newCase.photos[0].stage, 'before');
  assert.ok(Math.abs(Number(newCase.areaM2) - 400) < 2);
  const fp = await sql<{
    same: boolean;
  }>`select ST_Equals(c.footprint, p.geom) or ST_HausdorffDistance(c.footprint, p.geom) < 1e-7 as same from cases c join patches p on p.case_id = c.id where c.id = ${rv.json().caseId}`.execute(
    t.db.q,
  );
  assert.equal(fp.rows[0].same, true, 'the patch polygon is the case’s footprint');
  // a second verdict on it is refused
  assert.equal((await verdict('inspector_a', rv.json(), { verdict: 'not_found' })).statusCode, 409);

  // 未发现变化 on the repaired bow-tie
  const bow = await patchByCode('inspector_a', codes1.bowtie);
  const rn = await verdict('inspector_a', bow, { verdict: 'not_found', note: '现场为农田,无建设' });
  assert.equal(rn.statusCode, 200, rn.body);
  const detail = (await t.req('officer_a', { method: 'GET', url: `/api/patches/${bow.id}` })).json();
  assert.equal(detail.photos.length, 1);
  const img = await t.req('officer_a', { method: 'GET', url: detail.photos[0].urls.thumbnail });
  assert.equal(img.statusCode, 200);
  assert.equal(img.headers['content-type'], 'image/jpeg');
  assert.equal((await t.req('officer_b', { method: 'GET', url: detail.photos[0].urls.display })).statusCode, 404);

  // 已掌握: a case within 300 m, chosen from the list
  const kn = await patchByCode('inspector_a', codes1.known);
  const cases = (await t.req('inspector_a', { method: 'GET', url: `/api/patches/${kn.id}/cases` })).json().items;
  assert.equal(cases[0].id, case2.id);
  assert.ok(cases[0].distanceM >= 110 && cases[0].distanceM <= 120, `${cases[0].distanceM}`);
  assert.equal((await verdict('inspector_a', kn, { verdict: 'known' }, 0)).statusCode, 422);
  assert.equal((await verdict('inspector_a', kn, { verdict: 'known', caseId: newCase.id }, 0)).json().code, 'patch.case_not_near');
  const rk = await verdict('inspector_a', kn, { verdict: 'known', caseId: case2.id }, 0);
  assert.equal(rk.statusCode, 200, rk.body);
  assert.equal(rk.json().caseNo, case2.caseNo);

  // 合法: the proof's reference is needed beside its photo
  const lg = await patchByCode('inspector_a', codes1.legal);
  const noProof = await verdict('inspector_a', lg, { verdict: 'legal' });
  assert.equal(noProof.statusCode, 422);
  assert.match(noProof.json().message, /证明/);
  const rl = await verdict('inspector_a', lg, { verdict: 'legal', note: '建设工程规划许可证 建字第330482202600123号' });
  assert.equal(rl.statusCode, 200, rl.body);
  const lgd = (await t.req('officer_a', { method: 'GET', url: `/api/patches/${lg.id}` })).json();
  assert.equal(lgd.photos[0].kind, 'proof');

  // the drone batch's first patch, after its due day (late)
  const u1 = await patchByCode('inspector_a', 'UAV-01');
  assert.equal(u1.overdue, true);
  assert.equal((await verdict('inspector_a', u1, { verdict: 'not_found' })).statusCode, 200);

  // the town officer's to-do list: the batches' open work, not per patch
  const todoRes = await t.req('officer_a', { method: 'GET', url: '/api/todo' });
  assert.equal(todoRes.statusCode, 200, todoRes.body);
  const todo = todoRes.json();
  const patchTodos = todo.items.filter((i: { kind: string }) => i.kind === 'patch_review' || i.kind === 'patch_verify');
  assert.ok(
    patchTodos.some(
      (i: { kind: string; title: string; caseNo: string; href: string }) =>
        i.kind === 'patch_review' && i.caseNo === batch1Fields.batchNo && /^6 个/.test(i.title) && i.href === `/patches?batch=${batch1Id}`,
    ),
    JSON.stringify(patchTodos),
  );
  assert.ok(patchTodos.some((i: { kind: string; overdue: boolean }) => i.kind === 'patch_verify' && i.overdue));
  assert.ok(
    (await t.req('inspector_b', { method: 'GET', url: '/api/todo' })).json().items.some((i: { kind: string; title: string }) => i.kind === 'patch_verify' && /1 个/.test(i.title)),
  );

  // the review: an inspector may not; the officer approves four, sends the legal one back, leaves the near match
  assert.equal((await review('inspector_a', rv.json(), 'approve')).statusCode, 403);
  for (const code of [codes1.violation, codes1.bowtie, codes1.known, codes1.overlap, 'UAV-01']) {
    const p = await patchByCode('officer_a', code);
    const a = await review('officer_a', p, 'approve');
    assert.equal(a.statusCode, 200, a.body);
    assert.equal(a.json().status, 'verified');
  }
  const lg2 = await patchByCode('officer_a', codes1.legal);
  assert.equal((await review('officer_a', lg2, 'return')).statusCode, 400, 'a reason is needed');
  const back = await review('officer_a', lg2, 'return', '许可证范围与图斑不符,请核实');
  assert.equal(back.statusCode, 200, back.body);
  assert.equal(back.json().status, 'pending');
  assert.equal(back.json().verdict, null);
  assert.equal(back.json().returnReason, '许可证范围与图斑不符,请核实');
  assert.equal(back.json().returnedCount, 1);
  // the trail
  const actions = (await sql<{ action: string }>`select action from audit_log where entity in ('patch', 'patch_batch') order by id`.execute(t.db.q)).rows.map((r) => r.action);
  assert.deepEqual(actions.slice(0, 2), ['patches.import', 'patches.import']);
  assert.equal(actions.filter((a) => a === 'patch.verdict').length, 5);
  assert.equal(actions.filter((a) => a === 'patch.approve').length, 5);
  assert.equal(actions.filter((a) => a === 'patch.return').length, 1);
  // nobody approves his own verdict: the officer who checked the patch himself leaves its review to another
  const own = await verdict('officer_a', await patchByCode('officer_a', codes1.legal), { verdict: 'legal', note: '建设工程规划许可证 建字第330482202600124号' });
  assert.equal(own.statusCode, 200, own.body);
  const self = await review('officer_a', own.json(), 'approve');
  assert.equal(self.statusCode, 403);
  assert.equal(self.json().code, 'patch.self_review');
  // the city office sends it back, as the figures below expect it (a field task)
  assert.equal((await review('city', own.json(), 'return', '请由巡查员现场核查')).statusCode, 200);
});

test('the figures per batch, as counted by hand', async () => {
  const r = await t.req('city', { method: 'GET', url: '/api/patches/batches' });
  assert.equal(r.statusCode, 200, r.body);
  const byNo = (no: string) => r.json().items.find((b: { batchNo: string }) => b.batchNo === no);
  // batch 1, 7 patches in the county: verified on time WP-001 (the match confirmed), -003, -005, -007; WP-002 awaits
  // review, WP-004 (town B) and WP-008 (sent back) are field tasks; the due day is 40 days away
  assert.deepEqual(byNo(batch1Fields.batchNo).figures, {
    total: 7,
    matched: 2,
    pending: 2,
    submitted: 1,
    verified: 4,
    onTime: 4,
    late: 0,
    outstanding: 3,
    overdue: 0,
    onTimeRate: 0.5714,
  });
  // batch 2: due 20 days ago; UAV-01 verified late, UAV-02 still outstanding and overdue
  assert.deepEqual(byNo('2026年10月无人机').figures, {
    total: 2,
    matched: 0,
    pending: 1,
    submitted: 0,
    verified: 1,
    onTime: 0,
    late: 1,
    outstanding: 1,
    overdue: 1,
    onTimeRate: 0,
  });
  // town B's officer sees his town's one patch only
  const b = (await t.req('officer_b', { method: 'GET', url: '/api/patches/batches' })).json().items;
  assert.deepEqual(
    b.map((x: { batchNo: string; figures: { total: number } }) => [x.batchNo, x.figures.total]),
    [[batch1Fields.batchNo, 1]],
  );
  const one = (await t.req('city', { method: 'GET', url: `/api/patches/batches/${batch1Id}` })).json();
  assert.deepEqual(
    one.towns.map((x: { townCode: string; total: number; onTime: number }) => [x.townCode, x.total, x.onTime]),
    [
      [TOWN_B, 1, 0],
      [TOWN_A, 6, 4],
    ].sort((p, q) => String(p[0]).localeCompare(String(q[0]))),
  );
  assert.equal((await t.req('officer_b', { method: 'GET', url: `/api/patches/batches/${batch2Id}` })).statusCode, 404);
});

test('the index’s 图斑按期核查率 (B4) from the patches: due in the window, verified by the due day', async () => {
  // as of the day after batch 1's due day: due in town A 6 + 2, on time 4; town B 1, on time 0
  const end = new Date(dueEnd(DUE_1).getTime() + DAY);
  const rows = await indexRepo(t.db).villageMeasures({
    end,
    periodStart: new Date(end.getTime() - 30 * DAY),
    flowStart: new Date(end.getTime() - 365 * DAY),
    quickRemovalDays: 90,
    redecisionDays: 30,
  });
  const sum = (town: string, m: string) => rows.filter((v) => v.parent_code === town).reduce((s, v) => s + Number(v[m]), 0);
  assert.equal(sum(TOWN_A, 'patch_due_count'), 8);
  assert.equal(sum(TOWN_A, 'patch_on_time_count'), 4);
  assert.equal(sum(TOWN_B, 'patch_due_count'), 1);
  assert.equal(sum(TOWN_B, 'patch_on_time_count'), 0);
  // before batch 2 was imported, nothing of it counts (the index of a past period does not change)
  const early = await indexRepo(t.db).villageMeasures({
    end: new Date(Date.now() - 60_000 * 60),
    periodStart: new Date(Date.now() - 30 * DAY),
    flowStart: new Date(Date.now() - 365 * DAY),
    quickRemovalDays: 90,
    redecisionDays: 30,
  });
  assert.equal(
    early.reduce((s, v) => s + Number(v.patch_due_count), 0),
    0,
  );

  // a run of this month: batch 2 is due in its window (0 of 2 on time in town A); batch 1 is not due yet
  const period = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  const run = await t.req('city', { method: 'POST', url: '/api/index/runs', payload: { period, seed: 7 } });
  assert.equal(run.statusCode, 202, run.body);
  await t.deps.jobs.drain(t.deps.jobHandlers);
  const done = (await t.req('city', { method: 'GET', url: `/api/index/runs/${run.json().id}` })).json();
  assert.equal(done.status, 'done', done.error);
  assert.equal(done.summary.measureStatus.patch_due_count ?? 'ok', 'ok');
  const towns = (await t.req('city', { method: 'GET', url: `/api/index/runs/${run.json().id}/results?level=town` })).json().items;
  const a = towns.find((x: { divisionCode: string }) => x.divisionCode === TOWN_A);
  const b4 = a.indicators.find((i: { id: string }) => i.id === 'B4');
  assert.equal(b4.raw, 0);
  assert.notEqual(b4.status, 'no_source');
});

test('the map’s vector tiles and the OGC API serve the patch table', async () => {
  const p = await patchByCode('city', codes1.violation);
  const z = 15;
  const n = 2 ** z;
  const x = Math.floor(((p.lon + 180) / 360) * n);
  const r = (p.lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  const tile = await t.req('city', { method: 'GET', url: `/tiles/patches/${z}/${x}/${y}.mvt` });
  assert.equal(tile.statusCode, 200);
  const file = path.join(work, 'p.mvt');
  fs.writeFileSync(file, tile.rawPayload);
  const o = spawnSync('ogrinfo', ['-ro', '-al', '-q', '-oo', `Z=${z}`, '-oo', `X=${x}`, '-oo', `Y=${y}`, `MVT:${file}`], { encoding: 'utf8' });
  assert.equal(o.status, 0, o.stderr);
  assert.match(o.stdout, new RegExp(`code \\(String\\) = ${codes1.violation}`));
  assert.match(o.stdout, /batchNo \(String\) = 2026年第3季度卫片/);
  assert.match(o.stdout, /verdict \(String\) = violation/);
  assert.match(o.stdout, /status \(String\) = verified/);
  assert.match(o.stdout, /source \(String\) = satellite/);
  assert.match(o.stdout, /POLYGON/);
  // town B's officer gets an empty tile there
  const tb = await t.req('officer_b', { method: 'GET', url: `/tiles/patches/${z}/${x}/${y}.mvt` });
  assert.equal(tb.rawPayload.length, 0);

  const items = await t.req('city', { method: 'GET', url: '/ogc/collections/patches/items?limit=3' });
  assert.equal(items.statusCode, 200, items.body);
  const fc = items.json();
  assert.equal(fc.numberMatched, 9);
  assert.equal(fc.numberReturned, 3);
  assert.equal(fc.features[0].geometry.type, 'MultiPolygon');
  const next = fc.links.find((l: { rel: string }) => l.rel === 'next');
  const seen = new Set(fc.features.map((f: { id: string }) => f.id));
  let href: string | undefined = next.href;
  while (href) {
    const page = (await t.req('city', { method: 'GET', url: href.replace(/^https?:\/\/[^/]+/, '') })).json();
    for (const f of page.features) seen.add(f.id);
    href = page.links.find((l: { rel: string }) => l.rel === 'next')?.href;
  }
  assert.equal(seen.size, 9);
  const bbox = [p.lon - 0.001, p.lat - 0.001, p.lon + 0.001, p.lat + 0.001].join(',');
  const inBox = (await t.req('city', { method: 'GET', url: `/ogc/collections/patches/items?bbox=${bbox}` })).json();
  assert.deepEqual(
    inBox.features.map((f: { properties: { code: string } }) => f.properties.code),
    [codes1.violation],
  );
  // datetime: the detection day
  const byDay = (await t.req('city', { method: 'GET', url: '/ogc/collections/patches/items?datetime=2026-11-20' })).json();
  assert.equal(byDay.numberMatched, 7);
  // jurisdiction
  assert.equal((await t.req('officer_b', { method: 'GET', url: '/ogc/collections/patches/items' })).json().numberMatched, 1);
  const col = (await t.req('city', { method: 'GET', url: '/ogc/collections' })).json();
  assert.ok(col.collections.some((c: { id: string }) => c.id === 'patches'));
});
