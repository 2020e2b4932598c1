import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Browser } from 'playwright-core';
import { createTestContext, PASSWORD, TOWN_A, type TestContext } from '../support/context.js';
import { TMP } from '../support/env.js';
import { multipart } from '../support/images.js';
import { launchChromium, loginPage } from '../support/server.js';
import { chinaDay } from '../../src/modules/settings/work.calendar.js';
import { createDeps } from '../../src/deps.js';
import { buildApp } from '../../src/app.js';
import { ManualClock } from '../../src/platform/clock.js';

// The supervisor's inbox after a county imported its stock ledger (存量普查导入): weeks later the sweep finds the
// ledger's old cases overdue and untouched, and the inbox shows them as one row per town with the count
// (导入批次 · N 件); the row opens the alert, which lists its cases with what was found on each, and a case number
// opens the case. The app runs in this process on a clock the test moves (the weeks pass), serving the built
// command centre to Debian's Chromium.

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHOTS = path.join(TMP, 'shots-test');
const DAY = 86400_000;
let t: TestContext;
const clock = new ManualClock(new Date());
let app: FastifyInstance;
let deps: ReturnType<typeof createDeps>;
let base = '';
let browser: Browser;

before(async () => {
  const build = spawnSync(process.execPath, ['scripts/ensure-web-build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  assert.equal(build.status, 0, 'web build');
  t = await createTestContext();
  deps = createDeps(t.deps.config, t.db, { clock });
  app = await buildApp(deps, { logger: false, webDist: path.join(ROOT, 'web', 'dist') });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await app?.close();
  await t?.close();
});

const req = (user: string, o: InjectOptions) => app.inject({ ...o, headers: { ...(o.headers ?? {}), authorization: `Bearer ${t.tokens[user]}` } });
const drain = () => deps.jobs.drain(deps.jobHandlers);

test('an imported ledger left untouched: one inbox row per town with its count, opening to the list of its cases', async () => {
  // the city office imports a ledger of 6 old cases in town A
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('存量普查台账');
  ws.addRow(['经度', '纬度', '面积(m²)', '当事人', '发现日期']);
  for (let i = 0; i < 6; i++) {
    const [lon, lat] = t.pointIn(TOWN_A, i % 8);
    ws.addRow([lon + 0.0002 * (i + 1), lat, 60 + i, `户主${i + 1}`, '2018-03-01']);
  }
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  const mp = multipart({}, [{ name: 'file', filename: '存量违建普查台账(第一批).xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data }]);
  const up = await req('city', { method: 'POST', url: '/api/imports/cases', payload: mp.payload, headers: mp.headers });
  assert.equal(up.statusCode, 202, up.body);
  await drain();
  // 80 days on nobody has touched them: the nightly sweep
  clock.set(new Date(clock.now().getTime() + 80 * DAY));
  await deps.jobs.enqueue('alerts.sweep', { day: chinaDay(clock.now()) });
  await drain();

  const page = await loginPage(browser, { base, password: PASSWORD, dataDir: '', stop: async () => undefined }, 'supervisor', { viewport: { width: 1440, height: 900 } });
  await page.goto(`${base}/alerts?rule=overdue_idle`);
  const row = page.getByTestId('alerts-table').locator('.ant-table-row', { has: page.getByTestId('alert-group-count') });
  await row.first().waitFor();
  assert.equal(await row.count(), 1, 'one row for the import in town A');
  const text = await row.innerText();
  assert.match(text, /逾期案件长期未动/);
  assert.match(text, /导入的存量普查台账《存量违建普查台账\(第一批\)\.xlsx》中,导入后在本系统尚无人办理的案件/);
  assert.match(text, /导入批次\s*6 件/);
  assert.doesNotMatch(await page.getByTestId('alerts-page').innerText(), /[0-9a-f]{8}-[0-9a-f]{4}-|overdue_idle|census_import/, 'no codes or ids on the page');
  await page.screenshot({ path: path.join(SHOTS, 'alerts-import-group-inbox.png'), fullPage: true });

  // the count opens the alert with its cases
  await row.getByTestId('alert-group-count').click();
  await page.getByTestId('alert-group-cases').waitFor();
  const list = page.getByTestId('alert-group-table').locator('.ant-table-row');
  await list.first().waitFor();
  assert.equal(await list.count(), 6);
  const card = await page.getByTestId('alert-group-cases').innerText();
  assert.match(card, /导入批次涉及的案件\(6 件\)/);
  assert.match(card, /存量违建普查台账\(第一批\)\.xlsx/);
  assert.match(card, /已立案待定性/);
  assert.match(card, /当事人:户主\d/);
  assert.doesNotMatch(await page.getByTestId('alert-page').innerText(), /[0-9a-f]{8}-[0-9a-f]{4}-|overdue_idle|verified/, 'no codes or ids on the page');
  assert.deepEqual(page.problems, []);
  await page.screenshot({ path: path.join(SHOTS, 'alerts-import-group.png'), fullPage: true });

  // a case number opens the case
  const first = page.getByTestId('alert-group-case-link').first();
  const caseNo = await first.innerText();
  await first.click();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}/);
  await page.getByText(caseNo).first().waitFor();
  await page.close();
});
