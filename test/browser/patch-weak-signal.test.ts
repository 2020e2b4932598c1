import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiAs, launchChromium, loginPage, phonePage, quietPlace, signInPatrol, startServer, until, type RunningServer } from '../support/server.js';
import { jpegWithExif } from '../support/images.js';
import { TMP } from '../support/env.js';
import { square } from '../fixtures/geometry.js';

// A change patch (图斑) checked where there is no signal, and a verdict the town sends back. The inspector gives
// the verdict offline: it is saved on the phone and waits in 我的上报 as 待发送; the signal returns, the first
// answer is lost on the way, the phone sends again under the same clientId and the server takes the verdict once
// (one case, one photo). The town officer sends the verdict back on the desktop (the case it registered is
// withdrawn as 误报), and the patch is a field task on the phone again, with the reason; a verdict whose case the
// town has already taken up cannot be sent back.
const PASSWORD = 'patch-weak-pass';
const TOWN = '330482102';
const SHOTS = path.join(TMP, 'shots-patch-weak-signal');
let srv: RunningServer;
let browser: Browser;
let phone: { context: BrowserContext; page: Page };
let here: [number, number];
let batchId: string;
let batchNo: string;
const codes = { offline: '', takenUp: '' };

before(async () => {
  srv = await startServer({ demoCases: 20, password: PASSWORD, env: { MAP_TILE_URL: '' } });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await phone?.context.close();
  await browser?.close();
  await srv?.stop();
});

type Patch = { id: string; code: string; status: string; verdict: string | null; caseId: string | null; caseNo: string | null; version: number; returnReason: string | null };
async function patchOf(code: string): Promise<Patch> {
  const city = await apiAs(srv.base, 'city', PASSWORD);
  const r = await city.call('GET', `/api/patches?batchId=${batchId}`);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.items.find((p: Patch) => p.code === code);
}

const queueRow = (page: Page, code: string) => page.getByTestId('queue-item').filter({ hasText: `图斑核查 ${code}` });

