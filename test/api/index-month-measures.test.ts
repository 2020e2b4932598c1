/**
 * The month-end summary per village (index_month_measures; docs/scale.md, "A month-end summary per village"):
 * a settled month's measures are stored by the run and read by the next one; whatever is read from it must give what
 * computing everything gives. Each thing that makes rows stale is checked through what really writes it: a case that
 * changes village (going live through /api/setup/apply, and the move as setup makes it, alone), an original photo that
 * arrives after the month it was sent in (tus through /api/uploads); and a county's rerun through /api/index/runs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import exifr from 'exifr';
import { sql } from 'kysely';
import { CITY, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { exifFacts } from '../../shared/photo-exif.js';
import { createDeps } from '../../src/deps.js';
import { ManualClock } from '../../src/platform/clock.js';
import type { Actor } from '../../src/platform/auth.js';
import { casesCore } from '../../src/modules/cases/cases.core.js';
import { monthOf, parsePeriod, previousPeriod } from '../../src/modules/index/index.period.js';
import { featureCollection, villageFeatures } from '../fixtures/going-live.js';

let t: TestContext;
let city: Actor;
const clock = new ManualClock(new Date());
const thisMonth = parsePeriod(monthOf(new Date()))!;
// the month before the one three days ago: settled (ended at least INDEX_SETTLE_DAYS ago) on any day of the month
const base = parsePeriod(monthOf(new Date(Date.now() - 3 * 86400_000)))!;
const M2 = previousPeriod(base);
const M1 = previousPeriod(M2);
const M0 = previousPeriod(M1);
const at = (p: typeof M1, day: number) => new Date(p.start.getTime() + (day - 1) * 86400_000 + 3 * 3600_000);
/** Two neighbouring villages of 广陈镇 that going live merges (b into a), and the case in b. */
let pair: { a: string; b: string; union: string };
let caseInB: string;
/** A case moved by hand between towns (the move as setup makes it). */
let moved: { id: string; from: string; to: string };

type Items = { town: unknown[]; village: unknown[] };
type RunJson = { id: string; status: string; error: string | null; summary: { monthMeasures: { stored: number; computed: number; county: string | null } } };

async function runToDone(body: Record<string, unknown>, user = 'city'): Promise<RunJson> {
  const r = await t.req(user, { method: 'POST', url: '/api/index/runs', payload: body });
  assert.equal(r.statusCode, 202, r.body);
  await t.deps.jobs.drain(t.deps.jobHandlers);
  const run = (await t.req('city', { method: 'GET', url: `/api/index/runs/${r.json().id}` })).json();
  assert.equal(run.status, 'done', run.error);
  return run;
}
async function items(id: string): Promise<Items> {
  const out = {} as Items;
  for (const level of ['town', 'village'] as const) {
    const r = await t.req('city', { method: 'GET', url: `/api/index/runs/${id}/results?level=${level}` });
    assert.equal(r.statusCode, 200, r.body);
    out[level] = r.json().items;
  }
  return out;
}
/** Every raw value of every unit (what the measures decide), and the whole results. */
const raws = (x: Items) =>
  [...x.town, ...x.village].map((u) => {
    const it = u as { divisionCode: string; indicators: { id: string; raw: number | null }[] };
    return [it.divisionCode, it.indicators.map((i) => [i.id, i.raw])];
  });
const rowsOf = async (period: string) => Number((await sql<{ n: string }>`select count(*) as n from index_month_measures where period = ${period}`.execute(t.db.q)).rows[0].n);
const storedCodes = async (period: string) =>
  (await sql<{ division_code: string }>`select division_code from index_month_measures where period = ${period} order by 1`.execute(t.db.q)).rows.map((r) => r.division_code);
const villageCount = async () => Number((await sql<{ n: string }>`select count(*) as n from divisions where level = 'village'`.execute(t.db.q)).rows[0].n);

