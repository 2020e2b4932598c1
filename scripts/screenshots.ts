// Refreshes every screenshot the README and docs/ show (docs/screenshots/*.png): `npm run docs:screenshots`.
//
//   npm run docs:screenshots                         # everything: the tour, then the browser test files below
//   npm run docs:screenshots -- --tour               # only the tour below (login, map, list, case, duplicates, index, overview)
//   npm run docs:screenshots -- --tests              # only the browser tests that take the others
//   npm run docs:screenshots -- --tests patrol       # only some of them (names as in TESTS)
//   npm run docs:screenshots -- --tour --cases 1200  # a smaller demo city (default: 3000, as npm start); ~4 min on a busy 2-core machine
//
// 1. The tour: the product with a fresh demo city (as `npm start` makes it, in a temp data dir), index runs for
//    the last six months, then Debian's Chromium through the pages: 01–04 (city office), 06–07 (a probable
//    duplicate, then merged, as the town officer), 20–24 (the governance index), 40 (the overview).
// 2. The browser tests whose screens are shown in the docs run with WWJ_UPDATE_SCREENSHOTS=1, which makes them
//    copy those screens into docs/screenshots (without it they write only under .tmp/): workflow (05, 08, 09),
//    patrol (10–14), two-phase-photos (15), weak-signal-report (16), index-editor (25), reports (30), command-centre (41–43), imports (44),
//    accounts (45–47), case-file (48–49), audit-view (50), rules-form (52).
// Last, every docs/screenshots/*.png that README.md or docs/*.md links to must have been written by this run;
// the command lists those that were not and exits 1.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../test/support/env.js';
import { apiAs, chinaMonthBefore, launchChromium, loginPage, runIndex, startServer, type RunningServer } from '../test/support/server.js';

const OUT = path.join(ROOT, 'docs', 'screenshots');
const args = process.argv.slice(2);
const onlyTour = args.includes('--tour');
const onlyTests = args.includes('--tests');
const TESTS = [
  'workflow',
  'patrol',
  'two-phase-photos',
  'weak-signal-report',
  'index-editor',
  'reports',
  'command-centre',
  'imports',
  'accounts',
  'case-file',
  'audit-view',
  'rules-form',
];
// `--tests patrol,reports` runs only those files
const picked = onlyTests && args[args.indexOf('--tests') + 1] && !args[args.indexOf('--tests') + 1].startsWith('--') ? args[args.indexOf('--tests') + 1].split(',') : TESTS;
for (const t of picked) if (!TESTS.includes(t)) throw new Error(`--tests: ${t} is not one of ${TESTS.join(', ')}`);
const TEST_FILES = picked.map((f) => `test/browser/${f}.test.ts`);
const cases = args.includes('--cases') ? Number(args[args.indexOf('--cases') + 1]) : 3000;
const PASSWORD = 'docs-screenshots-pass';
const started = Date.now();
const log = (m: string) => console.log(`[screenshots] ${m}`);

async function settle(page: Page, ms = 600) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.evaluate(() => (globalThis as any).document.fonts?.ready).catch(() => undefined);
  await page.waitForTimeout(ms);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(OUT, name) });
  log(`wrote docs/screenshots/${name}`);
}