test('a verdict given without signal waits on the phone and lands once when the signal returns, its first answer lost', async () => {
  const city = await apiAs(srv.base, 'city', PASSWORD);
  const inspectorApi = await apiAs(srv.base, 'inspector', PASSWORD);
  here = await quietPlace(inspectorApi, TOWN);
  const stamp = Date.now() % 100000;
  codes.offline = `WS-${stamp}`;
  codes.takenUp = `WT-${stamp}`;
  // two patches: 60 m north-east of the inspector (checked offline), and 60 m south-east (its case taken up)
  const fc = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { TBBH: codes.offline }, geometry: square(here[0] + 0.0004, here[1] + 0.0004, 9) },
      { type: 'Feature', properties: { TBBH: codes.takenUp }, geometry: square(here[0] + 0.0004, here[1] - 0.0004, 9) },
    ],
  };
  const form = new FormData();
  batchNo = `弱信号测试批次 ${stamp}`;
  for (const [k, v] of Object.entries({ batchNo, source: 'drone', detectedOn: '2026-11-25', dueOn: '2027-01-15' })) form.append(k, v);
  form.append('file', new Blob([JSON.stringify(fc)], { type: 'application/geo+json' }), 'batch.geojson');
  const imported = await city.call('POST', '/api/patches/batches', undefined, form);
  assert.equal(imported.status, 200, JSON.stringify(imported.json));
  assert.equal(imported.json.counts.tasks, 2, JSON.stringify(imported.json));
  batchId = imported.json.batchId;

  phone = await phonePage(browser, here);
  const page = phone.page;
  page.setDefaultTimeout(60_000);
  await signInPatrol(page, srv.base, 'inspector', PASSWORD);
  await page.getByTestId('patches-near-count').click();
  const item = page.getByTestId('patch-item').filter({ hasText: `图斑 ${codes.offline}` });
  await item.click();
  const sheet = page.getByTestId('patch-sheet');
  await sheet.waitFor();

  // the signal goes while the inspector stands at the patch
  await phone.context.setOffline(true);
  await page.getByTestId('net-state').filter({ hasText: '离线' }).waitFor();
  await sheet.getByRole('button', { name: '违法建设' }).click();
  const file = path.join(SHOTS, 'site.jpg');
  fs.writeFileSync(file, await jpegWithExif({ lon: here[0] + 0.0004, lat: here[1] + 0.0004, at: new Date(), seed: 23, width: 800, height: 600 }));
  await page.getByTestId('patch-photo-input').setInputFiles(file);
  await page.getByTestId('patch-note').fill('新建彩钢棚一处');
  await page.getByTestId('patch-submit').filter({ hasText: '提交核查结论' }).click();
  await sheet.waitFor({ state: 'detached' });
  await page
    .getByRole('status')
    .filter({ hasText: `图斑 ${codes.offline} 核查结论“违法建设”已保存在本机,有信号后自动发送` })
    .waitFor();
  // no longer a task on the phone (the list the sheet was opened from), though the server does not know yet
  await page
    .getByTestId('patch-item')
    .filter({ hasText: `图斑 ${codes.takenUp}` })
    .waitFor();
  assert.equal(
    await page
      .getByTestId('patch-item')
      .filter({ hasText: `图斑 ${codes.offline}` })
      .count(),
    0,
  );
  await page.screenshot({ path: path.join(SHOTS, 'phone-offline-saved.png') });

  await page.getByTestId('tab-mine').click();
  const row = queueRow(page, codes.offline);
  await row.filter({ has: page.getByTestId('item-state').filter({ hasText: '待发送' }) }).waitFor();
  assert.match(await row.innerText(), /违法建设/);
  assert.match(await row.innerText(), /新建彩钢棚一处/);
  await page.screenshot({ path: path.join(SHOTS, 'phone-verdict-waiting.png') });
  // still waiting after the app is opened again without signal: the verdict and its photo live in IndexedDB
  await page.reload();
  await page.getByTestId('tab-mine').click();
  await queueRow(page, codes.offline)
    .filter({ has: page.getByTestId('item-state').filter({ hasText: '待发送' }) })
    .waitFor();
  assert.equal((await patchOf(codes.offline)).status, 'pending', 'the server has not heard of it');
  // the map's patches, without signal: the list the phone kept, less the patch whose verdict waits
  await page.getByRole('button', { name: '巡查地图' }).click();
  await page.getByTestId('patches-near-count').click();
  await page.getByTestId('patches-near-kept').waitFor();
  await page
    .getByTestId('patch-item')
    .filter({ hasText: `图斑 ${codes.takenUp}` })
    .waitFor();
  assert.equal(
    await page
      .getByTestId('patch-item')
      .filter({ hasText: `图斑 ${codes.offline}` })
      .count(),
    0,
  );
  await page.screenshot({ path: path.join(SHOTS, 'phone-offline-kept-list.png') });
  await page.getByTestId('tab-mine').click();

  // signal again: the first send reaches the server but its answer is lost; the resend (same clientId) changes nothing
  let lost = 0;
  let sends = 0;
  await page.route('**/api/patches/*/verdict', async (route) => {
    sends++;
    if (lost > 0) return route.fallback();
    lost++;
    const answer = await route.fetch();
    assert.equal(answer.status(), 200, 'the server took the verdict');
    await route.abort('connectionreset');
  });
  // what the phone says when the server has it (a toast of a few seconds: watched for from now on)
  const told = page
    .getByRole('status')
    .filter({ hasText: new RegExp(`图斑 ${codes.offline} 核查结论已提交:违法建设 · 登记为案件 PH-\\d{4}-\\d{6},待镇街审核`) })
    .waitFor({ timeout: 90_000 });
  await phone.context.setOffline(false);
  await page.getByTestId('net-state').filter({ hasText: '在线' }).waitFor();
  await queueRow(page, codes.offline)
    .filter({ has: page.getByTestId('item-state').filter({ hasText: '已发送' }) })
    .waitFor({ timeout: 90_000 });
  assert.equal(lost, 1, 'one answer was lost on the way');
  assert.ok(sends >= 2, `sent again after the lost answer (${sends} sends)`);
  const sentRow = queueRow(page, codes.offline);
  const p = await patchOf(codes.offline);
  assert.deepEqual([p.status, p.verdict], ['submitted', 'violation']);
  assert.match(p.caseNo ?? '', /^PH-\d{4}-\d{6}$/);
  await sentRow.filter({ hasText: `登记为案件 ${p.caseNo}` }).waitFor();
  await told;
  assert.equal(await sentRow.getAttribute('data-case-id'), p.caseId);
  await page.screenshot({ path: path.join(SHOTS, 'phone-verdict-sent.png') });
  await page.unroute('**/api/patches/*/verdict');

  // exactly once: one case registered on the patch (none other within 30 m of it), with the one photo; the patch's one photo
  const officerApi = await apiAs(srv.base, 'officer', PASSWORD);
  const detail = (await officerApi.call('GET', `/api/patches/${p.id}`)).json;
  assert.equal(detail.photos.length, 1, JSON.stringify(detail.photos));
  const near = (await officerApi.call('GET', `/api/cases/nearby?lon=${detail.lon}&lat=${detail.lat}&radius=30`)).json.items as { id: string }[];
  assert.deepEqual(
    near.map((x) => x.id),
    [p.caseId],
  );
  const c = (await officerApi.call('GET', `/api/cases/${p.caseId}`)).json;
  assert.equal(c.photos.length, 1);
  assert.equal(c.status, 'reported');
});

