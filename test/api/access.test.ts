// Default-deny access control: every route the app registers is enumerated; each one that is not marked
// anonymous refuses a caller without a session, in every spelling of its path the router might accept.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { createTestContext, type TestContext } from '../support/context.js';
import { buildApp } from '../../src/app.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

/** The routes that answer without a login, and why: nothing else may. */
const ANONYMOUS = new Set([
  'GET /api/health', // liveness for the load balancer
  'HEAD /api/health',
  'GET /api/openapi.json', // the API's description
  'HEAD /api/openapi.json',
  'GET /api/config', // map tiles and vocabulary the login page needs
  'HEAD /api/config',
  'POST /api/auth/login',
  'POST /api/auth/logout', // ends whatever session the caller names
]);

const concrete = (url: string) =>
  url
    .replace(/:id\b/g, randomUUID())
    .replace(/:code\b/g, '330482')
    .replace(/:day\b/g, '2026-01-01')
    .replace(/:variant\b/g, 'thumbnail')
    .replace(/:[a-zA-Z]+/g, 'x')
    .replace(/\*$/, 'x');

/** The spellings an attacker tries: the router decodes some of them to the same route. */
const spellings = (path: string) => {
  const [, seg, rest] = /^\/([^/]+)(.*)$/.exec(path)!;
  const hex = (c: string) => `%${c.charCodeAt(0).toString(16)}`;
  return [
    path,
    `/${hex(seg[0])}${seg.slice(1)}${rest}`, // /%61pi/…
    `/${[...seg].map(hex).join('')}${rest}`, // /%61%70%69/…
    `/${seg}/${rest}`, // /api//…
    `/${path}`, // //api/…
    `${path}.`,
    `${path}/`,
    `/${seg.toUpperCase()}${rest}`,
    `/${seg[0].toUpperCase()}${seg.slice(1)}${rest}`,
    `/%2F${seg}${rest}`, // an encoded slash in front
    `/${seg}${rest.replace(/\//g, '%2F')}`, // encoded slashes inside
  ];
};

