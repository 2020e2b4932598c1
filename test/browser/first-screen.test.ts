import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_DUPLICATE_PAIRS } from '../../src/demo/demo.seed.js';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { TMP } from '../support/env.js';
import { apiAs, launchChromium, startServer, type RunningServer } from '../support/server.js';
import { DEMO_LEDGER_ROWS } from '../../src/demo/demo.alerts.js';

// The first screen, driven the way a person uses it: the real server (npm start's entry) with a
// small demo city on the embedded database, Debian's Chromium, the built web app.
const PASSWORD = 'browser-demo-pass';
const SHOTS = path.join(TMP, 'shots-test');
let srv: RunningServer;
let base: string;
let browser: Browser;
/**
 * The registry as the city office sees it (violations; the waterlogging points are their own list): the 200
 * asked for, the week's duplicate pairs and the reports planted for the supervision alerts (the officer's
 * own report, five rejected in one quiet village, a shed rebuilt where a demolished one stood).
 */
let total: number;

before(async () => {
  srv = await startServer({ demoCases: 200, password: PASSWORD });
  base = srv.base;
  const city = await apiAs(base, 'city', PASSWORD);
  total = (await city.call('GET', '/api/cases?limit=1')).json.total;
  // and the cases registered by the demo's change patches (违法建设 verdicts, demo.patches.ts)
  const patchCases = (await city.call('GET', '/api/patches?verdict=violation&limit=500')).json.total as number;
  assert.ok(patchCases > 0, 'the demo patches registered cases');
  // and the census ledger the demo town imported (demo.alerts.ts)
  assert.equal(total, 200 + 2 * DEMO_DUPLICATE_PAIRS + 1 + 5 + 1 + patchCases + DEMO_LEDGER_ROWS, `cases in the demo registry: ${total}`);
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function login(username: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${base}/login`);
  await page.fill('#login-username', username);
  await page.fill('#login-password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/(overview|todo|map)/, { timeout: 30_000 }); // each role's home
  return page;
}

test('a wrong password shows the server’s message in Chinese', async () => {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${base}/login`);
  await page.fill('#login-username', 'city');
  await page.fill('#login-password', 'wrong-password');
  await page.click('button[type=submit]');
  await page.getByText('用户名或密码错误').waitFor({ timeout: 15_000 });
  await page.close();
});

test('the city office sees the demo city on the map, with boundaries and case points', async () => {
  const page = await login('city');
  await page.goto(`${base}/map`);
  const legend = page.getByTestId('map-legend');
  await legend.waitFor();
  // wait until the map has the cases of its view (the count above the map) and has drawn them
  await page
    .getByTestId('map-count')
    .filter({ hasText: String(total) })
    .waitFor({ timeout: 60_000 });
  const shot = path.join(SHOTS, 'map-city.png');
  // count pixels of the case-point colours (closed green, verified red, rectifying blue)
  const colours = { closed: [0x52, 0xc4, 0x1a], verified: [0xf5, 0x22, 0x2d], rectifying: [0x16, 0x77, 0xff] };
  let counts: Record<string, number> = {};
  let data: Buffer = Buffer.alloc(0);
  let info = { width: 0, height: 0 };
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.waitForTimeout(500);
    await page.locator('.map-wrap').screenshot({ path: shot });
    ({ data, info } = await sharp(shot).removeAlpha().raw().toBuffer({ resolveWithObject: true }));
    counts = {};
    for (const [k, [r, g, b]] of Object.entries(colours)) {
      let n = 0;
      for (let i = 0; i < data.length; i += 3) if (Math.abs(data[i] - r) < 12 && Math.abs(data[i + 1] - g) < 12 && Math.abs(data[i + 2] - b) < 12) n++;
      counts[k] = n;
    }
    if (counts.closed > 200 && counts.verified > 50) break;
  }
  assert.ok(counts.closed > 200 && counts.verified > 50, `case points drawn: ${JSON.stringify(counts)} in ${info.width}x${info.height}`);
  // the town boundary colour (#3d5a80) is drawn
  let boundary = 0;
  for (let i = 0; i < data.length; i += 3) if (Math.abs(data[i] - 0x3d) < 14 && Math.abs(data[i + 1] - 0x5a) < 14 && Math.abs(data[i + 2] - 0x80) < 14) boundary++;
  assert.ok(boundary > 2000, `town boundaries drawn: ${boundary} px`);
  const counted = await legend.locator('.count').allTextContents();
  assert.equal(
    counted.map((s) => Number(s.replace(/,/g, '')) || 0).reduce((a, b) => a + b, 0),
    total,
  );
  await page.close();
});

test('the case list filters, and a case page shows facts, photos and the timeline', async () => {
  const page = await login('city');
  await page.goto(`${base}/cases`);
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await rows.first().waitFor({ timeout: 30_000 });
  assert.ok((await rows.count()) >= 10, '(await rows.count()) >= 10');
  assert.match(await page.getByTestId('case-total').innerText(), new RegExp(`共\\s*${total}\\s*件`));
  await page.screenshot({ path: path.join(SHOTS, 'cases.png') });
  const first = await rows.first().innerText();
  assert.match(first, /PH-\d{4}-\d{6}/);
  await rows.first().click();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}/);
  await page.getByText('基本信息').first().waitFor();
  await page.locator('.ant-timeline-item').first().waitFor();
  assert.ok((await page.locator('.ant-timeline-item').count()) >= 1, "(await page.locator('.ant-timeline-item').count()) >= 1");
  await page.screenshot({ path: path.join(SHOTS, 'case.png'), fullPage: true });
  await page.close();
});

test('the town officer sees only the cases of the town', async () => {
  const page = await login('officer');
  await page.goto(`${base}/cases`);
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await rows.first().waitFor({ timeout: 30_000 });
  const texts = await rows.allInnerTexts();
  assert.ok(texts.length > 0, 'texts.length > 0');
  for (const t of texts) assert.match(t, /新埭镇/);
  await page.close();
});