/** A run of M2 from whatever is stored, and one from scratch (the table emptied): the same raw values and results. */
async function storedEqualsScratch(seed: number) {
  const fromStore = await runToDone({ period: M2.key, seed });
  const a = await items(fromStore.id);
  await sql`delete from index_month_measures`.execute(t.db.q);
  const scratch = await runToDone({ period: M2.key, seed });
  assert.equal(scratch.summary.monthMeasures.stored, 0);
  assert.equal(scratch.summary.monthMeasures.computed, await villageCount());
  const b = await items(scratch.id);
  assert.deepEqual(raws(a), raws(b), 'raw values');
  assert.deepEqual(a, b, 'results');
  return fromStore;
}

before(async () => {
  t = await createTestContext({ env: { MAX_UPLOAD_BYTES: String(8 * 1024 * 1024), ORIGINAL_WAIT_HOURS: '6' } });
  city = (await t.deps.services.users.actorForToken(t.tokens.city))!;
  pair = (
    await sql<{ a: string; b: string; union: string }>`
      select a.code as a, b.code as b, ST_AsGeoJSON(ST_Union(a.boundary, b.boundary), 9) as union
      from divisions a join divisions b on a.parent_code = b.parent_code and a.code < b.code and ST_Intersects(a.boundary, b.boundary)
      where a.parent_code = '330482106' and a.level = 'village' order by a.code, b.code limit 1`.execute(t.db.q)
  ).rows[0];
  const centroid = async (code: string) =>
    (
      await sql<{
        lon: number;
        lat: number;
      }>`select ST_X(ST_PointOnSurface(boundary)) as lon, ST_Y(ST_PointOnSurface(boundary)) as lat from divisions where code = ${code}`.execute(t.db.q)
    ).rows[0];
  // history written with the clock moved back, through the same services the API uses
  const past = createDeps(t.deps.config, t.db, { clock }).services.cases;
  const pointOf = (town: string, n: number) => t.pointIn(town, n);
  clock.set(at(M1, 3));
  for (const [town, n, area] of [
    [TOWN_A, 0, 100],
    [TOWN_A, 0, 300],
    [TOWN_B, 2, 80],
  ] as const) {
    const [lon, lat] = pointOf(town, n);
    await past.create(city, { lon, lat, source: 'census_import', origin: 'stock', areaM2: area, landType: 'construction', ownerName: '张三' });
  }
  clock.set(at(M1, 10));
  const [lon1, lat1] = pointOf(TOWN_A, 1);
  const complaint = await past.create(city, { lon: lon1, lat: lat1, source: 'complaint', areaM2: 50, landType: 'cultivated', ownerName: '李四' });
  const [lon3, lat3] = pointOf(TOWN_B, 1);
  const m = await past.create(city, { lon: lon3, lat: lat3, source: 'census_import', origin: 'stock', areaM2: 64, landType: 'construction', ownerName: '王五' });
  moved = { id: m.case.id, from: m.case.divisionCode, to: '' };
  const b = await centroid(pair.b);
  const inB = await past.create(city, { lon: b.lon, lat: b.lat, source: 'census_import', origin: 'stock', areaM2: 120, landType: 'construction', ownerName: '赵六' });
  caseInB = inB.case.id;
  assert.equal(inB.case.divisionCode, pair.b);
  clock.set(at(M2, 5));
  await past.act(city, complaint.case.id, 'reject', complaint.case.version, { reason: '经核实为合法建筑' });
  const [lon2, lat2] = pointOf(TOWN_B, 0);
  await past.create(city, { lon: lon2, lat: lat2, source: 'complaint', areaM2: 30, landType: 'cultivated', ownerName: '钱七' });
});
after(() => t.close());

