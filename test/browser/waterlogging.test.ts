import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { apiAs, launchChromium, loginPage, phonePage, quietPlace, signInPatrol, startServer, until, type RunningServer } from '../support/server.js';
import { jpegWithExif } from '../support/images.js';
import { caseAct, choose } from '../support/case-actions.js';
import { TMP } from '../support/env.js';

// A waterlogging point (积水点) from the inspector's phone to the city's acceptance: reported in the patrol
// app with its depth and photo, found on the command centre's 积水点 page, taken through 受理交办 → 确定整治方式
// → 开始整治 → 申请验收 by the town officer and 验收销号 by the city office, in the kind's own words.
const PASSWORD = 'waterlogging-demo-pass';
const TOWN = '330482102';
const SHOTS = path.join(TMP, 'shots-waterlogging');
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

test('a waterlogging point from the phone report to the desktop acceptance', async () => {
  const inspectorApi = await apiAs(srv.base, 'inspector', PASSWORD);
  let here = await quietPlace(inspectorApi, TOWN);
  // away from the demo's closed points too (a report within 30 m of one reopens it)
  for (let i = 0; i < 20; i++) {
    const [lon, lat] = here;
    const near = await inspectorApi.call('GET', `/api/cases?kind=waterlogging&bbox=${lon - 0.001},${lat - 0.001},${lon + 0.001},${lat + 0.001}`);
    if (near.json.total === 0) break;
    here = [lon + 0.002, lat];
  }

  // the phone: a photo, 积水点, the depth, sent
  const { context, page: phone } = await phonePage(browser, here);
  await signInPatrol(phone, srv.base, 'inspector', PASSWORD);
  const file = path.join(SHOTS, 'flooded.jpg');
  fs.writeFileSync(file, await jpegWithExif({ lon: here[0], lat: here[1], at: new Date(), seed: 77, width: 800, height: 600 }));
  await phone.getByTestId('report-photo-input').setInputFiles(file);
  await phone.getByTestId('report-kind-waterlogging').click();
  await phone.getByRole('dialog', { name: '上报积水点' }).waitFor();
  assert.equal(await phone.getByTestId('submit-report').isDisabled(), true, 'the depth is needed');
  await phone.getByTestId('report-depth').fill('35');
  await phone.getByRole('button', { name: '道路' }).click();
  await phone.getByTestId('report-location').getByText('GPS ±8 米').waitFor();
  await phone.screenshot({ path: path.join(SHOTS, 'phone-report.png') });
  await phone.getByTestId('submit-report').click();
  await phone.getByRole('dialog', { name: '上报积水点' }).waitFor({ state: 'detached' });
  await phone.getByTestId('tab-mine').click();
  const row = phone.locator('[data-testid=queue-item][data-state=sent]').filter({ hasText: '积水点上报' });
  await row.waitFor({ timeout: 90_000 });
  const caseNo = (await row.innerText()).match(/JS-\d{4}-\d{6}/)?.[0];
  assert.ok(caseNo, `the sent report shows its JS number: ${await row.innerText()}`);
  assert.match(await row.innerText(), /积水深度 35 厘米/);
  await phone.screenshot({ path: path.join(SHOTS, 'phone-sent.png') });
  await context.close();

  // the town officer: the 积水点 page lists it; its page speaks of 受理交办, 整治方式, 验收
  const officer = await loginPage(browser, srv, 'officer', { viewport: { width: 1600, height: 1000 }, timeoutMs: 30_000, downloads: false });
  await officer.getByRole('menuitem', { name: '积水点' }).click();
  await officer.getByTestId('waterlogging-page').waitFor();
  await officer.getByTestId('waterlogging-page').getByText(caseNo).click();
  await officer.locator('.case-head').getByTestId('case-kind').filter({ hasText: '积水点' }).waitFor();
  await officer.getByText('35 cm').waitFor();
  await caseAct(officer, '受理交办', '已交办');
  await caseAct(officer, '确定整治方式', '已定整治方式', (p) => choose(p, '疏通清淤'));
  await caseAct(officer, '开始整治', '整治中');
  const id = officer.url().split('/cases/')[1];
  // the after-photo at the point, once the drain is cleared
  const form = new FormData();
  form.set('stage', 'after');
  form.append(
    'photo',
    new Blob([await jpegWithExif({ lon: here[0] + 0.00003, lat: here[1], at: new Date(Date.now() + 2000), seed: 78, width: 800, height: 600 })], { type: 'image/jpeg' }),
    'after.jpg',
  );
  assert.equal((await inspectorApi.call('POST', `/api/cases/${id}/photos`, undefined, form)).status, 201);
  await officer.reload();
  await officer.getByTestId('photo-compare').waitFor();
  await caseAct(officer, '申请验收', '待验收');

  // the city office accepts it
  const city = await loginPage(browser, srv, 'city', { viewport: { width: 1600, height: 1000 }, timeoutMs: 30_000, downloads: false });
  await city.goto(`${srv.base}/cases/${id}`);
  await caseAct(city, '验收销号', '已销号');
  await city.getByTestId('photo-compare').scrollIntoViewIfNeeded();
  await city.screenshot({ path: path.join(SHOTS, 'point-closed.png') });

  // its figures and list: the demo's 17 points and this one, all closed
  await city.goto(`${srv.base}/waterlogging`);
  await city.getByTestId('waterlogging-page').getByText(caseNo).waitFor();
  await until('the summary', async () => /发现 \d+ 处,已销号 \d+ 处/.test(await city.getByTestId('waterlogging-summary').innerText()));
  await city.locator('canvas').first().waitFor();
  await city.screenshot({ path: path.join(SHOTS, 'waterlogging-page.png'), fullPage: true });
  const api = await apiAs(srv.base, 'city', PASSWORD);
  const point = (await api.call('GET', `/api/cases/${id}`)).json;
  assert.equal(point.status, 'closed');
  assert.equal(point.kind, 'waterlogging');
  const figures = (await api.call('GET', `/api/items/figures?kind=waterlogging`)).json;
  assert.ok(figures.foundClosed >= 1, JSON.stringify(figures));
  // the next rain floods it again: the town officer reopens the point (再次积水), and its page keeps the history
  await officer.goto(`${srv.base}/cases/${id}`);
  await caseAct(officer, '再次积水(重新交办)', '已交办', async (p) => {
    await p.getByRole('dialog').locator('textarea').fill('暴雨后再次积水,深约 30 厘米');
  });
  assert.equal((await api.call('GET', `/api/cases/${id}`)).json.timeline.filter((e: { kind: string }) => e.kind === 'reopen').length, 1);
  await officer.getByText('暴雨后再次积水,深约 30 厘米').first().waitFor();
  await officer.screenshot({ path: path.join(SHOTS, 'point-reopened.png'), fullPage: true });
  assert.deepEqual(officer.problems.concat(city.problems), []);
});
