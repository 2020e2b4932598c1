import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DOCS_SHOTS, TMP } from '../support/env.js';
import { loginPage } from '../support/server.js';
import { browserServer } from '../support/browser-server.js';

// The case list's export menu as the city office's GIS staff use it (issue 20, item 5): the real server with a
// small demo city, Debian's Chromium. The town officer filters his reported cases and takes them as a Shapefile
// in the county's Gauss-Krüger zone; GDAL opens what the browser saved.
const PASSWORD = 'Gis-export-pass-1';
const SHOTS = path.join(TMP, 'shots-test');
const web = browserServer({ demoCases: 30, password: PASSWORD, shots: SHOTS });

test('the case list exports the filtered cases as a Shapefile in Gauss-Krüger zone 40 and as a GeoPackage', async () => {
  const page = await loginPage(web.browser, web.srv, 'officer', { viewport: { width: 1440, height: 900 } });
  const listed = page.waitForResponse((r) => /\/api\/cases\?/.test(r.url()) && r.status() === 200);
  await page.goto(`${web.srv.base}/cases`);
  await listed;
  await page.locator('.ant-table .ant-spin-spinning').waitFor({ state: 'detached' });
  const total = Number((await page.locator('.ant-pagination-total-text').innerText()).match(/共 (\d+) 件/)![1]);
  assert.ok(total > 0, 'the officer has cases');

  await page.getByTestId('export').click();
  const shpItem = page.getByRole('menuitem', { name: '导出 Shapefile(国家2000 高斯投影 3度带)' });
  await shpItem.waitFor();
  // the menu opens with an animation: wait for each item as the user sees it appear
  for (const name of [
    '导出 Excel(全部筛选结果)',
    '导出 GeoJSON(全部筛选结果)',
    '导出 Shapefile(国家2000 经纬度)',
    '导出 GeoPackage(国家2000 经纬度)',
    '导出 GeoPackage(国家2000 高斯投影 3度带)',
  ])
    await page.getByRole('menuitem', { name }).waitFor({ state: 'visible' });
  await page.screenshot({ path: path.join(SHOTS, 'gis-export-menu.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), shpItem.click()]);
  assert.match(download.suggestedFilename(), /^无违建-案件-\d{4}-\d{2}-\d{2}\.shp\.zip$/);
  const file = path.join(SHOTS, 'gis-export.shp.zip');
  await download.saveAs(file);
  const info = spawnSync('ogrinfo', ['-ro', '-so', `/vsizip/${file}`, 'cases'], { encoding: 'utf8' });
  assert.equal(info.status, 0, info.stderr);
  assert.match(info.stdout, new RegExp(`Feature Count: ${total}\\b`));
  assert.match(info.stdout, /Gauss-Kruger zone 40/);
  await page.getByText(`已导出 ${total} 件`).waitFor();

  await page.getByTestId('export').click();
  const [gpkg] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: '导出 GeoPackage(国家2000 经纬度)' }).click()]);
  assert.match(gpkg.suggestedFilename(), /\.gpkg$/);
  const gfile = path.join(SHOTS, 'gis-export.gpkg');
  await gpkg.saveAs(gfile);
  const ginfo = spawnSync('ogrinfo', ['-ro', '-so', gfile, 'cases'], { encoding: 'utf8' });
  assert.equal(ginfo.status, 0, ginfo.stderr);
  assert.match(ginfo.stdout, new RegExp(`Feature Count: ${total}\\b`));
  if (process.env.WWJ_UPDATE_SCREENSHOTS) fs.copyFileSync(path.join(SHOTS, 'gis-export-menu.png'), path.join(DOCS_SHOTS, '53-gis-export-menu.png'));
  assert.deepEqual(page.problems, []);
});
