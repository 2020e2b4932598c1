// How long a browser keeps the web apps' files: the ones named by their content (Vite's assets/name-HASH.ext,
// in the command centre and in the patrol app) for a year without asking again, so a phone on a weak link
// downloads each once; the pages, the service worker script, the manifest and the icons are asked again on
// every use (a new build is seen at once; an unchanged file costs a 304).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { staticCacheControl } from '../../src/platform/static-files.js';
import { createTestContext, type TestContext } from '../support/context.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
let t: TestContext;
let dist: string;
let app: FastifyInstance;

const files: Record<string, string> = {
  'index.html': '<!doctype html><title>cc</title><script type="module" src="/assets/index-Bd6bz_mU.js"></script>',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  'assets/index-Bd6bz_mU.js': 'export const x = 1;\n',
  'assets/card--pbFTryY.js': 'export const y = 2;\n',
  'm/index.html': '<!doctype html><title>patrol</title>',
  'm/sw.js': 'self.addEventListener("fetch", () => {});\n',
  'm/manifest.webmanifest': '{"name":"无违建巡查"}',
  'm/icons/icon-192.png': 'png',
  'm/assets/index-BHMk0ZTv.js': 'export const z = 3;\n',
  'm/assets/PatrolMap-c_1sG1-7.css': '.map{}\n',
};

before(async () => {
  t = await createTestContext({ users: false });
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-dist-'));
  for (const [f, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dist, f)), { recursive: true });
    fs.writeFileSync(path.join(dist, f), body);
  }
  app = await buildApp(t.deps, { logger: false, webDist: dist });
});

after(async () => {
  await app?.close();
  await t.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

test('hashed build files are kept for a year, immutable, in both web apps', async () => {
  for (const url of ['/assets/index-Bd6bz_mU.js', '/assets/card--pbFTryY.js', '/m/assets/index-BHMk0ZTv.js', '/m/assets/PatrolMap-c_1sG1-7.css']) {
    const r = await app.inject({ method: 'GET', url });
    assert.equal(r.statusCode, 200, url);
    assert.equal(r.headers['cache-control'], IMMUTABLE, url);
  }
});

test('a hashed file written after the server started (a rebuild under it) is immutable too', async () => {
  fs.writeFileSync(path.join(dist, 'm', 'assets', 'later-AbCd1234.js'), 'export {};\n');
  const r = await app.inject({ method: 'GET', url: '/m/assets/later-AbCd1234.js' });
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['cache-control'], IMMUTABLE);
});

test('pages, the service worker, the manifest and icons are revalidated on every use, and an unchanged one costs a 304', async () => {
  for (const url of ['/', '/cases/abc', '/index.html', '/favicon.svg', '/m/', '/m', '/m/index.html', '/m/mine', '/m/sw.js', '/m/manifest.webmanifest', '/m/icons/icon-192.png']) {
    const r = await app.inject({ method: 'GET', url });
    assert.equal(r.statusCode, 200, url);
    assert.equal(r.headers['cache-control'], 'no-cache', url);
    const etag = r.headers.etag as string | undefined;
    assert.ok(etag, `${url}: an ETag to revalidate with`);
    const again = await app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304, `${url}: unchanged → 304`);
  }
  // the patrol shell is the patrol app's page, not the command centre's
  assert.match((await app.inject({ method: 'GET', url: '/m/mine' })).body, /patrol/);
});

test('only a content-hashed name under assets/ counts as immutable', () => {
  assert.equal(staticCacheControl('assets/index-Bd6bz_mU.js'), IMMUTABLE);
  assert.equal(staticCacheControl(path.join('m', 'assets', 'index-BHMk0ZTv.js')), IMMUTABLE);
  assert.equal(staticCacheControl('assets/logo.png'), 'no-cache');
  assert.equal(staticCacheControl('m/sw.js'), 'no-cache');
  assert.equal(staticCacheControl('m/index-BHMk0ZTv.js'), 'no-cache');
  assert.equal(staticCacheControl('m/manifest.webmanifest'), 'no-cache');
});
