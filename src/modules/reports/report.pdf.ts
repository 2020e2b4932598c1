// Over 400 lines: the monthly report's PDF is one layout drawn top to bottom (cover figures, trend, towns, cases), each part a few lines of PDFKit calls; splitting it would scatter the page.
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { toBuffer, type CjkFonts } from '../documents/document.pdf.js';
import type { MonthFigures } from './report.model.js';
import type { MonthlyReportView as MonthlyReport } from './reports.schemas.js';

/**
 * The monthly report as an A4 PDF: key figures, the governance index, twelve-month trends drawn as
 * vector bar and line charts, the table by town (or village) and the top problems. Fonts as for the
 * enforcement papers (platform/fonts.ts): the shipped Noto Sans CJK SC, or PDF_FONT_DIR's Noto CJK.
 */

const M = 44; // page margin
const INK = '#1f2937';
const MUTED = '#6b7280';
const RULE = '#d1d5db';
const BLUE = '#1456c8';
const GREEN = '#2f9e44';
const ORANGE = '#f76707';
const RED = '#c0262d';
export const COLOR_HEX: Record<string, string> = { green: '#2f9e44', blue: '#1c7ed6', yellow: '#f2c500', orange: '#f76707', red: '#e03131' };
const COLOR_ZH: Record<string, string> = { green: '绿', blue: '蓝', yellow: '黄', orange: '橙', red: '红' };

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const m2 = (v: number) => (Math.round(v * 10) / 10).toLocaleString('en-US', { maximumFractionDigits: 1 });
const signed = (v: number, f: (x: number) => string = int) => (v > 0 ? `+${f(v)}` : v < 0 ? `−${f(-v)}` : '持平');
const shortMonth = (key: string) => `${Number(key.slice(5))}月`;

/** "Nice" upper bound and step for an axis from 0 to max. */
function axis(max: number, ticks = 4): { top: number; step: number } {
  if (!(max > 0)) return { top: ticks, step: 1 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw)!;
  const clean = step < 1 ? Math.max(1, Math.ceil(step)) : step;
  return { top: clean * Math.ceil(max / clean), step: clean };
}

const fontCache = new Map<string, Buffer>();
function fontBytes(file: string): Buffer {
  let b = fontCache.get(file);
  if (!b) fontCache.set(file, (b = fs.readFileSync(file)));
  return b;
}

export interface Series {
  name: string;
  color: string;
  values: number[];
}

/** The audit chain's anchor written as the report was made (audit/audit.anchor.ts); null: the chain was empty. */
type ReportAnchor = { key: string; lastId: number; hash: string } | null;

/**
 * Laid out once at the normal spacing; when that leaves a last page less than a third full, once more
 * with tighter spacing (shorter charts, lower table rows), kept when it saves the page: a month's report
 * does not end on a page with a few rows.
 */
export function renderMonthlyReport(fonts: CjkFonts, r: MonthlyReport, anchor: ReportAnchor = null): Promise<Buffer> {
  const normal = layoutMonthlyReport(fonts, r, anchor, false);
  if (normal.pages > 1 && normal.lastPageFill < 1 / 3) {
    const compact = layoutMonthlyReport(fonts, r, anchor, true);
    if (compact.pages < normal.pages) return toBuffer(compact.doc);
  }
  return toBuffer(normal.doc);
}

/** Spacing of the normal and the compact layout. */
const SPACING = {
  normal: { chartH: 150, rowH: 15, tileH: 50, para: 0.3, section: 0.8 },
  compact: { chartH: 118, rowH: 13.5, tileH: 46, para: 0.15, section: 0.5 },
};

/** Least rows of a long table on either side of a page break, and the longest table kept on one page. */
const MIN_ROWS_AT_BREAK = 4;
const KEEP_TOGETHER_ROWS = 12;

