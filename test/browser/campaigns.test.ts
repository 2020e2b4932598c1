import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { apiAs, launchChromium, loginPage, phonePage, quietPlace, signInPatrol, startServer, until, type RunningServer } from '../support/server.js';
import { jpegWithExif } from '../support/images.js';
import { caseAct, choose, submitDialog } from '../support/case-actions.js';
import { shapefileZip, type VillageFeature } from '../fixtures/going-live.js';
import { TMP } from '../support/env.js';

// Campaigns (专项整治) in the command centre and on the phone: the demo's pole clean-up at 69.7 %, a new
// campaign created by the city office, its target list imported from Excel (dry run, then import), one item
// closed through the case workflow, the progress read on the campaign page and the list; the inspector's
// phone shows the open campaign items around him.
const PASSWORD = 'campaigns-demo-pass';
const TOWN = '330482102';
const SHOTS = path.join(TMP, 'shots-campaigns');
let srv: RunningServer;
let browser: Browser;

before(async () => {
  srv = await startServer({ demoCases: 60, password: PASSWORD, env: { MAP_TILE_URL: '' } });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

const offset = ([lon, lat]: [number, number], dx: number): [number, number] => [lon + dx / (111_320 * Math.cos((lat * Math.PI) / 180)), lat];

test('create a campaign, import its items, close one, read the progress; the phone shows the items around', async () => {
  const page = await loginPage(browser, srv, 'city', { viewport: { width: 1600, height: 1000 } });
  await page.getByRole('menuitem', { name: '专项整治' }).click();
  await page.waitForURL(/\/campaigns$/);
  const poles = page.locator('.ant-table-row').filter({ hasText: '农村废弃杆线整治' });
  await poles.getByText('5,083/7,292 = 69.7%').waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'campaigns-list.png') });

  // the demo campaign's page: progress by town, the trend, the overdue items, the map
  await poles.click();
  await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await page.getByTestId('campaign-summary').getByText('共 7,292 个,已完成 5,083 个,完成率 69.7%').waitFor();
  await page.getByTestId('campaign-trend').locator('svg').waitFor();
  assert.equal(await page.getByTestId('campaign-towns').locator('.ant-table-row').count(), 9);
  await page.screenshot({ path: path.join(SHOTS, 'campaign-poles.png'), fullPage: true });

  // a new campaign through the form
  await page.goto(`${srv.base}/campaigns`);
  await page.getByTestId('campaign-new').click();
  const dialog = page.getByRole('dialog', { name: '新建专项整治' });
  await dialog.waitFor();
  const name = `废弃广告牌整治${Date.now() % 100000}`;
  await dialog.getByLabel('专项名称').fill(name);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const end = new Date(Date.now() + 8 * 3600_000 + 60 * 86_400_000).toISOString().slice(0, 10);
  await dialog.getByPlaceholder('开始日期').click();
  await dialog.getByPlaceholder('开始日期').fill(today);
  await dialog.getByPlaceholder('开始日期').press('Enter');
  await dialog.getByPlaceholder('结束日期').fill(end);
  await dialog.getByPlaceholder('结束日期').press('Enter');
  // its area drawn on the map, click by click, a double click to end (here most of the city, so the items below fall in it)
  const areaMap = dialog.getByTestId('campaign-area-map');
  await areaMap.locator('canvas').first().waitFor();
  await dialog.getByTestId('campaign-area-draw').click();
  const box = (await areaMap.boundingBox())!;
  for (const [x, y] of [
    [0.04, 0.04],
    [0.96, 0.04],
    [0.96, 0.96],
  ])
    await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
  await page.mouse.dblclick(box.x + box.width * 0.04, box.y + box.height * 0.96);
  await dialog.getByText(/已绘制 \d+ 个顶点的区域/).waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'campaign-form.png') });
  const created = await submitDialog(page, dialog, dialog.getByTestId('campaign-save'), (r) => r.url().endsWith('/api/campaigns') && r.method() === 'POST', '新建专项整治');
  assert.equal(created.status(), 201, await created.text());
  const id = (await created.json()).id as string;
  await page.waitForURL(new RegExp(`/campaigns/${id}$`));
  await page.getByTestId('campaign-summary').getByText('共 0 个,已完成 0 个,完成率 0.0%').waitFor();
  await page.getByText(/范围:全市内的绘制区域/).waitFor();
  assert.equal((await (await page.request.get(`${srv.base}/api/campaigns/${id}`)).json()).scopeArea.type, 'MultiPolygon');

  // its target list: three items in a quiet village of 新埭镇, from Excel; the dry run first
  const inspectorApi = await apiAs(srv.base, 'inspector', PASSWORD);
  const here = await quietPlace(inspectorApi, TOWN);
  const pts = [0, 40, 80].map((d) => offset(here, d));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('清单');
  ws.addRow(['编号', '名称', '类别', '责任单位', '经度', '纬度']);
  pts.forEach((p, i) => ws.addRow([`GG-${i + 1}`, `废弃广告牌${i + 1}`, '构筑物', '新埭镇', p[0], p[1]]));
  const file = path.join(SHOTS, 'items.xlsx');
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  await page.locator('input[type=file]').setInputFiles(file);
  const report = page.getByTestId('campaign-import-report');
  await report.getByText('试导入:共 3 行,可新增 3 个,已有不变 0 个,不能导入 0 行').waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'campaign-import-dry-run.png') });
  await page.getByTestId('campaign-import-confirm').click();
  await report.getByText('已导入:新增 3 个,已有不变 0 个').waitFor();
  await page.getByRole('button', { name: '完 成' }).click();
  await page.getByTestId('campaign-summary').getByText('共 3 个,已完成 0 个,完成率 0.0%').waitFor();

  // a GIS office's layer: a zipped Shapefile in Gauss-Krüger without its .prj is refused until the system is named
  const layer = pts.map((p, i) => ({
    type: 'Feature',
    properties: { 编号: `SHP-${i + 1}`, 名称: '废弃电杆', 类别: '杆线' },
    geometry: { type: 'Point', coordinates: offset(p, 20) },
  }));
  const zip = shapefileZip(SHOTS, 'poles.zip', layer as unknown as VillageFeature[], { srs: 'EPSG:4528', encoding: 'GBK', omit: ['prj'] });
  await page.locator('input[type=file]').setInputFiles(zip);
  const importDialog = page.getByRole('dialog', { name: /导入专项整治对象/ });
  await importDialog.getByText(/缺少 \.prj/).waitFor();
  await importDialog.getByTestId('campaign-import-crs').locator('.ant-select').click();
  await page.getByTitle('国家2000 3度带 第40带 带号(EPSG:4528)').click();
  await report.getByText('试导入:共 3 行,可新增 3 个,已有不变 0 个,不能导入 0 行').waitFor();
  await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });
  assert.equal(await importDialog.getByTestId('campaign-import-confirm').isEnabled(), true, 'the layer may be imported once the system is named');
  await page.screenshot({ path: path.join(SHOTS, 'campaign-import-shapefile.png') });
  await importDialog.getByRole('button', { name: /取\s*消/ }).click();
  await importDialog.waitFor({ state: 'hidden' });

  // one item closed through the cases' workflow: 确定整治方式 → 开始整治 → after photo → 申请验收 → 验收销号
  const officer = await apiAs(srv.base, 'officer', PASSWORD);
  const city = await apiAs(srv.base, 'city', PASSWORD);
  const items = (await city.call('GET', `/api/cases?kind=campaign_item&campaignId=${id}`)).json.items;
  assert.equal(items.length, 3);
  const item = items.find((c: { extra: { ref: string } }) => c.extra.ref === 'GG-1');
  // on the town officer's desktop, in the kind's words; the after-photo comes from the phone
  const desk = await loginPage(browser, srv, 'officer', { viewport: { width: 1600, height: 1000 }, timeoutMs: 30_000, downloads: false });
  await desk.goto(`${srv.base}/cases/${item.id}`);
  await desk.locator('.case-head').getByTestId('case-kind').filter({ hasText: '专项整治对象' }).waitFor();
  await caseAct(desk, '确定整治方式', '已定整治方式', (p) => choose(p, '拆除'));
  await caseAct(desk, '开始整治', '整治中');
  const photo = await jpegWithExif({ lon: item.lon, lat: item.lat, at: new Date(Date.now() + 3000), seed: 7 });
  const fd = new FormData();
  fd.append('stage', 'after');
  fd.append('photo', new Blob([photo], { type: 'image/jpeg' }), 'after.jpg');
  const up = await officer.call('POST', `/api/cases/${item.id}/photos`, undefined, fd);
  assert.equal(up.status, 201, JSON.stringify(up.json));
  await desk.reload();
  await desk.getByTestId('photo-card').first().waitFor();
  await caseAct(desk, '申请验收', '待验收');
  const cityDesk = await loginPage(browser, srv, 'city', { viewport: { width: 1600, height: 1000 }, timeoutMs: 30_000, downloads: false });
  await cityDesk.goto(`${srv.base}/cases/${item.id}`);
  await caseAct(cityDesk, '验收销号', '已完成');
  await cityDesk.close();

  // the progress, on the campaign page and in the list
  await page.reload();
  await page.getByTestId('campaign-summary').getByText('共 3 个,已完成 1 个,完成率 33.3%').waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'campaign-new.png'), fullPage: true });
  await page.goto(`${srv.base}/campaigns`);
  await page.locator('.ant-table-row').filter({ hasText: name }).getByText('1/3 = 33.3%').waitFor();
  assert.deepEqual(page.problems, []);

  // the phone: the open items around the inspector, with their campaign
  const { context, page: phone } = await phonePage(browser, pts[1]);
  await signInPatrol(phone, srv.base, 'inspector', PASSWORD);
  const chip = phone.getByTestId('campaigns-near-count');
  await until('the campaign items around', async () => /周边专项整治 · [1-9]\d* 个待整治/.test((await chip.textContent().catch(() => '')) ?? ''), 30_000);
  await chip.click();
  const list = phone.getByTestId('campaigns-near-list');
  await list.getByText(name).first().waitFor();
  assert.equal(await list.getByText('GG-1').count(), 0, 'the closed item is not shown');
  await list.getByText('GG-2 废弃广告牌2').waitFor();
  await phone.screenshot({ path: path.join(SHOTS, 'phone-campaigns-near.png') });
  await context.close();

  // the pole is found standing again: 重新整治 on the desktop, and the campaign counts it open
  await desk.reload();
  await desk.locator('.case-head').getByText('已完成', { exact: true }).waitFor();
  await caseAct(desk, '重新整治', '已交办', async (p) => {
    await p.getByRole('dialog').locator('textarea').fill('复查发现广告牌重新竖立');
  });
  await page.goto(`${srv.base}/campaigns/${id}`);
  await page.getByTestId('campaign-summary').getByText('共 3 个,已完成 0 个,完成率 0.0%').waitFor();
  assert.deepEqual(desk.problems, []);
});