test('every route declares its access in its definition; only the listed ones are anonymous', () => {
  const routes = t.app.routeAccess;
  assert.ok(routes.length > 60, `the app registered ${routes.length} routes`);
  const anonymousApi = routes.filter((r) => r.access === 'anonymous' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
  for (const r of anonymousApi) assert.ok(ANONYMOUS.has(`${r.method} ${r.url}`), `${r.method} ${r.url} is anonymous but not in the list`);
  // outside /api: the web app's files (anonymous), the OGC API and the vector tiles for GIS clients (/ogc, /tiles: signed in)
  const gis = (url: string) => url === '/ogc' || url.startsWith('/ogc/') || url.startsWith('/tiles/');
  for (const r of routes.filter((x) => !x.url.startsWith('/api/'))) assert.equal(r.access, gis(r.url) ? 'session' : 'anonymous', r.url);
  // each route says who may call it in its own definition: none relies on the fallback (only the API docs' pages, which a plugin adds)
  const docs = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');
  assert.deepEqual(
    routes.filter((r) => !r.declared && !docs(r.url)).map((r) => `${r.method} ${r.url}`),
    [],
    'routes without config.access',
  );
});

test('each route without an anonymous mark refuses a caller without a session, in every spelling of its path', async () => {
  const guarded = t.app.routeAccess.filter((r) => r.access !== 'anonymous');
  assert.ok(guarded.length > 55, `${guarded.length} guarded routes`);
  const leaks: string[] = [];
  for (const r of guarded) {
    const path = concrete(r.url);
    for (const url of spellings(path)) {
      const res = await t.app.inject({ method: r.method as InjectOptions['method'], url, payload: ['POST', 'PUT', 'PATCH'].includes(r.method) ? {} : undefined });
      // refused: 401 when the router matched the route, 404 when no route has that spelling; never data
      if (res.statusCode !== 401 && res.statusCode !== 404) leaks.push(`${r.method} ${url} → ${res.statusCode}`);
      if (url === path && res.statusCode !== 401) leaks.push(`${r.method} ${url} → ${res.statusCode} (expected 401)`);
    }
  }
  assert.deepEqual(leaks, []);
});

test('the same spellings with a session reach the route (the refusal above was the login check)', async () => {
  for (const url of ['/api/settings/deadlines', '/%61pi/settings/deadlines', '/api/calendar?year=2026', '/%61pi/calendar?year=2026']) {
    assert.equal((await t.req(null, { method: 'GET', url })).statusCode, 401, `${url} without a session`);
    assert.equal((await t.req('city', { method: 'GET', url })).statusCode, 200, `${url} with a session`);
  }
});

test('a route limited to roles refuses the others with 403 and serves its roles', async () => {
  const audit = t.app.routeAccess.find((r) => r.url === '/api/audit' && r.method === 'GET');
  assert.deepEqual(audit?.access, ['supervisor']);
  // 三员分立: the system administrator, who manages the accounts, does not read the audit log
  for (const user of ['officer_a', 'inspector_a', 'city', 'dept', 'admin']) {
    const r = await t.req(user, { method: 'GET', url: '/api/audit?limit=1' });
    assert.equal(r.statusCode, 403, user);
    assert.equal(r.json().code, 'auth.role_not_allowed');
  }
  assert.equal((await t.req('supervisor', { method: 'GET', url: '/api/audit?limit=1' })).statusCode, 200, 'supervisor');
});

test('as deployed, with the web apps: only their files are added, and no guarded route answers anything but a refusal or the app shell', async () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-dist-'));
  const shell = '<!doctype html><title>无违建</title>';
  const phoneShell = '<!doctype html><title>巡查</title>';
  fs.writeFileSync(path.join(dist, 'index.html'), shell);
  fs.mkdirSync(path.join(dist, 'm'));
  fs.writeFileSync(path.join(dist, 'm', 'index.html'), phoneShell);
  const app = await buildApp(t.deps, { logger: false, webDist: dist });
  try {
    const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
    const tested = new Set(t.app.routeAccess.map(key));
    const added = app.routeAccess.filter((r) => !tested.has(key(r)));
    // the enumeration above saw every route but the web files: the deployed app adds these and nothing else
    assert.deepEqual(added.map(key).sort(), ['/', '/*', '/index.html', '/m/', '/m/index.html'].flatMap((u) => [`GET ${u}`, `HEAD ${u}`]).sort());
    for (const r of added) assert.equal(r.access, 'anonymous', key(r));
    assert.equal(app.routeAccess.length, t.app.routeAccess.length + added.length);

    const leaks: string[] = [];
    for (const r of app.routeAccess.filter((x) => x.access !== 'anonymous')) {
      const p = concrete(r.url);
      for (const url of spellings(p)) {
        const res = await app.inject({ method: r.method as InjectOptions['method'], url, payload: ['POST', 'PUT', 'PATCH'].includes(r.method) ? {} : undefined });
        if (res.statusCode === 401 || res.statusCode === 404) continue;
        // a spelling no route has falls to the web app's shell (no data in it); anything else is a leak
        // (GET and HEAD only; a HEAD answer has no body)
        const html = res.statusCode === 200 && String(res.headers['content-type']).startsWith('text/html');
        const isShell = (r.method === 'GET' && html && [shell, phoneShell].includes(res.body)) || (r.method === 'HEAD' && html && res.body === '');
        if (!isShell) leaks.push(`${r.method} ${url} → ${res.statusCode}`);
      }
    }
    assert.deepEqual(leaks, []);
    // the nearest allowed case: the same path with a session answers
    const ok = await app.inject({ method: 'GET', url: '/%61pi/settings/deadlines', headers: { authorization: `Bearer ${t.tokens.city}` } });
    assert.equal(ok.statusCode, 200);
    assert.match(String(ok.headers['content-type']), /json/);
  } finally {
    await app.close();
    fs.rmSync(dist, { recursive: true, force: true });
  }
});