function layoutMonthlyReport(fonts: CjkFonts, r: MonthlyReport, anchor: ReportAnchor, compact: boolean): { doc: PDFKit.PDFDocument; pages: number; lastPageFill: number } {
  const sp = compact ? SPACING.compact : SPACING.normal;
  const title = `${r.division.name}无违建工作月度报告`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: M, bottom: M, left: M, right: M },
    info: { Title: `${title}(${r.monthLabel})`, Producer: 'Wuweijian 无违建' },
    bufferPages: true,
  });
  // the font files (8 MB shipped, 20–30 MB from PDF_FONT_DIR) are read once per process, not once per report
  doc.registerFont('bold', fontBytes(fonts.bold.file), fonts.bold.postscriptName);
  doc.registerFont('sans', fontBytes(fonts.sans.file), fonts.sans.postscriptName);
  const W = doc.page.width - 2 * M;
  const bottom = () => doc.page.height - M - 14;
  const room = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  const t = r.totals;
  const prev = r.previous;

  // ── title block
  doc.font('bold').fontSize(19).fillColor(RED).text(title, M, M, { width: W, align: 'center' });
  doc.moveDown(0.15).font('bold').fontSize(13).fillColor(INK).text(r.monthLabel, { width: W, align: 'center' });
  doc
    .moveDown(0.2)
    .font('sans')
    .fontSize(8.5)
    .fillColor(MUTED)
    .text(
      `统计口径:${r.asOfLabel};数据来源:无违建平台案件登记及历史记录。生成时间 ${new Date(Date.parse(r.generatedAt) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}(北京时间)`,
      { width: W, align: 'center' },
    );
  // anyone holding the paper can check later that the audit trail still reaches this record with this hash
  doc.text(anchor ? `审计链锚点:第 ${anchor.lastId} 条,哈希 ${anchor.hash}(${anchor.key})` : '审计链锚点:审计链尚无记录', { width: W, align: 'center' });
  const y = doc.y + 5;
  doc
    .moveTo(M, y)
    .lineTo(M + W, y)
    .lineWidth(1.4)
    .strokeColor(RED)
    .stroke();
  doc.y = y + 10;

  /** A section heading never ends a page: it comes with at least `next` points of what follows it. */
  const heading = (text: string, next = 40) => {
    room(24 + next);
    doc.font('bold').fontSize(12.5).fillColor(INK).text(text, M, doc.y, { width: W });
    doc.moveDown(0.3);
  };

  // ── 一、key figures: a grid of tiles, each with its change from the month before
  heading('一、本月主要数据');
  const tiles: { label: string; value: string; unit: string; sub: string; tone?: string }[] = [
    {
      label: '新增违建',
      value: int(t.newCount),
      unit: '处',
      sub: `面积 ${m2(t.newAreaM2)} m²${prev ? ` · 较上月 ${signed(t.newCount - prev.newCount)}` : ''}`,
      tone: t.newCount > 0 ? ORANGE : GREEN,
    },
    { label: '新上报线索', value: int(t.reports), unit: '件', sub: `核实立案 ${int(t.verifications)} · 不予立案 ${int(t.rejections)}` },
    { label: '销号', value: int(t.closings), unit: '件', sub: `有效销号 ${int(t.validClosings)}${prev ? ` · 较上月 ${signed(t.closings - prev.closings)}` : ''}`, tone: GREEN },
    { label: '拆除面积', value: m2(t.demolishedAreaM2), unit: 'm²', sub: `拆除销号 ${int(t.demolishedCount)} 处` },
    { label: '在册未销号', value: int(t.openCount), unit: '处', sub: `面积 ${m2(t.openAreaM2)} m²${prev ? ` · 较上月 ${signed(t.openCount - prev.openCount)}` : ''}` },
    { label: '存量未清零', value: int(t.stockOpenCount), unit: '处', sub: `面积 ${m2(t.stockOpenAreaM2)} m² · 存量共 ${int(t.stockCount)} 处` },
    { label: '新增未归零', value: int(t.newOpenCount), unit: '处', sub: `面积 ${m2(t.newOpenAreaM2)} m²` },
    {
      label: '逾期案件',
      value: int(t.overdue),
      unit: '件',
      sub: prev ? `月末在办超期 · 较上月 ${signed(t.overdue - prev.overdue)}` : '月末在办超期',
      tone: t.overdue > 0 ? RED : GREEN,
    },
    { label: '督办单下发', value: int(t.noticesIssued), unit: '件', sub: `本月回复 ${int(t.noticesAnswered)} · 月末未回复 ${int(t.noticesOpen)}` },
    {
      label: '督办按期回复',
      value: t.noticesDue ? `${Math.round((100 * t.noticesOnTime) / t.noticesDue)}%` : '—',
      unit: '',
      sub: `本月到期 ${int(t.noticesDue)} · 按期 ${int(t.noticesOnTime)}`,
    },
    { label: '基本农田新增(红线)', value: int(t.redLineNew), unit: '处', sub: '本月发现、占用基本农田', tone: t.redLineNew > 0 ? RED : GREEN },
    { label: '复建', value: int(t.rebuilds), unit: '处', sub: `群众投诉 ${int(t.complaints)} 件`, tone: t.rebuilds > 0 ? RED : undefined },
  ];
  const cols = 4;
  const gap = 6;
  const tw = (W - gap * (cols - 1)) / cols;
  for (let i = 0; i < tiles.length; i += cols) {
    // the line under the figure wraps (never cut short): a row of tiles is as tall as its longest one
    const row = tiles.slice(i, i + cols);
    // the line wraps between its phrases (at " · "), each phrase kept whole where it fits a line
    doc.font('sans').fontSize(7);
    for (const tile of row) tile.sub = breakBetweenPhrases(doc, tile.sub, tw - 12);
    const subH = Math.max(...row.map((tile) => doc.heightOfString(tile.sub, { width: tw - 12, lineGap: 0.5 })));
    const th = Math.max(sp.tileH, 36 + subH + 4);
    room(th + gap);
    const top = doc.y;
    row.forEach((tile, j) => {
      const x = M + j * (tw + gap);
      doc.roundedRect(x, top, tw, th, 3).lineWidth(0.6).fillAndStroke('#f7f9fc', RULE);
      doc.rect(x, top, 2.5, th).fill(tile.tone ?? BLUE);
      doc
        .font('sans')
        .fontSize(8)
        .fillColor(MUTED)
        .text(tile.label, x + 8, top + 5, { width: tw - 12, lineBreak: false });
      doc
        .font('bold')
        .fontSize(15)
        .fillColor(INK)
        .text(tile.value, x + 8, top + 14, { lineBreak: false });
      const vw = doc.widthOfString(tile.value);
      if (tile.unit)
        doc
          .font('sans')
          .fontSize(8)
          .fillColor(MUTED)
          .text(tile.unit, x + 10 + vw, top + 22, { lineBreak: false });
      doc
        .font('sans')
        .fontSize(7)
        .fillColor(MUTED)
        .text(tile.sub, x + 8, top + 36, { width: tw - 12, lineGap: 0.5 });
    });
    doc.y = top + th + gap;
  }
  doc.moveDown(0.4);

  // ── 二、governance index of the month
  heading('二、无违建治理指数');
  const ix = r.index;
  if (!ix.available) {
    doc.font('sans').fontSize(10).fillColor(MUTED).text(ix.message, M, doc.y, { width: W });
  } else {
    const top = doc.y;
    if (ix.unit) {
      const u = ix.unit;
      doc.roundedRect(M, top, 54, 40, 4).fill(COLOR_HEX[u.color] ?? '#999');
      doc
        .font('bold')
        .fontSize(18)
        .fillColor('#fff')
        .text(COLOR_ZH[u.color] ?? u.color, M, top + 9, { width: 54, align: 'center' });
      doc
        .font('bold')
        .fontSize(14)
        .fillColor(INK)
        .text(`得分 ${u.score.toFixed(1)}`, M + 66, top + 1, { lineBreak: false });
      doc
        .font('sans')
        .fontSize(10)
        .fillColor(INK)
        .text(`全市第 ${u.rank} 名${u.rankOf ? ` / ${u.rankOf}` : ''}`, M + 170, top + 4, { lineBreak: false });
      const ch = u.change
        ? `较上期:得分 ${signed(u.change.score, (v) => v.toFixed(1))},名次${u.change.rank > 0 ? `上升 ${u.change.rank}` : u.change.rank < 0 ? `下降 ${-u.change.rank}` : '不变'},颜色${u.change.color === 'better' ? '好转' : u.change.color === 'worse' ? '变差' : '不变'}(上期${COLOR_ZH[u.change.previousColor] ?? ''})`
        : '上期无可比结果';
      doc
        .font('sans')
        .fontSize(9)
        .fillColor(MUTED)
        .text(ch, M + 66, top + 22, { width: W - 66 });
      doc.y = top + 46;
    }
    // colour distribution of the towns (city) or the town's villages
    const total = Object.values(ix.colors).reduce((a, b) => a + b, 0);
    const label = ix.level === 'town' ? '各镇街' : '所辖村(社区)';
    doc
      .font('sans')
      .fontSize(9)
      .fillColor(INK)
      .text(`${label}五色分布(${ix.period},共 ${total} 个${ix.partial ? ',当期未结束时计算' : ''}):`, M, doc.y, { width: W });
    const by = doc.y + 3;
    let bx = M;
    for (const c of ['green', 'blue', 'yellow', 'orange', 'red']) {
      const n = ix.colors[c] ?? 0;
      if (!n) continue;
      const w = (W * n) / Math.max(1, total);
      doc.rect(bx, by, w, 14).fill(COLOR_HEX[c]);
      if (w > 26)
        doc
          .font('sans')
          .fontSize(8)
          .fillColor(c === 'yellow' ? INK : '#fff')
          .text(`${COLOR_ZH[c]} ${n}`, bx, by + 2.5, { width: w, align: 'center', lineBreak: false });
      bx += w;
    }
    doc.y = by + 20;
    if (ix.level === 'town') {
      const list = ix.units.map((u) => `${u.rank}. ${u.name} ${u.score.toFixed(1)}(${COLOR_ZH[u.color]})`).join('  ');
      doc.font('sans').fontSize(8.5).fillColor(INK).text(`排名:${list}`, M, doc.y, { width: W, lineGap: 2 });
    }
  }
  doc.moveDown(sp.section);

  // ── 三、trends: grouped bars (new vs closed) and lines (standing, overdue)
  const chartH = sp.chartH;
  heading('三、近 12 个月趋势', chartH + 10);
  room(chartH + 10);
  const cy = doc.y;
  const half = (W - 14) / 2;
  barChart(
    doc,
    M,
    cy,
    half,
    chartH,
    '新增违建与销号(件)',
    r.trend.map((x) => x.month),
    [
      { name: '新增', color: ORANGE, values: r.trend.map((x) => x.newCount) },
      { name: '销号', color: GREEN, values: r.trend.map((x) => x.closings) },
    ],
  );
  lineChart(
    doc,
    M + half + 14,
    cy,
    half,
    chartH,
    '在册未销号与逾期(件)',
    r.trend.map((x) => x.month),
    [
      { name: '在册未销号', color: BLUE, values: r.trend.map((x) => x.openCount) },
      { name: '存量未清零', color: '#7048e8', values: r.trend.map((x) => x.stockOpenCount) },
      { name: '逾期', color: RED, values: r.trend.map((x) => x.overdue) },
    ],
  );
  doc.y = cy + chartH + 8;
  room(chartH + 10);
  const cy2 = doc.y;
  barChart(
    doc,
    M,
    cy2,
    half,
    chartH,
    '拆除面积(m²)',
    r.trend.map((x) => x.month),
    [{ name: '拆除面积', color: '#0b7285', values: r.trend.map((x) => x.demolishedAreaM2) }],
  );
  barChart(
    doc,
    M + half + 14,
    cy2,
    half,
    chartH,
    '督办单(件)',
    r.trend.map((x) => x.month),
    [
      { name: '下发', color: '#e8590c', values: r.trend.map((x) => x.noticesIssued) },
      { name: '回复', color: '#1c7ed6', values: r.trend.map((x) => x.noticesAnswered) },
    ],
  );
  doc.y = cy2 + chartH + 10;

  // ── 四、the table by town (city) or by village (town)
  const rowH = sp.rowH;
  const colorOf = new Map(ix.available ? ix.units.map((u) => [u.code, u.color]) : []);
  const head = ['名称', '新增(处)', '新增面积', '上报', '立案', '销号', '拆除面积', '在册未销号', '存量未清零', '逾期', '督办发/复', '指数'];
  const widths = [70, 36, 50, 30, 30, 30, 52, 46, 46, 30, 44, 0];
  widths[widths.length - 1] = W - widths.reduce((a, b) => a + b, 0);
  const rowOf = (name: string, f: MonthFigures, color: string | null) => [
    name,
    int(f.newCount),
    m2(f.newAreaM2),
    int(f.reports),
    int(f.verifications),
    int(f.closings),
    m2(f.demolishedAreaM2),
    int(f.openCount),
    int(f.stockOpenCount),
    int(f.overdue),
    `${int(f.noticesIssued)}/${int(f.noticesAnswered)}`,
    color ?? '',
  ];
  const rows = [...r.breakdown.map((b) => rowOf(b.name, b, colorOf.get(b.code) ?? null)), rowOf('合计', t, null)];
  const breakdown = table(
    doc,
    { x: M, width: W, rowH, bottom },
    head.map((h, i) => ({ head: h, width: widths[i], align: i === 0 ? 'left' : i === head.length - 1 ? 'center' : 'right', dot: i === head.length - 1 })),
    rows,
    { bold: (i) => i === rows.length - 1 },
  );
  heading(r.breakdownLevel === 'town' ? '四、分镇街情况' : '四、分村(社区)情况', breakdown.start);
  breakdown.draw();
  doc
    .font('sans')
    .fontSize(7.5)
    .fillColor(MUTED)
    .text('面积单位 m²;新增、上报、立案、销号、拆除、督办为本月发生数,在册未销号、存量未清零、逾期为月末数;指数为本月治理指数颜色。', M, doc.y + 4, { width: W });
  doc.moveDown(sp.section);

  // ── 五、top problems
  heading('五、突出问题');
  const para = (label: string, text: string) => {
    room(30);
    doc.font('bold').fontSize(9.5).fillColor(INK).text(label, M, doc.y, { width: W, continued: true }).font('sans').fontSize(9.5).text(text, { lineGap: 2 });
    doc.moveDown(sp.para);
  };
  const tp = r.top;
  para(
    '新增最多的村(社区):',
    tp.newVillages.length ? tp.newVillages.map((v) => `${v.town ? `${v.town}` : ''}${v.name} ${v.count} 处(${m2(v.newAreaM2)} m²)`).join(';') : '本月无新增违建。',
  );
  para('逾期最多的村(社区):', tp.overdueVillages.length ? tp.overdueVillages.map((v) => `${v.town ? `${v.town}` : ''}${v.name} ${v.count} 件`).join(';') : '月末无逾期案件。');
  const rl: string[] = [];
  if (tp.redLine.cases.length)
    rl.push(
      `本月占用基本农田的新增违建 ${t.redLineNew} 处:${tp.redLine.cases.map((c) => `${c.caseNo}(${c.town}${c.village},${c.areaM2 === null ? '面积未测' : `${m2(c.areaM2)} m²`})`).join('、')}`,
    );
  if (tp.redLine.units.length) rl.push(`触发指数红线的单位:${tp.redLine.units.map((u) => `${u.name}(${u.redLines.map((l) => l.name).join('、')})`).join(';')}`);
  para('红线问题:', rl.length ? rl.join('。') + '。' : '本月未触发红线。');

  const caseTable = (label: string, items: MonthlyReport['top']['biggestOpen'], last: (c: MonthlyReport['top']['biggestOpen'][number]) => string, lastHead: string) => {
    const cw = [108, 130, 70, 60, 70, 0];
    cw[5] = W - cw.reduce((a, b) => a + b, 0);
    const heads = ['案件编号', '位置', '状态', '面积(m²)', '类别', lastHead];
    const tbl = table(
      doc,
      { x: M, width: W, rowH, bottom },
      heads.map((h, i) => ({ head: h, width: cw[i], align: i >= 3 ? 'right' : 'left' })),
      items.map((c) => [
        c.caseNo,
        `${c.town}${c.village}`,
        c.statusLabel,
        c.areaM2 === null ? '—' : m2(c.areaM2),
        `${c.origin === 'stock' ? '存量' : '新增'}${c.disposalLabel ? `·${c.disposalLabel}` : ''}`,
        last(c),
      ]),
      { shade: false },
    );
    // the label comes with the table's start (a short table: all of it), never alone at a page's foot
    room(22 + (items.length ? tbl.start : 14));
    doc.font('bold').fontSize(9.5).fillColor(INK).text(label, M, doc.y, { width: W });
    doc.moveDown(0.2);
    if (!items.length) {
      doc.font('sans').fontSize(9).fillColor(MUTED).text('无。', M, doc.y);
      doc.moveDown(0.4);
      return;
    }
    tbl.draw();
    doc.moveDown(0.6);
  };
  caseTable('面积最大的在册未销号违建:', tp.biggestOpen, (c) => (c.daysOverdue !== null ? `逾期 ${c.daysOverdue} 天` : '—'), '逾期');
  caseTable('逾期最久的案件:', tp.longestOverdue, (c) => `${c.daysOverdue ?? 0} 天`, '逾期天数');

  // how full the last page is (before the page numbers, which sit in the bottom margin)
  const lastPageFill = (doc.y - M) / (bottom() - M);
  // page numbers
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc
      .font('sans')
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(`${r.division.name} · ${r.monthLabel}月度报告 · 第 ${i + 1} 页 / 共 ${range.count} 页`, M, doc.page.height - M + 8, {
        width: W,
        align: 'center',
        lineBreak: false,
        height: 10,
      });
  }
  return { doc, pages: range.count, lastPageFill };
}

