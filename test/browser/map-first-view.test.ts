import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Request } from 'playwright-core';
import { TMP } from '../support/env.js';
import { apiAs, launchChromium, loginPage, startServer, type RunningServer, type WatchedPage } from '../support/server.js';

// The map's first screen: the cases of the fitted view are asked for once, as soon as the map has fitted
// the boundaries (from their GeoJSON, before OpenLayers has built them), without the legend; the legend
// comes apart once that answer is there, and again only when the filters change. What the map shows is
// what the API says for the view the map really has.
const PASSWORD = 'browser-map-pass';
const SHOTS = path.join(TMP, 'shots-test');
let srv: RunningServer;
let browser: Browser;

before(async () => {
  srv = await startServer({ demoCases: 120, password: PASSWORD });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

interface Seen {
  url: URL;
  at: number;
  done: number | null;
}

/** The map's case requests of a page, with when they were sent and answered. */
function watchRequests(page: WatchedPage) {
  const seen: Seen[] = [];
  const byReq = new Map<Request, Seen>();
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!url.pathname.startsWith('/api/cases/map')) return;
    const s = { url, at: performance.now(), done: null };
    seen.push(s);
    byReq.set(r, s);
  });
  page.on('requestfinished', (r) => {
    const s = byReq.get(r);
    if (s) s.done = performance.now();
  });
  return {
    views: () => seen.filter((s) => s.url.pathname === '/api/cases/map'),
    legends: () => seen.filter((s) => s.url.pathname === '/api/cases/map/legend'),
  };
}

/** The map's view as the page would ask for it: minLon,minLat,maxLon,maxLat (5 decimals) and the zoom (2). */
async function mapView(page: WatchedPage) {
  // a string: the test's compiler would add helpers to a function that the page does not have
  const [e, zoom] = (await page.evaluate(`(() => {
    const map = document.querySelector('[data-testid=city-map]').olMap;
    return [map.getView().calculateExtent(map.getSize()), map.getView().getZoom()];
  })()`)) as [number[], number];
  const lon = (x: number) => (x / 6378137) * (180 / Math.PI);
  const lat = (y: number) => (Math.atan(Math.exp(y / 6378137)) * 2 - Math.PI / 2) * (180 / Math.PI);
  return { view: [lon(e[0]), lat(e[1]), lon(e[2]), lat(e[3])].map((v) => v.toFixed(5)).join(','), zoom: zoom.toFixed(2) };
}

const legendCounts = async (page: WatchedPage) =>
  Object.fromEntries(
    await Promise.all(
      (await page.locator('[data-testid=map-legend] .map-legend-row:has(.count)').all()).map(async (r) => [
        await r.locator('span:nth-of-type(2)').innerText(),
        await r.locator('.count').innerText(),
      ]),
    ),
  ) as Record<string, string>;

test('the city office: one request for the fitted view (no legend), then the legend; they agree with the API', async () => {
  const page = await loginPage(browser, srv, 'city');
  const api = await apiAs(srv.base, 'city', PASSWORD);
  const reqs = watchRequests(page);
  await page.goto(`${srv.base}/map`);
  const all = (await api.call('GET', '/api/cases/map/legend')).json as { total: number; byStatus: Record<string, number> };
  assert.ok(all.total > 100, `the demo city has cases: ${all.total}`);
  await page.getByTestId('map-count').filter({ hasText: all.total.toLocaleString() }).waitFor();
  await page.waitForTimeout(1500); // a second request, if any, would come now

  const views = reqs.views();
  assert.equal(views.length, 1, `one view request: ${views.map((v) => v.url.search).join(' | ')}`);
  const first = views[0].url.searchParams;
  assert.equal(first.get('legend'), 'false', 'the view is asked for without the legend');
  // the view asked for is the view the map has (the fit computed from the GeoJSON is OpenLayers' fit)
  assert.deepEqual({ view: first.get('view'), zoom: first.get('zoom') }, await mapView(page));
  const legends = reqs.legends();
  assert.equal(legends.length, 1, 'one legend request');
  assert.ok(views[0].done !== null && legends[0].at >= views[0].done, 'the legend is asked for once the view has come');

  // what the map shows is what the API answers for that view and the whole selection
  const api1 = (await api.call('GET', `/api/cases/map?view=${first.get('view')}&zoom=${first.get('zoom')}`)).json;
  const counts = await legendCounts(page);
  for (const [label, n] of Object.entries(counts)) assert.notEqual(n, '–', `${label} counted`);
  const shownTotal = Object.values(counts).reduce((a, n) => a + Number(n.replace(/,/g, '')), 0);
  assert.equal(shownTotal, api1.total, 'the legend rows add up to the selection');
  assert.match(await page.getByTestId('map-count').innerText(), new RegExp(api1.total.toLocaleString()));
  const drawn = await page.evaluate(`(() => {
    const layers = document.querySelector('[data-testid=city-map]').olMap.getLayers().getArray();
    const count = (name) => layers.find((l) => l.get('name') === name).getSource().getFeatures().length;
    return { clusters: count('clusters'), points: count('cases') };
  })()`);
  assert.deepEqual(drawn, { clusters: api1.clusters.length, points: api1.points.length }, `the map holds the API's ${api1.mode}`);
  await page.screenshot({ path: path.join(SHOTS, 'map-first-view.png') });

  // a zoom asks for the new view only; the legend stays
  await page.locator('.ol-zoom-in').click();
  await page.waitForFunction((n) => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/cases/map?')).length > n, 1);
  await page.waitForTimeout(1000);
  assert.equal(reqs.views().length, 2, 'the zoom asked for its view');
  assert.equal(reqs.views()[1].url.searchParams.get('legend'), 'false');
  assert.equal(reqs.legends().length, 1, 'no legend for a move of the map');

  // a filter (a status switched off in the legend) asks for both
  const closedRow = page.locator('[data-testid=map-legend] .map-legend-row').filter({ hasText: '已销号' });
  await closedRow.click();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/api/cases/map/legend?status=')));
  const filtered = (await api.call('GET', `/api/cases/map/legend?status=${new URL(page.url()).searchParams.get('status')}`)).json as { total: number };
  await page
    .getByTestId('map-count')
    .filter({ hasText: new RegExp(`\\b${filtered.total.toLocaleString()}\\b`) })
    .waitFor();
  assert.equal((await legendCounts(page))['已销号'], '–', 'the switched-off status is not counted');
  assert.equal(reqs.legends().length, 2, 'one legend for the new filter');
  assert.ok(filtered.total < all.total, 'closed cases left out');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a town officer: the first view is the fit to the own town, asked for once', async () => {
  const page = await loginPage(browser, srv, 'officer');
  const reqs = watchRequests(page);
  await page.goto(`${srv.base}/map`);
  await page.getByTestId('map-count').filter({ hasText: /\d/ }).waitFor();
  await page.waitForTimeout(1500);
  const views = reqs.views();
  assert.ok(views.length >= 1, 'the view was asked for');
  const last = views[views.length - 1].url.searchParams;
  assert.deepEqual({ view: last.get('view'), zoom: last.get('zoom') }, await mapView(page), 'the last request is for the view the map has');
  // the fit to one town is closer than the fit to the city
  assert.ok(Number(last.get('zoom')) > 11, `zoomed to the town: ${last.get('zoom')}`);
  assert.equal(reqs.legends().length, 1, 'one legend');
  assert.deepEqual(page.problems, []);
  await page.close();
});
