import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import exifr from 'exifr';
import type { Browser } from 'playwright-core';
import { apiAs, launchChromium, loginPage, quietPlace, startServer, type RunningServer } from '../support/server.js';
import { jpegWithExif } from '../support/images.js';
import { DOCS_SHOTS, TMP } from '../support/env.js';
import { exifFacts } from '../../shared/photo-exif.js';

// Issue 24 (server side, the desktop's part): a report sent in two phases shows on the case page which
// photos still wait for their original (原图上传中) and which original was refused; a verified one shows
// nothing more than a photo sent whole.
const PASSWORD = 'two-phase-browser-pass';
const SHOTS = path.join(TMP, 'shots-two-phase');
let srv: RunningServer;
let browser: Browser;

before(async () => {
  srv = await startServer({ demoCases: 0, password: PASSWORD });
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function pair(lon: number, lat: number, seed: number) {
  const original = await jpegWithExif({ lon, lat, at: new Date(Date.now() - 10 * 60_000), seed, width: 3200, height: 2400 });
  const reduced = await sharp(original).resize(1600, 1600, { fit: 'inside' }).jpeg({ quality: 70 }).keepExif().toBuffer();
  const tags = await exifr.parse(original, { tiff: true, exif: true, gps: true, xmp: false, icc: false, iptc: false, reviveValues: false });
  const declared = {
    sha256: createHash('sha256').update(original).digest('hex'),
    bytes: original.length,
    width: 3200,
    height: 2400,
    exif: exifFacts(tags, await exifr.gps(original)).exif,
  };
  return { original, reduced, declared };
}

test('the case page shows 原图上传中 for a photo whose original is on its way, and a refused original', async () => {
  const inspector = await apiAs(srv.base, 'inspector', PASSWORD);
  const [lon, lat] = await quietPlace(inspector, '330482102');
  const a = await pair(lon, lat, 401);
  const b = await pair(lon, lat, 402);
  const form = new FormData();
  form.set('clientId', randomUUID());
  form.set('lon', String(lon));
  form.set('lat', String(lat));
  form.set('accuracy', '6');
  form.set('category', 'building');
  form.set('note', '村口新建彩钢棚(弱信号,原图后传)');
  form.set('originals', JSON.stringify([a.declared, b.declared]));
  form.append('photo', new Blob([a.reduced], { type: 'image/jpeg' }), 'a.jpg');
  form.append('photo', new Blob([b.reduced], { type: 'image/jpeg' }), 'b.jpg');
  const rep = await inspector.call('POST', '/api/cases', undefined, form);
  assert.equal(rep.status, 201, JSON.stringify(rep.json));
  const c = rep.json as { id: string; caseNo: string; photos: { id: string; original: { sha256: string } }[] };
  // the second photo's original arrives, but not as declared (other bytes of the same length)
  const login = await fetch(`${srv.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'inspector', password: PASSWORD }),
  });
  const auth = `Bearer ${((await login.json()) as { token: string }).token}`;
  const photoB = c.photos.find((p) => p.original.sha256 === b.declared.sha256)!;
  const created = await fetch(`${srv.base}/api/uploads`, {
    method: 'POST',
    headers: {
      authorization: auth,
      'tus-resumable': '1.0.0',
      'upload-length': String(b.original.length),
      'upload-metadata': `photoId ${Buffer.from(photoB.id).toString('base64')}`,
    },
  });
  assert.equal(created.status, 201);
  const tampered = Buffer.from(b.original);
  tampered[tampered.length - 50] ^= 0xff;
  const done = await fetch(`${srv.base}${created.headers.get('location')}`, {
    method: 'PATCH',
    headers: { authorization: auth, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: tampered,
  });
  assert.equal(done.headers.get('wuweijian-original'), 'refused');

  const page = await loginPage(browser, srv, 'officer', { viewport: { width: 1600, height: 1000 }, timeoutMs: 30_000, downloads: false });
  await page.goto(`${srv.base}/cases/${c.id}`);
  const before = page.getByTestId('stage-before');
  await before.getByTestId('photo-original').getByText('原图上传中').waitFor();
  await before.getByTestId('photo-original').getByText('原图已拒收').waitFor();
  await before.getByTestId('photo-evidence').getByText('原图核验不符').waitFor();
  assert.equal(await before.getByTestId('photo-card').count(), 2);
  await before.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'case-photos.png') });
  if (process.env.WWJ_UPDATE_SCREENSHOTS) fs.copyFileSync(path.join(SHOTS, 'case-photos.png'), path.join(DOCS_SHOTS, '15-two-phase-photos.png'));
  assert.deepEqual(page.problems, []);
  await page.close();
});
