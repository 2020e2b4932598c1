/**
 * Run by test/api/fonts-bare-machine.test.ts inside scripts/without-cjk-fonts.sh (a mount namespace where
 * the machine has no font at all): the product, as `npm start` configures it, takes a photo of a case
 * through its evidence pipeline and serves the case's dossier and the monthly report. Writes what a user
 * gets into OUTDIR for the test (outside the namespace, with the machine's tools) to read:
 *
 *   node --import tsx test/support/bare-machine-evidence.ts OUTDIR
 *
 * fc-list-zh.txt, fc-list.txt: what the machine's fontconfig lists here; fc-list-product.txt: the product's; photo.jpg: the photo's watermarked display
 * copy; probe.jpg: the probe watermark (font-probe.ts) drawn by the photo worker; dossier.pdf, monthly.pdf;
 * facts.json: the case's number and its town.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { processUpload, stopPhotoWorker } from '../../src/modules/photos/photo.pool.js';
import { Upload } from '../../src/platform/upload.js';
import { caseBody, createTestContext, TOWN_A } from './context.js';
import { blackPicture, PROBE_WATERMARK } from './font-probe.js';
import { jpegWithExif, multipart } from './images.js';

const out = process.argv[2];
fs.mkdirSync(out, { recursive: true });
// the machine's fontconfig (importing the product set FONTCONFIG_FILE to the shipped font's configuration)
const machine = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'FONTCONFIG_FILE'));
fs.writeFileSync(path.join(out, 'fc-list-zh.txt'), execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8', env: machine }));
fs.writeFileSync(path.join(out, 'fc-list.txt'), execFileSync('fc-list', [], { encoding: 'utf8', env: machine }));
// and the product's: the shipped font alone
fs.writeFileSync(path.join(out, 'fc-list-product.txt'), execFileSync('fc-list', [':lang=zh', 'file'], { encoding: 'utf8' }));

const t = await createTestContext();
try {
  const [lon, lat] = t.pointIn(TOWN_A, 2);
  const created = await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat, { ownerName: '王建国' }) });
  if (created.statusCode !== 201) throw new Error(created.body);
  const c = created.json();
  // a photo a little larger than a phone's thumbnail, so the watermark is legible when looked at
  const img = await jpegWithExif({ lon: lon + 0.0001, lat, at: new Date(Date.now() - 3_600_000), seed: 5, width: 1280, height: 960 });
  const mp = multipart({ stage: 'before' }, [{ name: 'photo', filename: 'p.jpg', type: 'image/jpeg', data: img }]);
  const up = await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/photos`, payload: mp.payload, headers: mp.headers });
  if (up.statusCode !== 201) throw new Error(up.body);
  await t.deps.jobs.drain(t.deps.jobHandlers);
  const display = await t.req('officer_a', { method: 'GET', url: up.json().items[0].urls.display });
  if (display.statusCode !== 200) throw new Error(`display copy: ${display.statusCode}`);
  fs.writeFileSync(path.join(out, 'photo.jpg'), display.rawPayload);

  const dossier = await t.req('officer_a', { method: 'GET', url: `/api/cases/${c.id}/dossier.pdf` });
  if (dossier.statusCode !== 200) throw new Error(dossier.body);
  fs.writeFileSync(path.join(out, 'dossier.pdf'), dossier.rawPayload);
  const report = await t.req('city', { method: 'GET', url: '/api/reports/monthly.pdf' });
  if (report.statusCode !== 200) throw new Error(report.body);
  fs.writeFileSync(path.join(out, 'monthly.pdf'), report.rawPayload);

  const probe = await processUpload(Upload.of(await blackPicture()), { watermark: PROBE_WATERMARK });
  fs.writeFileSync(path.join(out, 'probe.jpg'), probe.rendered.display);
  const detail = (await t.req('officer_a', { method: 'GET', url: `/api/cases/${c.id}` })).json();
  fs.writeFileSync(path.join(out, 'facts.json'), JSON.stringify({ caseNo: c.caseNo, town: detail.townName }));
} finally {
  await stopPhotoWorker();
  await t.close();
}
