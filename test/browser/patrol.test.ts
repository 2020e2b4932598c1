import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DOCS_SHOTS, ROOT, TMP } from '../support/env.js';
import { jpegWithExif } from '../support/images.js';
import { launchChromium, phonePage, startServer, type RunningServer, serviceWorkerControls } from '../support/server.js';
import { inMultiPolygon } from '../../shared/geo.js';

// The patrol app (/m/) as an inspector uses it on a phone: the real server with a small demo city,
// Debian's Chromium emulating a phone with GPS, the built app with its service worker. One report
// online, the duplicate warning 20 m further on, two reports made offline (after an offline reload)
// that are sent when the signal returns — one of them after a lost answer — and the server holds each
// report exactly once.
const PASSWORD = 'patrol-demo-pass';
const TOWN = '330482102'; // 新埭镇, the demo inspector's town
const SHOTS = path.join(TMP, 'shots-patrol');
let srv: RunningServer;
let base: string;
let browser: Browser;
let dataDir: string;
let inspector: string;

interface DivisionFeature {
  properties: { code: string; parentCode: string | null; level: string; centroid: [number, number] | null };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
}

function inDivision(p: { lon: number; lat: number }, f: DivisionFeature): boolean {
  const mp = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][];
  return inMultiPolygon(p.lon, p.lat, mp);
}

before(async () => {
  srv = await startServer({ demoCases: 200, password: PASSWORD, env: { MAP_TILE_URL: '' } });
  assert.ok(fs.existsSync(path.join(ROOT, 'web', 'dist', 'm', 'sw.js')), 'the patrol app is built with its service worker');
  base = srv.base;
  dataDir = srv.dataDir;
  const accounts = fs.readFileSync(path.join(dataDir, 'demo-accounts.txt'), 'utf8');
  const row = accounts
    .split('\n')
    .map((l) => l.split('\t'))
    .find((c) => c[0] === 'inspector');
  assert.ok(row, 'demo-accounts.txt names an inspector');
  inspector = row[1];
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

/** The API as the inspector (bearer token), for setting up and for checking what the server holds. */
async function apiAs(username: string) {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  assert.equal(r.status, 200, 'api login');
  const { token } = (await r.json()) as { token: string };
  return async <T>(p: string): Promise<T> => {
    const res = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, `GET ${p}: ${res.status} ${await res.clone().text()}`);
    return (await res.json()) as T;
  };
}

/** A point `north`/`east` metres from another. */
function shift(p: { lon: number; lat: number }, north: number, east: number) {
  return { lat: p.lat + north / 111_320, lon: p.lon + east / (111_320 * Math.cos((p.lat * Math.PI) / 180)) };
}

interface Nearby {
  items: { id: string; caseNo: string; status: string; distance: number }[];
}

/**
 * A starting point in the inspector's town with no demo case (open or closed) within 80 m, whose
 * neighbours for the offline reports (250 m east and 250 m north) are well inside villages of the
 * town too; and a point in a village of another town (outside the inspector's jurisdiction).
 */
async function places(get: Awaited<ReturnType<typeof apiAs>>) {
  const fc = await get<{ features: DivisionFeature[] }>('/api/divisions?format=geojson&level=town,village');
  const town = fc.features.find((f) => f.properties.code === TOWN);
  assert.ok(town?.properties.centroid, 'the town has a centroid');
  const villages = fc.features.filter((f) => f.properties.parentCode === TOWN);
  const inside = (p: { lon: number; lat: number }) =>
    [p, shift(p, 40, 0), shift(p, -40, 0), shift(p, 0, 40), shift(p, 0, -40)].every((q) => villages.some((v) => inDivision(q, v)));
  const [lon, lat] = town.properties.centroid;
  for (let ring = 0; ring < 12; ring++) {
    for (let k = 0; k < Math.max(1, ring * 8); k++) {
      const a = (2 * Math.PI * k) / Math.max(1, ring * 8);
      const p = shift({ lon, lat }, ring * 180 * Math.sin(a), ring * 180 * Math.cos(a));
      const others = [shift(p, 20, 0), shift(p, 0, 250), shift(p, 250, 0)];
      if (!inside(p) || !others.every(inside)) continue;
      const near = await get<Nearby>(`/api/cases/nearby?lon=${p.lon}&lat=${p.lat}&radius=80&include=closed`);
      if (near.items.length === 0) return { start: p, elsewhere: elsewhere(fc.features) };
    }
  }
  throw new Error('no clear starting point in the town');
}

function elsewhere(features: DivisionFeature[]) {
  for (const v of features) {
    const c = v.properties.centroid;
    if (v.properties.level !== 'village' || v.properties.parentCode === TOWN || !c) continue;
    const p = { lon: c[0], lat: c[1] };
    if (inDivision(p, v)) return p;
  }
  throw new Error('no village outside the town');
}

function phone(start: { lon: number; lat: number }): Promise<{ context: BrowserContext; page: Page }> {
  return phonePage(browser, [start.lon, start.lat], { width: 390, height: 844 });
}

async function photoFile(name: string, at: { lon: number; lat: number }, seed: number): Promise<string> {
  const file = path.join(SHOTS, name);
  fs.writeFileSync(file, await jpegWithExif({ lon: at.lon, lat: at.lat, at: new Date(), seed, width: 1024, height: 768 }));
  return file;
}

async function shot(page: Page, name: string, docs?: string) {
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file });
  // the documented screenshots are refreshed only by `npm run docs:screenshots` (WWJ_UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean
  if (docs && process.env.WWJ_UPDATE_SCREENSHOTS) fs.copyFileSync(file, path.join(DOCS_SHOTS, docs));
}