/** `a · b · c` with a line break before each phrase that would not fit on the line (in the current font). */
function breakBetweenPhrases(doc: PDFKit.PDFDocument, text: string, width: number): string {
  const lines: string[] = [];
  for (const phrase of text.split(' · ')) {
    const last = lines.length ? `${lines[lines.length - 1]} · ${phrase}` : phrase;
    if (lines.length && doc.widthOfString(last) <= width) lines[lines.length - 1] = last;
    else lines.push(phrase);
  }
  return lines.join('\n');
}

export interface Column {
  head: string;
  width: number;
  align: 'left' | 'right' | 'center';
  /** the cell is a colour code of the index: a dot and its name */
  dot?: boolean;
}

/**
 * A table whose cells wrap (a long name takes a second line, never cut short), each row as tall as its
 * tallest cell. The header repeats on every page; a table breaks with at least MIN_ROWS_AT_BREAK rows on
 * either side of the break, and one of KEEP_TOGETHER_ROWS rows or fewer does not break at all. Measured
 * first: `start` is the height it needs where it begins (the heading before it keeps that much with it).
 */
export function table(
  doc: PDFKit.PDFDocument,
  box: { x: number; width: number; rowH: number; bottom: () => number },
  cols: Column[],
  rows: string[][],
  opts: { shade?: boolean; bold?: (i: number) => boolean } = {},
): { start: number; draw: () => void } {
  const pad = 3;
  const cellFont = (header: boolean, bold: boolean) => doc.font(header || bold ? 'bold' : 'sans').fontSize(header ? 7.5 : 8);
  const heightOf = (cells: string[], header: boolean, bold: boolean) => {
    let h = box.rowH;
    cells.forEach((c, i) => {
      if (cols[i].dot && !header) return;
      cellFont(header, bold);
      const width = cols[i].width - 2 * pad;
      // a second line adds its line height to the row's own
      h = Math.max(h, box.rowH + doc.heightOfString(c || ' ', { width }) - doc.heightOfString('国', { width }));
    });
    return h;
  };
  const drawRow = (cells: string[], h: number, kind: { header?: boolean; shade?: boolean; bold?: boolean }) => {
    const top = doc.y;
    if (kind.header) doc.rect(box.x, top, box.width, h).fill('#eef2f7');
    else if (kind.shade) doc.rect(box.x, top, box.width, h).fill('#fafbfc');
    let x = box.x;
    cells.forEach((c, i) => {
      const col = cols[i];
      if (col.dot && !kind.header) {
        if (c) {
          doc.circle(x + col.width / 2 - 7, top + h / 2, 4).fill(COLOR_HEX[c] ?? '#999');
          doc
            .font('sans')
            .fontSize(7.5)
            .fillColor(INK)
            .text(COLOR_ZH[c] ?? c, x + col.width / 2, top + (h - 8) / 2, { width: col.width / 2, lineBreak: false });
        }
      } else {
        cellFont(!!kind.header, !!kind.bold)
          .fillColor(INK)
          .text(c, x + pad, top + 3.5, { width: col.width - 2 * pad, align: col.align });
      }
      x += col.width;
    });
    doc
      .moveTo(box.x, top + h)
      .lineTo(box.x + box.width, top + h)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    doc.y = top + h;
  };
  const heads = cols.map((c) => c.head);
  const headH = heightOf(heads, true, false);
  const heights = rows.map((cells, i) => heightOf(cells, false, !!opts.bold?.(i)));
  const sum = (from: number, to: number) => heights.slice(from, to).reduce((a, b) => a + b, 0);
  const together = rows.length <= KEEP_TOGETHER_ROWS;
  const start = headH + sum(0, together ? rows.length : MIN_ROWS_AT_BREAK);
  return {
    start,
    draw() {
      if (doc.y + start > box.bottom()) doc.addPage();
      drawRow(heads, headH, { header: true });
      rows.forEach((cells, i) => {
        // break when this row does not fit, or before the last rows when they would not all fit: they
        // start the next page together rather than a few at a time
        const left = rows.length - i;
        const tailBreak = left === MIN_ROWS_AT_BREAK && i >= MIN_ROWS_AT_BREAK && doc.y + sum(i, rows.length) > box.bottom();
        if (doc.y + heights[i] > box.bottom() || tailBreak) {
          doc.addPage();
          drawRow(heads, headH, { header: true });
        }
        drawRow(cells, heights[i], { shade: opts.shade !== false && i % 2 === 1, bold: opts.bold?.(i) });
      });
    },
  };
}

