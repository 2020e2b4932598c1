import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TMP } from '../support/env.js';
import { apiAs, loginPage } from '../support/server.js';
import { browserServer } from '../support/browser-server.js';

// The audit page exporting a case's records with the chain proof and checking the file in the browser (nothing
// uploaded): the file as downloaded passes, the same file with one record changed fails naming it.
const PASSWORD = 'Audit-export-pass-1';
const SHOTS = path.join(TMP, 'shots-test');
const web = browserServer({ demoCases: 20, password: PASSWORD, shots: SHOTS });

test('a case’s records exported with the chain proof from the audit page; the page checks the file and a tampered copy', async () => {
  const api = await apiAs(web.srv.base, 'supervisor', PASSWORD);
  const list = await api.call('GET', '/api/cases?limit=1');
  assert.equal(list.status, 200);
  const caseNo: string = list.json.items[0].caseNo;

  const page = await loginPage(web.browser, web.srv, 'supervisor');
  await page.goto(`${web.srv.base}/audit`);
  await page.getByTestId('audit-page').waitFor();
  // without a case or a person the export has nothing to be of
  assert.equal(await page.getByTestId('audit-export-proof').isDisabled(), true);
  await page.goto(`${web.srv.base}/audit?caseNo=${encodeURIComponent(caseNo)}`);
  await page.getByTestId('audit-page').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export-proof').click()]);
  assert.match(download.suggestedFilename(), new RegExp(`^审计记录链证明-${caseNo}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
  const good = path.join(SHOTS, download.suggestedFilename());
  await download.saveAs(good);

  await page.getByTestId('audit-verify-export-file').setInputFiles(good);
  const verdict = page.getByTestId('audit-export-verdict');
  await verdict.waitFor();
  const okText = await verdict.innerText();
  assert.match(okText, new RegExp(`校验通过\\(案件 ${caseNo}\\)`));
  assert.match(okText, /链锚点:/);
  await page.screenshot({ path: path.join(SHOTS, 'audit-export-ok.png') });

  // one field of one exported record changed
  const file = JSON.parse(fs.readFileSync(good, 'utf8'));
  const rec = file.segments[0].records.find((r: { selected: boolean }) => r.selected);
  rec.record.actorName = 'nobody';
  const bad = path.join(SHOTS, 'audit-export-tampered.json');
  fs.writeFileSync(bad, JSON.stringify(file));
  await page.getByTestId('audit-verify-export-file').setInputFiles(bad);
  await page.getByText(`记录 #${rec.seq} 的内容被改动`).first().waitFor();
  assert.match(await verdict.innerText(), /校验未通过/);
  assert.match(await verdict.innerText(), /内容被改动/);
  await page.screenshot({ path: path.join(SHOTS, 'audit-export-tampered.png') });
  assert.deepEqual(page.problems, []);
});
