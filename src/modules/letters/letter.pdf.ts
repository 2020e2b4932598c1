import PDFDocument from 'pdfkit';
import { toBuffer, type CjkFonts } from '../documents/document.pdf.js';
import type { LetterDetailView } from './letters.service.js';

/**
 * A town's year-end summary of its responsibility letter (责任书年终总结) as an A4 PDF: each target against
 * what the registry shows, the responsible people, and the two goals now with the stock's twelve-month line.
 * Fonts as for the enforcement papers and the monthly report (platform/fonts.ts).
 */
const M = 50;
const INK = '#1f2937';
const MUTED = '#6b7280';
const RULE = '#d1d5db';
const RED = '#c0262d';
const BLUE = '#1456c8';
const STATUS_ZH = { met: '已完成', in_progress: '推进中', missed: '未完成', no_data: '暂无数据' } as const;
const STATUS_HEX = { met: '#2f9e44', in_progress: BLUE, missed: RED, no_data: MUTED } as const;
const int = (v: number) => Math.round(v).toLocaleString('en-US');

function row(doc: PDFKit.PDFDocument, cells: string[], widths: number[], y: number, opts: { bold?: boolean; colors?: (string | undefined)[] } = {}): number {
  let x = M;
  const h =
    Math.max(
      ...cells.map((c, i) =>
        doc
          .font(opts.bold ? 'bold' : 'sans')
          .fontSize(10)
          .heightOfString(c, { width: widths[i] - 10 }),
      ),
    ) + 10;
  cells.forEach((c, i) => {
    doc
      .font(opts.bold ? 'bold' : 'sans')
      .fontSize(10)
      .fillColor(opts.colors?.[i] ?? INK)
      .text(c, x + 5, y + 5, { width: widths[i] - 10 });
    x += widths[i];
  });
  doc
    .moveTo(M, y + h)
    .lineTo(x, y + h)
    .lineWidth(0.5)
    .strokeColor(RULE)
    .stroke();
  return y + h;
}

function heading(doc: PDFKit.PDFDocument, text: string, y: number): number {
  doc.font('bold').fontSize(13).fillColor(INK).text(text, M, y);
  return doc.y + 6;
}

export function renderLetterSummary(fonts: CjkFonts, d: LetterDetailView, now: Date): Promise<Buffer> {
  const title = `${d.townName}${d.year}年度违法建筑安全治理责任书年终总结`;
  const doc = new PDFDocument({ size: 'A4', margins: { top: M, bottom: M, left: M, right: M }, info: { Title: title, Producer: 'Wuweijian 无违建' } });
  doc.registerFont('bold', fonts.bold.file, fonts.bold.postscriptName);
  doc.registerFont('sans', fonts.sans.file, fonts.sans.postscriptName);
  const W = doc.page.width - 2 * M;

  doc.font('bold').fontSize(18).fillColor(RED).text(title, M, M, { width: W, align: 'center' });
  const p = d.progress;
  doc
    .moveDown(0.4)
    .font('sans')
    .fontSize(10)
    .fillColor(MUTED)
    .text(`${d.title} · 统计期 ${p.periodStart} 至 ${p.periodEnd}${p.final ? '(全年)' : '(年度进行中)'} · 签署日期 ${d.signedOn ?? '未录入'}`, { width: W, align: 'center' });
  doc.moveDown(0.3).font('bold').fontSize(12).fillColor(STATUS_HEX[p.status]).text(`总体:${STATUS_ZH[p.status]}`, { width: W, align: 'center' });

  if (p.note) doc.moveDown(0.2).font('sans').fontSize(9).fillColor(MUTED).text(p.note, { width: W, align: 'center' });
  let y = heading(doc, '一、责任目标完成情况', doc.y + 14);
  const widths = [140, 80, 150, 55, W - 425];
  y = row(doc, ['目标', '责任目标', '完成情况(据案件登记)', '进度', '状态'], widths, y, { bold: true });
  for (const i of p.items) {
    y = row(doc, [i.label, i.target, i.actual, i.rate === null ? '—' : `${Math.round(i.rate * 100)}%`, STATUS_ZH[i.status]], widths, y, {
      colors: [undefined, undefined, undefined, undefined, STATUS_HEX[i.status]],
    });
  }
  if (!p.items.length) y = row(doc, ['未设定目标', '', '', '', ''], widths, y);

  y = heading(doc, '二、责任人', y + 16);
  const pw = [120, 200, W - 320];
  y = row(doc, ['姓名', '职务', '联系电话'], pw, y, { bold: true });
  for (const person of d.people) y = row(doc, [person.name, person.post, person.phone ?? '—'], pw, y);
  if (!d.people.length) y = row(doc, ['未录入', '', ''], pw, y);

  const g = d.goals;
  if (g) {
    y = heading(doc, '三、存量清零、新增归零(截至今日)', y + 16);
    const lines = [
      `存量基数 ${int(g.baseline.count)} 处,已销号 ${int(g.cleared.count)} 处(${Math.round(g.clearedRate * 100)}%),尚余 ${int(g.remaining.count)} 处。`,
      `近 6 个月平均每月减少 ${g.pacePerMonth} 处;${g.projection.text}。`,
      `今年新增违建 ${int(g.newThisYear)} 处,其中耕地上 ${int(g.newOnFarmlandThisYear)} 处;新增尚未处置 ${int(g.newOpen)} 处${g.newOpen === 0 ? '(已归零)' : ''}。`,
    ];
    for (const l of lines)
      doc
        .font('sans')
        .fontSize(11)
        .fillColor(INK)
        .text(l, M, doc.y + 2, { width: W });
    // the remaining stock at each month end, as bars
    const top = doc.y + 14;
    const chartTop = top + 14; // below the chart's title
    const h = 110;
    const max = Math.max(1, ...g.trend.map((t) => t.stockRemaining));
    const bw = W / g.trend.length;
    doc
      .font('sans')
      .fontSize(9)
      .fillColor(MUTED)
      .text('存量余数(月末)', M, top - 2);
    g.trend.forEach((t, i) => {
      const bh = (t.stockRemaining / max) * (h - 30);
      const x = M + i * bw + bw * 0.2;
      doc
        .rect(x, chartTop + h - 14 - bh, bw * 0.6, bh)
        .fillColor(BLUE)
        .fill();
      doc
        .fontSize(8)
        .fillColor(INK)
        .text(int(t.stockRemaining), M + i * bw, chartTop + h - 26 - bh, { width: bw, align: 'center' });
      doc
        .fontSize(8)
        .fillColor(MUTED)
        .text(`${Number(t.month.slice(5))}月`, M + i * bw, chartTop + h - 11, { width: bw, align: 'center' });
    });
    doc.y = chartTop + h + 6;
  }
  doc
    .font('sans')
    .fontSize(8)
    .fillColor(MUTED)
    .text(
      `生成时间 ${new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}(北京时间)· 目标进度由案件登记(一户一档)计算,仅计违法建筑。`,
      M,
      doc.y + 12,
      {
        width: W,
      },
    );
  return toBuffer(doc);
}