test('a settled month is stored by its run and read by the next: the same raw values and results as computing everything, also with some villages computed by their county’s statement; a month not yet settled is never stored', async () => {
  const villages = await villageCount();
  const first = await runToDone({ period: M2.key, seed: 7 });
  assert.deepEqual(first.summary.monthMeasures, { stored: 0, computed: villages, county: null });
  assert.equal(await rowsOf(M2.key), villages, 'every village of the month stored');
  assert.equal(await rowsOf(M1.key), villages, 'and of the month before (computed for the change columns)');
  const again = await runToDone({ period: M2.key, seed: 7 });
  assert.deepEqual(again.summary.monthMeasures, { stored: villages, computed: 0, county: null }, 'no registry statement at all');
  const a = await items(first.id);
  const b = await items(again.id);
  assert.deepEqual(raws(a), raws(b));
  assert.deepEqual(a, b);
  // a few villages missing: computed by the statement scoped to their county, the rest read
  const gone = (await storedCodes(M2.key)).filter((c) => c.startsWith(TOWN_A) || c.startsWith(TOWN_B)).slice(0, 3);
  await sql`delete from index_month_measures where period = ${M2.key} and division_code in (${sql.join(gone)})`.execute(t.db.q);
  // and a row stored before a measure was added: computed again
  await sql`update index_month_measures set measures = measures - 'file_score_sum' where period = ${M2.key} and division_code = ${pair.a}`.execute(t.db.q);
  const mixed = await storedEqualsScratch(7);
  assert.deepEqual(mixed.summary.monthMeasures, { stored: villages - 4, computed: 4, county: null });
  assert.deepEqual(await items(mixed.id), a, 'and equal to the first run');
  // the stored values are the statement's own (the case counts where it should be)
  const stock = (
    await sql<{ v: number }>`
    select (measures->>'stock_area_m2')::float8 as v from index_month_measures
    where period = ${M2.key} and division_code = (select division_code from cases where area_m2 = 300)`.execute(t.db.q)
  ).rows[0];
  assert.equal(stock.v, 400);
  // a quarter is stored under its own key (its period measures are the quarter's, not its last month's)
  const quarter = previousPeriod(parsePeriod(`${base.key.slice(0, 4)}-Q${Math.ceil(Number(base.key.slice(5)) / 3)}`)!);
  const q1 = await runToDone({ period: quarter.key, seed: 7 });
  const q2 = await runToDone({ period: quarter.key, seed: 7 });
  assert.deepEqual(q2.summary.monthMeasures, { stored: villages, computed: 0, county: null });
  assert.equal(await rowsOf(quarter.key), villages);
  assert.deepEqual(await items(q2.id), await items(q1.id));
  // the current month is computed as of now and never stored
  const current = await runToDone({ period: thisMonth.key, seed: 7 });
  assert.deepEqual(current.summary.monthMeasures, { stored: 0, computed: villages, county: null });
  assert.equal(await rowsOf(thisMonth.key), 0);
});

test('a county’s rerun of a month: its stored rows computed again, the run audited like any, only for a settled month and a county', async () => {
  await runToDone({ period: M2.key, seed: 9 });
  const stored = await runToDone({ period: M2.key, seed: 9 });
  assert.equal(stored.summary.monthMeasures.computed, 0);
  for (const u of ['officer_a', 'inspector_a'])
    assert.equal((await t.req(u, { method: 'POST', url: '/api/index/runs', payload: { period: M2.key, county: CITY } })).statusCode, 403);
  const town = await t.req('city', { method: 'POST', url: '/api/index/runs', payload: { period: M2.key, county: TOWN_A } });
  assert.equal(town.statusCode, 400, town.body);
  const notCounty = await t.req('city', { method: 'POST', url: '/api/index/runs', payload: { period: M2.key, county: '330481' } });
  assert.equal(notCounty.statusCode, 400, notCounty.body);
  assert.equal(notCounty.json().code, 'index.invalid_county');
  const unsettled = await t.req('city', { method: 'POST', url: '/api/index/runs', payload: { period: thisMonth.key, county: CITY } });
  assert.equal(unsettled.statusCode, 422, unsettled.body);
  assert.equal(unsettled.json().code, 'index.county_rerun_unsettled');
  const before = await sql<{ computed_at: Date }>`select max(computed_at) as computed_at from index_month_measures where period = ${M2.key}`.execute(t.db.q);
  const rerun = await runToDone({ period: M2.key, seed: 9, county: CITY });
  assert.deepEqual(rerun.summary.monthMeasures, { stored: 0, computed: await villageCount(), county: CITY }, 'the demo county is the whole city');
  const after = await sql<{ n: string }>`select count(*) as n from index_month_measures where period = ${M2.key} and computed_at > ${before.rows[0].computed_at}`.execute(t.db.q);
  assert.equal(Number(after.rows[0].n), await villageCount(), 'its rows computed again');
  assert.deepEqual(await items(rerun.id), await items(stored.id));
  const audit = (
    await sql<{ after: { period: string; county: string; countyName: string; options: { county: string } } }>`
      select after from audit_log where action = 'index.run_start' and entity_id = ${rerun.id}`.execute(t.db.q)
  ).rows[0];
  assert.equal(audit.after.period, M2.key);
  assert.equal(audit.after.county, CITY);
  assert.equal(audit.after.countyName, '平湖市');
});