/** Scrolls the app's content pane so that the element with this text is near the top. */
async function scrollTo(page: Page, text: string) {
  await page
    .getByText(text, { exact: true })
    .first()
    .evaluate((el: any) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(400);
}

async function tour() {
  log(`starting the product with a ${cases}-case demo city (the first start seeds it: minutes)`);
  const srv: RunningServer = await startServer({ demoCases: cases, password: PASSWORD });
  const browser = await launchChromium();
  try {
    const city = await apiAs(srv.base, 'city', PASSWORD);
    // six monthly index runs, oldest first, so the index pages show a trend and a change against the month before
    const periods = [6, 5, 4, 3, 2, 1].map(chinaMonthBefore);
    let runId = '';
    for (const p of periods) runId = await runIndex(city, p);
    log(`index runs ${periods[0]} … ${periods.at(-1)} done`);

    // 01–04: the city office at 1920×1080
    const login = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await login.goto(`${srv.base}/login`);
    await login.locator('#login-username').waitFor();
    await settle(login);
    await shot(login, '01-login.png');
    await login.close();

    const page = await loginPage(browser, srv, 'city', { viewport: { width: 1920, height: 1080 } });
    await page.goto(`${srv.base}/map`);
    await page.locator('[data-testid="city-map"] canvas').first().waitFor();
    await page.waitForFunction(() => [...(globalThis as any).document.querySelectorAll('[data-testid="map-legend"] .count')].some((r: any) => /[1-9]/.test(r.textContent || '')));
    await settle(page, 1500);
    await shot(page, '02-map.png');

    await page.goto(`${srv.base}/cases`);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await settle(page);
    await shot(page, '03-cases.png');

    // a closed case with its before and after photos shows the most
    const closed = (await city.call('GET', '/api/cases?status=closed&limit=100')).json.items as { id: string; photoCount: number }[];
    const pick = closed.find((c) => c.photoCount >= 2) ?? closed[0];
    await page.goto(`${srv.base}/cases/${pick.id}`);
    await page.locator('[data-testid="case-page"]').waitFor();
    await page.locator('[data-testid="case-map"] canvas').first().waitFor();
    await page.waitForFunction(() => [...(globalThis as any).document.querySelectorAll('[data-testid="photo-card"] img')].every((img: any) => img.complete));
    await settle(page);
    await shot(page, '04-case.png');

    // 40: the overview, with last month's index colours
    await page.goto(`${srv.base}/overview`);
    await page.getByTestId('chart-flow').locator('canvas').waitFor();
    await settle(page, 1200);
    await shot(page, '40-overview.png');
    await page.close();

    // 20–24: the governance index at 1600×900
    const index = await loginPage(browser, srv, 'city', { viewport: { width: 1600, height: 900 } });
    await index.goto(`${srv.base}/index?run=${runId}&level=town`);
    await index.locator('[data-testid="index-map"] canvas').first().waitFor();
    await index.locator('.index-side .ant-table-row').nth(8).waitFor();
    await settle(index, 1000);
    await shot(index, '20-index-towns.png');
    await index.goto(`${srv.base}/index?run=${runId}&level=village`);
    await index.locator('.index-side .ant-table-row').nth(49).waitFor();
    await settle(index, 1000);
    await shot(index, '21-index-villages.png');
    // 钟埭街道 and its 新群社区 as in the earlier screenshots, else the first town and its first village
    const units = (await city.call('GET', '/api/divisions?format=geojson&level=town,village')).json.features.map(
      (f: { properties: Record<string, unknown> }) => f.properties,
    ) as Record<string, unknown>[];
    const named = (name: string) => units.find((u) => Object.values(u).includes(name));
    const town = named('钟埭街道') ?? units.find((u) => u.level === 'town')!;
    const village = named('新群社区') ?? units.find((u) => u.parentCode === town.code)!;
    await index.goto(`${srv.base}/index/runs/${runId}/units/${town.code}`);
    await index.getByTestId('index-unit-head').waitFor();
    await index.locator('.section .ant-table-row').nth(15).waitFor();
    await settle(index, 1000);
    await shot(index, '22-index-town.png');
    await scrollTo(index, '指标明细');
    await shot(index, '23-index-town-indicators.png');
    await index.goto(`${srv.base}/index/runs/${runId}/units/${village.code}`);
    await index.getByTestId('index-unit-head').waitFor();
    await index.locator('.section .ant-table-row').nth(15).waitFor();
    await settle(index, 1000);
    await shot(index, '24-index-village.png');
    await index.close();

    // 06–07: the town officer at 1600×1000 with one of the demo's places reported twice this week
    const officer = await apiAs(srv.base, 'officer', PASSWORD);
    const dup = (await officer.call('GET', '/api/cases?suspectedDuplicate=true&limit=10')).json.items as { id: string }[];
    if (dup.length === 0) {
      log('no probable duplicate in the demo city for the town officer: 06 and 07 not taken');
    } else {
      const op = await loginPage(browser, srv, 'officer', { viewport: { width: 1600, height: 1000 } });
      await op.goto(`${srv.base}/cases/${dup[0].id}`);
      await op.getByTestId('duplicate-candidates').waitFor();
      await op.locator('[data-testid="case-map"] canvas').first().waitFor();
      await settle(op);
      await shot(op, '06-case-duplicate.png');
      await op.getByTestId('duplicate-candidates').getByRole('button', { name: '合并到该案' }).first().click();
      await op.locator('.ant-popconfirm .ant-btn-primary').click();
      await op.getByText('不予立案理由').waitFor();
      await op.reload(); // without the merge's toast over the header
      await op.getByText('不予立案理由').waitFor();
      await settle(op);
      await scrollTo(op, '处置情况');
      await shot(op, '07-case-merged.png');
      if (op.problems.length) log(`page errors: ${op.problems.join(' | ')}`);
      await op.close();
    }
  } finally {
    await browser.close();
    await srv.stop();
  }
}

function tests(): boolean {
  log(`running ${TEST_FILES.join(', ')} with WWJ_UPDATE_SCREENSHOTS=1`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...TEST_FILES], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, WWJ_UPDATE_SCREENSHOTS: '1' },
  });
  return r.status === 0;
}

/** docs/screenshots/*.png named by README.md and docs/*.md. */
function referenced(): string[] {
  const files = [
    path.join(ROOT, 'README.md'),
    ...fs
      .readdirSync(path.join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => path.join(ROOT, 'docs', f)),
  ];
  const names = new Set<string>();
  for (const f of files) for (const m of fs.readFileSync(f, 'utf8').matchAll(/screenshots\/([\w.-]+\.png)/g)) names.add(m[1]);
  return [...names].sort();
}

let ok = true;
if (!onlyTests) {
  try {
    await tour();
  } catch (e) {
    ok = false;
    console.error(`[screenshots] the tour failed: ${(e as Error).stack ?? e}`);
  }
}
if (!onlyTour && !tests()) {
  ok = false;
  console.error('[screenshots] a browser test failed: its screenshots may not be refreshed');
}
const stale = referenced().filter((n) => !fs.existsSync(path.join(OUT, n)) || fs.statSync(path.join(OUT, n)).mtimeMs < started);
if (stale.length) log(`not refreshed by this run: ${stale.join(', ')}`);
else log('every screenshot the docs show was refreshed');
log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(ok && (stale.length === 0 || onlyTour || onlyTests) ? 0 : 1);
