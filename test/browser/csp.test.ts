import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TMP } from '../support/env.js';
import { jpegWithExif } from '../support/images.js';
import { apiAs, chinaMonthBefore, launchChromium, runIndex, startServer, type RunningServer, serviceWorkerControls } from '../support/server.js';

// The command centre, the patrol app and the API docs under the server's Content-Security-Policy: every
// main page is opened as the user who works with it, each waits for what the user would see, and any
// CSP violation (a `securitypolicyviolation` event, or Chromium's "Refused to …" console error) fails it.
const PASSWORD = 'csp-demo-pass-1';
const SHOTS = path.join(TMP, 'shots-csp');
let srv: RunningServer;
let browser: Browser;
let runId: string;

before(async () => {
  srv = await startServer({ demoCases: 150, password: PASSWORD, env: { MAP_TILE_URL: '' } });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
  // a finished index run, so the overview, the index map and a unit page have colours
  runId = await runIndex(await apiAs(srv.base, 'city', PASSWORD), chinaMonthBefore(1));
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

// Runs before any script of every page and frame: reports each violation to the console, where the test reads it
const REPORT_VIOLATIONS = `
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error('csp-violation ' + JSON.stringify({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample, page: location.pathname }));
  });
`;

interface Watched {
  context: BrowserContext;
  page: Page;
  /** CSP violations and CSP console errors, each with the page it happened on. */
  violations: string[];
  /** Every other console error and uncaught exception (printed, not failed on: other tests own them). */
  errors: string[];
}

async function watched(opts: Parameters<Browser['newContext']>[0] = {}): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...opts });
  await context.addInitScript({ content: REPORT_VIOLATIONS });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const w: Watched = { context, page, violations: [], errors: [] };
  page.on('console', (m) => {
    const text = m.text();
    if (text.startsWith('csp-violation ') || /Content Security Policy|Refused to (load|execute|apply|evaluate|create|connect|frame)/i.test(text))
      w.violations.push(`${page.url()}: ${text}`);
    else if (m.type() === 'error') w.errors.push(`${page.url()}: ${text}`);
  });
  page.on('pageerror', (e) => w.errors.push(`${page.url()}: uncaught ${e.message}`));
  return w;
}

