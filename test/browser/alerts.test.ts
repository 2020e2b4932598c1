import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { exifChinaTime } from '../../src/demo/demo.photos.js';
import { TMP } from '../support/env.js';
import { apiAs, launchChromium, loginPage, quietPlace, startServer, type RunningServer } from '../support/server.js';

// Supervision alerts in the command centre (issue 21): the supervisor opens the inbox, an alert, reads its
// evidence (the case linked by its number, the audit records as sentences), reviews and confirms it; a photo
// reused on another case is shown beside the one it repeats, referred, and its referral sheet (PDF) downloaded;
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
  // the map of the case: its point within the town and village boundaries
  await page.getByTestId('alert-map').locator('canvas').first().waitFor({ timeout: 90_000 });
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

/** A camera JPEG of a scene with detail everywhere; `copy`: the same scene re-saved smaller and coarser. */
async function scenePhoto(seed: number, lon: number, lat: number, copy = false): Promise<Blob> {
  let x = (seed * 2654435761) >>> 0 || 1;
  const px = Buffer.alloc(16 * 12 * 3);
  for (let i = 0; i < px.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    px[i] = x & 255;
  }
  const dms = (v: number) => {
    const d = Math.floor(v);
    const m = Math.floor((v - d) * 60);
    return `${d}/1 ${m}/1 ${Math.round(((v - d) * 60 - m) * 60 * 10000)}/10000`;
  };
  const buf = await sharp(px, { raw: { width: 16, height: 12, channels: 3 } })
    .resize(copy ? 576 : 640, copy ? 432 : 480, { kernel: 'cubic' })
    .jpeg({ quality: copy ? 60 : 88 })
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'T1' },
      IFD2: { DateTimeOriginal: exifChinaTime(new Date(Date.now() + 2000)) },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(lat), GPSLongitudeRef: 'E', GPSLongitude: dms(lon) },
    })
    .toBuffer();
  return new Blob([new Uint8Array(buf)], { type: 'image/jpeg' });
}

test('a photo reused on another case: the two side by side, referred, the referral sheet downloaded', async () => {
  const officer = await apiAs(srv.base, 'officer', PASSWORD);
  const city = await apiAs(srv.base, 'city', PASSWORD);
  const ok = (r: { status: number; json: unknown }, what: string, status = 200) => assert.equal(r.status, status, `${what}: ${JSON.stringify(r.json)}`);
  /** A report at a quiet place, taken to rectification, with an 'after' photo; closing requested. */
  const rectified = async (seed: number, copy: boolean) => {
    const [lon, lat] = await quietPlace(officer, '330482102');
    const made = await officer.call('POST', '/api/cases', { lon, lat, source: 'patrol', category: 'building', areaM2: 60 });
    ok(made, 'report', 201);
    const id: string = made.json.id;
    const step = async (action: string, extra: Record<string, unknown> = {}) => {
      const v = (await officer.call('GET', `/api/cases/${id}`)).json.version;
      ok(await officer.call('POST', `/api/cases/${id}/actions`, { action, version: v, ...extra }), action);
    };
    await step('verify');
    await step('classify', { disposalClass: 'remedy', remedyRef: '平自然资规补〔2026〕9号', reason: '可补办' });
    await step('start_rectification');
    const form = new FormData();
    form.set('stage', 'after');
    form.set('photo', await scenePhoto(seed, lon, lat, copy), 'after.jpg');
    ok(await officer.call('POST', `/api/cases/${id}/photos`, undefined, form), 'photo', 201);
    await step('request_closing');
    return { id, caseNo: made.json.caseNo as string };
  };
  const first = await rectified(77, false);
  const v = (await city.call('GET', `/api/cases/${first.id}`)).json.version;
  ok(await city.call('POST', `/api/cases/${first.id}/actions`, { action: 'approve_closing', version: v }), 'approve');
  const second = await rectified(77, true);

  const sup = await apiAs(srv.base, 'supervisor', PASSWORD);
  let alertId: string | undefined;
  for (let i = 0; i < 60 && !alertId; i++) {
    const r = await sup.call('GET', '/api/alerts?rule=photo_reused&limit=200');
    alertId = r.json.items.find((a: { caseIds: string[] }) => a.caseIds.includes(second.id))?.id;
    if (!alertId) await new Promise((res) => setTimeout(res, 500));
  }
  assert.ok(alertId, 'the reuse was found');

  const page = await loginPage(browser, srv, 'supervisor', { viewport: { width: 1440, height: 900 } });
  await page.goto(`${srv.base}/alerts/${alertId}`);
  await page.getByTestId('alert-page').waitFor();
  assert.match(await page.getByTestId('alert-rule').innerText(), /照片跨案件重复使用/);
  const pair = page.getByTestId('alert-photo-pair');
  await pair.waitFor();
  const sides = pair.getByTestId('alert-pair-photo');
  assert.equal(await sides.count(), 2);
  assert.match(await sides.nth(0).innerText(), new RegExp(second.caseNo));
  assert.match(await sides.nth(1).innerText(), new RegExp(first.caseNo));
  assert.match(await pair.innerText(), /感知哈希(完全相同|相差 \d 位)/);
  // both pictures loaded and drawn side by side
  await page.waitForFunction(`[...document.querySelectorAll('[data-testid="alert-pair-photo"] img')].every((i) => i.complete && i.naturalWidth > 0)`);
  const [l, r] = [await sides.nth(0).boundingBox(), await sides.nth(1).boundingBox()];
  assert.ok(l && r && Math.abs(l.y - r.y) < 2 && r.x > l.x + l.width - 2, 'side by side');
  // both cases on the alert's map
  await page.getByTestId('alert-map').locator('canvas').first().waitFor({ timeout: 90_000 });
  await page.getByTestId('alert-map').screenshot({ path: path.join(SHOTS, 'alert-photo-reuse-map.png') });
  await page.getByTestId('alert-photo-pairs').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'alert-photo-reuse.png'), fullPage: true });

  // review, confirm with the reason, refer: the referral number and the sheet's button appear
  await page.getByTestId('alert-action-review').click();
  await page.getByTestId('alert-action-confirm').waitFor();
  await page.getByTestId('alert-reason').fill('同一张照片经压缩后用于另一案件的销号申请');
  await page.getByTestId('alert-action-confirm').click();
  await page.getByTestId('alert-action-refer').click();
  await page.getByTestId('alert-referral-pdf').waitFor();
  const no = (await page.getByTestId('alert-referral-no').innerText()).replace(/^.*[::]/, '').trim();
  assert.match(no, /^纪移〔\d{4}〕\d+号$/);
  const download = page.waitForEvent('download');
  await page.getByTestId('alert-referral-pdf').click();
  const file = path.join(SHOTS, 'referral.pdf');
  await (await download).saveAs(file);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  assert.ok(text.includes('问题线索移送单'), 'the title');
  assert.ok(text.includes(no), `the referral number ${no}`);
  assert.ok(text.includes(first.caseNo) && text.includes(second.caseNo), 'both case numbers');
  assert.ok(text.includes('同一张照片经压缩后用于另一案件的销号申请'), 'the reason');
  assert.deepEqual(page.problems, []);
});

