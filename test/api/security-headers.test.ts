// Security headers and cookies: every response (the app's page, the patrol app's page, an API answer, a static
// file, a 400, a 401, a 404) carries the Content-Security-Policy, X-Frame-Options, nosniff and Referrer-Policy;
// the API docs get their own policy; HSTS and the cookie's Secure flag follow HTTPS as a trusted proxy reports
// it, never a forwarded header from a client the app does not trust.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { appPolicy, DOCS_POLICY, patrolPolicy } from '../../src/platform/security-headers.js';
import { createTestContext, PASSWORD, type TestContext } from '../support/context.js';

let t: TestContext;
let dist: string;
const apps: FastifyInstance[] = [];

/** The same database and services, the app built with other settings and a small web build to serve. */
async function appWith(config: Partial<Config>): Promise<FastifyInstance> {
  const app = await buildApp({ ...t.deps, config: { ...t.deps.config, ...config } }, { logger: false, webDist: dist });
  apps.push(app);
  return app;
}

let plain: FastifyInstance; // TRUST_PROXY off (the default)
let proxied: FastifyInstance; // behind a proxy at 127.0.0.1 (app.inject's remote address)

before(async () => {
  t = await createTestContext();
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.mkdirSync(path.join(dist, 'm'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>cc</title><script type="module" src="/assets/app-1.js"></script>');
  fs.writeFileSync(path.join(dist, 'm', 'index.html'), '<!doctype html><title>patrol</title>');
  fs.writeFileSync(path.join(dist, 'assets', 'app-1.js'), 'export const x = 1;\n');
  plain = await appWith({ trustProxy: false });
  proxied = await appWith({ trustProxy: '127.0.0.1' });
});

after(async () => {
  for (const a of apps) await a.close();
  await t.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

function assertHeaders(r: LightMyRequestResponse, csp: string, what: string) {
  assert.equal(r.headers['content-security-policy'], csp, `${what}: CSP`);
  assert.equal(r.headers['x-frame-options'], 'DENY', `${what}: X-Frame-Options`);
  assert.equal(r.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(r.headers['referrer-policy'], 'same-origin', `${what}: Referrer-Policy`);
  assert.equal(r.headers['strict-transport-security'], undefined, `${what}: no HSTS over plain HTTP`);
}

const directive = (csp: string, name: string) =>
  csp
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find((d) => d[0] === name)
    ?.slice(1);

test('the app policy: scripts only from the app itself, no eval, no framing, no plugins, no foreign connections', () => {
  const csp = appPolicy();
  assert.deepEqual(directive(csp, 'default-src'), ["'self'"]);
  assert.deepEqual(directive(csp, 'script-src'), ["'self'"]);
  assert.doesNotMatch(csp, /unsafe-eval/);
  assert.deepEqual(directive(csp, 'connect-src'), ["'self'"]);
  assert.deepEqual(directive(csp, 'img-src'), ["'self'", 'data:', 'blob:']);
  assert.deepEqual(directive(csp, 'frame-ancestors'), ["'none'"]);
  assert.deepEqual(directive(csp, 'object-src'), ["'none'"]);
  assert.deepEqual(directive(csp, 'base-uri'), ["'self'"]);
  assert.deepEqual(directive(csp, 'form-action'), ["'self'"]);
  // the patrol app is the same minus inline styles
  assert.deepEqual(directive(patrolPolicy(), 'style-src'), ["'self'"]);
  assert.deepEqual(directive(csp, 'style-src'), ["'self'", "'unsafe-inline'"]);
  assert.equal(patrolPolicy().replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"), csp);
});

test('every kind of response carries the headers: the page, the patrol page, an API answer, a static file, 400, 401, 404', async () => {
  const app = appPolicy();
  const patrol = patrolPolicy();
  const page = await plain.inject({ url: '/cases/123' });
  assert.equal(page.statusCode, 200);
  assert.match(page.headers['content-type'] as string, /text\/html/);
  assertHeaders(page, app, 'SPA page');
  assertHeaders(await plain.inject({ url: '/' }), app, 'the root page');

  const mPage = await plain.inject({ url: '/m/' });
  assert.equal(mPage.statusCode, 200);
  assert.match(mPage.body, /patrol/);
  assertHeaders(mPage, patrol, 'patrol page');

  const health = await plain.inject({ url: '/api/health' });
  assert.equal(health.statusCode, 200);
  assertHeaders(health, app, 'API answer');
  const cases = await plain.inject({ url: '/api/cases?limit=1', headers: { authorization: `Bearer ${t.tokens.city}` } });
  assert.equal(cases.statusCode, 200, cases.body);
  assertHeaders(cases, app, 'signed-in API answer');

  const asset = await plain.inject({ url: '/assets/app-1.js' });
  assert.equal(asset.statusCode, 200);
  assert.match(asset.headers['content-type'] as string, /javascript/);
  assertHeaders(asset, app, 'static file');
  // a file written after start goes out through the fallback route, with the same headers
  fs.writeFileSync(path.join(dist, 'assets', 'late-2.js'), 'export const y = 2;\n');
  const late = await plain.inject({ url: '/assets/late-2.js' });
  assert.equal(late.statusCode, 200);
  assertHeaders(late, app, 'file written after start');

  const missing = await plain.inject({ url: '/api/no-such-route' });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 'route.not_found');
  assertHeaders(missing, app, '404 API');
  const missingFile = await plain.inject({ url: '/assets/missing-3.js' });
  assert.equal(missingFile.statusCode, 404);
  assertHeaders(missingFile, app, '404 file');

  const anonymous = await plain.inject({ url: '/api/cases' });
  assert.equal(anonymous.statusCode, 401);
  assertHeaders(anonymous, app, '401');
  const bad = await plain.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } });
  assert.equal(bad.statusCode, 400);
  assertHeaders(bad, app, '400');
  const wrong = await plain.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'city', password: 'not-the-password' } });
  assert.equal(wrong.statusCode, 401);
  assertHeaders(wrong, app, 'failed login');
});