/** Polls `check` until it holds (no DOM code in page functions: the tests compile with Node's types only). */
async function until(what: string, check: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Lets events queued by the last render (violation reports among them) reach the console listener. */
async function settle(page: Page) {
  await page.evaluate('new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)))');
}

async function finish(w: Watched, what: string) {
  await settle(w.page);
  if (w.errors.length) console.log(`[${what}] console errors (not CSP):\n  ${w.errors.join('\n  ')}`);
  await w.context.close();
  assert.deepEqual(w.violations, [], `${what}: no CSP violation`);
}

async function loginCommandCentre(username: string): Promise<Watched> {
  const w = await watched();
  const res = await w.page.goto(`${srv.base}/login`);
  const csp = res?.headers()['content-security-policy'] ?? '';
  assert.match(csp, /script-src 'self';/, 'the page is served under the policy');
  assert.doesNotMatch(csp, /unsafe-eval/);
  await w.page.fill('#login-username', username);
  await w.page.fill('#login-password', PASSWORD);
  await w.page.click('button[type=submit]');
  await w.page.waitForURL(/\/(overview|todo|map|audit)/);
  return w;
}

/** Opens a page of the command centre and waits for what the user sees there. */
async function visit(w: Watched, url: string, shows: (page: Page) => Promise<unknown>) {
  await w.page.goto(`${srv.base}${url}`);
  await shows(w.page);
  await settle(w.page);
}

test('the violation watcher sees a violation: an injected inline script is refused and reported', async () => {
  const w = await watched();
  await w.page.goto(`${srv.base}/login`);
  await w.page.locator('#login-username').waitFor();
  await w.page.evaluate(`(() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.head.append(s); })()`);
  await until('the inline script reported', async () => w.violations.some((v) => /"directive":"script-src-elem","blocked":"inline"/.test(v)));
  assert.equal(await w.page.evaluate('window.__ran === true'), false, 'the inline script did not run');
  // a string evaluated as code by the page (here a string timer: DevTools' own evaluation is exempt from CSP) is refused
  await w.page.evaluate(`setTimeout('window.__evaluated = true', 0)`);
  await until('the eval reported', async () => w.violations.some((v) => /"blocked":"eval"/.test(v)));
  assert.equal(await w.page.evaluate('window.__evaluated === true'), false, 'the string was not evaluated');
  await w.context.close();
});

test('the command centre as the city office: overview, cockpit, to-do, case list, a case, the map, the index, a unit, the report, imports', async () => {
  const w = await loginCommandCentre('city');
  const api = await apiAs(srv.base, 'city', PASSWORD);
  const total = (await api.call('GET', '/api/cases?limit=1')).json.total as number;
  const someCase = (await api.call('GET', '/api/cases?limit=1')).json.items[0].id as string;

  await visit(w, '/overview', async (p) => {
    await p.getByTestId('tile-stock').waitFor();
    await p.getByTestId('chart-open').locator('canvas').waitFor();
  });
  await visit(w, '/cockpit', (p) => p.getByTestId('cockpit-map').locator('canvas').first().waitFor());
  await visit(w, '/todo', (p) => p.getByTestId('todo-page').waitFor());
  await visit(w, '/cases', (p) =>
    p
      .getByTestId('case-total')
      .filter({ hasText: new RegExp(`共\\s*${total.toLocaleString('en-US')}\\s*件`) })
      .waitFor(),
  );
  await visit(w, `/cases/${someCase}`, async (p) => {
    await p.getByTestId('case-page').waitFor();
    await p.getByTestId('timeline-item').first().waitFor();
    await p.locator('[data-testid=case-page] canvas').first().waitFor(); // the mini map (OpenLayers, lazily loaded)
  });
  await w.page.screenshot({ path: path.join(SHOTS, 'csp-case.png') });
  await visit(w, '/map', async (p) => {
    await p.getByTestId('map-legend').waitFor();
    await p
      .getByTestId('map-count')
      .filter({ hasText: String(total) })
      .waitFor();
  });
  await w.page.screenshot({ path: path.join(SHOTS, 'csp-map.png') });
  // OpenLayers' WebGL point layer (used on a real GPU; headless Chromium draws on canvas) starts a worker from a blob: URL
  assert.equal(
    await w.page.evaluate(`new Promise((ok) => {
      const worker = new Worker(URL.createObjectURL(new Blob(['postMessage(6 * 7)'], { type: 'text/javascript' })));
      worker.onmessage = (e) => ok(e.data);
      worker.onerror = () => ok('refused');
    })`),
    42,
    'a blob: worker runs under the policy',
  );
  await visit(w, '/index', async (p) => {
    await p.locator('.index-side .ant-table-row').first().waitFor();
    await p.getByTestId('index-map').locator('canvas').first().waitFor();
  });
  await visit(w, `/index/runs/${runId}/units/330482102`, (p) => p.getByTestId('index-unit-head').waitFor());
  await visit(w, '/reports', async (p) => {
    await p.getByTestId('report-page').waitFor();
    await p.getByTestId('report-paper').waitFor();
  });
  await visit(w, '/imports', (p) => p.getByTestId('import-page').waitFor());
  await finish(w, 'city');
});

test('the audit view as the supervisor and the admin pages as the admin', async () => {
  const sup = await loginCommandCentre('supervisor');
  await visit(sup, '/audit', async (p) => {
    await p.getByTestId('audit-page').locator('.ant-table-row').first().waitFor();
    await p.getByRole('button', { name: /校验审计链/ }).click();
    await p.getByTestId('audit-verdict').waitFor();
  });
  await finish(sup, 'supervisor');

  const admin = await loginCommandCentre('admin');
  await visit(admin, '/admin/rules', (p) => p.getByTestId('rules-page').waitFor());
  await visit(admin, '/admin/users', (p) => p.getByTestId('accounts-page').locator('.ant-table-row').first().waitFor());
  await visit(admin, '/imports', (p) => p.getByTestId('import-page').waitFor());
  await finish(admin, 'admin');
});

test('the patrol app as an inspector: log in, the map, the report screen with a photo, the nearby list', async () => {
  const api = await apiAs(srv.base, 'inspector', PASSWORD);
  // standing beside one of the inspector's town's cases, so the nearby list and the duplicate check have one to show
  const mine = (await api.call('GET', '/api/cases?limit=100')).json.items as { lon: number; lat: number; status: string }[];
  const open = mine.find((c) => c.status !== 'closed' && c.status !== 'rejected');
  assert.ok(open, "an open case in the inspector's town");
  const { lon, lat } = open;
  const w = await watched({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    permissions: ['geolocation'],
    geolocation: { longitude: lon, latitude: lat, accuracy: 8 },
  });
  const res = await w.page.goto(`${srv.base}/m/`);
  assert.match(res?.headers()['content-security-policy'] ?? '', /style-src 'self';/, 'the patrol app allows no inline style');
  await w.page.fill('#username', 'inspector');
  await w.page.fill('#password', PASSWORD);
  await w.page.getByRole('button', { name: '登录' }).click();
  await w.page.getByTestId('gps-accuracy').filter({ hasText: 'GPS ±8 米' }).waitFor();
  await serviceWorkerControls(w.page);
  await w.page.locator('[data-testid=patrol-map] canvas').first().waitFor();
  await w.page
    .getByTestId('nearby-count')
    .filter({ hasText: /周边 500 米 · \d+ 处案件/ })
    .waitFor();

  // the report screen: a photo taken (shown from a blob: URL), the fix, the duplicate check's answer
  const photo = path.join(SHOTS, 'csp-report.jpg');
  fs.writeFileSync(photo, await jpegWithExif({ lon, lat, at: new Date(), seed: 7, width: 800, height: 600 }));
  await w.page.getByTestId('report-photo-input').setInputFiles(photo);
  await w.page.getByTestId('report-location').waitFor();
  await w.page.getByTestId('no-duplicate').or(w.page.getByTestId('duplicate-warning')).waitFor();
  await w.page.locator('img[src^="blob:"]').first().waitFor();
  await w.page.screenshot({ path: path.join(SHOTS, 'csp-patrol-report.png') });
  await w.page.getByRole('dialog', { name: '上报违建' }).getByRole('button', { name: '取消' }).click();
  await w.page.getByRole('dialog', { name: '上报违建' }).waitFor({ state: 'detached' });

  // the nearby list
  await w.page.getByTestId('nearby-count').click();
  await w.page.getByTestId('nearby-list').locator('.around-item').first().waitFor();
  await w.page.screenshot({ path: path.join(SHOTS, 'csp-patrol-nearby.png') });
  await finish(w, 'patrol');
});

test('the API docs render under their own policy', async () => {
  const w = await watched();
  const res = await w.page.goto(`${srv.base}/api/docs`);
  assert.match(res?.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/);
  await w.page.locator('.swagger-ui .info .title').filter({ hasText: '无违建' }).waitFor();
  await w.page.locator('.opblock').first().waitFor();
  await finish(w, 'api docs');
});
