import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { DOCS_SHOTS, TMP } from '../support/env.js';
import { apiAs, launchChromium, loginPage, quietPlace, startServer, type RunningServer } from '../support/server.js';
import { gbk } from '../fixtures/going-live.js';
import { jpegWithExif } from '../support/images.js';

// 上级下发点位 as the city office works it: the real server with a small demo city, Debian's Chromium, the built
// web app. Add the province's source from a sample file's headers, import its GBK list (dry run, then confirm),
// decide a conflict between two cases side by side, and download the closings with their photos.
const PASSWORD = 'external-browser-pass';
const SHOTS = path.join(TMP, 'shots-test');
let srv: RunningServer;
let browser: Browser;

before(async () => {
  srv = await startServer({ demoCases: 60, password: PASSWORD });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

/** A screenshot in the test's folder; with WWJ_UPDATE_SCREENSHOTS (npm run docs:screenshots) also the documentation's. */
async function shot(page: import('playwright-core').Page, name: string, docs?: string, fullPage = false) {
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file, fullPage });
  if (docs && process.env.WWJ_UPDATE_SCREENSHOTS) fs.copyFileSync(file, path.join(DOCS_SHOTS, docs));
}

const east = ([lon, lat]: [number, number], m: number): [number, number] => [lon + m / (111_320 * Math.cos((lat * Math.PI) / 180)), lat];

