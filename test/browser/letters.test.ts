import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { DOCS_SHOTS, TMP } from '../support/env.js';
import { apiAs, launchChromium, loginPage, startServer, until, type RunningServer } from '../support/server.js';
import { submitDialog } from '../support/case-actions.js';

// Responsibility letters (责任书) and the two goals (存量清零、新增归零) in the command centre: the city office
// opens a town's letter, sees its progress, uploads a signed photo and downloads the year-end PDF; the
// overview and the cockpit show the two goals; the town officer reads his own town's letters only.
const PASSWORD = 'letters-browser-pass';
const SHOTS = path.join(TMP, 'shots-test');
const XINDAI = '330482102';
let srv: RunningServer;
let browser: Browser;

before(async () => {
  srv = await startServer({ demoCases: 200, password: PASSWORD });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

const shot = async (page: import('playwright-core').Page, name: string, docs?: string) => {
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file });
  if (docs && process.env.WWJ_UPDATE_SCREENSHOTS) fs.copyFileSync(file, path.join(DOCS_SHOTS, docs));
};

test('the city office opens a town’s 2025 letter, sees its progress, uploads the signed letter and downloads the year-end PDF', async () => {
  const api = await apiAs(srv.base, 'city', PASSWORD);
  const list = await api.call('GET', '/api/letters?year=2025');
  assert.equal(list.status, 200);
  assert.equal(list.json.total, 9, 'one letter per town');
  const mine = list.json.items.find((l: { townCode: string }) => l.townCode === XINDAI);
  const detail = (await api.call('GET', `/api/letters/${mine.id}`)).json;

  const page = await loginPage(browser, srv, 'city');
  await page.getByRole('menuitem', { name: '责任书' }).click();
  await page.waitForURL(/\/letters/);
  await page.getByTestId('letters-table').waitFor();
  // (on a loaded machine a click can land while the dropdown is still opening: pick again until the URL follows)
  for (let attempt = 0; attempt < 3 && !/year=2025/.test(page.url()); attempt++) {
    await page.getByTestId('letters-year').click();
    await page.locator('.ant-select-item-option[title="2025"]').click();
    await page.waitForURL(/year=2025/, { timeout: 20_000 }).catch(() => undefined);
  }
  assert.match(page.url(), /year=2025/);
  const rows = page.locator('[data-testid="letters-table"] .ant-table-tbody .ant-table-row');
  // the year's nine towns, once the list of every year (45) has been replaced
  await until('the 2025 letters', async () => (await rows.count()) === 9 && (await rows.locator('td:first-child').allInnerTexts()).every((y) => y === '2025'));
  await shot(page, 'letters-list.png', '60-letters.png');

  await page.locator('[data-testid="letters-table"]').getByRole('link', { name: '新埭镇' }).click();
  await page.waitForURL(new RegExp(`/letters/${mine.id}$`));
  const progress = page.locator('[data-testid="letter-progress"] .ant-table-tbody .ant-table-row');
  await progress.first().waitFor();
  assert.equal(await progress.count(), detail.progress.items.length);
  for (const [i, item] of detail.progress.items.entries()) {
    const text = await progress.nth(i).innerText();
    assert.ok(text.includes(item.label) && text.includes(item.actual), `${item.label}: ${text}`);
  }
  await page.getByText('暂无专项').first().waitFor();
  await page
    .getByTestId('letter-status')
    .getByText({ met: '已完成', in_progress: '推进中', missed: '未完成', no_data: '暂无数据' }[detail.progress.status as 'met'])
    .waitFor();
  await page.getByTestId('letter-file').getByText('尚未上传签署的责任书').waitFor();
  await page.getByTestId('letter-goals').getByText(detail.goals.projection.text).first().waitFor();

  // a photo of the signed letter replaces the PDF
  const png = await sharp({ create: { width: 600, height: 800, channels: 3, background: '#f4f1ea' } })
    .composite([{ input: Buffer.from('<svg width="600" height="800"><circle cx="450" cy="650" r="70" stroke="#d0021b" stroke-width="6" fill="none"/></svg>'), top: 0, left: 0 }])
    .png()
    .toBuffer();
  const photo = path.join(SHOTS, '责任书签署页.png');
  fs.writeFileSync(photo, png);
  const uploaded = page.waitForResponse((r) => r.url().endsWith(`/api/letters/${mine.id}/file`) && r.request().method() === 'PUT');
  await page.locator('[data-testid="letter-file"] input[type=file]').setInputFiles(photo);
  assert.equal((await uploaded).status(), 200);
  await page.locator(`[data-testid="letter-file"] img[alt="责任书签署页.png"]`).waitFor();
  await shot(page, 'letter-page.png', '61-letter.png');

  // a target raised above what the town closed: the row turns 未完成 when saved
  const target = detail.progress.facts.stockClosed + 5;
  await page.getByRole('button', { name: '编辑' }).click();
  await page.getByRole('spinbutton', { name: '存量处置(处)' }).fill(String(target));
  const saved = await submitDialog(
    page,
    page.getByRole('dialog'),
    page.locator('.ant-modal-footer .ant-btn-primary'),
    (r) => r.url().endsWith(`/api/letters/${mine.id}`) && r.method() === 'PATCH',
    '编辑责任书',
  );
  assert.equal(saved.status(), 200);
  await until('the raised target', async () => {
    const row = await progress.first().innerText();
    return row.includes(`${target} 处`) && row.includes('未完成');
  });

  // the year-end summary page and its PDF
  await page.getByRole('button', { name: '年终总结' }).click();
  await page.waitForURL(/\/summary$/);
  await page.getByText('新埭镇2025年度责任书年终总结').waitFor();
  await until('the upload’s and the save’s notices gone', async () => (await page.locator('.ant-message-notice').count()) === 0);
  await shot(page, 'letter-summary.png', '62-letter-summary.png');
  const download = page.waitForEvent('download');
  await page.getByTestId('letter-pdf').click();
  const file = path.join(SHOTS, 'letter-summary.pdf');
  await (await download).saveAs(file);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  assert.ok(text.includes('新埭镇2025年度违法建筑安全治理责任书年终总结'), text.slice(0, 200));
  assert.ok(text.includes('一、责任目标完成情况') && text.includes('暂无专项'), 'the targets');
  assert.ok(text.includes(`已销号${detail.progress.facts.stockClosed}处`), 'the stock closed in 2025');
  assert.ok(text.includes(detail.goals.projection.text.replace(/\s+/g, '')), 'the projection');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the overview and the cockpit show the two goals per town with the projection', async () => {
  const api = await apiAs(srv.base, 'city', PASSWORD);
  const goals = (await api.call('GET', '/api/goals')).json;
  const page = await loginPage(browser, srv, 'city');
  await page.waitForURL(/\/overview/);
  const card = page.getByTestId('goals-card');
  await card.getByTestId('goals-units').locator('.ant-table-tbody .ant-table-row').nth(8).waitFor();
  await card.getByTestId(`projection-${goals.total.code}`).getByText(goals.total.projection.text).waitFor();
  for (const u of goals.units) assert.equal(await card.getByTestId(`projection-${u.code}`).innerText(), u.projection.text);
  assert.ok((await page.getByTestId('goals-summary').innerText()).includes(`存量基数 ${goals.total.baseline.count} 处`));
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'overview-goals.png', '63-overview-goals.png');

  await page.goto(`${srv.base}/cockpit`);
  await page.getByTestId('cockpit-projection').getByText(goals.total.projection.text).waitFor();
  await shot(page, 'cockpit-goals.png', '64-cockpit-goals.png');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the town officer reads his own town’s letters only, without editing', async () => {
  const page = await loginPage(browser, srv, 'officer');
  await page.goto(`${srv.base}/letters`);
  const rows = page.locator('[data-testid="letters-table"] .ant-table-tbody .ant-table-row');
  await rows.nth(4).waitFor();
  assert.equal(await rows.count(), 5, '2022–2026');
  for (const t of await rows.locator('td:nth-child(2)').allInnerTexts()) assert.equal(t, '新埭镇');
  assert.equal(await page.getByRole('button', { name: '新建责任书' }).count(), 0);
  await page.getByText('此处只读').waitFor();
  await rows.first().getByRole('link').click();
  await page.getByTestId('letter-progress').waitFor();
  assert.equal(await page.getByRole('button', { name: '编辑' }).count(), 0);
  assert.equal(await page.getByTestId('letter-upload').count(), 0);
  await page.close();
});
