import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DOCS_SHOTS, TMP } from '../support/env.js';
import { apiAs, loginPage } from '../support/server.js';
import { browserServer } from '../support/browser-server.js';

// The audit view as the discipline inspector (纪检监察) uses it (issue 19, item 3): the real server with a small
// demo city, Debian's Chromium. He filters by a person and a date range, reads a record as a sentence and
// its field-level change, and exports what he filtered to Excel.
const PASSWORD = 'Audit-view-pass-1';
const SHOTS = path.join(TMP, 'shots-test');
const web = browserServer({ demoCases: 30, password: PASSWORD, shots: SHOTS });

const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

test('the supervisor filters the audit view by a person and a date range, reads a sentence and exports it', async () => {
  // the town officer (陈专员) registers a report today: the record to find
  const officer = await apiAs(web.srv.base, 'officer', PASSWORD);
  const list = await officer.call('GET', '/api/cases?status=reported&limit=1');
  assert.equal(list.status, 200);
  const c = list.json.items[0];
  assert.ok(c, 'a reported demo case');
  const verified = await officer.call('POST', `/api/cases/${c.id}/actions`, { action: 'verify', version: c.version });
  assert.equal(verified.status, 200, JSON.stringify(verified.json));
  const today = chinaToday();

  const page = await loginPage(web.browser, web.srv, 'supervisor', { viewport: { width: 1440, height: 900 } });
  await page.goto(`${web.srv.base}/audit`);
  await page.getByTestId('audit-page').waitFor();
  // the person: typed into the person filter
  await page.getByTestId('audit-filter-person').click();
  await page.keyboard.type('陈专员');
  await page.locator('.ant-select-item-option', { hasText: '陈专员' }).first().click();
  await page.waitForURL(/actor=/);
  // the date range: today to today, typed as a person would
  const days = page.getByTestId('audit-filter-days');
  await days.locator('input').first().click();
  await days.locator('input').first().fill(today);
  await page.keyboard.press('Enter');
  await days.locator('input').nth(1).fill(today);
  const filtered = page.waitForResponse((r) => /\/api\/audit\?/.test(r.url()) && r.url().includes('actor=') && r.url().includes(`to=${today}`));
  await page.keyboard.press('Enter');
  await filtered;
  await page.locator('.ant-table .ant-spin-spinning').waitFor({ state: 'detached' });
  await page.waitForURL(new RegExp(`from=${today}.*to=${today}|to=${today}.*from=${today}`));

  // 立案 sets the next step's deadline: the sentence names it too
  const prefix = `新埭镇三改一拆办 陈专员(镇街专员) 立案 ${c.caseNo}:状态由 已上报 改为 已立案`;
  const cell = page.getByText(new RegExp(`^${prefix.replace(/[()]/g, '\\$&')}(,办理期限由 [^,]+ 改为 \\d{4}-\\d{2}-\\d{2} 23:59)?$`));
  await cell.waitFor();
  const sentence = await cell.innerText();
  // every row is the officer's, and nothing is an English code or an id
  const actors = await page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(3)').allInnerTexts();
  assert.ok(actors.length > 0);
  for (const a of actors) assert.equal(a.trim(), '新埭镇三改一拆办 陈专员(镇街专员)', page.url());
  const body = await page.locator('.ant-table-tbody').innerText();
  assert.doesNotMatch(body, /[0-9a-f]{8}-[0-9a-f]{4}-|case_document|index_run|"status"/);
  // the record opened: field by field
  const row = page.locator('tr.ant-table-row', { has: cell });
  await row.locator('.ant-table-row-expand-icon').click();
  const changes = page.locator('[data-testid^="audit-changes-"]');
  await changes.waitFor();
  const changeText = await changes.innerText();
  assert.match(changeText, /状态\s+已上报\s+已立案/);
  await page.screenshot({ path: path.join(SHOTS, 'audit-view.png') });

  // the export: what the filter selects, as the page says it
  const total = Number((await page.locator('.ant-pagination-total-text').innerText()).match(/\d+/)![0]);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
  const file = path.join(SHOTS, 'audit-export.xlsx');
  await download.saveAs(file);
  assert.match(download.suggestedFilename(), /^审计记录-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('审计记录')!;
  assert.equal(ws.rowCount - 1, total);
  const sentences: string[] = [];
  ws.eachRow((r, n) => {
    if (n > 1) sentences.push(String(r.getCell(8).value));
  });
  assert.ok(sentences.includes(sentence));
  // the export is itself recorded, with the filter
  const sup = await apiAs(web.srv.base, 'supervisor', PASSWORD);
  const own = await sup.call('GET', '/api/audit?action=audit.export&limit=1');
  assert.equal(own.json.items[0].actorLabel, '市纪委监委 李监察员(纪检监察)');
  assert.equal(own.json.items[0].after.count, total);
  assert.equal(own.json.items[0].after.filter.from, today);
  if (process.env.WWJ_UPDATE_SCREENSHOTS) fs.copyFileSync(path.join(SHOTS, 'audit-view.png'), path.join(DOCS_SHOTS, '50-audit-view.png'));
  assert.deepEqual(page.problems, []);
});