/** Frame, title, y grid and month labels shared by both chart kinds; returns the plot's mapping. */
function chartFrame(doc: PDFKit.PDFDocument, x: number, y: number, w: number, h: number, title: string, months: string[], series: Series[]) {
  doc.roundedRect(x, y, w, h, 3).lineWidth(0.6).strokeColor(RULE).stroke();
  doc
    .font('bold')
    .fontSize(8.5)
    .fillColor(INK)
    .text(title, x + 8, y + 6, { lineBreak: false });
  // legend, right-aligned
  let lx = x + w - 8;
  for (const s of [...series].reverse()) {
    const tw = doc.font('sans').fontSize(7).widthOfString(s.name);
    lx -= tw;
    doc.fillColor(MUTED).text(s.name, lx, y + 7.5, { lineBreak: false });
    lx -= 11;
    doc.rect(lx, y + 8.5, 8, 6).fill(s.color);
    lx -= 8;
  }
  const px = x + 34;
  const py = y + 24;
  const pw = w - 44;
  const ph = h - 44;
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const { top, step } = axis(max);
  doc.font('sans').fontSize(6.5);
  for (let v = 0; v <= top + 1e-9; v += step) {
    const gy = py + ph - (v / top) * ph;
    doc
      .moveTo(px, gy)
      .lineTo(px + pw, gy)
      .lineWidth(0.3)
      .strokeColor(v === 0 ? '#9ca3af' : '#e5e7eb')
      .stroke();
    doc.fillColor(MUTED).text(v >= 10000 ? `${Math.round(v / 1000)}k` : String(Math.round(v * 100) / 100), x + 2, gy - 3.5, { width: 28, align: 'right', lineBreak: false });
  }
  const slot = pw / months.length;
  months.forEach((mk, i) => {
    doc.fillColor(MUTED).text(shortMonth(mk), px + i * slot, py + ph + 4, { width: slot, align: 'center', lineBreak: false });
  });
  return { px, py, pw, ph, top, slot };
}