test('a case moved to another village (as going live moves it): the stored rows of both villages from its first month on are forgotten in the move’s transaction; the rerun equals computing everything', async () => {
  await runToDone({ period: M1.key, seed: 3 });
  await runToDone({ period: M2.key, seed: 3 });
  const villages = await villageCount();
  for (const p of [M0, M1, M2]) assert.equal(await rowsOf(p.key), villages, p.key);
  const target = (
    await sql<{ code: string; path: string }>`select code, path from divisions where level = 'village' and parent_code = ${TOWN_A} order by code desc limit 1`.execute(t.db.q)
  ).rows[0];
  moved.to = target.code;
  const core = casesCore({ db: t.db, clock: t.deps.clock, casesRepo: t.deps.repos.cases, divisions: t.deps.services.divisions, audit: t.deps.services.audit });
  const town = target.path.split('/').at(-2)!;
  // a village change under another event kind is refused (the county statement finds moved cases by this event)
  await assert.rejects(
    t.db.transaction(async () => {
      const before = (await t.deps.repos.cases.byId(moved.id))!;
      const after = await core.apply(before, { division_code: target.code, town_code: town, division_path: target.path });
      await core.recordChange(null, before, after, { kind: 'fields_changed' }, 'case.update');
    }),
    /division_changed/,
  );
  await t.db.transaction(async () => {
    const before = (await t.deps.repos.cases.byId(moved.id))!;
    const after = await core.apply(before, { division_code: target.code, town_code: town, division_path: target.path });
    await core.recordChange(null, before, after, { kind: 'division_changed', data: { from: moved.from, to: moved.to } }, 'case.division_changed');
  });
  for (const p of [M1, M2]) {
    const codes = await storedCodes(p.key);
    assert.equal(codes.length, villages - 2, p.key);
    assert.ok(!codes.includes(moved.from) && !codes.includes(moved.to), p.key);
  }
  assert.equal(await rowsOf(M0.key), villages, 'a month that ended before the case existed keeps its rows');
  const rerun = await storedEqualsScratch(3);
  assert.deepEqual(rerun.summary.monthMeasures, { stored: villages - 2, computed: 2, county: null });
  // the month's state counts the case where it stood then; its cumulative figures where it is now (docs/index.md)
  const m = (code: string) =>
    sql<{ open_count: number; file_count: number }>`
      select (measures->>'open_count')::float8 as open_count, (measures->>'file_count')::float8 as file_count
      from index_month_measures where period = ${M2.key} and division_code = ${code}`.execute(t.db.q);
  assert.ok((await m(moved.from)).rows[0].open_count >= 1, 'as of the month’s end it stood in its old village');
});

