import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { DOCS_SHOTS, TMP } from '../support/env.js';
import { apiAs, chinaMonthBefore, launchChromium, runIndex, startServer, type RunningServer, loginPage } from '../support/server.js';

// The monthly report (月度报告) as the city office and a town officer read it: the real server with a
// small demo city, Debian's Chromium, the built web app; the page's figures checked against the API.
const PASSWORD = 'reports-browser-pass';
const SHOTS = path.join(TMP, 'shots-test');
const XINDAI = '330482102'; // 新埭镇, the demo officer's town
const ZHAPU = '330482101'; // 乍浦镇
let srv: RunningServer;
let browser: Browser;
let lastMonth: string;
let monthBefore: string;

const label = (key: string) => `${key.slice(0, 4)}年${Number(key.slice(5))}月`;

before(async () => {
  srv = await startServer({ demoCases: 200, password: PASSWORD });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
  lastMonth = chinaMonthBefore(1);
  monthBefore = chinaMonthBefore(2);
  // the index of last month (none of the month before: the report says so)
  await runIndex(await apiAs(srv.base, 'city', PASSWORD), lastMonth);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const login = (username: string) => loginPage(browser, srv, username);

const tileValue = async (page: Page, key: string) => (await page.getByTestId(`tile-${key}`).locator('.report-tile-value').innerText()).replace(/[,\s处件m²]/g, '');
const int = (v: number) => String(Math.round(v));

/** The report on the page, checked against GET /api/reports/monthly for the same division and month. */
async function checkAgainstApi(page: Page, api: Awaited<ReturnType<typeof apiAs>>, query: string) {
  const r = await api.call('GET', `/api/reports/monthly${query}`);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const j = r.json;
  await page.getByTestId('report-title').waitFor();
  assert.equal(await page.getByTestId('report-title').innerText(), `${j.division.name}无违建工作月度报告`);
  await page.getByText(label(j.month), { exact: true }).waitFor();
  assert.equal(await tileValue(page, 'new'), int(j.totals.newCount));
  assert.equal(await tileValue(page, 'reports'), int(j.totals.reports));
  assert.equal(await tileValue(page, 'closings'), int(j.totals.closings));
  assert.equal(await tileValue(page, 'open'), int(j.totals.openCount));
  assert.equal(await tileValue(page, 'overdue'), int(j.totals.overdue));
  assert.equal(await tileValue(page, 'stockOpen'), int(j.totals.stockOpenCount));
  // one table row per town (city) or village (town), in the API's order, and the total row
  const rows = page.locator('[data-testid="report-table"] .ant-table-tbody .ant-table-row');
  assert.equal(await rows.count(), j.breakdown.length);
  const names = await rows.locator('td:first-child').allInnerTexts();
  assert.deepEqual(
    names,
    j.breakdown.map((b: { name: string }) => b.name),
  );
  const total = await page.locator('[data-testid="report-table"] .report-total td').allInnerTexts();
  assert.equal(total[0], '合计');
  assert.equal(total[1].replace(/,/g, ''), int(j.totals.newCount));
  assert.equal(total[7].replace(/,/g, ''), int(j.totals.openCount));
  // the twelve-month charts are drawn (ECharts, SVG): a bar or point per month
  for (const c of ['newClosed', 'open', 'demolished', 'notices']) {
    await page.getByTestId(`chart-${c}`).locator('svg').waitFor();
  }
  const marks = await page.getByTestId('chart-newClosed').locator('svg path').count();
  assert.ok(marks >= 12, `bars drawn: ${marks}`);
  for (const m of j.trend.slice(-3))
    await page
      .getByTestId('chart-newClosed')
      .getByText(`${Number(m.month.slice(5))}月`, { exact: true })
      .first()
      .waitFor();
  // the largest standing cases, as the API lists them
  const biggest = await page.locator('[data-testid="report-biggest"] .ant-table-row td:first-child').allInnerTexts();
  assert.deepEqual(
    biggest,
    j.top.biggestOpen.map((c: { caseNo: string }) => c.caseNo),
  );
  return j;
}

test('the city office: the city’s report from the menu, a town from the picker, a deep link to another month, the PDF', async () => {
  const page = await login('city');
  const api = await apiAs(srv.base, 'city', PASSWORD);
  await page.locator('.app-sider .ant-menu-item').filter({ hasText: '月度报告' }).click();
  await page.waitForURL(/\/reports/);
  const j = await checkAgainstApi(page, api, '');
  assert.equal(j.month, lastMonth, 'the last month that has ended by default');
  assert.equal(j.division.name, '平湖市');
  assert.equal(j.breakdown.length, 9);
  // the month's index: the nine towns' colours and ranking
  const colors = await page.getByTestId('report-colors').locator('div').allInnerTexts();
  assert.equal(
    colors.reduce((s, c) => s + Number(c.replace(/\D/g, '')), 0),
    9,
  );
  assert.equal(await page.locator('[data-testid="report-index"] .report-ranking li').count(), 9);
  await page.waitForTimeout(600);
  const shot = path.join(SHOTS, 'report-city.png');
  await page.screenshot({ path: shot });
  // into docs/screenshots only for `npm run docs:screenshots`
  if (process.env.WWJ_UPDATE_SCREENSHOTS) fs.copyFileSync(shot, path.join(DOCS_SHOTS, '30-report-city.png'));

  // a town from the picker: the URL follows, the report is the town's
  // (on a loaded machine a click can land while the dropdown is still opening: pick again until the URL follows)
  const picked = new RegExp(`division=${XINDAI}`);
  for (let attempt = 0; attempt < 3 && !picked.test(page.url()); attempt++) {
    await page.locator('[data-testid="report-division"]:not(.ant-select-disabled)').click();
    await page.locator('.ant-select-item-option[title="新埭镇"]').click();
    await page.waitForURL(picked, { timeout: 20_000 }).catch(() => undefined);
  }
  assert.match(page.url(), picked, 'the picked town is in the URL');
  await page.getByText('新埭镇无违建工作月度报告').waitFor();
  const town = await checkAgainstApi(page, api, `?division=${XINDAI}&month=${lastMonth}`);
  assert.equal(town.breakdownLevel, 'village');
  assert.ok(town.index.available && town.index.unit, 'the town’s own colour, score and rank');
  await page.getByText(`全市第 ${town.index.unit.rank} 名 / 9`).waitFor();

  // a deep link: another town, the month before (no index run for it)
  await page.goto(`${srv.base}/reports?division=${ZHAPU}&month=${monthBefore}`);
  await checkAgainstApi(page, api, `?division=${ZHAPU}&month=${monthBefore}`);
  await page.getByText(`${label(monthBefore)}尚无已完成的无违建治理指数计算`).waitFor();

  // the PDF of what is shown
  const download = page.waitForEvent('download');
  await page.getByTestId('report-pdf').click();
  const file = path.join(SHOTS, 'report-download.pdf');
  await (await download).saveAs(file);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  assert.ok(text.includes('乍浦镇无违建工作月度报告'), text.slice(0, 200));
  assert.ok(text.includes(label(monthBefore)), 'text.includes(label(monthBefore))');
  assert.ok(text.includes('四、分村(社区)情况'), "text.includes('四、分村(社区)情况')");
  assert.deepEqual(page.problems, [], 'no page errors');
  await page.close();
});

test('a town officer: only their town; the city is not theirs to see', async () => {
  const page = await login('officer');
  const api = await apiAs(srv.base, 'officer', PASSWORD);
  await page.locator('.app-sider .ant-menu-item').filter({ hasText: '月度报告' }).click();
  await page.waitForURL(/\/reports/);
  const j = await checkAgainstApi(page, api, '');
  assert.equal(j.division.code, XINDAI);
  // the picker offers nothing else
  assert.equal(
    await page
      .getByTestId('report-division')
      .getAttribute('class')
      .then((c) => /ant-select-disabled/.test(c ?? '')),
    true,
    'one division only',
  );
  // every case listed lies in the town
  const places = await page.locator('[data-testid="report-biggest"] .ant-table-row td:nth-child(2)').allInnerTexts();
  assert.ok(places.length > 0 && places.every((p) => p.startsWith('新埭镇')), places.join(','));
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(SHOTS, 'report-town.png') });
  // the city's report by deep link: not in the jurisdiction
  await page.goto(`${srv.base}/reports?division=330482&month=${lastMonth}`);
  await page.getByText('不存在或不在您的管辖范围内').waitFor();
  assert.equal(await page.getByTestId('report-paper').count(), 0);
  assert.deepEqual(page.problems, [], 'no page errors');
  await page.close();
});
