import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { apiAs, chinaMonthBefore, launchChromium, loginPage, runIndex, startServer, type RunningServer } from '../support/server.js';
import { DOCS_SHOTS, TMP } from '../support/env.js';
import { submitDialog } from '../support/case-actions.js';

// The administrator's 指标体系 (issue 19: "the admin ... edits a goalpost and sees the preview"): the real
// server with a small demo city whose last month the city office has computed; the admin moves one
// goalpost, previews the effect on that month's colours, saves a new version and finds it in the list.
const PASSWORD = 'index-editor-pass';
const SHOTS = path.join(TMP, 'shots-index-editor');
let srv: RunningServer;
let browser: Browser;
const LAST_MONTH = chinaMonthBefore(1);

before(async () => {
  srv = await startServer({ demoCases: 200, password: PASSWORD });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
  await runIndex(await apiAs(srv.base, 'city', PASSWORD), LAST_MONTH);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

type Preview = {
  changed: { name: string; townName: string | null; before: string; after: string }[];
  levels: Record<string, { before: Record<string, number>; after: Record<string, number> }>;
};

test('the admin edits a goalpost, previews the colours before → after, saves a new version and sees it listed', async () => {
  const admin = await apiAs(srv.base, 'admin', PASSWORD);
  const cur = (await admin.call('GET', '/api/index/definition')).json;
  const a1 = cur.definition.indicators.find((i: { id: string }) => i.id === 'A1');
  assert.equal(a1.direction, 'lower', 'A1 用地违建密度: lower is better, its baseline is the upper goalpost');
  // what the page should show for the same edit (the API's own answer, to compare the screen with)
  const edited = structuredClone(cur.definition);
  edited.indicators.find((i: { id: string }) => i.id === 'A1').goalposts.upper = 1;
  const expected = (await admin.call('POST', '/api/index/definitions/preview', { definition: edited })).json as Preview;
  assert.ok(expected.changed.length > 0, `a baseline of 1 m²/km² on A1 moves some colour in ${LAST_MONTH}`);

  const page = await loginPage(browser, srv, 'admin', { viewport: { width: 1600, height: 1000 } });
  await page.getByRole('menuitem', { name: '指标体系' }).click();
  await page.waitForURL(/\/admin\/index$/);
  await page.getByTestId('dimension-A').waitFor();
  // the notice of the last login stays 8 s over the page's corner: closed, so the screen is seen whole
  await page.locator('.last-login-notice .ant-notification-notice-close').click();
  await page.locator('.last-login-notice').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('definition-versions').locator('.ant-table-row').count(), 1, 'one version: the default');
  await page.getByTestId('definition-versions').getByText('系统默认', { exact: true }).waitFor();

  // a weight that does not add up is said at once, and blocks preview and save
  const weight = page.locator('#weight-A1');
  await weight.fill(String(a1.weight + 2));
  await page
    .getByTestId('definition-problems')
    .getByText(/各指标权重之和为 102,须等于权重总分 100\(多了 2\)/)
    .waitFor();
  assert.ok(await page.getByRole('button', { name: /^预\s*览$/ }).isDisabled());
  await weight.fill(String(a1.weight));
  await page.getByTestId('definition-problems').waitFor({ state: 'detached' });

  // the goalpost: A1's baseline (底线值, 0 points) from its default to 1 m²/km²
  await page.locator('#baseline-A1').fill('1');
  await page.getByText('已修改,未保存').waitFor();
  await page.getByRole('button', { name: /^预\s*览$/ }).click();
  const preview = page.getByTestId('definition-preview');
  await preview.waitFor();
  await preview.getByText(`预览:对 ${LAST_MONTH} 期五色评定的影响`).waitFor();
  await preview.getByText(`指标 A1「用地违建密度」的底线值:${a1.goalposts.upper} → 1`).waitFor();
  // before → after per colour, as the API counts them
  for (const level of ['town', 'village'] as const)
    for (const c of ['green', 'blue', 'yellow', 'orange', 'red']) {
      const text = (await preview.getByTestId(`count-${level}-${c}`).textContent()) ?? '';
      assert.ok(text.startsWith(`${expected.levels[level].before[c]} → ${expected.levels[level].after[c]}`), `${level} ${c}: ${text}`);
    }
  // a unit whose colour changes, by its name (a village with its town), never by its code
  const first = expected.changed[0];
  const row = preview.getByTestId('preview-changed').locator('.ant-table-row').first();
  await row.getByText(first.townName ? `${first.townName} · ${first.name}` : first.name, { exact: true }).waitFor();
  assert.match((await row.textContent()) ?? '', /[绿蓝黄橙红]\s*→\s*[绿蓝黄橙红]/);
  assert.doesNotMatch((await preview.textContent()) ?? '', /\b3304\d{5,}\b/, 'no division code on the page');
  await page.waitForTimeout(300); // the table's fade-in, for the screenshot only
  await page.screenshot({ path: path.join(SHOTS, 'preview.png'), fullPage: false });
  if (process.env.WWJ_UPDATE_SCREENSHOTS) fs.copyFileSync(path.join(SHOTS, 'preview.png'), path.join(DOCS_SHOTS, '25-index-definition.png'));

  // save as a new version, with a note
  await page.getByRole('button', { name: '保存为新版本' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('保存为第 2 版').waitFor();
  assert.ok(await dialog.getByRole('button', { name: '保存为新版本' }).isDisabled(), 'a note is required');
  await dialog.locator('#idef-note').fill('收紧用地违建密度底线(试算)');
  const saved = await submitDialog(
    page,
    dialog,
    dialog.getByRole('button', { name: '保存为新版本' }),
    (r) => r.url().endsWith('/api/index/definitions') && r.method() === 'POST',
    '保存为新版本',
  );
  assert.equal(saved.status(), 201, await saved.text());
  await page.getByText('已保存为第 2 版').waitFor();
  await page.getByText('当前第 2 版').waitFor();
  const versions = page.getByTestId('definition-versions');
  await versions.locator('.ant-table-row').nth(1).waitFor();
  const newest = versions.locator('.ant-table-row').first();
  assert.match((await newest.textContent()) ?? '', /第 2 版当前.*收紧用地违建密度底线\(试算\)/);
  assert.equal(await page.locator('#baseline-A1').inputValue(), '1');

  // the older version is looked at read-only, as it was
  await versions
    .locator('.ant-table-row')
    .nth(1)
    .getByRole('button', { name: /^查\s*看$/ })
    .click();
  await page.getByTestId('viewing-version').getByText('正在查看第 1 版(只读)').waitFor();
  assert.equal(await page.locator('#baseline-A1').inputValue(), String(a1.goalposts.upper));
  assert.ok(await page.locator('#baseline-A1').isDisabled());
  await page.getByRole('button', { name: '返回当前版本' }).click();
  assert.equal(await page.locator('#baseline-A1').inputValue(), '1');
  await page.screenshot({ path: path.join(SHOTS, 'saved.png') });
  assert.deepEqual(page.problems, []);

  // the server has it: version 2 with the edit, saved by the admin
  const now = (await admin.call('GET', '/api/index/definition')).json;
  assert.equal(now.version, 2);
  assert.equal(now.definition.indicators.find((i: { id: string }) => i.id === 'A1').goalposts.upper, 1);
  assert.equal(now.note, '收紧用地违建密度底线(试算)');
});