test('the town officer sends the verdict back on the desktop; the inspector sees the patch again as a task with the reason', async () => {
  const officer = await loginPage(browser, srv, 'officer', { viewport: { width: 1600, height: 1000 }, timeoutMs: 60_000, downloads: false });
  const before = await patchOf(codes.offline);
  await officer.goto(`${srv.base}/patches?batch=${batchId}`);
  await officer.getByTestId('patches-page').waitFor();
  const row = officer.getByTestId('patch-list').locator('tr').filter({ hasText: codes.offline });
  await row.filter({ hasText: '待审核' }).click();
  const drawer = officer.getByTestId('patch-drawer');
  await drawer.getByText('新建彩钢棚一处').waitFor();
  await drawer
    .getByTestId('patch-send-back-case')
    .filter({ hasText: `该结论登记的案件 ${before.caseNo} 将作不予立案(误报)处理` })
    .waitFor();
  await drawer.getByPlaceholder('退回原因(必填)').fill('照片未拍到图斑范围内的建筑,请重新核查');
  await officer.screenshot({ path: path.join(SHOTS, 'desktop-send-back.png') });
  const [answer] = await Promise.all([
    officer.waitForResponse((r) => /\/api\/patches\/[^/]+\/review$/.test(r.url())),
    drawer.getByRole('button', { name: '退回重新核查' }).click(),
  ]);
  assert.equal(answer.status(), 200, await answer.text());
  await drawer.getByText('照片未拍到图斑范围内的建筑,请重新核查').waitFor();
  await drawer.getByText('曾退回 1 次').waitFor();
  await drawer.getByTestId('patch-review').waitFor({ state: 'detached' });
  await officer.screenshot({ path: path.join(SHOTS, 'desktop-sent-back.png') });
  await officer.keyboard.press('Escape');
  await row.filter({ hasText: '待核查' }).waitFor();
  const officerApi = await apiAs(srv.base, 'officer', PASSWORD);
  assert.equal((await officerApi.call('GET', `/api/cases/${before.caseId}`)).json.status, 'rejected', 'the case it registered is withdrawn');

  // the phone: opened again, the patch is a field task once more, marked sent back, with the reason
  const page = phone.page;
  await page.reload();
  await page.getByRole('button', { name: '巡查地图' }).click();
  await page.getByTestId('patches-near-count').click();
  const item = page.getByTestId('patch-item').filter({ hasText: `图斑 ${codes.offline}` });
  await item.filter({ hasText: '被退回' }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'phone-returned-list.png') });
  await item.click();
  await page.getByTestId('patch-returned').filter({ hasText: '镇街退回:照片未拍到图斑范围内的建筑,请重新核查' }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'phone-returned-sheet.png') });

  // checked again, with signal: nothing found there; sent from the queue at once
  const sheet = page.getByTestId('patch-sheet');
  await sheet.getByRole('button', { name: '未发现变化' }).click();
  const file = path.join(SHOTS, 'ground.jpg');
  fs.writeFileSync(file, await jpegWithExif({ lon: here[0] + 0.0004, lat: here[1] + 0.0004, at: new Date(), seed: 29, width: 800, height: 600 }));
  await page.getByTestId('patch-photo-input').setInputFiles(file);
  const told = page
    .getByRole('status')
    .filter({ hasText: `图斑 ${codes.offline} 核查结论已提交:未发现变化,待镇街审核` })
    .waitFor({ timeout: 90_000 });
  await page.getByTestId('patch-submit').filter({ hasText: '提交核查结论' }).click();
  await sheet.waitFor({ state: 'detached' });
  await told;
  await until('the second verdict on the server', async () => (await patchOf(codes.offline)).verdict === 'not_found');
  const again = await patchOf(codes.offline);
  assert.deepEqual([again.status, again.caseId], ['submitted', null]);
  await page.getByTestId('tab-mine').click();
  await queueRow(page, codes.offline)
    .filter({ hasText: '未发现变化' })
    .filter({ has: page.getByTestId('item-state').filter({ hasText: '已发送' }) })
    .waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'phone-queue-two-verdicts.png') });
  assert.deepEqual(officer.problems, []);
  await officer.close();
});

