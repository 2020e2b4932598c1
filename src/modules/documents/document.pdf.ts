import PDFDocument from 'pdfkit';
import { cjkFonts, setUpShippedFontconfig, type CjkFonts } from '../../platform/fonts.js';

// the dossier's map label (documents.service.ts) is SVG text: fontconfig must find the shipped font first
setUpShippedFontconfig();

/** Fonts for official papers (platform/fonts.ts): the shipped Noto Sans CJK SC, or Noto Serif CJK (宋体-like) from PDF_FONT_DIR. */
export { cjkFonts, type CjkFonts };

export interface PaperContent {
  issuer: string;
  title: string;
  docNo: string;
  /** Addressee line (当事人), or null for papers without one. */
  to: string | null;
  paragraphs: string[];
  /** A two-column table (送达回证). */
  table?: [string, string][];
  signature: { issuer: string; date: string };
  /** Small print at the foot (rights of appeal …). */
  footnote?: string;
}

function newDoc(fonts: CjkFonts, title: string) {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 72, bottom: 64, left: 72, right: 72 }, info: { Title: title, Producer: 'Wuweijian 无违建' } });
  doc.registerFont('serif', fonts.serif.file, fonts.serif.postscriptName);
  doc.registerFont('bold', fonts.bold.file, fonts.bold.postscriptName);
  doc.registerFont('sans', fonts.sans.file, fonts.sans.postscriptName);
  return doc;
}

