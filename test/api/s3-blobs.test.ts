import fs from 'node:fs';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { ConfigError, loadConfig } from '../../src/config.js';
import { S3BlobStore, S3Error } from '../../src/platform/s3-blobs.js';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { startLocalS3, type LocalS3 } from '../support/s3.js';

// one fake S3 per suite, so that each suite's bucket listings see only its own objects
describe('the S3 driver against s3rver', () => {
  let s3: LocalS3;
  const storeFor = (env: Record<string, string> = {}) => new S3BlobStore(loadConfig({ ...s3.env, ...env }).s3!);
  before(async () => {
    s3 = await startLocalS3();
  });
  after(() => s3.close());

  test('put, get, stream, exists and delete round trip; the object has the content type of its extension', async () => {
    const store = storeFor();
    assert.equal(store.driver, 's3');
    const key = 'originals/ab/cd/abcd0001.jpg';
    const data = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
    assert.equal(await store.exists(key), false);
    await store.put(key, data);
    assert.equal(await store.exists(key), true);
    assert.deepEqual(await store.get(key), data);
    assert.deepEqual(await buffer(store.stream(key)), data);
    assert.equal(await s3.contentType(key), 'image/jpeg');
    await store.put('thumbs/x.png', Buffer.from('png'));
    assert.equal(await s3.contentType('thumbs/x.png'), 'image/png');
    await store.delete(key);
    assert.equal(await store.exists(key), false);
    await store.delete(key); // deleting what is gone is not an error
    await store.delete('thumbs/x.png');
  });

  test('the same bytes put twice under a content-addressed key: one object, unchanged', async () => {
    const store = storeFor();
    const key = 'originals/12/34/12340002.jpg';
    const data = Buffer.from('the same photo, uploaded again after a dropped connection');
    await store.put(key, data);
    await store.put(key, data);
    assert.deepEqual(await s3.list('originals/12/'), [key]);
    assert.deepEqual(await store.get(key), data);
    await store.delete(key);
  });

  test('a missing key: get rejects and stream errors, both with the S3 status', async () => {
    const store = storeFor();
    await assert.rejects(store.get('display/missing.jpg'), (e: unknown) => {
      assert.ok(e instanceof S3Error, 'e instanceof S3Error');
      assert.equal(e.s3Status, 404);
      assert.match(e.message, /^S3 GET s3:\/\/wwj-photos\/display\/missing\.jpg failed: 404 NoSuchKey/);
      return true;
    });
    const s = store.stream('display/missing.jpg');
    await assert.rejects(buffer(s), (e: unknown) => e instanceof S3Error && e.s3Status === 404);
    assert.throws(() => store.stream('../etc/passwd'), /invalid blob key/);
  });

  // s3rver checks the access key but not SigV4 signatures themselves, so a wrong key stands in for a wrong secret
  test('refused credentials or an unreachable endpoint: a clear error, not a false "missing"', async () => {
    const wrong = storeFor({ S3_ACCESS_KEY_ID: 'NOT-A-KEY' });
    await assert.rejects(wrong.put('thumbs/y.jpg', Buffer.from('y')), (e: unknown) => {
      assert.ok(e instanceof S3Error, 'e instanceof S3Error');
      assert.equal(e.s3Status, 403);
      assert.equal(e.s3Code, 'InvalidAccessKeyId');
      assert.match(e.message, /^S3 PUT s3:\/\/wwj-photos\/thumbs\/y\.jpg failed: 403 InvalidAccessKeyId \(/);
      return true;
    });
    await assert.rejects(wrong.exists('thumbs/y.jpg'), (e: unknown) => e instanceof S3Error && e.s3Status === 403);
    const down = storeFor({ S3_ENDPOINT: 'http://127.0.0.1:9' });
    await assert.rejects(down.exists('thumbs/y.jpg'), /cannot reach http:\/\/127\.0\.0\.1:9/);
  });

  test('configuration: BLOB_DRIVER=s3 names every missing key at once', () => {
    assert.throws(
      () => loadConfig({ BLOB_DRIVER: 's3' }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, 'e instanceof ConfigError');
        for (const k of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) assert.match(e.message, new RegExp(`${k}: required`));
        return true;
      },
    );
    assert.throws(() => loadConfig({ BLOB_DRIVER: 'ftp' }), /BLOB_DRIVER: expected disk or s3/);
    const c = loadConfig(s3.env);
    assert.equal(c.s3?.region, 'us-east-1');
    assert.equal(c.s3?.forcePathStyle, true);
    assert.equal(loadConfig({ ...s3.env, S3_FORCE_PATH_STYLE: '0' }).s3?.forcePathStyle, false);
  });
});

