import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { ROOT, TMP } from '../support/env.js';
import { apiAs, chinaMonthBefore, launchChromium, runIndex, startServer, type RunningServer, loginPage } from '../support/server.js';

// The command centre as each role uses it: the real server with a small demo city, Debian's Chromium,
// the built web app. Every page of each role's menu is visited and its content checked against the API;
// the map is checked by its pixels: index colours inside known towns, case points where cases are.
const PASSWORD = 'command-centre-pass';
const SHOTS = path.join(TMP, 'shots-test');
const DOCS_SHOTS = path.join(ROOT, 'docs', 'screenshots');
let srv: RunningServer;
let browser: Browser;
let period: string;

before(async () => {
  srv = await startServer({ demoCases: 200, password: PASSWORD });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
  // a finished index run of last month, so the overview, cockpit and map have colours
  period = chinaMonthBefore(1);
  await runIndex(await apiAs(srv.base, 'city', PASSWORD), period);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const login = (username: string, viewport = { width: 1920, height: 1080 }) => loginPage(browser, srv, username, { viewport, timeoutMs: 30_000 });

async function shot(page: Page, name: string, docs?: string) {
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file });
  // into docs/screenshots only for `npm run docs:screenshots` (a test run leaves the repository as it was)
  if (docs && process.env.WWJ_UPDATE_SCREENSHOTS) fs.copyFileSync(file, path.join(DOCS_SHOTS, docs));
}

// the list's total as a whole number ("共 4 件" must not be taken for "共 34 件" while the filter is still loading)
const caseTotal = (page: Page, n: number) => page.getByTestId('case-total').filter({ hasText: new RegExp(`共\\s*${n.toLocaleString('en-US')}\\s*件`) });
const menuLabels = async (page: Page) => (await page.locator('.app-sider .ant-menu-item').allInnerTexts()).map((s) => s.trim());

/** Each page's content, checked against what the API says to this user. */
const CHECKS: Record<string, (page: Page, api: Awaited<ReturnType<typeof apiAs>>, user: string) => Promise<void>> = {
  总览: async (page, api, user) => {
    const o = (await api.call('GET', '/api/overview')).json;
    await page.getByTestId('tile-stock').waitFor();
    assert.equal((await page.getByTestId('tile-stock').locator('.ant-statistic-content').innerText()).replace(/,/g, ''), String(o.totals.stock.count), `${user}: stock tile`);
    assert.equal((await page.getByTestId('tile-overdue').locator('.ant-statistic-content').innerText()).replace(/,/g, ''), String(o.totals.overdue));
    await page.locator('[data-testid="ov-units"] .ant-table-row').first().waitFor();
    assert.equal(await page.locator('[data-testid="ov-units"] .ant-table-row').count(), o.units.length, `${user}: one row per unit`);
    await page.getByTestId('chart-open').locator('canvas').waitFor();
  },
  我的待办: async (page, api) => {
    await page.getByTestId('todo-page').waitFor();
    const todo = (await api.call('GET', '/api/todo?limit=300')).json;
    if (todo.total > 0) await page.getByText(todo.items[0].caseNo).first().waitFor();
  },
  地图: async (page, api, user) => {
    await page.getByTestId('map-legend').waitFor();
    const total = (await api.call('GET', '/api/cases?limit=1')).json.total;
    await page
      .getByTestId('map-count')
      .filter({ hasText: String(total) })
      .waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('map-legend').innerText(), new RegExp(String(total)), `${user}: legend total`);
  },
  案件列表: async (page, api) => {
    const total = (await api.call('GET', '/api/cases?limit=1')).json.total;
    await caseTotal(page, total).waitFor();
    assert.ok((await page.locator('.ant-table-tbody tr.ant-table-row').count()) > 0, "(await page.locator('.ant-table-tbody tr.ant-table-row').count()) > 0");
  },
  治理指数: async (page, api, user) => {
    await page.locator('.index-side .ant-table-row').first().waitFor({ timeout: 60_000 });
    const towns = user === 'officer' ? 1 : 9;
    assert.equal(await page.locator('.index-side .ant-table-row').count(), towns);
  },
  月度报告: async (page) => {
    await page.getByTestId('report-page').waitFor();
    await page.getByTestId('report-paper').waitFor({ timeout: 60_000 });
  },
  审计监督: async (page) => {
    await page.getByTestId('audit-page').locator('.ant-table-row').first().waitFor();
    await page.getByRole('button', { name: /校验审计链/ }).click();
    assert.match(await page.getByTestId('audit-verdict').innerText(), /审计链完整/);
  },
};