export function barChart(doc: PDFKit.PDFDocument, x: number, y: number, w: number, h: number, title: string, months: string[], series: Series[]) {
  const f = chartFrame(doc, x, y, w, h, title, months, series);
  const groupW = f.slot * 0.7;
  const bw = groupW / series.length;
  series.forEach((s, si) => {
    s.values.forEach((v, i) => {
      if (!(v > 0)) return;
      const bh = (v / f.top) * f.ph;
      doc.rect(f.px + i * f.slot + (f.slot - groupW) / 2 + si * bw, f.py + f.ph - bh, bw - 0.8, bh).fill(s.color);
    });
  });
}

export function lineChart(doc: PDFKit.PDFDocument, x: number, y: number, w: number, h: number, title: string, months: string[], series: Series[]) {
  const f = chartFrame(doc, x, y, w, h, title, months, series);
  for (const s of series) {
    const pts = s.values.map((v, i) => [f.px + i * f.slot + f.slot / 2, f.py + f.ph - (v / f.top) * f.ph] as const);
    pts.forEach(([px, py], i) => (i ? doc.lineTo(px, py) : doc.moveTo(px, py)));
    doc.lineWidth(1.3).strokeColor(s.color).stroke();
    for (const [px, py] of pts) doc.circle(px, py, 1.8).fill(s.color);
  }
}
