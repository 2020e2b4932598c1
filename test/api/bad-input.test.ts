import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';

let t: TestContext;
let lon: number;
let lat: number;
before(async () => {
  t = await createTestContext();
  [lon, lat] = t.pointIn(TOWN_A);
});
after(() => t.close());

const countCases = async () =>
  Number(
    (
      await t.db.q
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const countAudit = async () =>
  Number(
    (
      await t.db.q
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function refused(r: Awaited<ReturnType<TestContext['req']>>, status: number, field?: string) {
  assert.equal(r.statusCode, status, r.body);
  const b = r.json();
  assert.equal(typeof b.code, 'string');
  assert.equal(typeof b.message, 'string');
  assert.ok('details' in b, "'details' in b");
  if (field) assert.match(JSON.stringify(b.details), new RegExp(field));
  return b;
}

test('bad create bodies are 4xx, name the field, and write nothing', async () => {
  const cases0 = await countCases();
  const audit0 = await countAudit();
  const post = (payload: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    t.req('officer_a', { method: 'POST', url: '/api/cases', payload: typeof payload === 'string' ? payload : JSON.stringify(payload), headers });
  await refused(await post('{"lon": 121.0, "lat": '), 400);
  assert.equal((await post('{"lon": 121.0, "lat": ')).json().code, 'invalid_json');
  await refused(await post({ ...caseBody(lon, lat), evil: 1 }), 400, 'evil');
  await refused(await post({ ...caseBody(lon, lat), lon: 181 }), 400, 'lon');
  await refused(await post({ ...caseBody(lon, lat), lat: -95 }), 400, 'lat');
  await refused(await post('{"lon": NaN, "lat": 30.7, "source": "patrol"}'), 400);
  await refused(await post({ ...caseBody(lon, lat), lon: 'NaN' }), 400, 'lon');
  await refused(await post({ ...caseBody(lon, lat), source: "patrol'; drop table cases; --" }), 400, 'source');
  await refused(await post({ ...caseBody(lon, lat), areaM2: -5 }), 400, 'areaM2');
  await refused(await post({ ...caseBody(lon, lat), foundAt: 'yesterday' }), 400, 'foundAt');
  await refused(await post({ ...caseBody(lon, lat), clientId: '../../etc/passwd' }), 400, 'clientId');
  await refused(await post({ ...caseBody(lon, lat), ownerIdNumber: '1 OR 1=1' }), 400, 'ownerIdNumber');
  await refused(await post({ lat, source: 'patrol' }), 400, 'lon');
  // a self-intersecting polygon (bow tie)
  const bowtie = {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + 0.001, lat + 0.001],
        [lon + 0.001, lat],
        [lon, lat + 0.001],
        [lon, lat],
      ],
    ],
  };
  const b = await refused(await post({ ...caseBody(lon, lat), footprint: bowtie }), 400, 'footprint');
  assert.equal(b.code, 'case.invalid_footprint');
  await refused(
    await post({
      ...caseBody(lon, lat),
      footprint: {
        type: 'Polygon',
        coordinates: [
          [
            [lon, lat],
            [lon, lat],
          ],
        ],
      },
    }),
    400,
    'footprint',
  );
  await refused(await post({ ...caseBody(lon, lat), footprint: { type: 'Point', coordinates: [lon, lat] } }), 400, 'footprint');
  await refused(await post({ ...caseBody(lon, lat), enterpriseUscc: 'NOT-A-CODE' }), 400, 'enterpriseUscc');
  // oversized body
  await refused(await post({ ...caseBody(lon, lat), note: 'x'.repeat(2 * 1024 * 1024) }), 413);
  await refused(await post('<xml/>', { 'content-type': 'application/xml' }), 415);
  assert.equal(await countCases(), cases0);
  assert.equal(await countAudit(), audit0);
  // and the server still serves
  const ok = await post(caseBody(lon, lat));
  assert.equal(ok.statusCode, 201);
});

test('typed path and query parameters refuse injection and traversal', async () => {
  await refused(await t.req('officer_a', { method: 'GET', url: `/api/cases/${encodeURIComponent("1' or '1'='1")}` }), 400, 'id');
  await refused(await t.req('officer_a', { method: 'GET', url: '/api/cases/..%2F..%2Fetc%2Fpasswd' }), 400, 'id');
  await refused(await t.req('officer_a', { method: 'GET', url: '/api/photos/00000000-0000-4000-8000-000000000000/..%2F..%2Fsecret' }), 400, 'variant');
  await refused(await t.req('officer_a', { method: 'GET', url: '/api/cases?status=closed,hacked' }), 400, 'status');
  await refused(await t.req('officer_a', { method: 'GET', url: '/api/cases?sort=found_at;drop%20table%20cases' }), 400, 'sort');
  await refused(await t.req('officer_a', { method: 'GET', url: '/api/cases?limit=100000' }), 400, 'limit');
  await refused(await t.req('officer_a', { method: 'GET', url: '/api/cases?limit=abc' }), 400, 'limit');
  await refused(await t.req('officer_a', { method: 'GET', url: '/api/cases?bbox=1,2,3' }), 400, 'bbox');
  await refused(await t.req('officer_a', { method: 'GET', url: '/api/cases?foundFrom=2026-13-45' }), 400, 'foundFrom');
  await refused(await t.req('officer_a', { method: 'GET', url: "/api/cases?division=330482'--" }), 400, 'division');
  await refused(await t.req('officer_a', { method: 'GET', url: '/api/cases?unknown=1' }), 400, 'unknown');
  await refused(
    await t.req('officer_a', { method: 'POST', url: '/api/cases/00000000-0000-4000-8000-000000000000/actions', payload: { action: 'delete_everything', version: 1 } }),
    400,
    'action',
  );
  await refused(
    await t.req('officer_a', {
      method: 'POST',
      url: '/api/cases/00000000-0000-4000-8000-000000000000/actions',
      payload: { action: 'classify', version: 1, reviewDate: '2026-02-30x' },
    }),
    400,
    'reviewDate',
  );
});

test('free text with quotes, wildcards and SQL is just text', async () => {
  for (const q of ["'; drop table cases; --", '%', '_', '\\', '"quoted"', "张三's 棚"]) {
    const r = await t.req('officer_a', { method: 'GET', url: `/api/cases?q=${encodeURIComponent(q)}` });
    assert.equal(r.statusCode, 200, `${q}: ${r.body}`);
  }
  const pct = (await t.req('officer_a', { method: 'GET', url: `/api/cases?q=${encodeURIComponent('%')}` })).json();
  assert.equal(pct.total, 0, 'a % is matched literally, not as a wildcard');
  assert.ok((await countCases()) > 0, 'the cases table is still there');
});

test('unknown routes and methods are JSON errors', async () => {
  const r = await t.req('officer_a', { method: 'GET', url: '/api/nope' });
  assert.equal(r.statusCode, 404);
  assert.equal(r.json().code, 'route.not_found');
});