const SLUG: Record<string, string> = { 总览: 'overview', 我的待办: 'todo', 地图: 'map', 案件列表: 'cases', 治理指数: 'index', 月度报告: 'reports', 审计监督: 'audit' };

const ROLES: { user: string; home: string; sees: string[]; notSees: string[] }[] = [
  { user: 'city', home: '/overview', sees: ['总览', '我的待办', '地图', '案件列表', '治理指数', '月度报告'], notSees: ['审计监督'] },
  { user: 'officer', home: '/overview', sees: ['总览', '我的待办', '地图', '案件列表', '治理指数', '月度报告'], notSees: ['审计监督'] },
  { user: 'supervisor', home: '/overview', sees: ['总览', '地图', '案件列表', '治理指数', '月度报告', '审计监督'], notSees: ['我的待办', '账号管理'] },
  // 三员分立: the administrator manages accounts and the calendar, the audit log is the supervisor's
  { user: 'admin', home: '/overview', sees: ['总览', '地图', '案件列表', '治理指数', '账号管理', '工作日历'], notSees: ['我的待办', '审计监督'] },
  { user: 'dept', home: '/todo', sees: ['我的待办', '地图', '案件列表'], notSees: ['总览', '治理指数', '审计监督', '月度报告'] },
  { user: 'inspector', home: '/todo', sees: ['我的待办', '地图', '案件列表'], notSees: ['总览', '治理指数', '审计监督', '月度报告'] },
];

for (const role of ROLES) {
  test(`${role.user}: lands on its home, sees only its menu, and every page shows its content`, async () => {
    const page = await login(role.user);
    const api = await apiAs(srv.base, role.user, PASSWORD);
    assert.equal(new URL(page.url()).pathname, role.home);
    const menu = await menuLabels(page);
    for (const m of role.sees) assert.ok(menu.includes(m), `${role.user} sees ${m}: ${menu.join(',')}`);
    for (const m of role.notSees) assert.ok(!menu.includes(m), `${role.user} does not see ${m}`);
    for (const label of menu) {
      const check = CHECKS[label];
      await page.locator('.app-sider .ant-menu-item').filter({ hasText: label }).click();
      if (!check) continue; // a page added by a later screen has its own test
      await check(page, api, role.user);
      await page.waitForTimeout(500);
      await shot(page, `cc-${role.user}-${SLUG[label]}.png`);
    }
    assert.deepEqual(page.problems, [], 'no page errors');
    await page.close();
  });
}

/** Pixels of a screenshot at the places where the map shows given coordinates (EPSG:3857). */
async function pixelsAt(page: Page, testId: string, lonLats: [number, number][]) {
  const mercator = ([lon, lat]: [number, number]) => [(lon * 20037508.34) / 180, (Math.log(Math.tan(((90 + lat) * Math.PI) / 360)) / (Math.PI / 180)) * (20037508.34 / 180)];
  const xy = await page.evaluate(
    ({ id, coords }) => {
      // runs in the page
      const doc = (globalThis as any).document;
      const el = doc.querySelector(`[data-testid="${id}"]`) as {
        getBoundingClientRect(): { left: number; top: number };
        olMap?: { getPixelFromCoordinate: (c: number[]) => number[] };
      };
      const r = el.getBoundingClientRect();
      return coords.map((c) => {
        const p = el.olMap!.getPixelFromCoordinate(c);
        return [Math.round(r.left + p[0]), Math.round(r.top + p[1])];
      });
    },
    { id: testId, coords: lonLats.map(mercator) },
  );
  const file = path.join(SHOTS, `pixels-${testId}.png`);
  await page.screenshot({ path: file });
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  /** The pixels in a (2r+1)² window around each place. */
  return xy.map(([x, y]) => {
    const out: [number, number, number][] = [];
    for (let dy = -3; dy <= 3; dy++)
      for (let dx = -3; dx <= 3; dx++) {
        const px = x + dx;
        const py = y + dy;
        if (px < 0 || py < 0 || px >= info.width || py >= info.height) continue;
        const i = (py * info.width + px) * 3;
        out.push([data[i], data[i + 1], data[i + 2]]);
      }
    return out;
  });
}
const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
const near = (a: number[], b: number[], tol: number) => a.every((v, i) => Math.abs(v - b[i]) <= tol);