test('an original photo that arrives after the month it was sent in: its case’s village forgets the months since the photo; the rerun equals computing everything', async () => {
  const here = t.pointIn(TOWN_A, 2);
  const original = await jpegWithExif({ lon: here[0], lat: here[1], at: new Date(Date.now() - 5 * 60_000), seed: 5, width: 2000, height: 1500 });
  const reduced = await sharp(original).resize(1000, 1000, { fit: 'inside' }).jpeg({ quality: 70 }).keepExif().toBuffer();
  const tags = await exifr.parse(original, { tiff: true, exif: true, gps: true, xmp: false, icc: false, iptc: false, reviveValues: false });
  const declared = {
    sha256: createHash('sha256').update(original).digest('hex'),
    bytes: original.length,
    width: 2000,
    height: 1500,
    exif: tags ? exifFacts(tags, await exifr.gps(original)).exif : null,
  };
  const mp = multipart({ clientId: crypto.randomUUID(), lon: String(here[0]), lat: String(here[1]), accuracy: '8', category: 'shed', originals: JSON.stringify([declared]) }, [
    { name: 'photo', filename: 'p.jpg', type: 'image/jpeg', data: reduced },
  ]);
  const r = await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: mp.payload, headers: mp.headers });
  assert.equal(r.statusCode, 201, r.body);
  const c = r.json();
  const photo = c.photos[0];
  assert.equal(photo.original.status, 'awaiting');
  // sent on the last day of last month on a weak signal, its original still to come
  await sql`update photos set uploaded_at = ${new Date(M2.end.getTime() - 3600_000)} where id = ${photo.id}`.execute(t.db.q);
  await runToDone({ period: M1.key, seed: 4 });
  await runToDone({ period: M2.key, seed: 4 });
  const villages = await villageCount();
  assert.equal(await rowsOf(M2.key), villages);
  assert.equal(await rowsOf(M1.key), villages);
  const TUS = { 'tus-resumable': '1.0.0' };
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const created = await t.req('inspector_a', {
    method: 'POST',
    url: '/api/uploads',
    headers: { ...TUS, 'upload-length': String(original.length), 'upload-metadata': `photoId ${b64(photo.id)},filename ${b64('IMG_0002.jpg')}` },
  });
  assert.equal(created.statusCode, 201, created.body);
  const sent = await t.req('inspector_a', {
    method: 'PATCH',
    url: String(created.headers.location),
    payload: original,
    headers: { ...TUS, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
  });
  assert.equal(sent.statusCode, 204, sent.body);
  assert.equal(sent.headers['wuweijian-original'], 'verified');
  const m2 = await storedCodes(M2.key);
  assert.equal(m2.length, villages - 1);
  assert.ok(!m2.includes(c.divisionCode), 'the case’s village forgets the month the photo was sent in');
  assert.equal(await rowsOf(M1.key), villages, 'a month that ended before the photo keeps its rows');
  const rerun = await storedEqualsScratch(4);
  assert.deepEqual(rerun.summary.monthMeasures, { stored: villages - 1, computed: 1, county: null });
});

test('going live merges two villages (/api/setup/apply): the case of the merged village moves, every stored row is forgotten, and the rerun equals computing everything', async () => {
  await runToDone({ period: M2.key, seed: 5 });
  assert.equal(await rowsOf(M2.key), await villageCount());
  const current = (await sql<{ code: string }>`select code from divisions where level = 'village' and boundary is not null`.execute(t.db.q)).rows.map((r) => r.code);
  const stored = new Map(
    (await sql<{ code: string; g: string }>`select code, ST_AsGeoJSON(boundary, 9) as g from divisions where level = 'village' and boundary is not null`.execute(t.db.q)).rows.map(
      (r) => [r.code, JSON.parse(r.g)],
    ),
  );
  const feats = villageFeatures()
    .filter((f) => current.includes(String(f.properties.XZQDM)) && f.properties.XZQDM !== pair.b)
    .map((f) => ({ ...f, geometry: f.properties.XZQDM === pair.a ? JSON.parse(pair.union) : stored.get(String(f.properties.XZQDM)) }));
  const file = Buffer.from(JSON.stringify(featureCollection(feats)));
  const form = (extra: Record<string, string> = {}) => multipart(extra, [{ name: 'boundaries', filename: '广陈镇并村.geojson', type: 'application/geo+json', data: file }]);
  const preview = await t.req('admin', { method: 'POST', url: '/api/setup/preview', ...form() });
  assert.equal(preview.statusCode, 200, preview.body);
  assert.equal(preview.json().blocked, false, JSON.stringify(preview.json().problems));
  assert.equal(await rowsOf(M2.key), await villageCount(), 'a preview forgets nothing');
  const applied = await t.req('admin', { method: 'POST', url: '/api/setup/apply', ...form({ fingerprint: preview.json().fingerprint }) });
  assert.equal(applied.statusCode, 200, applied.body);
  assert.equal(applied.json().applied, true);
  const movedBy = applied.json().cases.moved.map((m: { id: string; toCode: string }) => [m.id, m.toCode]);
  assert.deepEqual(
    movedBy.filter(([id]: string[]) => id === caseInB),
    [[caseInB, pair.a]],
  );
  // the case the test before moved by hand goes back to the village its point lies in
  assert.deepEqual(
    movedBy.filter(([id]: string[]) => id !== caseInB),
    [[moved.id, moved.from]],
  );
  assert.equal(Number((await sql<{ n: string }>`select count(*) as n from index_month_measures`.execute(t.db.q)).rows[0].n), 0, 'every row forgotten');
  // first run after going live: every village computed and stored; the next reads them
  await runToDone({ period: M2.key, seed: 5 });
  const rerun = await storedEqualsScratch(5);
  assert.equal(rerun.summary.monthMeasures.computed, 0);
});