test('the supervisor goes from the city’s monthly report to the supervision report of the same month', async () => {
  const page = await loginPage(browser, srv, 'supervisor', { viewport: { width: 1440, height: 900 } });
  await page.goto(`${srv.base}/reports?month=2026-01`);
  const link = page.getByTestId('report-supervision');
  await link.waitFor({ timeout: 90_000 });
  assert.match(await link.innerText(), /监督月报/);
  await page.screenshot({ path: path.join(SHOTS, 'report-supervision-link.png') });
  await link.click();
  await page.waitForURL(/\/alerts\/report\?month=2026-01/);
  await page.getByText('城市月度报告').waitFor({ timeout: 90_000 });
  assert.deepEqual(page.problems, []);
  // the city office may not open the supervision report: no link
  const city = await loginPage(browser, srv, 'city', { viewport: { width: 1440, height: 900 } });
  await city.goto(`${srv.base}/reports?month=2026-01`);
  await city.getByTestId('report-pdf').waitFor({ timeout: 90_000 });
  assert.equal(await city.getByTestId('report-supervision').count(), 0);
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
  // the rules of the second slice with their thresholds as fields with units
  const concentrated = page.getByTestId('alert-rule-rejections_concentrated');
  await concentrated.scrollIntoViewIfNeeded();
  for (const key of ['minCount', 'windowDays', 'minSharePct', 'radiusM']) await concentrated.getByTestId(`threshold-${key}`).waitFor();
  assert.match(await concentrated.innerText(), /不予立案或合并集中[\s\S]*件[\s\S]*天[\s\S]*%[\s\S]*米/);
  const reused = page.getByTestId('alert-rule-photo_reused');
  assert.match(await reused.innerText(), /照片跨案件重复使用[\s\S]*位/);
  await page.getByTestId('alert-rule-closed_case_edited').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'alert-rules-patterns.png') });
  const admin = await apiAs(srv.base, 'admin', PASSWORD);
  const rules = await admin.call('GET', '/api/alert-rules');
  assert.equal(rules.json.items.find((r: { code: string }) => r.code === 'closing_weak_evidence').thresholds.maxDistanceM, 150);
  assert.deepEqual(page.problems, []);
});
