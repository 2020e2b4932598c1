#!/usr/bin/env node
// Screenshots of the web front end, taken through the real UI with headless Chromium.
//
//   BASE_URL=http://127.0.0.1:3100 USERNAME=city PASSWORD=… node scripts/screenshot.mjs [outDir]
//
// Saves 01-login.png, 02-map.png, 03-cases.png, 04-case.png and 05-case-lower.png into outDir (default .tmp/shots).
// USERNAME/PASSWORD default to the demo account `city` / the demo password (demo data only).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:3100').replace(/\/+$/, '');
const USERNAME = process.env.WWJ_USERNAME || process.env.USERNAME || 'city';
const PASSWORD = process.env.WWJ_PASSWORD || process.env.PASSWORD || 'demo-pass-2026';
const OUT = path.resolve(process.argv[2] || '.tmp/shots');
const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT = Number(process.env.SHOT_TIMEOUT_MS || 60_000);

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function log(msg) {
  console.log(`[shots] ${msg}`);
}

async function main() {
  if (!fs.existsSync(EXECUTABLE)) throw new Error(`Chromium not found at ${EXECUTABLE} (set CHROMIUM_PATH)`);
  fs.mkdirSync(OUT, { recursive: true });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-shots-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: EXECUTABLE,
    headless: true,
    args: ARGS,
    viewport: { width: 1920, height: 1080 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const problems = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    const shot = async (name, opts = {}) => {
      const file = path.join(OUT, name);
      await page.screenshot({ path: file, ...opts });
      log(`saved ${file}`);
    };
    const settle = async () => {
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await page.evaluate(() => document.fonts?.ready).catch(() => undefined);
      await page.waitForTimeout(400);
    };

    // 1. login page
    log(`opening ${BASE_URL}/login`);
    await page.goto(`${BASE_URL}/login`, { waitUntil: 'domcontentloaded' });
    await page.locator('#login-username').waitFor();
    await settle();
    await shot('01-login.png');

    // 2. log in through the form → the map
    await page.locator('#login-username').fill(USERNAME);
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('button[type="submit"]').click();
    const outcome = await Promise.race([
      page.waitForURL(/\/map(\?|$)/).then(() => 'ok'),
      page.locator('.ant-alert-error').waitFor().then(() => 'error'),
    ]);
    if (outcome !== 'ok') throw new Error(`login failed: ${(await page.locator('.ant-alert-error').innerText()).trim()}`);
    log(`logged in as ${USERNAME}`);
    await page.locator('[data-testid="city-map"] canvas').first().waitFor();
    // wait until the legend shows loaded cases (or the load finished with none)
    await page
      .waitForFunction(() => {
        const rows = [...document.querySelectorAll('[data-testid="map-legend"] .count')];
        return rows.some((r) => /[1-9]/.test(r.textContent || '')) && !document.querySelector('.map-progress');
      })
      .catch(() => log('warning: no case counts on the map legend'));
    await settle();
    await page.waitForTimeout(800);
    await shot('02-map.png');

    // 3. case list
    await page.locator('.app-sider .ant-menu-item').nth(1).click();
    await page.waitForURL(/\/cases(\?|$)/);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await settle();
    await shot('03-cases.png');

    // 4. one case: a closed case with photos shows the most; else the first row
    const pick = await page.evaluate(async () => {
      for (const q of ['status=closed&limit=100', 'limit=100']) {
        const r = await fetch(`/api/cases?${q}&sort=updated_at&order=desc`, { credentials: 'same-origin' });
        if (!r.ok) continue;
        const { items } = await r.json();
        const best = items.find((c) => c.photoCount >= 2) ?? items[0];
        if (best) return best.id;
      }
      return null;
    });
    if (pick) await page.goto(`${BASE_URL}/cases/${pick}`, { waitUntil: 'domcontentloaded' });
    else await page.locator('.ant-table-tbody tr.ant-table-row').first().click();
    await page.locator('[data-testid="case-page"]').waitFor();
    await page.locator('[data-testid="case-map"] canvas').first().waitFor().catch(() => log('warning: case map did not render'));
    await settle();
    await page
      .waitForFunction(() => [...document.querySelectorAll('[data-testid="photo-card"] img')].every((img) => img.complete))
      .catch(() => undefined);
    await shot('04-case.png');
    await page.evaluate(() => {
      const el = document.querySelector('.app-content');
      if (el) el.scrollTop = el.scrollHeight;
    });
    await page.waitForTimeout(400);
    await shot('05-case-lower.png');
  } finally {
    await context.close().catch(() => undefined);
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  if (problems.length) {
    log(`${problems.length} browser problem(s):`);
    for (const p of problems.slice(0, 20)) log(`  ${p}`);
  }
}

main().catch((err) => {
  console.error(`[shots] failed: ${err?.stack || err}`);
  process.exit(1);
});
