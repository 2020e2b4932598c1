import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { apiAs, launchChromium, phonePage, quietPlace, signInPatrol, startServer, until, type RunningServer } from '../support/server.js';
import { jpegWithExif } from '../support/images.js';
import { TMP } from '../support/env.js';

// Campaigns (专项整治) on the inspector's phone: the open items of a running campaign around him drawn on the
// map as their own symbol (a toggle names them), one tapped shows its card in words; a report made inside the
// campaign's scope offers the campaign (and 不属于专项), is sent with it chosen, and the case is the campaign's.
const PASSWORD = 'campaign-phone-pass';
const TOWN = '330482102';
const SHOTS = path.join(TMP, 'shots-campaign-phone');
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

const offset = ([lon, lat]: [number, number], dx: number, dy = 0): [number, number] => [lon + dx / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + dy / 110_540];
const day = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

test('the phone maps a campaign item, shows its card, and a report inside the campaign is counted by it', async () => {
  const city = await apiAs(srv.base, 'city', PASSWORD);
  const inspectorApi = await apiAs(srv.base, 'inspector', PASSWORD);
  const here = await quietPlace(inspectorApi, TOWN);

  // a campaign running in the inspector's town, and one item of it found 60 m east of him
  const name = `废弃棚舍清理${Date.now() % 100000}`;
  const made = await city.call('POST', '/api/campaigns', { name, startsOn: day(-3), endsOn: day(40), scopeDivisions: [TOWN], units: ['新埭镇'] });
  assert.equal(made.status, 201, JSON.stringify(made.json));
  const campaignId = made.json.id as string;
  // where no demo pole is within 35 m, so that a click picks this item
  const spots = [
    [60, 0],
    [-60, 0],
    [0, 60],
    [0, -60],
    [90, 90],
    [-90, -90],
    [120, 0],
    [-120, 0],
  ].map(([dx, dy]) => offset(here, dx, dy));
  let at = spots[0];
  for (const s of spots) {
    if ((await inspectorApi.call('GET', `/api/campaigns/nearby?lon=${s[0]}&lat=${s[1]}&radius=35`)).json.items.length === 0) {
      at = s;
      break;
    }
  }
  const item = await city.call('POST', `/api/campaigns/${campaignId}/items`, { lon: at[0], lat: at[1], category: 'structure', name: '废弃棚舍甲', responsibleUnit: '新埭镇' });
  assert.equal(item.status, 201, JSON.stringify(item.json));
  const itemId = item.json.id as string;
  const before = (await city.call('GET', `/api/campaigns/${campaignId}`)).json.total as number;

  // the map: the item drawn as a campaign item, named by the toggle
  const { context, page: phone } = await phonePage(browser, here);
  await signInPatrol(phone, srv.base, 'inspector', PASSWORD);
  const toggle = phone.getByTestId('campaign-items-toggle');
  await toggle.waitFor({ timeout: 90_000 });
  assert.match((await toggle.innerText()) ?? '', /专项整治对象 \d+ 个/);
  const pixel = async () =>
    (await phone.evaluate(`(() => {
      const el = document.querySelector('[data-testid=patrol-map]');
      const map = el && el.olMap;
      if (!map) return null;
      const layer = map.getLayers().getArray().find((l) => l.get('name') === 'campaign-items');
      const f = layer && layer.getVisible() && layer.getSource().getFeatureById(${JSON.stringify(itemId)});
      if (!f) return null;
      const p = map.getPixelFromCoordinate(f.getGeometry().getCoordinates());
      const r = el.getBoundingClientRect();
      return p && { x: r.left + p[0], y: r.top + p[1] };
    })()`)) as { x: number; y: number } | null;
  await until('the campaign item on the map', async () => (await pixel()) !== null, 90_000);
  await phone.screenshot({ path: path.join(SHOTS, 'phone-map-items.png') });

  // hidden and shown again with the toggle
  await toggle.click();
  await until('the items hidden', async () => (await pixel()) === null);
  await toggle.click();
  await until('the items shown', async () => (await pixel()) !== null);

  // tapped: its card in words
  const p = (await pixel())!;
  // a pointer click: Playwright's emulated touch tap does not reach OpenLayers' click in this headless Chromium
  await phone.mouse.click(p.x, p.y);
  const card = phone.getByTestId('campaign-item-sheet');
  await card.waitFor();
  await card.getByText(name).waitFor();
  await card.getByTestId('campaign-item-what').getByText('废弃棚舍甲').waitFor();
  assert.match(await card.getByTestId('campaign-item-status').innerText(), /^[\u4e00-\u9fa5]+$/, 'the status in words');
  const cardText = await card.innerText();
  assert.match(cardText, /构筑物/);
  assert.match(cardText, /新埭镇/);
  assert.doesNotMatch(cardText, UUID);
  assert.doesNotMatch(cardText, /\b(reported|structure|campaign_item|pole_line)\b/);
  await phone.screenshot({ path: path.join(SHOTS, 'phone-item-card.png') });
  await card.getByRole('button', { name: '关闭' }).click();
  await card.waitFor({ state: 'detached' });

  // a report here: the sheet offers the campaign and 不属于专项; the campaign chosen, its categories offered
  const file = path.join(SHOTS, 'shed.jpg');
  fs.writeFileSync(file, await jpegWithExif({ lon: here[0], lat: here[1], at: new Date(), seed: 91, width: 800, height: 600 }));
  await phone.getByTestId('report-photo-input').setInputFiles(file);
  const choice = phone.getByTestId('report-campaigns');
  await choice.waitFor({ timeout: 90_000 });
  assert.equal(await choice.getByRole('button', { name: '不属于专项' }).getAttribute('aria-pressed'), 'true', '不属于专项 until one is chosen');
  await choice.getByRole('button', { name }).click();
  await phone.getByRole('dialog', { name: '上报专项整治对象' }).waitFor();
  await choice.getByText(`将作为专项整治对象计入“${name}”`).waitFor();
  assert.equal(await phone.getByRole('button', { name: '棚房' }).count(), 0, 'a campaign item takes the campaign’s categories');
  await phone.getByRole('button', { name: '构筑物' }).click();
  await phone.getByPlaceholder(/补充说明/).fill('废弃棚舍，顶棚塌落');
  await phone.getByTestId('report-location').getByText('GPS ±8 米').waitFor();
  await phone.screenshot({ path: path.join(SHOTS, 'phone-report-sheet.png') });
  const [sent] = await Promise.all([
    phone.waitForResponse((r) => r.url().endsWith('/api/cases') && r.request().method() === 'POST', { timeout: 90_000 }),
    phone.getByTestId('submit-report').click(),
  ]);
  assert.equal(sent.status(), 201, await sent.text());
  const caseId = (await sent.json()).id as string;
  await phone.getByTestId('tab-mine').click();
  const row = phone.locator('[data-testid=queue-item][data-state=sent]').filter({ hasText: '专项整治上报' });
  await row.waitFor({ timeout: 90_000 });
  assert.match(await row.innerText(), /ZX-\d{4}-\d{6}/);
  assert.match(await row.innerText(), new RegExp(name));
  await phone.screenshot({ path: path.join(SHOTS, 'phone-sent.png') });

  // offline: the campaign is still offered (the phone's copy) and the report waits in the queue with it
  await phone.getByRole('button', { name: '巡查地图' }).click();
  await context.setOffline(true);
  const file2 = path.join(SHOTS, 'shed2.jpg');
  fs.writeFileSync(file2, await jpegWithExif({ lon: here[0], lat: here[1], at: new Date(), seed: 92, width: 800, height: 600 }));
  await phone.getByTestId('report-photo-input').setInputFiles(file2);
  await choice.waitFor({ timeout: 30_000 });
  await choice.getByRole('button', { name }).click();
  await phone.getByRole('button', { name: '房屋' }).click();
  await phone.getByTestId('submit-report').click();
  await phone.getByRole('dialog', { name: '上报专项整治对象' }).waitFor({ state: 'detached' });
  await phone.getByTestId('tab-mine').click();
  const queued = phone.locator('[data-testid=queue-item][data-state=queued]').filter({ hasText: '专项整治上报' });
  await queued.waitFor({ timeout: 30_000 });
  await phone.screenshot({ path: path.join(SHOTS, 'phone-queued-offline.png') });
  const [synced] = await Promise.all([
    phone.waitForResponse((r) => r.url().endsWith('/api/cases') && r.request().method() === 'POST', { timeout: 90_000 }),
    context.setOffline(false),
  ]);
  assert.equal(synced.status(), 201, await synced.text());
  const offlineCaseId = (await synced.json()).id as string;
  await until('both reports sent', async () => (await phone.locator('[data-testid=queue-item][data-state=sent]').filter({ hasText: '专项整治上报' }).count()) === 2, 90_000);

  // a report queued offline while the campaign was running; it ends before the signal returns: the server
  // refuses it for the campaign (422) and the inspector sends it again without the campaign
  await phone.getByRole('button', { name: '巡查地图' }).click();
  await context.setOffline(true);
  const file3 = path.join(SHOTS, 'shed3.jpg');
  fs.writeFileSync(file3, await jpegWithExif({ lon: here[0], lat: here[1], at: new Date(), seed: 93, width: 800, height: 600 }));
  await phone.getByTestId('report-photo-input').setInputFiles(file3);
  await choice.waitFor({ timeout: 30_000 });
  await choice.getByRole('button', { name }).click();
  await phone.getByRole('button', { name: '杆线', exact: true }).click();
  await phone.getByTestId('submit-report').click();
  await phone.getByRole('dialog', { name: '上报专项整治对象' }).waitFor({ state: 'detached' });
  await phone.getByTestId('tab-mine').click();
  await phone.locator('[data-testid=queue-item][data-state=queued]').filter({ hasText: '专项整治上报' }).waitFor({ timeout: 30_000 });
  const version = (await city.call('GET', `/api/campaigns/${campaignId}`)).json.version as number;
  const ended = await city.call('PATCH', `/api/campaigns/${campaignId}`, { version, startsOn: day(-3), endsOn: day(-1) });
  assert.equal(ended.status, 200, JSON.stringify(ended.json));
  const [refused] = await Promise.all([
    phone.waitForResponse((r) => r.url().endsWith('/api/cases') && r.request().method() === 'POST', { timeout: 90_000 }),
    context.setOffline(false),
  ]);
  assert.equal(refused.status(), 422, await refused.text());
  assert.equal((await refused.json()).code, 'report.campaign_not_running');
  const failed = phone.locator('[data-testid=queue-item][data-state=failed]').filter({ hasText: '专项整治上报' });
  await failed.getByText(/不在进行中/).waitFor({ timeout: 30_000 });
  await phone.screenshot({ path: path.join(SHOTS, 'phone-refused.png') });
  const [resent] = await Promise.all([
    phone.waitForResponse((r) => r.url().endsWith('/api/cases') && r.request().method() === 'POST', { timeout: 90_000 }),
    failed.getByTestId('resend-without-campaign').click(),
  ]);
  assert.equal(resent.status(), 201, await resent.text());
  assert.equal((await resent.json()).kind, 'violation');
  const plain = phone.locator('[data-testid=queue-item][data-state=sent]').filter({ hasText: '违建上报' });
  await plain.waitFor({ timeout: 90_000 });
  assert.match(await plain.innerText(), /PH-\d{4}-\d{6}/);
  assert.equal(await phone.locator('[data-testid=queue-item][data-state=failed]').count(), 0);
  await phone.screenshot({ path: path.join(SHOTS, 'phone-resent.png') });
  await context.close();

  // the case is the campaign's: listed among its items and counted on its page
  const listed = (await city.call('GET', `/api/cases?kind=campaign_item&campaignId=${campaignId}`)).json.items as { id: string }[];
  assert.ok(
    listed.some((c) => c.id === caseId),
    'the report is an item of the campaign',
  );
  assert.ok(
    listed.some((c) => c.id === offlineCaseId),
    'the report queued offline too',
  );
  assert.equal((await city.call('GET', `/api/campaigns/${campaignId}`)).json.total, before + 2);
});
