import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import sharp from 'sharp';
import { processImage } from '../../src/modules/photos/photo.image.js';
import { SHIPPED_FONT } from '../../src/platform/fonts.js';
import { blackPicture, PROBE_WATERMARK } from '../support/font-probe.js';

/**
 * The product on a machine with no font installed, for real: scripts/without-cjk-fonts.sh covers the
 * system's font folders and fontconfig's caches with an empty tmpfs in a private mount namespace (root
 * only; other processes keep their fonts), and there test/support/bare-machine-evidence.ts takes a photo
 * of a case through the evidence pipeline and fetches the case's dossier and the monthly report. Read
 * back here: the watermark is the one a machine with Chinese fonts draws, byte for byte (test/unit/fonts.test.ts
 * shows those are the shipped font's outlines, not boxes), and the PDFs embed the shipped font and read
 * as Chinese. Skipped where a mount namespace cannot be made (not root, or a container without
 * CAP_SYS_ADMIN); .ci/run runs as root.
 */
const root = path.resolve(import.meta.dirname, '../..');
const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;
let out: string;

before(() => {
  if (!canUnshare) return;
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-bare-'));
  const r = spawnSync('scripts/without-cjk-fonts.sh', [process.execPath, '--import', 'tsx', 'test/support/bare-machine-evidence.ts', out], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
  });
  assert.equal(r.status, 0, `the product ran on the bare machine:\n${r.stdout}\n${r.stderr}`);
});
after(() => out && fs.rmSync(out, { recursive: true, force: true }));

const file = (name: string) => path.join(out, name);
const pdf = (name: string) => ({
  text: execFileSync('pdftotext', ['-layout', file(name), '-'], { encoding: 'utf8' }).replace(/\s+/g, ''),
  fonts: execFileSync('pdffonts', [file(name)], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter(Boolean),
});

test('inside, the machine has no font at all; the product sees its shipped font alone', { skip: !canUnshare && 'needs root and a mount namespace' }, () => {
  assert.equal(fs.readFileSync(file('fc-list-zh.txt'), 'utf8').trim(), '', 'fc-list :lang=zh lists nothing');
  assert.equal(fs.readFileSync(file('fc-list.txt'), 'utf8').trim(), '', 'fc-list lists nothing');
  const product = fs.readFileSync(file('fc-list-product.txt'), 'utf8').trim().split('\n');
  assert.ok(product.length > 0 && product.every((l) => l.startsWith(SHIPPED_FONT.dir)), `the product's fontconfig: ${product}`);
});

test('the watermark drawn there by the photo worker is the one drawn here, byte for byte; the photo’s copy is watermarked', {
  skip: !canUnshare && 'needs root and a mount namespace',
}, async () => {
  const here = (await processImage(await blackPicture(), { watermark: PROBE_WATERMARK })).rendered.display;
  assert.ok(fs.readFileSync(file('probe.jpg')).equals(here), 'the same display copy as on a machine with Chinese fonts');
  const { data, info } = await sharp(file('photo.jpg')).extract({ left: 0, top: 800, width: 1280, height: 160 }).greyscale().raw().toBuffer({ resolveWithObject: true });
  assert.equal(info.width, 1280);
  assert.ok(data.filter((v) => v > 200).length > 3000, 'the watermark band has text');
});

test('the dossier and the monthly report made there embed the shipped font and read as Chinese', { skip: !canUnshare && 'needs root and a mount namespace' }, () => {
  const facts = JSON.parse(fs.readFileSync(file('facts.json'), 'utf8'));
  const d = pdf('dossier.pdf');
  for (const want of ['违法建筑一户一档', facts.caseNo, facts.town, '当事人王建国', '基本情况', '办理过程', '上传照片'])
    assert.ok(d.text.includes(want), `the dossier has ${want}: ${d.text.slice(0, 300)}`);
  const r = pdf('monthly.pdf');
  assert.ok(r.text.includes('平湖市无违建工作月度报告'), `the report has its title: ${r.text.slice(0, 200)}`);
  for (const fonts of [d.fonts, r.fonts]) {
    assert.equal(fonts.length, 2, `two fonts:\n${fonts.join('\n')}`);
    for (const l of fonts) assert.match(l, /\+NotoSansHans-(Regular|Bold)\s+CID Type 0C\s+Identity-H\s+yes yes yes/);
  }
});