/** The finished document as bytes. */
export function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** One enforcement paper in the layout such papers have: issuer, red title, number, addressee, text, seal line. */
export function renderPaper(fonts: CjkFonts, c: PaperContent): Promise<Buffer> {
  const doc = newDoc(fonts, c.title);
  const width = doc.page.width - 144;
  doc.font('bold').fontSize(20).fillColor('#c00000').text(c.issuer, { align: 'center' });
  doc.moveDown(0.3).fontSize(22).text(c.title, { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.4).font('serif').fontSize(12).fillColor('#000').text(c.docNo, { align: 'center' });
  const y = doc.y + 8;
  doc
    .moveTo(72, y)
    .lineTo(72 + width, y)
    .lineWidth(1.2)
    .strokeColor('#c00000')
    .stroke();
  doc.y = y + 18;
  doc.fontSize(14).fillColor('#000');
  if (c.to) doc.font('serif').text(`${c.to}:`, 72, doc.y).moveDown(0.5);
  for (const p of c.paragraphs) doc.font('serif').fontSize(14).text(p, { indent: 28, lineGap: 6, align: 'justify' }).moveDown(0.4);
  if (c.table) {
    doc.moveDown(0.5);
    const x0 = 72;
    const colW = 130;
    for (const [k, v] of c.table) {
      const top = doc.y;
      const h = Math.max(doc.heightOfString(v || ' ', { width: width - colW - 16 }), 18) + 16;
      doc
        .rect(x0, top, colW, h)
        .rect(x0 + colW, top, width - colW, h)
        .lineWidth(0.8)
        .strokeColor('#000')
        .stroke();
      doc
        .font('bold')
        .fontSize(12)
        .text(k, x0 + 8, top + 8, { width: colW - 16 });
      doc
        .font('serif')
        .fontSize(12)
        .text(v || ' ', x0 + colW + 8, top + 8, { width: width - colW - 16 });
      doc.y = top + h;
    }
  }
  doc.moveDown(2);
  doc.font('serif').fontSize(14).text(c.signature.issuer, 72, doc.y, { width, align: 'right' });
  doc.text(c.signature.date, { width, align: 'right' });
  if (c.footnote) {
    doc.moveDown(2).font('serif').fontSize(10.5).fillColor('#333').text(c.footnote, 72, doc.y, { width, lineGap: 3 });
  }
  return toBuffer(doc);
}

export interface DossierContent {
  title: string;
  subtitle: string;
  facts: [string, string][];
  map: Buffer | null;
  photos: { stage: string; caption: string; image: Buffer }[];
  timeline: { at: string; what: string; who: string; note: string | null }[];
  documents: { docNo: string; kind: string; at: string }[];
  generatedAt: string;
}

/** The case dossier (一户一档): facts, map, photos by stage, decisions, timeline, papers issued. */
export function renderDossier(fonts: CjkFonts, d: DossierContent): Promise<Buffer> {
  const doc = newDoc(fonts, d.title);
  const width = doc.page.width - 144;
  // a heading never stays alone at the foot of a page: it moves on with the first `need` points of its content
  const heading = (t: string, need = 80) => {
    if (doc.y > doc.page.height - 64 - 40 - need) doc.addPage();
    doc.moveDown(0.8).font('bold').fontSize(14).fillColor('#0f2a4a').text(t, 72, doc.y);
    doc
      .moveTo(72, doc.y + 2)
      .lineTo(72 + width, doc.y + 2)
      .lineWidth(0.6)
      .strokeColor('#0f2a4a')
      .stroke();
    doc.moveDown(0.5).fillColor('#000');
  };
  doc.font('bold').fontSize(20).text(d.title, { align: 'center' });
  doc.moveDown(0.2).font('sans').fontSize(11).fillColor('#555').text(d.subtitle, { align: 'center' }).fillColor('#000');
  heading('基本情况');
  const half = width / 2;
  for (let i = 0; i < d.facts.length; i += 2) {
    const top = doc.y;
    let h = 0;
    for (let j = 0; j < 2 && i + j < d.facts.length; j++) {
      const [k, v] = d.facts[i + j];
      const x = 72 + j * half;
      doc.font('bold').fontSize(10).text(k, x, top, { width: 80 });
      doc
        .font('sans')
        .fontSize(10)
        .text(v || '—', x + 84, top, { width: half - 92 });
      h = Math.max(h, doc.y - top);
    }
    doc.y = top + h + 4;
  }
  if (d.map) {
    heading('位置', 230);
    doc.image(d.map, 72, doc.y, { fit: [width, 220], align: 'center' });
    doc.y += 228;
  }
  heading('现场照片', d.photos.length ? 210 : 20);
  if (d.photos.length === 0) doc.font('sans').fontSize(10).text('无照片');
  const pw = (width - 16) / 2;
  for (let i = 0; i < d.photos.length; i += 2) {
    if (doc.y > doc.page.height - 260) doc.addPage();
    const top = doc.y;
    for (let j = 0; j < 2 && i + j < d.photos.length; j++) {
      const p = d.photos[i + j];
      const x = 72 + j * (pw + 16);
      doc.image(p.image, x, top, { fit: [pw, 170], align: 'center', valign: 'center' });
      doc
        .font('sans')
        .fontSize(9)
        .text(`【${p.stage}】${p.caption}`, x, top + 174, { width: pw });
    }
    doc.y = top + 200;
  }
  heading('办理过程');
  for (const e of d.timeline) {
    if (doc.y > doc.page.height - 90) doc.addPage();
    doc.font('bold').fontSize(10).text(`${e.at}  ${e.what}`, 72, doc.y, { continued: true }).font('sans').text(`  ${e.who}`);
    if (e.note)
      doc
        .font('sans')
        .fontSize(9.5)
        .fillColor('#444')
        .text(e.note, 90, doc.y, { width: width - 18 })
        .fillColor('#000');
    doc.moveDown(0.2);
  }
  heading('执法文书');
  if (d.documents.length === 0) doc.font('sans').fontSize(10).text('无');
  for (const x of d.documents) doc.font('sans').fontSize(10).text(`${x.at}  ${x.kind}  ${x.docNo}`, 72, doc.y);
  doc.moveDown(1.5).font('sans').fontSize(9).fillColor('#777').text(`生成时间 ${d.generatedAt} · 无违建 Wuweijian`, { align: 'right' });
  return toBuffer(doc);
}
