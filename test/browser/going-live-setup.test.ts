import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Browser } from 'playwright-core';
import { TMP } from '../support/env.js';
import { apiAs, launchChromium, loginPage, startServer, type RunningServer } from '../support/server.js';
import { caseBody } from '../support/context.js';
import { shapefileZip, villageFeatures } from '../fixtures/going-live.js';

// 上线与边界更新 as the admin does it after the county went live: the natural-resources bureau sends new village
// boundaries (two villages of 新埭镇 merged, as a Shapefile in EPSG:4528 with GBK attributes); he uploads it,
// reads the preview (one boundary moved, one removed, the case of the removed village changes village), applies.
const PASSWORD = 'setup-browser-pass';
const SHOTS = path.join(TMP, 'shots-test');
let srv: RunningServer;
let browser: Browser;
let work: string;

before(async () => {
  srv = await startServer({ demoCases: 40, password: PASSWORD });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-setup-browser-'));
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the admin previews merged village boundaries from a Shapefile, sees the case that changes village, applies', async () => {
  // two neighbouring villages of 新埭镇 (the demo inspector's town)
  const all = villageFeatures();
  const town = all.filter((f) => String(f.properties.XZQDM).startsWith('330482102'));
  let pair: [(typeof all)[number], (typeof all)[number]] | null = null;
  for (let i = 0; i < town.length && !pair; i++)
    for (let j = i + 1; j < town.length && !pair; j++) if (turf.booleanIntersects(town[i].geometry as MultiPolygon, town[j].geometry as MultiPolygon)) pair = [town[i], town[j]];
  assert.ok(pair, 'two neighbouring villages');
  const [a, b] = pair;
  const merged = turf.union(turf.featureCollection([a as Feature<Polygon | MultiPolygon>, b as Feature<Polygon | MultiPolygon>]))!;
  // a case in the village that disappears
  const inspector = await apiAs(srv.base, 'inspector', PASSWORD);
  const [lon, lat] = turf.pointOnFeature(b as Feature<MultiPolygon>).geometry.coordinates;
  const created = await inspector.call('POST', '/api/cases', caseBody(lon, lat));
  assert.equal(created.status, 201, JSON.stringify(created.json));
  assert.equal(created.json.divisionCode, b.properties.XZQDM);
  const feats = all.filter((f) => f !== b).map((f) => (f === a ? { ...f, geometry: merged.geometry } : f));
  const zip = shapefileZip(work, '新埭镇村界调整.zip', feats);

  const page = await loginPage(browser, srv, 'admin', { viewport: { width: 1600, height: 1400 } });
  await page.click('.ant-menu >> text=上线与边界');
  await page.waitForSelector('[data-testid=setup-page]');
  await page.setInputFiles('[data-testid=setup-boundaries] input[type=file]', zip);
  await page.click('[data-testid=setup-preview]');
  const verdict = page.locator('[data-testid=setup-verdict]');
  await verdict.getByText(/应用后将写入 \d+ 项变更/).waitFor();
  assert.match((await page.locator('[data-testid=setup-boundary-counts]').innerText()).replace(/\s/g, ''), /变更\d+,不变\d+,移除1/);
  const report = page.locator('[data-testid=setup-report]');
  assert.match(await report.innerText(), /EPSG:4528/);
  assert.match(await report.innerText(), /GBK\(\.cpg\)/);
  // the features needing attention: the merged village moved; the changes table has the removed one
  const featuresText = await page.locator('[data-testid=setup-features]').innerText();
  assert.ok(featuresText.includes(String(a.properties.XZQDM)), 'the merged village is listed');
  assert.ok(featuresText.includes(String(a.properties.XZQMC)), 'with its GBK name read right');
  const changesText = await page.locator('[data-testid=setup-changes]').innerText();
  assert.ok(changesText.includes(String(b.properties.XZQDM)) && changesText.includes('移除'), 'the removed village');
  const casesText = await page.locator('[data-testid=setup-cases]').innerText();
  assert.ok(casesText.includes(created.json.caseNo), 'the case that changes village');
  await page.screenshot({ path: path.join(SHOTS, 'going-live-setup-preview.png'), fullPage: true });

  await page.click('[data-testid=setup-apply]');
  await verdict.getByText(/已写入 \d+ 项变更/).waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'going-live-setup-applied.png'), fullPage: true });
  const after = await inspector.call('GET', `/api/cases/${created.json.id}`);
  assert.equal(after.json.divisionCode, a.properties.XZQDM);
  assert.deepEqual(page.problems, []);
  await page.close();
});
