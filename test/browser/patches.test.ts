import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { apiAs, launchChromium, loginPage, phonePage, quietPlace, signInPatrol, startServer, type RunningServer } from '../support/server.js';
import { jpegWithExif } from '../support/images.js';
import { square } from '../fixtures/geometry.js';
import { TMP } from '../support/env.js';

// A change patch (图斑) from the import to the town's review: the city office imports a small batch, the
// inspector finds the patch around him in the patrol app, walks there and records 违法建设 with a photo (a case
// is registered on it), and the town officer reviews the verdict on the desktop's 图斑核查 page and approves it.
const PASSWORD = 'patches-demo-pass';
const TOWN = '330482102';
const SHOTS = path.join(TMP, 'shots-patches');
let srv: RunningServer;
let browser: Browser;

before(async () => {
  srv = await startServer({ demoCases: 60, password: PASSWORD, env: { MAP_TILE_URL: '' } });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('an inspector checks a patch on the phone; the town officer approves the verdict on the desktop', async () => {
  const city = await apiAs(srv.base, 'city', PASSWORD);
  const inspectorApi = await apiAs(srv.base, 'inspector', PASSWORD);
  const here = await quietPlace(inspectorApi, TOWN);
  // the patch: 60 m north-east of where the inspector stands
  const at: [number, number] = [here[0] + 0.0004, here[1] + 0.0004];
  const code = `BT-${Date.now() % 100000}`;
  const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { TBBH: code, BZ: '新增建设' }, geometry: square(...at, 9) }] };
  const form = new FormData();
  const batchNo = `浏览器测试批次 ${code}`;
  for (const [k, v] of Object.entries({ batchNo, source: 'satellite', detectedOn: '2026-11-25', dueOn: '2027-01-15' })) form.append(k, v);
  form.append('file', new Blob([JSON.stringify(fc)], { type: 'application/geo+json' }), 'batch.geojson');
  const imported = await city.call('POST', '/api/patches/batches', undefined, form);
  assert.equal(imported.status, 200, JSON.stringify(imported.json));
  assert.equal(imported.json.applied, true, JSON.stringify(imported.json));
  assert.equal(imported.json.features[0].fate, 'task');
  const batchId = imported.json.batchId as string;

  // the phone: the patch is listed around the inspector; its sheet; 违法建设 with a photo
  const { context, page: phone } = await phonePage(browser, here);
  await signInPatrol(phone, srv.base, 'inspector', PASSWORD);
  await phone.getByTestId('patches-near-count').waitFor({ timeout: 60_000 });
  await phone.getByTestId('patches-near-count').click();
  const item = phone.getByTestId('patch-item').filter({ hasText: `图斑 ${code}` });
  await item.waitFor();
  assert.match(await item.innerText(), /卫片/);
  await phone.screenshot({ path: path.join(SHOTS, 'phone-patches-near.png') });
  await item.click();
  const sheet = phone.getByTestId('patch-sheet');
  await sheet.waitFor();
  assert.equal(await phone.getByTestId('patch-submit').isDisabled(), true, 'a verdict is needed');
  // the four verdicts, each whole on the screen (the sheet's column must not squeeze them)
  for (const name of ['违法建设', '合法', '已掌握', '未发现变化']) {
    const box = await sheet.getByRole('button', { name }).boundingBox();
    assert.ok(box && box.height >= 40, `${name}: ${JSON.stringify(box)}`);
  }
  await sheet.getByRole('button', { name: '违法建设' }).click();
  assert.match(await phone.getByTestId('patch-submit').innerText(), /请拍摄现场照片/);
  const file = path.join(SHOTS, 'site.jpg');
  fs.writeFileSync(file, await jpegWithExif({ lon: at[0], lat: at[1], at: new Date(), seed: 11, width: 800, height: 600 }));
  await phone.getByTestId('patch-photo-input').setInputFiles(file);
  await phone.getByTestId('patch-note').fill('新建钢结构厂房一处');
  await phone.getByTestId('patch-submit').filter({ hasText: '提交核查结论' }).waitFor();
  await phone.screenshot({ path: path.join(SHOTS, 'phone-patch-verdict.png') });
  const [answer] = await Promise.all([
    phone.waitForResponse((r) => /\/api\/patches\/[^/]+\/verdict$/.test(r.url()), { timeout: 90_000 }),
    phone.getByTestId('patch-submit').click(),
  ]);
  assert.equal(answer.status(), 200, await answer.text());
  const verdict = await answer.json();
  assert.equal(verdict.status, 'submitted');
  assert.match(verdict.caseNo, /^PH-\d{4}-\d{6}$/);
  await sheet.waitFor({ state: 'detached' });
  await phone
    .getByRole('status')
    .filter({ hasText: `登记为案件 ${verdict.caseNo}` })
    .waitFor();
  await phone.screenshot({ path: path.join(SHOTS, 'phone-patch-done.png') });
  await context.close();

  // the town officer: the to-do list names the batch; the 图斑核查 page; the patch's drawer; 审核通过
  const officer = await loginPage(browser, srv, 'officer', { viewport: { width: 1600, height: 1000 }, timeoutMs: 30_000, downloads: false });
  // the to-do list has the batch's review (the demo town's list is long: its page shows the first 300, so the API is asked)
  const officerApi = await apiAs(srv.base, 'officer', PASSWORD);
  const todo = (await officerApi.call('GET', '/api/todo?limit=500')).json.items as { kind: string; caseNo: string; title: string; href: string }[];
  const mine = todo.find((x) => x.kind === 'patch_review' && x.caseNo === batchNo);
  assert.ok(mine, JSON.stringify(todo.filter((x) => x.kind.startsWith('patch'))));
  assert.equal(mine.title, '1 个图斑核查结论待审核');
  await officer.goto(`${srv.base}/todo?kind=patch_review`);
  await officer.getByTestId('todo-page').getByText('图斑待审核').first().waitFor();
  await officer.screenshot({ path: path.join(SHOTS, 'desktop-todo.png') });
  await officer.goto(`${srv.base}${mine.href}`);
  await officer.waitForURL(new RegExp(`/patches\\?batch=${batchId}`));
  await officer.getByTestId('patches-page').waitFor();
  const row = officer.getByTestId('patch-list').locator('tr').filter({ hasText: code });
  await row.filter({ hasText: '待审核' }).waitFor();
  assert.match(await row.innerText(), /违法建设/);
  assert.match(await row.innerText(), new RegExp(verdict.caseNo));
  await officer.screenshot({ path: path.join(SHOTS, 'desktop-patches.png') });
  await row.click();
  const drawer = officer.getByTestId('patch-drawer');
  await drawer.getByText('新建钢结构厂房一处').waitFor();
  await drawer.locator('img').first().waitFor();
  await drawer.getByText('张巡查').first().waitFor();
  await officer.screenshot({ path: path.join(SHOTS, 'desktop-patch-review.png') });
  const [review] = await Promise.all([officer.waitForResponse((r) => /\/api\/patches\/[^/]+\/review$/.test(r.url())), drawer.getByRole('button', { name: /审核通过/ }).click()]);
  assert.equal(review.status(), 200, await review.text());
  await drawer.getByText('已核查').first().waitFor();
  await drawer.getByTestId('patch-review').waitFor({ state: 'detached' });
  await officer.keyboard.press('Escape');
  await row.filter({ hasText: '已核查' }).waitFor();
  const batchRow = officer.getByTestId('patch-batches').locator('tr').filter({ hasText: batchNo });
  assert.match(await batchRow.innerText(), /按期核查 1/);
  await officer.screenshot({ path: path.join(SHOTS, 'desktop-patches-verified.png') });
  assert.deepEqual(officer.problems, []);

  // the case registered on the patch is in the registry, its footprint the patch
  const c = await inspectorApi.call('GET', `/api/cases/${verdict.caseId}`);
  assert.equal(c.json.source, 'satellite');
  assert.equal(c.json.photos.length, 1);
});