test('a 违法建设 verdict whose case the town has taken up cannot be sent back: the drawer says why', async () => {
  // the second patch: a violation verdict (as the phone sends it), its case then verified (核实立案) by the town
  const inspectorApi = await apiAs(srv.base, 'inspector', PASSWORD);
  const officerApi = await apiAs(srv.base, 'officer', PASSWORD);
  const p = await patchOf(codes.takenUp);
  const form = new FormData();
  for (const [k, v] of Object.entries({ verdict: 'violation', version: String(p.version), clientId: crypto.randomUUID() })) form.append(k, v);
  form.append('photo', new Blob([await jpegWithExif({ lon: here[0] + 0.0004, lat: here[1] - 0.0004, at: new Date(), seed: 31 })], { type: 'image/jpeg' }), 'p.jpg');
  const v = await inspectorApi.call('POST', `/api/patches/${p.id}/verdict`, undefined, form);
  assert.equal(v.status, 200, JSON.stringify(v.json));
  const c = (await officerApi.call('GET', `/api/cases/${v.json.caseId}`)).json;
  const verified = await officerApi.call('POST', `/api/cases/${c.id}/actions`, { action: 'verify', version: c.version });
  assert.equal(verified.status, 200, JSON.stringify(verified.json));

  const officer = await loginPage(browser, srv, 'officer', { viewport: { width: 1600, height: 1000 }, timeoutMs: 60_000, downloads: false });
  await officer.goto(`${srv.base}/patches?batch=${batchId}`);
  await officer.getByTestId('patches-page').waitFor();
  await officer.getByTestId('patch-list').locator('tr').filter({ hasText: codes.takenUp }).filter({ hasText: '待审核' }).click();
  const drawer = officer.getByTestId('patch-drawer');
  await drawer.getByTestId('patch-review').waitFor();
  await drawer.getByPlaceholder('退回原因(必填)').fill('请重新核查');
  const [answer] = await Promise.all([
    officer.waitForResponse((r) => /\/api\/patches\/[^/]+\/review$/.test(r.url())),
    drawer.getByRole('button', { name: '退回重新核查' }).click(),
  ]);
  assert.equal(answer.status(), 409, await answer.text());
  await drawer
    .getByRole('alert')
    .filter({ hasText: `该核查结论登记的案件 ${c.caseNo} 已进入处置(当前状态:已立案),不能再退回核查结论` })
    .waitFor();
  await officer.screenshot({ path: path.join(SHOTS, 'desktop-send-back-refused.png') });
  assert.equal((await patchOf(codes.takenUp)).status, 'submitted', 'nothing changed');
  assert.deepEqual(officer.problems, []);
  await officer.close();
});