test('city office: a source from a sample, a GBK list imported, a conflict decided, the closings downloaded', async () => {
  const api = await apiAs(srv.base, 'city', PASSWORD);
  // a closed demo case with proof photos, two cases 20 m apart in a quiet place, and another quiet place
  const closed = (await api.call('GET', '/api/cases?status=closed&limit=50')).json.items as { id: string; caseNo: string; lon: number; lat: number }[];
  let proof: { id: string; caseNo: string; lon: number; lat: number } | null = null;
  for (const c of closed) {
    const file = (await api.call('GET', `/api/cases/${c.id}`)).json;
    // alone within the matching radius (the demo plants a rebuild next to a demolished case)
    const near = (await api.call('GET', `/api/cases/nearby?lon=${file.lon}&lat=${file.lat}&radius=40&include=closed`)).json.items;
    if (near.length === 1 && file.photos.some((p: { stage: string }) => p.stage === 'after')) {
      proof = { id: c.id, caseNo: c.caseNo, lon: file.lon, lat: file.lat };
      break;
    }
  }
  assert.ok(proof, 'a closed demo case with after photos');
  const here = await quietPlace(api, '330482102');
  const mk = async (at: [number, number]) => {
    const r = await api.call('POST', '/api/cases', { lon: at[0], lat: at[1], source: 'patrol', category: 'building', areaM2: 80 });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    return r.json as { id: string; caseNo: string };
  };
  const x = await mk(here);
  const y = await mk(east(here, 20));
  // a photo each, so the candidates can be told apart by sight
  for (const [k, c, at] of [
    [1, x, here],
    [2, y, east(here, 20)],
  ] as const) {
    const form = new FormData();
    form.append('stage', 'before');
    form.append(
      'photo',
      new Blob([await jpegWithExif({ lon: at[0], lat: at[1], at: new Date(), seed: k * 7, width: 640, height: 480 })], { type: 'image/jpeg' }),
      `before-${k}.jpg`,
    );
    const r = await api.call('POST', `/api/cases/${c.id}/photos`, undefined, form);
    assert.equal(r.status, 201, JSON.stringify(r.json));
    const photoId = r.json.items[0].id as string;
    // the thumbnail is made by the worker
    let thumb = 0;
    for (let i = 0; i < 150 && thumb !== 200; i++) {
      thumb = (await api.call('GET', `/api/photos/${photoId}/thumbnail`)).status;
      if (thumb !== 200) await new Promise((ok) => setTimeout(ok, 100));
    }
    assert.equal(thumb, 200, 'thumbnail made');
  }
  const far = await quietPlace(api, '330482101');

  const lines = [
    '点位编号,乡镇街道,详细地址,经度,纬度,问题描述,整改状态',
    `ZJ-B001,,,${proof.lon.toFixed(7)},${proof.lat.toFixed(7)},已拆除点位复核,未整改`,
    `ZJ-B002,新埭镇,,${east(here, 10)[0].toFixed(7)},${here[1].toFixed(7)},相邻两处违建,未整改`,
    '',
    `ZJ-B003,乍浦镇,,${far[0].toFixed(7)},${far[1].toFixed(7)},新发现,未整改`,
    'ZJ-B004,西湖区,杭州,120.1551000,30.2741000,外县,未整改',
  ];
  const csv = path.join(SHOTS, '省平台下发点位.csv');
  fs.writeFileSync(csv, gbk(`${lines.join('\r\n')}\r\n`));

  const page = await loginPage(browser, srv, 'city');
  await page.getByRole('menuitem', { name: '上级点位' }).click();
  await page.waitForURL(/\/external/);
  await page.getByTestId('external-page').waitFor();
  await page.getByText('还没有点位来源').waitFor();

  // the source: its headers read from the sample, the mapping suggested, the radius narrowed
  await page.getByTestId('ext-add-source').click();
  const form = page.getByTestId('ext-source-form');
  await form.getByLabel('来源名称').fill('浙江省违建治理平台');
  await form.getByLabel('来源代码').fill('zj_province');
  await form.locator('input[type=file]').setInputFiles(csv);
  await page.getByTestId('ext-sample-rows').waitFor();
  await form.getByLabel('比对半径(米)').fill('30');
  await shot(page, 'external-source-1920.png', '95-external-source.png', true);
  await page.getByTestId('ext-save-source').click();
  await page.waitForURL(/tab=import/);

  // the dry run: each row's fate, nothing written until confirmed
  await page.locator('[data-testid="ext-upload"] input[type=file]').setInputFiles(csv);
  const dry = page.getByTestId('ext-dry-run');
  await dry.waitFor();
  await dry.getByText('不在本县(市)范围内', { exact: false }).waitFor();
  assert.match(await dry.innerText(), /新增 3 · 更新 0 · 无变化 0 · 拒绝 1/);
  await shot(page, 'external-dry-run-1920.png', '96-external-dry-run.png', true);
  assert.equal((await api.call('GET', '/api/external/points')).json.total, 0);
  await page.getByTestId('ext-confirm').click();
  await page.getByTestId('ext-imported').waitFor();
  const pts = (await api.call('GET', '/api/external/points?limit=10')).json.items as { externalId: string; status: string; caseId: string | null }[];
  const fate = Object.fromEntries(pts.map((p) => [p.externalId, p]));
  assert.equal(fate['ZJ-B001'].status, 'matched');
  assert.equal(fate['ZJ-B001'].caseId, proof.id);
  assert.equal(fate['ZJ-B002'].status, 'conflict');
  assert.equal(fate['ZJ-B003'].status, 'unmatched');

  // the conflict: both candidates side by side, one linked
  await page.getByRole('tab', { name: '点位' }).click();
  await page.getByTestId('ext-status-filter').getByText('冲突待判定').click();
  await page.getByTestId('ext-decide-ZJ-B002').click();
  const drawer = page.getByTestId('ext-drawer');
  await drawer.getByTestId(`ext-candidate-${x.caseNo}`).waitFor();
  await drawer.getByTestId(`ext-candidate-${y.caseNo}`).waitFor();
  // the drawer has slid in (antd's motion classes gone) before the picture
  await page.waitForFunction(() => {
    const g = globalThis as any;
    const el = g.document.querySelector('.ant-drawer-content-wrapper') ?? g.document.querySelector('.ant-drawer-section');
    return !!el && Math.abs(el.getBoundingClientRect().right - g.innerWidth) < 1;
  });
  await page
    .locator('.ant-message')
    .getByText(/^已导入/)
    .waitFor({ state: 'hidden' });
  await shot(page, 'external-conflict-1920.png', '97-external-conflict.png');
  await drawer.getByTestId(`ext-link-${x.caseNo}`).click();
  await drawer.getByTestId('ext-drawer-status').getByText('已匹配').waitFor();
  await drawer.getByTestId(`ext-candidate-${x.caseNo}`).getByText('当前关联').waitFor();
  const decided = (await api.call('GET', '/api/external/points?status=conflict')).json;
  assert.equal(decided.total, 0);
  await page.keyboard.press('Escape');

  // the closings since 2020: the demo case closed with photos, in the province's layout, photos named by its id
  await page.getByTestId('ext-status-filter').getByText(/^全部/).click();
  await page.getByTestId('ext-export').waitFor();
  const picker = page.locator('[data-testid="ext-export"] .ant-picker input');
  await picker.click();
  await picker.fill('2020-01-01');
  await picker.press('Enter');
  await page.keyboard.press('Escape');
  await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
  await shot(page, 'external-points-1920.png');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ext-export-zip').click()]);
  const zipFile = path.join(SHOTS, 'external-closings.zip');
  await dl.saveAs(zipFile);
  assert.match(dl.suggestedFilename(), /销号回传-2020-01-01\.zip$/);
  const files = unzipSync(new Uint8Array(fs.readFileSync(zipFile)));
  const names = Object.keys(files);
  assert.ok(
    names.some((n) => /^照片\/ZJ-B001(-\d+)?\.jpg$/.test(n)),
    names.join(', '),
  );
  const book = names.find((n) => n.endsWith('.xlsx'))!;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(files[book]) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const headers = (ws.getRow(1).values as unknown[]).slice(1);
  assert.deepEqual(headers.slice(0, 7), ['点位编号', '乡镇街道', '详细地址', '经度', '纬度', '问题描述', '整改状态']);
  assert.equal(ws.getRow(2).getCell(1).value, 'ZJ-B001');
  assert.equal(ws.actualRowCount, 2);

  // the case shows the point that names it
  await page.goto(`${srv.base}/cases/${proof.id}`);
  const section = page.getByTestId('case-external-points');
  await section.getByText('ZJ-B001').waitFor();
  await section.scrollIntoViewIfNeeded();
  await shot(page, 'external-case-1920.png', '98-external-case.png');
  assert.deepEqual(page.problems, []);
  await page.close();
});