test('the cockpit’s five-colour map shows each town in its index colour; the map shows case points where the cases are', async () => {
  const page = await login('city');
  const api = await apiAs(srv.base, 'city', PASSWORD);
  // index colours, town level, as the API gives them
  const runs = (await api.call('GET', `/api/index/runs?period=${period}`)).json.items;
  const results = (await api.call('GET', `/api/index/runs/${runs[0].id}/results?level=town`)).json.items as { divisionCode: string; color: string; name: string }[];
  const HEX: Record<string, string> = { green: '#2f9e44', blue: '#1c7ed6', yellow: '#f2c500', orange: '#f76707', red: '#e03131' };
  const bg = hex('#0b2240');
  const blend = (c: [number, number, number]) => c.map((v, i) => Math.round(0.82 * v + 0.18 * bg[i]));
  // places inside each town: the centroids of its villages (a town's own centroid may sit under its label)
  const feats = (await api.call('GET', '/api/divisions?format=geojson&level=village')).json.features as {
    properties: { code: string; parentCode: string; level: string; centroid: [number, number] };
  }[];
  await page.goto(`${srv.base}/cockpit`);
  await page.getByTestId('kpi-stock').waitFor();
  const o = (await api.call('GET', '/api/overview')).json;
  assert.equal((await page.getByTestId('kpi-stock').locator('.value').innerText()).replace(/,/g, ''), String(o.totals.stock.count));
  await page.locator('[data-testid="index-map"] canvas').first().waitFor();
  await page.waitForTimeout(1500);
  await shot(page, 'cc-cockpit.png', '41-cockpit.png');
  let hits = 0;
  let samples = 0;
  for (const town of results) {
    const places = feats
      .filter((f) => f.properties.level === 'village' && f.properties.parentCode === town.divisionCode)
      .slice(0, 4)
      .map((f) => f.properties.centroid);
    const windows = await pixelsAt(page, 'index-map', places);
    const want = blend(hex(HEX[town.color]));
    const found = windows.filter((w) => w.filter((p) => near(p, want, 18)).length >= w.length / 3).length;
    samples += windows.length;
    hits += found;
    assert.ok(found >= 1, `${town.name} (${town.color}): no place inside it shows rgb(${want}) — ${JSON.stringify(windows.map((w) => w[24]))}`);
  }
  assert.ok(hits / samples >= 0.7, `index colours found at ${hits} of ${samples} places`);

  // case points: the map page in points mode; each case's status colour is drawn at its place
  await page.goto(`${srv.base}/map?status=closed`);
  const total = (await api.call('GET', '/api/cases?status=closed&limit=1')).json.total;
  await page
    .getByTestId('map-count')
    .filter({ hasText: String(total) })
    .waitFor();
  await page.waitForTimeout(1500);
  const some = (await api.call('GET', '/api/cases?status=closed&limit=40&sort=case_no')).json.items as { lon: number; lat: number }[];
  const windows = await pixelsAt(
    page,
    'city-map',
    some.map((c) => [c.lon, c.lat]),
  );
  const green = hex('#52c41a');
  const found = windows.filter((w) => w.some((p) => near(p, green, 40))).length;
  assert.ok(found / windows.length >= 0.8, `closed-case points found at ${found} of ${windows.length} case places`);
  // and none where there is no case: the sea east of the city
  const [sea] = await pixelsAt(page, 'city-map', [[121.35, 30.6]]);
  assert.ok(!sea.some((p) => near(p, green, 40)), 'no case point drawn where there is none');
  await shot(page, 'cc-map-closed.png');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the map: a drawn polygon selects cases and opens them in the list; the five-colour, patrol-coverage and change-patch layers', async () => {
  const page = await login('city');
  await page.goto(`${srv.base}/map`);
  await page.getByTestId('map-legend').waitFor();
  await page.waitForTimeout(1000);
  await shot(page, 'cc-map.png', '42-map-city.png');
  // draw a polygon around the middle of the city
  const box = (await page.getByTestId('city-map').boundingBox())!;
  await page.getByTestId('draw-polygon').click();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const ring = [
    [-200, -160],
    [200, -160],
    [200, 160],
    [-200, 160],
  ];
  for (const [dx, dy] of ring) await page.mouse.click(cx + dx, cy + dy);
  await page.mouse.dblclick(cx + ring[0][0], cy + ring[0][1]);
  await page.getByTestId('polygon-selection').waitFor();
  const url = new URL(page.url());
  const polygon = url.searchParams.get('polygon')!;
  assert.ok(polygon.split(';').length >= 4, polygon);
  const api = await apiAs(srv.base, 'city', PASSWORD);
  const inside = (await api.call('GET', `/api/cases?limit=1&polygon=${encodeURIComponent(polygon)}`)).json.total;
  assert.ok(inside > 0, 'cases inside the drawn area');
  await page
    .getByTestId('polygon-selection')
    .filter({ hasText: `圈选范围内 ${inside} 件` })
    .waitFor();
  await shot(page, 'cc-map-polygon.png');
  await page.getByTestId('polygon-selection').getByRole('link').click();
  await page.waitForURL(/\/cases\?polygon=/);
  await page.getByTestId('polygon-tag').waitFor();
  await caseTotal(page, inside).waitFor();

  // the five-colour layer and the coverage layer
  await page.goto(`${srv.base}/map?layers=index`);
  await page.getByText(`五色图:${period}`).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(800);
  await shot(page, 'cc-map-index.png', '43-map-index-layer.png');
  await page.goto(`${srv.base}/map?layers=coverage`);
  await page.getByText(/巡查覆盖:/).waitFor();
  // change patches: the layer's vector tiles (/tiles/patches) hold patches in the view, each with its id and status
  await page.goto(`${srv.base}/map?layers=patches`);
  await page.getByText(/变化图斑:/).waitFor();
  const drawn = async () =>
    page.evaluate(() => {
      const el = (globalThis as any).document.querySelector('[data-testid="city-map"]');
      const layer = el.olMap
        .getLayers()
        .getArray()
        .find((l: any) => l.get('name') === 'patches');
      const feats = layer.getFeaturesInExtent(el.olMap.getView().calculateExtent(el.olMap.getSize())) as any[];
      return { ids: [...new Set(feats.map((f) => f.get('id')))], unstyled: feats.filter((f) => !f.get('id') || !f.get('status')).length };
    });
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/tiles/patches/')));
  // the demo city's batches (none before the demo has them): the layer shows patches when there are any
  const any = (await api.call('GET', '/api/patches?limit=1')).json.total > 0;
  let seen = await drawn();
  for (let i = 0; i < 50 && any && seen.ids.length === 0; i++) {
    await page.waitForTimeout(200);
    seen = await drawn();
  }
  assert.equal(seen.ids.length > 0, any, 'the layer holds the change patches in the city view');
  assert.equal(seen.unstyled, 0, 'every patch carries its id and status');
  assert.ok(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/tiles/patches/'))), 'asked for as vector tiles');

  // the legend explains the overlays that are on, in the colours their layers are drawn with: the patches by
  // status; 积水点 and 专项整治对象 once their boxes are ticked; an overlay turned off leaves the legend
  await page.setViewportSize({ width: 1440, height: 900 });
  const legend = page.getByTestId('map-legend');
  const patchLegend = legend.getByTestId('legend-patches');
  for (const label of ['变化图斑', '待核查', '待审核', '已核查']) await patchLegend.getByText(label).waitFor();
  assert.equal(await legend.getByTestId('legend-waterlogging').count(), 0, 'no 积水点 in the legend while its layer is off');
  const toolbar = page.locator('.map-toolbar');
  const kindTiles = (kind: string) => page.waitForResponse((r) => r.url().includes('/tiles/cases/') && r.url().includes(`kind=${kind}`), { timeout: 90_000 });
  for (const [box, id, kind, label] of [
    ['积水点', 'legend-waterlogging', 'waterlogging', '积水点'],
    ['专项整治', 'legend-campaign', 'campaign_item', '专项整治对象'],
  ]) {
    const tiles = kindTiles(kind);
    await toolbar.getByText(box, { exact: true }).click();
    await legend.getByTestId(id).getByText(label).waitFor();
    await tiles;
  }
  await page.waitForURL(/layers=patches%2Cwaterlogging%2Ccampaign|layers=patches,waterlogging,campaign/);
  // each symbol's outline is the one its layer's style gives a feature of that kind
  const drawnOutline = async (layer: string, status: string) =>
    // a string: the test's compiler would add helpers to the functions in it that the page does not have
    (await page.evaluate(`(() => {
      const map = document.querySelector('[data-testid="city-map"]').olMap;
      const l = map.getLayers().getArray().find((x) => x.get('name') === ${JSON.stringify(layer)});
      const st = l.getStyleFunction()({ get: (k) => (k === 'status' ? ${JSON.stringify(status)} : undefined) }, 10);
      return (st.getImage() ? st.getImage().getStroke() : st.getStroke()).getColor();
    })()`)) as string;
  const legendOutline = (id: string, index = 0) => legend.getByTestId(id).locator('svg > *').nth(index).getAttribute('stroke');
  assert.equal(await legendOutline('legend-waterlogging'), await drawnOutline('waterlogging', 'reported'), '积水点 outline');
  assert.equal(await legendOutline('legend-campaign'), await drawnOutline('campaign_item', 'reported'), '专项整治对象 outline');
  for (const [i, status] of ['pending', 'submitted', 'verified'].entries())
    assert.equal(await legendOutline('legend-patches', i), await drawnOutline('patches', status), `patch ${status} outline`);
  await legend.getByTestId('legend-waterlogging').waitFor();
  await shot(page, 'cc-map-legend-1440.png');
  await toolbar.getByText('变化图斑', { exact: true }).click();
  await patchLegend.waitFor({ state: 'detached' });
  assert.ok(await legend.getByTestId('legend-campaign').isVisible(), 'the other overlays stay explained');
  await shot(page, 'cc-map-legend-1440-nopatches.png');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the case list: a saved filter comes back, the export hands over the filtered cases as Excel', async () => {
  const page = await login('officer');
  await page.goto(`${srv.base}/cases?status=verified`);
  const api = await apiAs(srv.base, 'officer', PASSWORD);
  const total = (await api.call('GET', '/api/cases?status=verified&limit=1')).json.total;
  await caseTotal(page, total).waitFor();
  await page.getByTestId('saved-filters').click();
  await page.getByText('保存当前筛选…').click();
  await page.getByRole('dialog').getByRole('textbox').fill('已立案待定性');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /保\s*存/ })
    .click();
  await page.goto(`${srv.base}/cases`);
  await page.getByTestId('saved-filters').click();
  await page.getByRole('menuitem', { name: /已立案待定性/ }).click();
  await page.waitForURL(/status=verified/);
  await caseTotal(page, total).waitFor();

  // the export runs on the one PGlite connection the server's background jobs share; on a slow machine
  // (a fresh-clone run) it once took longer than the default 30 s
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await page.getByTestId('export').click();
  await page.getByText('导出 Excel(全部筛选结果)').click();
  const file = await (await download).path();
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file!);
  const ws = wb.getWorksheet('案件')!;
  assert.equal(ws.rowCount - 1, total, 'one row per filtered case');
  assert.ok(
    [...Array(total).keys()].every((i) => ws.getRow(i + 2).getCell(2).value === '已立案'),
    "[...Array(total).keys()].every((i) => ws.getRow(i + 2).getCell(2).value === '已立案')",
  );
  await shot(page, 'cc-cases-saved.png');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('at 1280×800 the overview and the list keep their layout (no sideways scrolling of the page)', async () => {
  const page = await login('city', { width: 1280, height: 800 });
  for (const p of ['/overview', '/cases', '/map']) {
    await page.goto(`${srv.base}${p}`);
    await page.waitForTimeout(1500);
    const overflow = await page.evaluate(() => {
      const d = (globalThis as any).document.documentElement;
      return d.scrollWidth - d.clientWidth;
    });
    assert.ok(overflow <= 0, `${p} overflows by ${overflow}px`);
  }
  await page.goto(`${srv.base}/overview`);
  await page.getByTestId('tile-stock').waitFor();
  await page.waitForTimeout(1000);
  await shot(page, 'cc-overview-1280.png');
  await page.close();
});
