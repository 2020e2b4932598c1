import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TMP } from '../support/env.js';
import { jpegWithExif } from '../support/images.js';
import { apiAs, launchChromium, quietPlace, startServer, type RunningServer, serviceWorkerControls, until, phonePage, signInPatrol } from '../support/server.js';

// The patrol app (/m/) on a small phone (360×740), as an inspector uses it: the map opens with the whole
// 500 m circle around the inspector on the screen (issue 19: it was wider than the screen), and a photo
// added offline to a report still waiting on the phone says where it went once the report is sent
// (issue 19: it still said 补充到本机待发送的上报); and the cases around are drawn before the map library has
// arrived, where the map then shows them (issue 24).
const PASSWORD = 'patrol-phone-pass';
const TOWN = '330482102'; // 新埭镇, the demo inspector's town
const SHOTS = path.join(TMP, 'shots-patrol-phone');
let srv: RunningServer;
let browser: Browser;
let inspector: string;

before(async () => {
  srv = await startServer({ demoCases: 60, password: PASSWORD, env: { MAP_TILE_URL: '' } });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
  const row = fs
    .readFileSync(path.join(srv.dataDir, 'demo-accounts.txt'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .find((c) => c[0] === 'inspector');
  assert.ok(row, 'demo-accounts.txt names an inspector');
  inspector = row[1];
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function phone(at: [number, number], before?: (page: Page) => Promise<unknown>): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await phonePage(browser, at);
  page.setDefaultTimeout(30_000);
  await before?.(page);
  await signInPatrol(page, srv.base, inspector, PASSWORD);
  if (!before) await page.locator('[data-testid=patrol-map] canvas').first().waitFor();
  return { context, page };
}

test('at 360×740 the map opens with the whole 500 m circle on the screen, clear of the buttons, and 回到我的位置 brings it back', async () => {
  const api = await apiAs(srv.base, inspector, PASSWORD);
  const { context, page } = await phone(await quietPlace(api, TOWN));
  // the circle's box in screen pixels, the map's size, and the boxes of the buttons over the map
  const circleBox = () =>
    page.evaluate(`(() => {
      const el = document.querySelector('[data-testid=patrol-map]');
      const map = el.olMap;
      const ring = map.getLayers().getArray().find((l) => l.get('name') === 'me').getSource().getFeatureById('around');
      if (!ring) return null;
      const [x0, y0, x1, y1] = ring.getGeometry().getExtent();
      const a = map.getPixelFromCoordinate([x0, y1]);
      const b = map.getPixelFromCoordinate([x1, y0]);
      const r = el.getBoundingClientRect();
      const box = (sel) => { const e = document.querySelector(sel).getBoundingClientRect(); return { top: e.top - r.top, bottom: e.bottom - r.top }; };
      return { left: a[0], top: a[1], right: b[0], bottom: b[1], width: r.width, height: r.height, gps: box('[data-testid=gps-accuracy]'), chip: box('[data-testid=nearby-count]') };
    })()`) as Promise<{ left: number; top: number; right: number; bottom: number; width: number; height: number; gps: { bottom: number }; chip: { top: number } } | null>;
  await until('the circle around me is drawn', async () => (await circleBox()) !== null);
  await page.waitForTimeout(300); // the fit is immediate; let a frame pass
  const fits = (c: NonNullable<Awaited<ReturnType<typeof circleBox>>>) =>
    c.left >= 0 && c.right <= c.width && c.top >= c.gps.bottom && c.bottom <= c.chip.top && c.right - c.left >= 0.8 * c.width;
  const first = (await circleBox())!;
  assert.ok(fits(first), `the circle fills the width and stays inside the screen, clear of the chips: ${JSON.stringify(first)}`);
  await page.screenshot({ path: path.join(SHOTS, 'circle-360.png') });

  // zoomed out far and moved away, 回到我的位置 brings the whole circle back
  await page.evaluate(
    `(() => { const v = document.querySelector('[data-testid=patrol-map]').olMap.getView(); v.setZoom(11); v.setCenter([v.getCenter()[0] + 20000, v.getCenter()[1]]); })()`,
  );
  await page.getByRole('button', { name: '回到我的位置' }).click();
  await page.waitForTimeout(800); // the move is animated (300 ms)
  const back = (await circleBox())!;
  assert.ok(fits(back), `after 回到我的位置: ${JSON.stringify(back)}`);
  await context.close();
});

test('a photo added offline to a report waiting on the phone names the case once the report is sent', async () => {
  const api = await apiAs(srv.base, inspector, PASSWORD);
  const at = await quietPlace(api, TOWN);
  const { context, page } = await phone(at);
  await serviceWorkerControls(page, 60_000);
  const photo = async (name: string, seed: number) => {
    const file = path.join(SHOTS, name);
    fs.writeFileSync(file, await jpegWithExif({ lon: at[0], lat: at[1], at: new Date(), seed, width: 800, height: 600 }));
    return file;
  };

  // no signal: a report, then a second photo of the same place added to it (it is the phone's own report)
  await context.setOffline(true);
  await page.getByTestId('net-state').filter({ hasText: '离线' }).waitFor();
  await page.getByTestId('report-photo-input').setInputFiles(await photo('report.jpg', 41));
  await page.getByText('当前离线，无法查询附近已有案件').waitFor();
  await page.getByTestId('submit-report').click();
  await page.getByRole('dialog', { name: '上报违建' }).waitFor({ state: 'detached' });
  await page.getByTestId('report-photo-input').setInputFiles(await photo('more.jpg', 42));
  const mine = page.getByTestId('duplicate-warning').getByTestId('duplicate-item');
  await mine.waitFor();
  await mine.getByRole('button', { name: '就是这一处' }).click();
  await page.getByRole('status').filter({ hasText: '照片将补充到本机待发送的上报' }).waitFor();

  await page.getByTestId('tab-mine').click();
  const rows = page.locator('[data-testid=queue-item]');
  await until('two rows queued', async () => (await page.locator('[data-testid=queue-item][data-state=queued]').count()) === 2);
  const added = rows.filter({ hasText: '补充整改前照片' });
  assert.match(await added.innerText(), /补充到本机待发送的上报/, 'while the report waits, the photo says so');
  await page.screenshot({ path: path.join(SHOTS, 'queued-photo-offline.png') });

  // the signal returns: the report and then its photo are sent; the photo's row names the new case
  await context.setOffline(false);
  await until('both rows sent', async () => (await page.locator('[data-testid=queue-item][data-state=sent]').count()) === 2, 90_000);
  const report = rows.filter({ hasText: '违建上报' });
  const caseNo = (await report.innerText()).match(/PH-\d{4}-\d{6}/)?.[0];
  assert.ok(caseNo, 'the sent report shows its case number');
  const addedText = await added.innerText();
  assert.match(addedText, new RegExp(`补充整改前照片 → ${caseNo}`), `the photo names the case: ${addedText}`);
  assert.doesNotMatch(addedText, /本机待发送/, 'and no longer says it waits on the phone');
  assert.equal(await page.getByRole('status').filter({ hasText: '本机待发送' }).count(), 0, 'nor does the message shown when it was added');
  const caseId = await report.getAttribute('data-case-id');
  const detail = await api.call('GET', `/api/cases/${caseId}`);
  assert.equal(detail.json.photos.length, 2, 'the case holds the report photo and the one added offline');
  await page.screenshot({ path: path.join(SHOTS, 'queued-photo-synced.png') });
  await context.close();
});

test('before the map library has arrived, the cases around are drawn where the map then shows them', async () => {
  const api = await apiAs(srv.base, inspector, PASSWORD);
  const one = (await api.call('GET', '/api/cases?limit=1')).json.items[0] as { lon: number; lat: number };
  const at: [number, number] = [one.lon, one.lat + 150 / 111_320]; // 150 m north of a case
  const around = (await api.call('GET', `/api/cases/nearby?lon=${at[0]}&lat=${at[1]}&radius=500`)).json.items as { id: string }[];
  assert.ok(around.length >= 1, 'cases around the place');
  // the map chunk is held back until the points have been seen without it
  let release!: () => void;
  const held = new Promise<void>((ok) => {
    release = ok;
  });
  const { context, page } = await phone(at, (p) =>
    p.route('**/m/assets/PatrolMap-*.js', async (route) => {
      await held;
      await route.continue();
    }),
  );
  const points = page.getByTestId('preview-point');
  await until('the points drawn without the map library', async () => (await points.count()) === around.length);
  assert.equal(await page.locator('[data-testid=patrol-map]').count(), 0, 'the map library is not there yet');
  const centres = async () =>
    (await points.evaluateAll((els) => els.map((e) => [Number(e.getAttribute('cx')), Number(e.getAttribute('cy'))]))).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const drawn = await centres();
  await page.screenshot({ path: path.join(SHOTS, 'points-before-map.png') });

  release();
  await page.locator('[data-testid=patrol-map] canvas').first().waitFor();
  await page.waitForTimeout(300);
  const onMap = (
    (await page.evaluate(`(() => {
    const map = document.querySelector('[data-testid=patrol-map]').olMap;
    const layer = map.getLayers().getArray().find((l) => l.get('name') === 'cases');
    return layer.getSource().getFeatures().map((f) => map.getPixelFromCoordinate(f.getGeometry().getCoordinates()));
  })()`)) as number[][]
  ).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  assert.equal(onMap.length, drawn.length, 'the map shows the same cases');
  for (const [i, p] of onMap.entries()) assert.ok(Math.abs(p[0] - drawn[i][0]) < 2 && Math.abs(p[1] - drawn[i][1]) < 2, `point ${i}: drawn at ${drawn[i]}, on the map at ${p}`);
  await page.screenshot({ path: path.join(SHOTS, 'points-on-map.png') });
  await context.close();
});

test('已上报 lists my reports of every kind, each named by its kind: a waterlogging point beside an illegal building', async () => {
  const api = await apiAs(srv.base, inspector, PASSWORD);
  const at = await quietPlace(api, TOWN);
  // a waterlogging point away from the demo's closed points (a report within 30 m of one reopens it)
  let wet: [number, number] = [at[0] + 0.004, at[1]];
  for (let i = 0; i < 20; i++) {
    const near = await api.call('GET', `/api/cases?kind=waterlogging&bbox=${wet[0] - 0.001},${wet[1] - 0.001},${wet[0] + 0.001},${wet[1] + 0.001}`);
    if (near.json.total === 0) break;
    wet = [wet[0] + 0.002, wet[1]];
  }
  const report = async (place: [number, number], fields: Record<string, string>, seed: number) => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ clientId: crypto.randomUUID(), lon: String(place[0]), lat: String(place[1]), accuracy: '6', ...fields })) form.append(k, v);
    const img = await jpegWithExif({ lon: place[0], lat: place[1], at: new Date(Date.now() - 60_000), seed });
    form.append('photo', new Blob([new Uint8Array(img)], { type: 'image/jpeg' }), 'p.jpg');
    const r = await api.call('POST', '/api/cases', undefined, form);
    assert.equal(r.status, 201, JSON.stringify(r.json));
    return r.json as { id: string; caseNo: string };
  };
  const point = await report(wet, { kind: 'waterlogging', depthCm: '30', category: 'road' }, 91);
  const building = await report(at, { category: 'building', note: '新搭彩钢棚' }, 92);
  assert.match(point.caseNo, /^JS-/);

  const { context, page } = await phone(at);
  await page.getByTestId('tab-mine').click();
  const row = (caseNo: string) => page.getByTestId('my-case').filter({ hasText: caseNo });
  await row(point.caseNo).waitFor();
  assert.equal(await row(point.caseNo).getByTestId('my-case-kind').innerText(), '积水点');
  assert.equal(await row(building.caseNo).getByTestId('my-case-kind').innerText(), '违法建筑');
  // the count is every kind's: the server's totals of this inspector's reports added up
  const totals = await Promise.all(
    ['violation', 'waterlogging', 'campaign_item'].map(async (k) => (await api.call('GET', `/api/cases?reportedBy=me&kind=${k}&limit=1`)).json.total as number),
  );
  await page.getByText(`已上报（共 ${totals.reduce((a, b) => a + b, 0)} 件）`).waitFor();
  // newest first: the building was reported after the point
  const order = await page.getByTestId('my-case').allInnerTexts();
  assert.ok(order.findIndex((t) => t.includes(building.caseNo)) < order.findIndex((t) => t.includes(point.caseNo)), 'newest first across kinds');
  await page.screenshot({ path: path.join(SHOTS, 'mine-every-kind.png') });
  await context.close();
});