describe('photos through the API with BLOB_DRIVER=s3', () => {
  let s3: LocalS3;
  let t: TestContext;
  before(async () => {
    s3 = await startLocalS3();
    t = await createTestContext({ env: s3.env });
  });
  after(async () => {
    await t.close();
    await s3.close();
  });

  test('an inspector uploads a JPEG: the original, display copy and thumbnail live in the bucket and are served from it', async () => {
    const health = (await t.req(null, { method: 'GET', url: '/api/health' })).json();
    assert.equal(health.blobs, 's3');
    const [lon, lat] = t.pointIn(TOWN_A, 1);
    const c = (await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat) })).json();
    const img = await jpegWithExif({ lon, lat, at: new Date('2026-09-12T01:00:00Z'), seed: 11, width: 1600, height: 1200 });
    const mp = multipart({ stage: 'before' }, [{ name: 'photo', filename: 'site.jpg', type: 'image/jpeg', data: img }]);
    const up = await t.req('inspector_a', { method: 'POST', url: `/api/cases/${c.id}/photos`, payload: mp.payload, headers: mp.headers });
    assert.equal(up.statusCode, 201, up.body);
    const p = up.json().items[0];
    const originalKey = `originals/${p.sha256.slice(0, 2)}/${p.sha256.slice(2, 4)}/${p.sha256}.jpg`;
    assert.deepEqual(await s3.list('originals/'), [originalKey], 'the original is in the bucket under its hash');
    assert.equal(fs.existsSync(path.join(t.dataDir, 'blobs')), false, 'nothing is written to the data dir');

    const orig = await t.req('officer_a', { method: 'GET', url: p.urls.original });
    assert.equal(orig.statusCode, 200);
    assert.equal(orig.headers['content-type'], 'image/jpeg');
    assert.deepEqual(orig.rawPayload, img, 'the original is served byte for byte');

    assert.ok((await t.deps.jobs.drain(t.deps.jobHandlers)) >= 1, '(await t.deps.jobs.drain(t.deps.jobHandlers)) >= 1');
    assert.deepEqual(await s3.list('display/'), [`display/${p.id}.jpg`]);
    assert.deepEqual(await s3.list('thumbs/'), [`thumbs/${p.id}.jpg`]);
    const display = await t.req('officer_a', { method: 'GET', url: p.urls.display });
    assert.equal(display.statusCode, 200);
    const dw = (await sharp(display.rawPayload).metadata()).width ?? 0;
    assert.ok(dw > 256 && dw <= 1280, `display width ${dw}`);
    const thumb = await t.req('officer_a', { method: 'GET', url: p.urls.thumbnail });
    assert.equal(thumb.statusCode, 200);
    assert.equal(thumb.headers['content-type'], 'image/jpeg');
    assert.ok(((await sharp(thumb.rawPayload).metadata()).width ?? 0) <= 256, '((await sharp(thumb.rawPayload).metadata()).width ?? 0) <= 256');
    assert.deepEqual(thumb.rawPayload, await t.deps.blobs.get(`thumbs/${p.id}.jpg`));

    // the same bytes again: no second object, no second row
    const again = await t.req('inspector_a', { method: 'POST', url: `/api/cases/${c.id}/photos`, payload: mp.payload, headers: mp.headers });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(await s3.list('originals/'), [originalKey]);

    // an object lost from the bucket is a server error, not a hang or an empty 200
    await t.deps.blobs.delete(originalKey);
    const lost = await t.req('officer_a', { method: 'GET', url: p.urls.original });
    assert.equal(lost.statusCode, 500);
  });
});
