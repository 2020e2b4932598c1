import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { TMP } from '../support/env.js';
import { apiAs, launchChromium, loginPage, quietPlace, startServer, type RunningServer } from '../support/server.js';

// Supervision alerts in the command centre (issue 21, first slice): the supervisor opens the inbox, an alert,
// reads its evidence (the case linked by its number, the audit records as sentences), reviews and confirms it;
// the administrator changes a rule's threshold. The real server, a small demo city, Debian's Chromium.
const PASSWORD = 'Alerts-pass-1';
const SHOTS = path.join(TMP, 'shots-test');
let srv: RunningServer;
let browser: Browser;

before(async () => {
  srv = await startServer({ demoCases: 30, password: PASSWORD });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('the supervisor goes from the inbox to an alert’s evidence, reviews and confirms it', async () => {
  // the town officer registers a report himself and verifies it: separation of duties
  const officer = await apiAs(srv.base, 'officer', PASSWORD);
  const [lon, lat] = await quietPlace(officer, '330482102');
  const made = await officer.call('POST', '/api/cases', { lon, lat, source: 'patrol', category: 'building', areaM2: 80 });
  assert.equal(made.status, 201, JSON.stringify(made.json));
  const verified = await officer.call('POST', `/api/cases/${made.json.id}/actions`, { action: 'verify', version: made.json.version });
  assert.equal(verified.status, 200, JSON.stringify(verified.json));
  const caseNo: string = made.json.caseNo;

  // the worker judges the case a moment later
  const sup = await apiAs(srv.base, 'supervisor', PASSWORD);
  let alertId: string | undefined;
  for (let i = 0; i < 60 && !alertId; i++) {
    const r = await sup.call('GET', '/api/alerts?rule=separation_of_duties&limit=200');
    alertId = r.json.items.find((a: { caseIds: string[] }) => a.caseIds.includes(made.json.id))?.id;
    if (!alertId) await new Promise((ok) => setTimeout(ok, 500));
  }
  assert.ok(alertId, 'the alert was raised');

  const page = await loginPage(browser, srv, 'supervisor', { viewport: { width: 1440, height: 900 } });
  await page.getByRole('menuitem', { name: '监督预警' }).click();
  await page.getByTestId('alerts-page').waitFor();
  // filtered by the rule, as a supervisor picks it by name
  await page.getByTestId('alerts-filter-rule').click();
  await page.locator('.ant-select-item-option', { hasText: '职责未分离' }).click();
  await page.keyboard.press('Escape');
  await page.waitForURL(/rule=separation_of_duties/);
  const row = page.locator('.ant-table-row', { hasText: caseNo });
  await row.waitFor();
  const text = await page.getByTestId('alerts-table').innerText();
  assert.match(text, /职责未分离/);
  assert.match(text, /待处理/);
  assert.doesNotMatch(text, /separation_of_duties|under_review|\bopen\b|\bhigh\b|\bmedium\b/, 'labels, never codes');
  await page.screenshot({ path: path.join(SHOTS, 'alerts-inbox.png') });

  // the row opens the alert (its first cell: the case number in the row is a link of its own)
  await row.locator('td').first().click();
  await page.getByTestId('alert-page').waitFor();
  await page.waitForURL(new RegExp(`/alerts/${alertId}`));
  assert.match(await page.getByTestId('alert-summary').innerText(), /本人立案/);
  await page.getByTestId('alert-case-link').filter({ hasText: caseNo }).waitFor();
  // the audit records as sentences, the verification the alert is about marked
  const involved = page.getByTestId('alert-audit-involved');
  await involved.first().waitFor();
  assert.match(await involved.first().innerText(), /立案/);
  assert.ok(!/case\.verify|separation_of_duties/.test(await page.getByTestId('alert-audit').innerText()));
  await page.screenshot({ path: path.join(SHOTS, 'alert-evidence.png'), fullPage: true });

  // review, then try to dismiss without a reason (refused beside the field), then confirm with one
  await page.getByTestId('alert-action-review').click();
  await page.getByTestId('alert-action-confirm').waitFor();
  await page.getByTestId('alert-action-dismiss').click();
  await page.getByText('排除预警须说明理由').waitFor();
  await page.getByTestId('alert-reason').fill('本人上报又本人立案,无他人复核,予以确认');
  await page.getByTestId('alert-action-confirm').click();
  await page.getByTestId('alert-action-refer').waitFor();
  const steps = await page.getByTestId('alert-steps').innerText();
  assert.match(steps, /开始核查/);
  assert.match(steps, /确认问题 → 已确认/);
  assert.match(steps, /无他人复核/);
  await page.screenshot({ path: path.join(SHOTS, 'alert-confirmed.png'), fullPage: true });
  // the case number opens the case
  await page.getByTestId('alert-case-link').first().click();
  await page.waitForURL(new RegExp(`/cases/${made.json.id}`));
  assert.deepEqual(page.problems, []);
});

test('the administrator changes a rule’s threshold on the rule settings page', async () => {
  const page = await loginPage(browser, srv, 'admin', { viewport: { width: 1440, height: 900 } });
  await page.getByRole('menuitem', { name: '预警规则' }).click();
  await page.getByTestId('alert-rules-page').waitFor();
  const card = page.getByTestId('alert-rule-closing_weak_evidence');
  await card.waitFor();
  assert.match(await card.innerText(), /销号证据不足/);
  assert.match(await card.innerText(), /米/);
  const field = card.getByTestId('threshold-maxDistanceM');
  await field.fill('150');
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/alert-rules') && r.request().method() === 'PUT');
  await card.getByTestId('save-closing_weak_evidence').click();
  assert.equal((await saved).status(), 200);
  await page.getByText('已保存「销号证据不足」').waitFor();
  await card.getByText(/第 2 版/).waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'alert-rules.png'), fullPage: true });
  const admin = await apiAs(srv.base, 'admin', PASSWORD);
  const rules = await admin.call('GET', '/api/alert-rules');
  assert.equal(rules.json.items.find((r: { code: string }) => r.code === 'closing_weak_evidence').thresholds.maxDistanceM, 150);
  assert.deepEqual(page.problems, []);
});