/** Polls `check` until it holds (the test runs with Node's types only: no DOM code in page functions). */
async function until(what: string, check: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const queueRows = (page: Page, state?: string) => page.locator(state ? `[data-testid=queue-item][data-state=${state}]` : '[data-testid=queue-item]');

async function openMine(page: Page) {
  await page.getByTestId('tab-mine').click();
  await page.getByTestId('queue').waitFor({ state: 'attached' });
}

test('an inspector reports, is warned of the duplicate, and reports offline exactly once', async () => {
  const get = await apiAs(inspector);
  const mineBefore = await get<{ total: number }>('/api/cases?reportedBy=me&limit=1');
  const { start, elsewhere: away } = await places(get);
  const { context, page } = await phone(start);

  // log in; the service worker takes control; the map and the GPS fix show
  await page.goto(`${base}/m/`);
  await page.fill('#username', inspector);
  await page.fill('#password', PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('gps-accuracy').filter({ hasText: 'GPS ±8 米' }).waitFor({ timeout: 30_000 });
  await serviceWorkerControls(page, 30_000);
  await page.locator('[data-testid=patrol-map] canvas').first().waitFor({ timeout: 30_000 });
  await page
    .getByTestId('nearby-count')
    .filter({ hasText: /周边 500 米 · \d+ 处案件/ })
    .waitFor();
  await shot(page, 'home-start.png');

  // a: report online → sent, and listed in 我的上报
  await page.getByTestId('report-photo-input').setInputFiles(await photoFile('first.jpg', start, 11));
  await page.getByTestId('no-duplicate').waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: '房屋' }).click();
  await page.getByPlaceholder(/补充说明/).fill('新建砖房');
  await page.getByTestId('submit-report').click();
  await openMine(page);
  const first = queueRows(page).first();
  await page.locator('[data-testid=queue-item][data-state=sent]').first().waitFor({ timeout: 30_000 });
  assert.equal(await first.getAttribute('data-state'), 'sent');
  const firstCaseId = (await first.getAttribute('data-case-id'))!;
  const firstCaseNo = (await first.innerText()).match(/PH-\d{4}-\d{6}/)?.[0];
  assert.ok(firstCaseNo, 'the sent row shows the case number');
  await page.locator('[data-testid=my-case]', { hasText: firstCaseNo }).waitFor({ timeout: 15_000 });

  // b: 20 m further on, a second report: the first case is shown before anything is sent
  const moved = shift(start, 20, 0);
  await context.setGeolocation({ longitude: moved.lon, latitude: moved.lat, accuracy: 8 });
  await page.getByRole('button', { name: '巡查地图' }).click();
  await page.getByTestId('report-photo-input').setInputFiles(await photoFile('second.jpg', moved, 12));
  const warning = page.getByTestId('duplicate-warning');
  await warning.waitFor({ timeout: 15_000 });
  const dup = warning.getByTestId('duplicate-item').filter({ hasText: firstCaseNo });
  await dup.waitFor();
  const dupText = await dup.innerText();
  const metres = Number(dupText.match(/相距 (\d+) 米/)?.[1]);
  assert.ok(metres >= 15 && metres <= 25, `distance shown: ${dupText}`);
  await shot(page, 'duplicate.png', '11-patrol-duplicate.png');
  // 就是这一处: the photo goes to the first case instead of a new case
  await dup.getByRole('button', { name: '就是这一处' }).click();
  await openMine(page);
  await until('two rows sent', async () => (await queueRows(page, 'sent').count()) === 2, 30_000);
  const firstCase = await get<{ photos: unknown[]; clientId?: string }>(`/api/cases/${firstCaseId}`);
  assert.equal(firstCase.photos.length, 2, 'the second photo was added to the first case');

  // c: no signal; the app still opens on reload (from the service worker), and two reports wait on the phone
  await context.setOffline(true);
  const reload = await page.reload();
  assert.ok(reload?.fromServiceWorker(), 'the offline reload is answered by the service worker');
  await page.getByTestId('net-state').filter({ hasText: '离线' }).waitFor({ timeout: 15_000 });
  const offlinePoints = [shift(start, 0, 250), shift(start, 250, 0)];
  for (const [i, p] of offlinePoints.entries()) {
    await context.setGeolocation({ longitude: p.lon, latitude: p.lat, accuracy: 12 });
    await page.getByRole('button', { name: '巡查地图' }).click();
    await page.getByTestId('report-photo-input').setInputFiles(await photoFile(`offline-${i}.jpg`, p, 20 + i));
    await page.getByText('当前离线，无法查询附近已有案件').waitFor();
    await page.getByTestId('submit-report').click();
    await page.getByRole('dialog', { name: '上报违建' }).waitFor({ state: 'detached' });
  }
  await openMine(page);
  await until('two rows queued', async () => (await queueRows(page, 'queued').count()) === 2);
  // still there after another offline reload: the queue lives in IndexedDB with its photos
  await page.reload();
  await openMine(page);
  await until('two rows queued', async () => (await queueRows(page, 'queued').count()) === 2);
  const offlineIds = await queueRows(page, 'queued').evaluateAll((els) => els.map((e) => e.getAttribute('data-client-id')!));
  await shot(page, 'queue.png', '12-patrol-queue.png');

  // signal again: the first send reaches the server but its answer is lost; the resend (same clientId) must not make a second case
  let lost = 0;
  await page.route('**/api/cases', async (route) => {
    if (route.request().method() !== 'POST' || lost > 0) return route.fallback();
    lost++;
    const answer = await route.fetch();
    assert.equal(answer.status(), 201, 'the server made the case');
    await route.abort('connectionreset');
  });
  await context.setOffline(false);
  const states = () => Promise.all(offlineIds.map((id) => page.locator(`[data-testid=queue-item][data-client-id="${id}"]`).getAttribute('data-state')));
  await until('both offline reports sent', async () => (await states()).every((st) => st === 'sent'), 90_000);
  assert.equal(lost, 1, 'one answer was lost on the way');
  await shot(page, 'synced.png', '13-patrol-synced.png');

  // d: the server holds exactly the three new reports, once each
  const offlineCaseIds = await Promise.all(offlineIds.map((id) => page.locator(`[data-testid=queue-item][data-client-id="${id}"]`).getAttribute('data-case-id')));
  const mine = await get<{ total: number; items: { id: string; caseNo: string }[] }>('/api/cases?reportedBy=me&sort=found_at&order=desc&limit=50');
  assert.equal(mine.total, mineBefore.total + 3, 'three new cases for this inspector');
  const newest = new Set(mine.items.slice(0, 3).map((c) => c.id));
  assert.deepEqual(newest, new Set([firstCaseId, ...offlineCaseIds]), 'the three newest are the first report and the two offline ones');
  const offlineCases = await Promise.all(offlineCaseIds.map((id) => get<{ photos: unknown[]; lon: number; lat: number }>(`/api/cases/${id}`)));
  for (const c of offlineCases) assert.equal(c.photos.length, 1, 'each offline report came with its photo');
  const near = (c: { lon: number; lat: number }, p: { lon: number; lat: number }) => Math.abs(c.lon - p.lon) < 1e-5 && Math.abs(c.lat - p.lat) < 1e-5;
  assert.deepEqual(
    offlinePoints.map((p) => offlineCases.filter((c) => near(c, p)).length),
    [1, 1],
    'one case at each place reported offline',
  );

  // the map around me now shows the new cases; tapping one in the list opens its sheet with photos
  await page.getByRole('button', { name: '巡查地图' }).click();
  await page
    .getByTestId('nearby-count')
    .filter({ hasText: /· ([3-9]|\d\d+) 处案件/ })
    .waitFor({ timeout: 15_000 });
  await page.waitForTimeout(1000); // let the map draw the boundaries and points
  await shot(page, 'home.png', '10-patrol-home.png');
  await page.getByTestId('nearby-count').click();
  await page.locator('.around-item', { hasText: firstCaseNo }).click();
  const sheet = page.getByTestId('case-sheet');
  await sheet.getByText(firstCaseNo).waitFor();
  await until('both photos of the first case in its sheet', async () => (await sheet.locator('.thumb-link').count()) === 2);
  await page.waitForTimeout(500);
  await shot(page, 'case.png', '14-patrol-case.png');
  await sheet.getByRole('button', { name: '关闭' }).click();

  // a report the server refuses (outside the inspector's town) fails with the server's message and can be retried
  await context.setGeolocation({ longitude: away.lon, latitude: away.lat, accuracy: 10 });
  await page.getByTestId('report-photo-input').setInputFiles(await photoFile('outside.jpg', away, 30));
  await page.getByTestId('no-duplicate').waitFor({ timeout: 15_000 });
  await page.getByTestId('submit-report').click();
  await openMine(page);
  const refused = queueRows(page, 'failed');
  await refused.waitFor({ timeout: 15_000 });
  assert.match(await refused.innerText(), /不在您的管辖范围内/);
  assert.equal(await page.locator('.topbar').getByText('1 条失败').count(), 1);
  await shot(page, 'failed.png');
  const refusedRow = page.locator(`[data-testid=queue-item][data-client-id="${await refused.getAttribute('data-client-id')}"]`);
  assert.equal(await refusedRow.getAttribute('data-attempts'), '1');
  await refusedRow.getByRole('button', { name: '重试' }).click();
  await until(
    'the retried report is refused again',
    async () => (await refusedRow.getAttribute('data-attempts')) === '2' && (await refusedRow.getAttribute('data-state')) === 'failed',
  );
  assert.equal((await get<{ total: number }>('/api/cases?reportedBy=me&limit=1')).total, mineBefore.total + 3, 'the refused report made no case');
  await context.close();
});
