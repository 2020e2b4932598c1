import PDFDocument from 'pdfkit';
import { toBuffer, type CjkFonts } from '../documents/document.pdf.js';

/** What the referral sheet (问题线索移送单) says: the facts as rows, then the evidence and the audit records as attachments. */
export interface ReferralContent {
  referralNo: string;
  /** To whom (市纪委监委). */
  to: string;
  intro: string;
  rows: [string, string][];
  signature: { issuer: string; date: string };
  /** Photos two to a row; a reuse pair stands side by side on its own row. */
  photoRows: { image: Buffer; caption: string }[][];
  map: { image: Buffer; caption: string } | null;
  audit: { id: number; at: string; who: string; sentence: string; hash: string; prevHash: string; involved: boolean }[];
  generatedAt: string;
}

/**
 * The referral sheet in the layout of such sheets (red title, number, addressee, a table of the facts, the
 * issuer), then 附件一 the evidence photos, 附件二 the place, 附件三 the audit records with their hash chain
 * (each record's hash and the one before it), so the commission can check them against the audit log.
 */
export function renderReferral(fonts: CjkFonts, c: ReferralContent): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 56, left: 64, right: 64 },
    info: { Title: `问题线索移送单 ${c.referralNo}`, Producer: 'Wuweijian 无违建' },
  });
  doc.registerFont('serif', fonts.serif.file, fonts.serif.postscriptName);
  doc.registerFont('bold', fonts.bold.file, fonts.bold.postscriptName);
  doc.registerFont('sans', fonts.sans.file, fonts.sans.postscriptName);
  const left = 64;
  const width = doc.page.width - 128;
  const bottom = doc.page.height - 56;

  doc.font('bold').fontSize(22).fillColor('#c00000').text('问题线索移送单', { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.4).font('serif').fontSize(12).fillColor('#000').text(c.referralNo, { align: 'center' });
  const y = doc.y + 8;
  doc
    .moveTo(left, y)
    .lineTo(left + width, y)
    .lineWidth(1.2)
    .strokeColor('#c00000')
    .stroke();
  doc.y = y + 16;
  doc.font('serif').fontSize(13).text(`${c.to}:`, left, doc.y).moveDown(0.4);
  doc.font('serif').fontSize(13).text(c.intro, { indent: 26, lineGap: 5, align: 'justify' }).moveDown(0.6);

  const colW = 96;
  for (const [k, v] of c.rows) {
    doc.font('serif').fontSize(11);
    const h = Math.max(doc.heightOfString(v || ' ', { width: width - colW - 16, lineGap: 2 }), 16) + 12;
    if (doc.y + h > bottom) doc.addPage();
    const top = doc.y;
    doc
      .rect(left, top, colW, h)
      .rect(left + colW, top, width - colW, h)
      .lineWidth(0.8)
      .strokeColor('#000')
      .stroke();
    doc
      .font('bold')
      .fontSize(11)
      .text(k, left + 8, top + 6, { width: colW - 16 });
    doc
      .font('serif')
      .fontSize(11)
      .text(v || ' ', left + colW + 8, top + 6, { width: width - colW - 16, lineGap: 2 });
    doc.y = top + h;
  }
  if (doc.y > bottom - 60) doc.addPage();
  doc.moveDown(1.5);
  doc.font('serif').fontSize(13).text(c.signature.issuer, left, doc.y, { width, align: 'right' });
  doc.text(c.signature.date, { width, align: 'right' });

  const heading = (t: string) => {
    doc.addPage();
    doc.font('bold').fontSize(15).fillColor('#0f2a4a').text(t, left, doc.y);
    doc
      .moveTo(left, doc.y + 2)
      .lineTo(left + width, doc.y + 2)
      .lineWidth(0.6)
      .strokeColor('#0f2a4a')
      .stroke();
    doc.moveDown(0.6).fillColor('#000');
  };

  heading('附件一 证据照片');
  if (!c.photoRows.length) doc.font('sans').fontSize(10).text('无照片');
  const pw = (width - 16) / 2;
  for (const row of c.photoRows) {
    if (doc.y > bottom - 230) doc.addPage();
    const top = doc.y;
    let h = 0;
    row.forEach((p, j) => {
      const x = left + j * (pw + 16);
      doc.image(p.image, x, top, { fit: [pw, 180], align: 'center', valign: 'center' });
      doc
        .font('sans')
        .fontSize(9)
        .text(p.caption, x, top + 184, { width: pw });
      h = Math.max(h, doc.y - top);
    });
    doc.y = top + h + 12;
  }

  if (c.map) {
    heading('附件二 案件位置');
    doc.image(c.map.image, left, doc.y, { fit: [width, 300], align: 'center' });
    doc.y += 306;
    doc.font('sans').fontSize(9).text(c.map.caption, left, doc.y, { width });
  }

  heading(`${c.map ? '附件三' : '附件二'} 审计记录(哈希链)`);
  doc
    .font('sans')
    .fontSize(9)
    .fillColor('#444')
    .text('每条记录的哈希由其内容和前一条记录的哈希算出;“★”为本预警所涉的操作。可用审计日志的链校验功能逐条复核。', left, doc.y, { width })
    .fillColor('#000')
    .moveDown(0.5);
  if (!c.audit.length) doc.font('sans').fontSize(10).text('无');
  for (const r of c.audit) {
    if (doc.y > bottom - 48) doc.addPage();
    doc
      .font('bold')
      .fontSize(9.5)
      .text(`${r.involved ? '★ ' : ''}#${r.id}  ${r.at}  ${r.who}`, left, doc.y, { width });
    doc
      .font('sans')
      .fontSize(9.5)
      .text(r.sentence, left + 14, doc.y, { width: width - 14 });
    doc
      .font('sans')
      .fontSize(7.5)
      .fillColor('#666')
      .text(`hash ${r.hash}  prev ${r.prevHash}`, left + 14, doc.y, { width: width - 14 })
      .fillColor('#000');
    doc.moveDown(0.3);
  }
  doc.moveDown(1).font('sans').fontSize(9).fillColor('#777').text(`生成时间 ${c.generatedAt} · 无违建 Wuweijian`, left, doc.y, { width, align: 'right' });
  return toBuffer(doc);
}
