// Default-deny access control: every route the app registers is enumerated; each one that is not marked
// anonymous refuses a caller without a session, in every spelling of its path the router might accept.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { createTestContext, type TestContext } from '../support/context.js';

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
const spellings = (path: string) => [
  path,
  path.replace('/api/', '/%61pi/'),
  path.replace('/api/', '/%61%70%69/'),
  path.replace('/api/', '/api//'),
  `/${path}`,
  `${path}.`,
  `${path}/`,
  path.replace('/api/', '/API/'),
  path.replace('/api/', '/Api/'),
];

test('every /api route declares its access; only the listed ones are anonymous', () => {
  const routes = t.app.routeAccess;
  assert.ok(routes.length > 60, `the app registered ${routes.length} routes`);
  const anonymousApi = routes.filter((r) => r.access === 'anonymous' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
  for (const r of anonymousApi) assert.ok(ANONYMOUS.has(`${r.method} ${r.url}`), `${r.method} ${r.url} is anonymous but not in the list`);
  // outside /api: the web app's files (anonymous) and the OGC API for GIS clients (/ogc, signed in)
  for (const r of routes.filter((x) => !x.url.startsWith('/api/'))) assert.equal(r.access, r.url === '/ogc' || r.url.startsWith('/ogc/') ? 'session' : 'anonymous', r.url);
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
