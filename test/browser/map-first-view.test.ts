import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Request } from 'playwright-core';
import { TMP } from '../support/env.js';
import { apiAs, launchChromium, loginPage, quietPlace, startServer, type RunningServer, type WatchedPage } from '../support/server.js';

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

/** Evaluates an expression (a string: see mapView) until it gives something truthy (waitForFunction would eval it, which the page's CSP forbids). */
async function until<T>(page: WatchedPage, expr: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = (await page.evaluate(expr)) as T;
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${expr.slice(0, 300)}`);
    await page.waitForTimeout(100);
  }
}

const mercator = (lon: number, lat: number) => [(lon * 20037508.34) / 180, (Math.log(Math.tan(((90 + lat) * Math.PI) / 360)) / (Math.PI / 180)) * (20037508.34 / 180)];
/** Moves the map (a string: see mapView). */
const moveTo = (page: WatchedPage, lon: number, lat: number, zoom: number) =>
  page.evaluate(`(() => {
    const view = document.querySelector('[data-testid=city-map]').olMap.getView();
    view.setCenter(${JSON.stringify(mercator(lon, lat))});
    view.setZoom(${zoom});
  })()`);
/** The page pixel of a place on the map. */
const pixelOf = async (page: WatchedPage, lon: number, lat: number) =>
  (await page.evaluate(`(() => {
    const el = document.querySelector('[data-testid=city-map]');
    const r = el.getBoundingClientRect();
    const p = el.olMap.getPixelFromCoordinate(${JSON.stringify(mercator(lon, lat))});
    return [r.left + p[0], r.top + p[1]];
  })()`)) as [number, number];

test('zoomed in, the cases come from vector tiles with the filters and the session cookie; a case on a tile opens its card; a change patch shows its code, batch and status', async () => {
  const page = await loginPage(browser, srv, 'city');
  const api = await apiAs(srv.base, 'city', PASSWORD);
  const reqs = watchRequests(page);
  const tiles: { url: URL; cookie: string; status: number }[] = [];
  page.on('requestfinished', (r) => {
    const url = new URL(r.url());
    if (!url.pathname.startsWith('/tiles/')) return;
    // a tile that finishes as the page closes has no headers left to read: it is not counted (and not an error)
    Promise.all([r.response(), r.allHeaders()]).then(
      ([res, headers]) => tiles.push({ url, cookie: headers.cookie ?? '', status: res?.status() ?? 0 }),
      () => undefined,
    );
  });
  const tilesOf = (layer: string) => tiles.filter((t) => t.url.pathname.startsWith(`/tiles/${layer}/`));
  // a batch of one change patch (a 60 m square at a quiet place in 新埭镇), imported before the map opens
  const [plon, plat] = await quietPlace(api, '330482102');
  const dLon = 30 / (111_320 * Math.cos((plat * Math.PI) / 180));
  const dLat = 30 / 110_540;
  const ring = [
    [plon - dLon, plat - dLat],
    [plon + dLon, plat - dLat],
    [plon + dLon, plat + dLat],
    [plon - dLon, plat + dLat],
    [plon - dLon, plat - dLat],
  ];
  const batchNo = `地图测试批次-${Date.now()}`;
  const form = new FormData();
  for (const [k, v] of Object.entries({ batchNo, source: 'drone', detectedOn: '2026-11-20', dueOn: '2099-12-31' })) form.append(k, v);
  const geojson = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'TBMAP01' }, geometry: { type: 'Polygon', coordinates: [ring] } }] };
  form.append('file', new Blob([JSON.stringify(geojson)], { type: 'application/geo+json' }), 'patches.geojson');
  const imported = await api.call('POST', '/api/patches/batches', undefined, form);
  assert.ok(imported.status === 200 && imported.json.applied, JSON.stringify(imported.json));
  await page.goto(`${srv.base}/map?status=reported,verified&layers=patches`);
  await page.getByTestId('map-count').filter({ hasText: /\d/ }).waitFor();
  // the boundaries of the jurisdiction and the patches come from tiles from the start
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/tiles/divisions/')));
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/tiles/patches/')));
  const viewsBefore = reqs.views().length;
  assert.equal(tilesOf('cases').length, 0, 'no case tiles at the city view (clusters or points there)');

  // zoom in at a case of the filter: its tiles are asked for with the filters and the cookie
  const c = (await api.call('GET', '/api/cases?status=reported,verified&limit=1&sort=case_no')).json.items[0] as { id: string; caseNo: string; lon: number; lat: number };
  await moveTo(page, c.lon, c.lat, 16);
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/tiles/cases/')));
  await until(
    page,
    `(() => {
    const map = document.querySelector('[data-testid=city-map]').olMap;
    const layer = map.getLayers().getArray().find((l) => l.get('name') === 'case-tiles');
    return layer.getFeaturesInExtent(map.getView().calculateExtent(map.getSize())).some((f) => f.get('id') === ${JSON.stringify(c.id)});
  })()`,
  );
  const caseTiles = tilesOf('cases');
  assert.ok(caseTiles.length >= 1, 'case tiles asked for');
  for (const tl of caseTiles) {
    assert.equal(tl.url.searchParams.get('status'), 'reported,verified', `the filter goes with the tile: ${tl.url.search}`);
    assert.match(tl.cookie, /=/, 'the session cookie goes with the tile');
    assert.ok(tl.status === 200 || tl.status === 304, `tile ${tl.url.pathname}: ${tl.status}`);
  }
  assert.equal(reqs.views().length, viewsBefore, 'no /api/cases/map for a view at the tile zoom');
  // the same tile is there for this user by token too
  const one = caseTiles[0].url;
  assert.equal((await api.call('GET', `${one.pathname}${one.search}`)).status, 200);
  await page.waitForTimeout(300); // the render after the tile's features (no event for it)
  await page.screenshot({ path: path.join(SHOTS, 'map-tiles-zoomed.png') });
  const [x, y] = await pixelOf(page, c.lon, c.lat);
  await page.mouse.click(x, y);
  await page.getByTestId('map-case-card').filter({ hasText: c.caseNo }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'map-tiles-case-card.png') });
  await page.getByTestId('map-case-card').getByRole('button', { name: /关闭/ }).click();

  // a change patch: a place inside one where no case point lies; its popup names its code, batch and status
  await moveTo(page, plon, plat, 18);
  const spot = await until<[number, number]>(
    page,
    `(() => {
      const el = document.querySelector('[data-testid=city-map]');
      const map = el.olMap;
      const layers = map.getLayers().getArray();
      const patches = layers.find((l) => l.get('name') === 'patches');
      const cases = new Set(layers.filter((l) => ['cases', 'case-tiles', 'clusters'].includes(l.get('name'))));
      const [w, h] = map.getSize();
      for (let dy = -120; dy <= 120; dy += 8)
        for (let dx = -120; dx <= 120; dx += 8) {
          const px = [w / 2 + dx, h / 2 + dy];
          const hit = map.getFeaturesAtPixel(px, { layerFilter: (l) => l === patches, hitTolerance: 0 });
          if (!hit.some((f) => f.get('code') === 'TBMAP01')) continue;
          if (map.getFeaturesAtPixel(px, { layerFilter: (l) => cases.has(l), hitTolerance: 8 }).length) continue;
          const r = el.getBoundingClientRect();
          return [r.left + px[0], r.top + px[1]];
        }
      return null;
    })()`,
  );
  await page.mouse.click(spot[0], spot[1]);
  const popup = page.getByTestId('patch-popup');
  await popup.waitFor();
  assert.equal(await popup.getByTestId('patch-code').innerText(), 'TBMAP01');
  assert.equal(await popup.getByTestId('patch-batch').innerText(), batchNo);
  assert.match(await popup.getByTestId('patch-status').innerText(), /^(待核查|待审核)$/);
  await page.screenshot({ path: path.join(SHOTS, 'map-tiles-patch-popup.png') });
  assert.ok(tilesOf('patches').every((t) => t.status === 200 || t.status === 304));
  assert.ok(tilesOf('divisions').every((t) => t.status === 200 || t.status === 304));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the 积水点 layer: off by default, on it asks the case tiles for kind=waterlogging', async () => {
  const page = await loginPage(browser, srv, 'city');
  const kinds: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/tiles/cases/')) kinds.push(url.searchParams.get('kind') ?? '');
  });
  await page.goto(`${srv.base}/map`);
  await page.getByTestId('map-count').filter({ hasText: /\d/ }).waitFor();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/tiles/divisions/')));
  assert.ok(!kinds.includes('waterlogging'), 'off by default');
  await page.getByRole('checkbox', { name: '积水点' }).click();
  await page.waitForURL(/layers=waterlogging/);
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('kind=waterlogging')));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, 'map-waterlogging-layer.png') });
  assert.deepEqual(page.problems, []);
  await page.close();
});
