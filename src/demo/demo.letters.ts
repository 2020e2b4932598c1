import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Deps } from '../deps.js';
import type { Actor } from '../platform/auth.js';
import type { ManualClock } from '../platform/clock.js';
import { Upload } from '../platform/upload.js';
import { cjkFonts, toBuffer, type CjkFonts } from '../modules/documents/document.pdf.js';
import { lettersRepo } from '../modules/letters/letters.repo.js';
import { chinaYear } from '../modules/letters/letters.presenter.js';
import type { LetterTargets } from '../modules/letters/letters.progress.js';
import { mulberry32, personName, phone, type Rng } from './demo.random.js';

/** The years of the seed's letters (2022–2024, 《违法建筑安全治理责任书》, with a signed copy) and the two the registry covers. */
export const DEMO_LETTER_YEARS = [2022, 2023, 2024, 2025, 2026];

/** The signed letter as a scanned paper would show it: the text, the two parties' signatures and red seals. */
type Face = { src: Buffer | string; name?: string };
function signedLetterPdf(
  fonts: { serif: Face; bold: Face },
  town: string,
  year: number,
  t: LetterTargets,
  people: { name: string; post: string }[],
  signedOn: string,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 56, left: 64, right: 64 },
    info: { Title: `${town}${year}年度违法建筑安全治理责任书`, Producer: 'Wuweijian 无违建 demo' },
  });
  doc.registerFont('serif', fonts.serif.src, fonts.serif.name);
  doc.registerFont('bold', fonts.bold.src, fonts.bold.name);
  const W = doc.page.width - 128;
  doc.font('bold').fontSize(20).fillColor('#000').text(`${year}年度违法建筑安全治理责任书`, { align: 'center' });
  doc.moveDown(1).font('serif').fontSize(12);
  doc.text('甲方:平湖市人民政府', { width: W });
  doc.text(`乙方:${town}人民政府(办事处)`, { width: W }).moveDown(0.6);
  const lines = [
    `为深入推进“无违建”创建,实现“存量违建逐步清零、新增违建坚决归零”,甲乙双方签订本责任书。乙方${year}年度目标如下:`,
    `一、处置存量违建${t.stockCount ?? '—'}处、面积${t.stockArea?.toLocaleString('en-US') ?? '—'}平方米以上。`,
    `二、${t.farmlandZero ? '耕地(含永久基本农田)上新增违建零增长,发现一处、拆除一处。' : '严控新增违建。'}`,
    `三、存在安全隐患的违建处置率达到${t.safetyRate === null ? '—' : Math.round(t.safetyRate * 100)}%。`,
    t.campaignRate === null ? '四、按要求完成全市部署的专项整治任务。' : `四、农村废弃杆线等专项整治任务完成率达到${Math.round(t.campaignRate * 100)}%。`,
    '五、乙方主要负责人为第一责任人,分管负责人为直接责任人;年终由甲方对照本责任书考核。',
  ];
  for (const l of lines) doc.text(l, { width: W, indent: 24, lineGap: 4 }).moveDown(0.3);
  doc.moveDown(1).text(`乙方责任人:${people.map((p) => `${p.post} ${p.name}`).join(' ')}`, { width: W });
  const y = doc.y + 40;
  doc.text('甲方(盖章):', 64, y).text('乙方(盖章):', 64 + W / 2, y);
  doc.text(`签订日期:${signedOn}`, 64 + W / 2, y + 96);
  // the two seals, red, drawn over the signature lines
  for (const [cx, name] of [
    [64 + 150, '平湖市人民政府'],
    [64 + W / 2 + 150, `${town}人民政府`],
  ] as const) {
    doc
      .save()
      .circle(cx, y + 30, 42)
      .lineWidth(2.5)
      .strokeColor('#d0021b')
      .stroke();
    doc
      .fillColor('#d0021b')
      .fontSize(20)
      .text('★', cx - 10, y + 18, { width: 20, align: 'center' });
    doc.fontSize(8).text(name, cx - 38, y + 48, { width: 76, align: 'center' });
    doc.restore();
  }
  return toBuffer(doc);
}

const round = (v: number, to: number) => Math.max(to, Math.round(v / to) * to);

/**
 * Each town's responsibility letter for 2022–2026 (2022–2024 with a generated signed letter), written by the city office
 * through the letters service. The years before the registry (the demo's history starts two years back) get
 * targets from the town's stock; the registry's years get targets near what the town actually closed, some
 * a little above it (missed), most at or below (met), as a county's letters turn out.
 */
export async function seedLetters(deps: Deps, clock: ManualClock, opts: { city: Actor; now: Date; fontDir: string; log?: (m: string) => void }) {
  const found = cjkFonts(opts.fontDir);
  if (!found) return 0;
  // the shipped font files read once (a .ttc collection from PDF_FONT_DIR is opened by its face's name)
  const face = (f: CjkFonts['serif']): Face => (f.file.endsWith('.ttc') ? { src: f.file, name: f.postscriptName } : { src: fs.readFileSync(f.file) });
  const fonts = { serif: face(found.serif), bold: face(found.bold) };
  const t0 = Date.now();
  const r: Rng = mulberry32(20261209);
  clock.set(opts.now);
  const { letters, overview } = deps.services;
  const towns = (await overview.overview(opts.city)).units;
  const repo = lettersRepo(deps.db);
  let n = 0;
  for (const year of DEMO_LETTER_YEARS) {
    const { start, end } = chinaYear(year);
    const facts = year >= 2025 ? await repo.facts(opts.city.divisionPath, start, end) : null;
    for (const town of towns) {
      const f = facts?.get(town.code);
      const factor = 0.8 + r() * 0.45;
      const share = 0.1 + (year - 2022) * 0.03;
      const targets: LetterTargets = {
        stockCount: f ? Math.max(5, Math.round(f.stockClosed * factor)) : round(town.stock * share, 5),
        stockArea: f ? round(f.stockClosedArea * factor, 100) : round(town.stockArea * share, 100),
        farmlandZero: true,
        safetyRate: year === 2022 ? 0.9 : 1,
        campaignRate: year === 2022 ? null : 0.7,
      };
      const people = [
        { name: personName(r), post: '党委书记(党工委书记)', phone: phone(r) },
        { name: personName(r), post: '镇长(主任)', phone: phone(r) },
        { name: personName(r), post: '分管副镇长(副主任)', phone: phone(r) },
      ];
      const signedOn = `${year}-02-${String(18 + Math.floor(r() * 8)).padStart(2, '0')}`;
      const id = await letters.createLetter(opts.city, { townCode: town.code, year, signedOn, people, targets });
      // the seed's letters (2022–2024) with their signed copy; a PDF with an embedded CJK subset takes ~0.2 s to
      // make, so the later years' are left for the city office to upload (as the browser test does)
      if (year <= 2024) {
        const pdf = await signedLetterPdf(fonts, town.name, year, targets, people, signedOn);
        await letters.storeFile(opts.city, id, Upload.of(pdf), `${town.name}${year}年度责任书(签署件).pdf`, 1);
      }
      n++;
    }
  }
  opts.log?.(`demo: ${n} responsibility letters for ${DEMO_LETTER_YEARS.join(', ')} (2022–2024 with a signed copy) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return n;
}
