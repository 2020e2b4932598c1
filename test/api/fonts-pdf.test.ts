import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';

/**
 * The PDFs (the dossier, the monthly report) with PDF_FONT_DIR pointing at a folder without fonts: the
 * server answers with the CJK font the product ships embedded (platform/fonts.ts), where it used to answer
 * 503. pdfkit reads only the font files it is given, never the system's, so this holds on a machine
 * without Chinese fonts too (test/unit/fonts.test.ts renders a paper on a simulated one).
 */
let t: TestContext;
let noFonts: string;
before(async () => {
  noFonts = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-no-fonts-'));
  t = await createTestContext({ env: { PDF_FONT_DIR: noFonts } });
});
after(async () => {
  await t.close();
  fs.rmSync(noFonts, { recursive: true, force: true });
});

/** What a reader (Poppler) sees of a PDF: its text without white space, and its fonts. */
function read(buf: Buffer) {
  const f = path.join(t.dataDir, `fonts-${Math.random().toString(16).slice(2)}.pdf`);
  fs.writeFileSync(f, buf);
  return { text: execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' }).replace(/\s+/g, ''), fonts: execFileSync('pdffonts', [f], { encoding: 'utf8' }) };
}

const shipped = (fonts: string) => fonts.split('\n').filter((l) => /\+NotoSansHans-(Regular|Bold)\s+CID Type 0C\s+Identity-H\s+yes yes yes/.test(l)).length;

test('with PDF_FONT_DIR an empty folder, the dossier and the monthly report embed the shipped font and read as Chinese', async () => {
  assert.equal(t.deps.config.pdfFontDir, noFonts);
  const [lon, lat] = t.pointIn(TOWN_A, 2);
  const created = await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat, { ownerName: '王建国' }) });
  assert.equal(created.statusCode, 201, created.body);
  const c = created.json();

  const dossier = await t.req('officer_a', { method: 'GET', url: `/api/cases/${c.id}/dossier.pdf` });
  assert.equal(dossier.statusCode, 200, dossier.body);
  const d = read(dossier.rawPayload);
  for (const want of ['违法建筑一户一档', c.caseNo, '基本情况', '办理过程']) assert.ok(d.text.includes(want), `the dossier has ${want}: ${d.text.slice(0, 200)}`);
  assert.equal(shipped(d.fonts), 2, `the shipped regular and bold are embedded:\n${d.fonts}`);
  assert.doesNotMatch(d.fonts, /NotoSerifCJK|NotoSansCJK/, 'nothing from the system');

  const report = await t.req('city', { method: 'GET', url: '/api/reports/monthly.pdf' });
  assert.equal(report.statusCode, 200, report.body);
  const r = read(report.rawPayload);
  assert.ok(r.text.includes('无违建工作月度报告'), `the report has its title: ${r.text.slice(0, 200)}`);
  assert.equal(shipped(r.fonts), 2, `the shipped regular and bold are embedded:\n${r.fonts}`);
});