test('the API docs have their own policy; the app policy is not loosened for them', async () => {
  const docs = await plain.inject({ url: '/api/docs' });
  assert.equal(docs.statusCode, 200);
  assert.match(docs.headers['content-type'] as string, /text\/html/);
  assertHeaders(docs, DOCS_POLICY, '/api/docs');
  assertHeaders(await plain.inject({ url: '/api/docs/static/swagger-ui.css' }), DOCS_POLICY, 'a docs file');
  assert.notEqual(DOCS_POLICY, appPolicy());
  assert.deepEqual(directive(DOCS_POLICY, 'script-src'), ["'self'"], 'the docs run no inline script either');
  assert.doesNotMatch(DOCS_POLICY, /unsafe-eval/);
  // the document the docs read is an API answer under the app's policy
  assertHeaders(await plain.inject({ url: '/api/openapi.json' }), appPolicy(), 'openapi.json');
});

const login = (app: FastifyInstance, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'city', password: PASSWORD }, headers });
const sessionCookie = (r: LightMyRequestResponse) => {
  const c = r.cookies.find((x) => x.name === 'wwj_session');
  assert.ok(c, `a session cookie: ${JSON.stringify(r.headers['set-cookie'])}`);
  return c as { secure?: boolean; httpOnly?: boolean; sameSite?: string };
};

test('the session cookie is Secure and HSTS is sent when a trusted proxy says HTTPS; not over plain HTTP', async () => {
  const https = await login(proxied, { 'x-forwarded-proto': 'https' });
  assert.equal(https.statusCode, 200, https.body);
  const c = sessionCookie(https);
  assert.equal(c.secure, true, 'Secure over HTTPS');
  assert.equal(c.httpOnly, true);
  assert.equal(c.sameSite, 'Lax');
  assert.equal(https.headers['strict-transport-security'], 'max-age=31536000');

  // the nearest allowed case: the same proxy, plain HTTP
  const http = await login(proxied, { 'x-forwarded-proto': 'http' });
  assert.equal(http.statusCode, 200, http.body);
  assert.equal(sessionCookie(http).secure, undefined, 'not Secure over HTTP');
  assert.equal(http.headers['strict-transport-security'], undefined);
  const bare = await login(proxied);
  assert.equal(sessionCookie(bare).secure, undefined, 'no forwarded header: HTTP');
});

test('a client the app does not trust cannot claim HTTPS; COOKIE_SECURE=1 marks the cookie Secure regardless', async () => {
  const spoofed = await login(plain, { 'x-forwarded-proto': 'https' });
  assert.equal(spoofed.statusCode, 200, spoofed.body);
  assert.equal(sessionCookie(spoofed).secure, undefined, 'X-Forwarded-Proto is ignored without TRUST_PROXY');
  assert.equal(spoofed.headers['strict-transport-security'], undefined);
  // a proxy list that does not include the caller: ignored too
  const other = await appWith({ trustProxy: '10.0.0.1' });
  assert.equal(sessionCookie(await login(other, { 'x-forwarded-proto': 'https' })).secure, undefined, 'a caller that is not the named proxy');

  const forced = await appWith({ trustProxy: false, cookieSecure: true });
  const r = await login(forced);
  assert.equal(sessionCookie(r).secure, true, 'COOKIE_SECURE=1 over HTTP (TLS ended before an untrusted hop)');
  assert.equal(r.headers['strict-transport-security'], undefined, 'HSTS only over HTTPS the app sees');
});

test('a basemap origin from MAP_TILE_URL is allowed for images only; a value that would add directives is not', async () => {
  const tianditu = await appWith({ mapTileUrl: 'https://t{0-7}.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&l={z}' });
  const csp = (await tianditu.inject({ url: '/api/health' })).headers['content-security-policy'] as string;
  assert.deepEqual(directive(csp, 'img-src'), ["'self'", 'data:', 'blob:', 'https://*.tianditu.gov.cn']);
  assert.deepEqual(directive(csp, 'connect-src'), ["'self'"]);
  assert.deepEqual(directive(csp, 'script-src'), ["'self'"]);

  const local = await appWith({ mapTileUrl: '/tiles/{z}/{x}/{y}.png' });
  assert.equal((await local.inject({ url: '/api/health' })).headers['content-security-policy'], appPolicy(), 'self-hosted tiles need nothing more');

  const hostile = await appWith({ mapTileUrl: "https://tiles.example.com; script-src * 'unsafe-eval'/{z}/{x}/{y}.png" });
  const h = (await hostile.inject({ url: '/api/health' })).headers['content-security-policy'] as string;
  assert.equal(h, appPolicy(), 'the configured value cannot add directives');
});

test('TRUST_PROXY parses 0/1 and proxy lists, and refuses anything else', async () => {
  const { loadConfig } = await import('../../src/config.js');
  assert.equal(loadConfig({ DATA_DIR: t.dataDir }).trustProxy, false);
  assert.equal(loadConfig({ DATA_DIR: t.dataDir, TRUST_PROXY: '1' }).trustProxy, true);
  assert.equal(loadConfig({ DATA_DIR: t.dataDir, TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,loopback' }).trustProxy, '10.0.0.1, 192.168.0.0/16,loopback');
  assert.throws(() => loadConfig({ DATA_DIR: t.dataDir, TRUST_PROXY: 'proxy.example.com' }), /TRUST_PROXY/);
});
