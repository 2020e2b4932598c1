import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { S3BlobStore } from '../../src/platform/s3-blobs.js';
import { ANCHOR_PREFIX } from '../../src/modules/audit/audit.anchor.js';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { startLocalS3, type LocalS3 } from '../support/s3.js';

// The audit chain's anchors in an S3 bucket (BLOB_DRIVER=s3): written, listed and verified through the
// driver against s3rver; the object-lock headers and the paged listing against a recording fake.
describe('anchors in an S3 bucket (s3rver)', () => {
  let s3: LocalS3;
  let t: TestContext;
  before(async () => {
    s3 = await startLocalS3('wwj-anchors');
    t = await createTestContext({ env: s3.env });
  });
  after(async () => {
    await t?.close();
    await s3?.close();
  });

  test('anchors go to the bucket; verify reads them from there and finds the last records deleted', async () => {
    assert.equal(t.deps.blobs.driver, 's3');
    const a = (await t.deps.services.audit.anchorIfMoved())!;
    assert.deepEqual(await s3.list(ANCHOR_PREFIX), [a.key]);
    assert.deepEqual(await t.deps.blobs.list(ANCHOR_PREFIX), [a.key]);
    const ok = (await t.req('supervisor', { method: 'GET', url: '/api/audit/verify' })).json();
    assert.equal(ok.ok, true, JSON.stringify(ok));
    assert.equal(ok.anchors.count, 1);

    await sql`delete from audit_log where id = ${a.lastId}`.execute(t.db.q);
    const v = (await t.req('supervisor', { method: 'GET', url: '/api/audit/verify' })).json();
    assert.equal(v.ok, false);
    assert.equal(v.problem, 'truncated');
    assert.equal(v.intactUpTo, a.lastId - 1);
    // the application goes on: its next record links to the shortened head, the anchor still tells
    const r = await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_A, 0)) });
    assert.equal(r.statusCode, 201);
    const w = (await t.req('supervisor', { method: 'GET', url: '/api/audit/verify' })).json();
    assert.equal(w.problem, 'records_missing');
    assert.equal(w.firstBrokenId, a.lastId);
  });
});

describe('the S3 driver’s write-once options and listing (a recording fake)', () => {
  const seen: { method: string; url: string; headers: http.IncomingHttpHeaders }[] = [];
  let server: http.Server;
  let endpoint: string;
  before(async () => {
    server = http.createServer((req, res) => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers });
      req.resume();
      req.on('end', () => {
        const u = new URL(req.url!, 'http://x');
        if (req.method === 'GET' && u.searchParams.get('list-type') === '2') {
          // two pages: the second asked for with the first's continuation token
          const second = u.searchParams.get('continuation-token') === 'next&page';
          const keys = second ? ['audit-anchors/2026/12/b.json'] : ['audit-anchors/2026/12/a.json', 'audit-anchors/2026/11/z.json'];
          res.setHeader('content-type', 'application/xml');
          res.end(
            `<?xml version="1.0"?><ListBucketResult><IsTruncated>${second ? 'false' : 'true'}</IsTruncated>${keys.map((k) => `<Contents><Key>${k}</Key></Contents>`).join('')}` +
              `${second ? '' : '<NextContinuationToken>next&amp;page</NextContinuationToken>'}</ListBucketResult>`,
          );
          return;
        }
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const store = () =>
    new S3BlobStore(
      loadConfig({ BLOB_DRIVER: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: 'wwj', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', DATA_DIR: '/tmp' } as NodeJS.ProcessEnv).s3!,
    );

  test('a put with retainUntil sends COMPLIANCE object-lock retention and Content-MD5; a plain put sends neither', async () => {
    const body = Buffer.from('{"kind":"wuweijian.audit-anchor"}');
    const until = new Date('2033-01-01T00:00:00.000Z');
    seen.length = 0;
    await store().put('audit-anchors/2026/12/x-1.json', body, { retainUntil: until });
    await store().put('originals/ab/cd/abcd.jpg', body);
    assert.equal(seen.length, 2);
    assert.equal(seen[0].headers['x-amz-object-lock-mode'], 'COMPLIANCE');
    assert.equal(seen[0].headers['x-amz-object-lock-retain-until-date'], until.toISOString());
    assert.equal(seen[0].headers['content-md5'], createHash('md5').update(body).digest('base64'));
    // the lock headers are signed with the request, so nothing on the way strips them unnoticed
    assert.match(String(seen[0].headers.authorization), /SignedHeaders=[^,]*x-amz-object-lock-mode/);
    for (const h of ['x-amz-object-lock-mode', 'x-amz-object-lock-retain-until-date', 'content-md5']) assert.equal(seen[1].headers[h], undefined, h);
  });

  test('list follows the continuation token and returns every key, sorted', async () => {
    seen.length = 0;
    assert.deepEqual(await store().list('audit-anchors/'), ['audit-anchors/2026/11/z.json', 'audit-anchors/2026/12/a.json', 'audit-anchors/2026/12/b.json']);
    assert.equal(seen.length, 2);
    assert.equal(new URL(seen[0].url, 'http://x').searchParams.get('prefix'), 'audit-anchors/');
    assert.equal(new URL(seen[1].url, 'http://x').searchParams.get('continuation-token'), 'next&page');
  });
});