test('a case moved to another county: a county’s rerun still counts it where it stood at the month’s end (its statement reads the cases that ever changed village); equal to computing everything', async () => {
  // a neighbouring county with one town and one village (a province-wide registry holds many)
  await sql`
    insert into divisions (code, parent_code, level, kind, name, short_name, path, boundary, centroid, land_area_km2, population)
    values ('330481', null, 'city', null, '海宁市', '海宁市', '330481', null, null, null, null),
           ('330481001', '330481', 'town', 'subdistrict', '硖石街道', '硖石街道', '330481/330481001', null, null, 12, 30000),
           ('330481001201', '330481001', 'village', 'village', '西山村', '西山村', '330481/330481001/330481001201',
            ST_Multi(ST_MakeEnvelope(120.66, 30.50, 120.70, 30.53, 4326)), ST_SetSRID(ST_MakePoint(120.68, 30.515), 4326), 10, 2500)`.execute(t.db.q);
  const villages = await villageCount();
  await runToDone({ period: M2.key, seed: 6 });
  assert.equal(await rowsOf(M2.key), villages);
  const openOf = async (code: string) =>
    (await sql<{ v: number }>`select (measures->>'open_count')::float8 as v from index_month_measures where period = ${M2.key} and division_code = ${code}`.execute(t.db.q)).rows[0]
      ?.v;
  const before = await openOf(moved.from);
  assert.ok(before >= 1, 'the case stands in its village at the month’s end');
  const core = casesCore({ db: t.db, clock: t.deps.clock, casesRepo: t.deps.repos.cases, divisions: t.deps.services.divisions, audit: t.deps.services.audit });
  await t.db.transaction(async () => {
    const c = (await t.deps.repos.cases.byId(moved.id))!;
    assert.equal(c.division_code, moved.from);
    const after = await core.apply(c, { division_code: '330481001201', town_code: '330481001', division_path: '330481/330481001/330481001201' });
    await core.recordChange(null, c, after, { kind: 'division_changed', data: { from: moved.from, to: '330481001201' } }, 'case.division_changed');
  });
  // its two villages computed again, each by its county's statement
  const next = await runToDone({ period: M2.key, seed: 6 });
  assert.deepEqual(next.summary.monthMeasures, { stored: villages - 2, computed: 2, county: null });
  assert.equal(await openOf(moved.from), before, 'as of the month’s end the case still counts where it stood');
  // the county the case left reruns the month: every village of it computed again by its own statement
  const rerun = await runToDone({ period: M2.key, seed: 6, county: CITY });
  assert.deepEqual(rerun.summary.monthMeasures, { stored: 1, computed: villages - 1, county: CITY });
  assert.equal(await openOf(moved.from), before, 'as of the month’s end the case still counts where it stood');
  const a = await items(rerun.id);
  await sql`delete from index_month_measures`.execute(t.db.q);
  const scratch = await runToDone({ period: M2.key, seed: 6 });
  assert.equal(scratch.summary.monthMeasures.computed, villages);
  assert.deepEqual(raws(a), raws(await items(scratch.id)));
  assert.deepEqual(a, await items(scratch.id));
});
