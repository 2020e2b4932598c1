import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TMP } from '../support/env.js';
import { apiAs, chinaMonthBefore, launchChromium, runIndex, startServer, waitForIndexRun, type RunningServer } from '../support/server.js';

// The governance index as the city office uses it: the real server with a small demo city, Debian's
// Chromium, the built web app. A run is started from the page and computed by the server's worker.
const PASSWORD = 'browser-index-pass';
const SHOTS = path.join(TMP, 'shots-test');
let srv: RunningServer;
let base: string;
let browser: Browser;

before(async () => {
  srv = await startServer({ demoCases: 200, password: PASSWORD });
  base = srv.base;
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function login(username: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  (page as Page & { problems?: string[] }).problems = problems;
  await page.goto(`${base}/login`);
  await page.fill('#login-username', username);
  await page.fill('#login-password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/(overview|todo|map)/, { timeout: 30_000 }); // each role's home
  return page;
}

const legendCount = async (page: Page) => (await page.locator('[data-testid="index-legend"] .map-legend-row .count').allTextContents()).reduce((a, b) => a + Number(b), 0);

test('the city office starts a run from the page; the five-colour map, the ranking and a town’s page follow', async () => {
  const page = await login('city');
  await page.getByRole('menuitem', { name: '治理指数' }).click();
  await page.waitForURL(/\/index/);
  await page.getByText('尚无指数计算结果').waitFor();
  await page
    .getByRole('button', { name: /发起计算/ })
    .first()
    .click();
  // generous: on a slow moment of the shared test machine this page's first minute has taken 50 s (one CI-like run)
  const posted = page.waitForResponse((r) => r.url().endsWith('/api/index/runs') && r.request().method() === 'POST', { timeout: 120_000 });
  await page.getByRole('dialog').getByRole('button', { name: '开始计算' }).click();
  const res = await posted;
  assert.equal(res.status(), 202, `run accepted: ${await res.text()}`);
  const runId = ((await res.json()) as { id: string }).id;
  // the worker computes it (the page looks again every 2 s); if it does not finish, say in which state it is
  await waitForIndexRun(await apiAs(base, 'city', PASSWORD), runId);
  await page.locator('[data-testid="index-map"] canvas').first().waitFor({ timeout: 60_000 });
  await page.locator('.index-side .ant-table-row').first().waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('.index-side .ant-table-row').count(), 9, 'nine towns ranked');
  assert.equal(await legendCount(page), 9);
  const first = await page.locator('.index-side .ant-table-row').first().locator('td').allTextContents();
  assert.equal(first[0], '1');
  assert.match(first[2], /^\d+\.\d\d$/);
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(SHOTS, 'index-towns.png') });

  await page.getByText('村(社区)', { exact: true }).click();
  await page.waitForURL(/level=village/);
  for (let i = 0; i < 150 && (await page.locator('.index-side .ant-table-row').count()) !== 50; i++) await page.waitForTimeout(200);
  assert.equal(await page.locator('.index-side .ant-table-row').count(), 50, 'the first page of villages');
  assert.equal(await legendCount(page), 136, 'every village graded');

  await page.getByText('镇(街道)', { exact: true }).click();
  await page.locator('.index-side .ant-table-row').nth(8).waitFor();
  await page.locator('.index-side .ant-table-row').first().click();
  await page.locator('[data-testid="index-unit-head"]').waitFor();
  assert.equal(await page.locator('.section .ant-table-row').count(), 16, 'every indicator listed');
  await page.getByText('暂无数据来源').first().waitFor();
  await page.getByText('排名稳健性').waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'index-town.png') });
  assert.deepEqual((page as Page & { problems?: string[] }).problems, []);
  await page.close();
});

test('a town officer sees its own town and villages only', async () => {
  // a finished run (the first test makes one from the page; this one stands alone)
  const api = await apiAs(base, 'city', PASSWORD);
  if (!((await api.call('GET', '/api/index/runs')).json?.items ?? []).some((r: { status: string }) => r.status === 'done')) await runIndex(api, chinaMonthBefore(1));
  const page = await login('officer');
  await page.goto(`${base}/index`);
  await page.locator('.index-side .ant-table-row').first().waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('.index-side .ant-table-row').count(), 1);
  assert.equal(await page.getByRole('button', { name: /发起计算/ }).count(), 0, 'only the city office starts runs');
  assert.match(await page.locator('.index-side .ant-table-row').first().innerText(), /新埭镇/);
  await page.close();
});

test('the city office reruns one county’s settled month from the run dialog', async () => {
  const page = await login('city');
  await page.goto(`${base}/index`);
  await page
    .getByRole('button', { name: /发起计算/ })
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  // two months back: settled on any day of the month (a county's rerun refuses a month ended under 2 days ago)
  const period = chinaMonthBefore(2);
  const picker = dialog.locator('.ant-picker input');
  await picker.click();
  await picker.fill(period);
  await picker.press('Enter');
  await dialog.getByTestId('index-run-county').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '只重算 平湖市 的村级数据' }).click();
  await dialog.getByText('其他县沿用已固定的数据', { exact: false }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'index-county-rerun-dialog.png') });
  const posted = page.waitForResponse((r) => r.url().endsWith('/api/index/runs') && r.request().method() === 'POST', { timeout: 120_000 });
  await dialog.getByRole('button', { name: '开始计算' }).click();
  const res = await posted;
  assert.equal(res.status(), 202, `run accepted: ${await res.text()}`);
  assert.deepEqual(res.request().postDataJSON(), { period, county: '330482' });
  await page.getByText(`${period} 期指数已提交计算(重算 平湖市)`).waitFor();
  await waitForIndexRun(await apiAs(base, 'city', PASSWORD), ((await res.json()) as { id: string }).id);
  // the run's line names the county it recomputed
  await page
    .locator('.map-toolbar')
    .getByText(/指标体系 v\d+ .*· 重算 平湖市/)
    .waitFor({ timeout: 60_000 });
  await page.locator('.index-side .ant-table-row').first().waitFor({ timeout: 60_000 });
  await page.screenshot({ path: path.join(SHOTS, 'index-county-rerun.png') });
  assert.deepEqual((page as Page & { problems?: string[] }).problems, []);
  await page.close();
});
