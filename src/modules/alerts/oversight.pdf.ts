import PDFDocument from 'pdfkit';
import { toBuffer, type CjkFonts } from '../documents/document.pdf.js';
import { barChart, table, type Column } from '../reports/report.pdf.js';
import { ALERT_RULE_LABELS } from '../../../shared/alerts.js';
import type { MonthCounts } from './oversight.model.js';

const M = 44;
const INK = '#1f2937';
const MUTED = '#6b7280';
const RED = '#c0262d';

/** What the monthly supervision report shows (oversight.service monthly). */
export interface SupervisionReportContent {
  month: string;
  monthLabel: string;
  division: { code: string; name: string; level: 'city' | 'town' };
  generatedAt: Date;
  totals: MonthCounts;
  previous: MonthCounts | null;
  byRule: ({ rule: string } & MonthCounts)[];
  byTown: ({ code: string; name: string } & MonthCounts)[];
  trend: { months: string[]; raised: number[]; dismissed: number[]; confirmed: number[]; referred: number[] };
}

const signed = (v: number) => (v > 0 ? `较上月 +${v}` : v < 0 ? `较上月 −${-v}` : '与上月持平');

/**
 * The monthly supervision report (公权力监督月报) for the discipline inspection commission as an A4 PDF: the month's
 * figures, the twelve-month trend, the alerts by rule and by town. Drawn with the monthly report's table and chart
 * (reports/report.pdf.ts) and the same fonts.
 */
export function renderSupervisionReport(fonts: CjkFonts, r: SupervisionReportContent): Promise<Buffer> {
  const title = `${r.division.name}公权力监督月报`;
  const doc = new PDFDocument({ size: 'A4', margins: { top: M, bottom: M, left: M, right: M }, info: { Title: `${title}(${r.monthLabel})`, Producer: 'Wuweijian 无违建' } });
  doc.registerFont('bold', fonts.bold.file, fonts.bold.postscriptName);
  doc.registerFont('sans', fonts.sans.file, fonts.sans.postscriptName);
  const W = doc.page.width - 2 * M;
  const bottom = () => doc.page.height - M - 14;
  const heading = (text: string, next = 60) => {
    if (doc.y + 24 + next > bottom()) doc.addPage();
    doc.font('bold').fontSize(12.5).fillColor(INK).text(text, M, doc.y, { width: W });
    doc.moveDown(0.3);
  };

  doc.font('bold').fontSize(19).fillColor(RED).text(title, M, M, { width: W, align: 'center' });
  doc.moveDown(0.15).font('bold').fontSize(13).fillColor(INK).text(r.monthLabel, { width: W, align: 'center' });
  const at = new Date(r.generatedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  doc
    .moveDown(0.2)
    .font('sans')
    .fontSize(8.5)
    .fillColor(MUTED)
    .text(`报送:市纪委监委。统计口径:本月生成的预警,以及本月排除、确认、移送的预警;“待处理”为月末仍在待处理或核查中的预警。生成时间 ${at}(北京时间)`, {
      width: W,
      align: 'center',
    });
  const y = doc.y + 5;
  doc
    .moveTo(M, y)
    .lineTo(M + W, y)
    .lineWidth(1.4)
    .strokeColor(RED)
    .stroke();
  doc.y = y + 10;

  heading('一、本月概况');
  const t = r.totals;
  const p = r.previous;
  const tiles: [string, number, string][] = [
    ['新生成预警', t.raised, p ? signed(t.raised - p.raised) : ''],
    ['确认问题', t.confirmed, p ? signed(t.confirmed - p.confirmed) : ''],
    ['移送纪委监委', t.referred, p ? signed(t.referred - p.referred) : ''],
    ['排除', t.dismissed, p ? signed(t.dismissed - p.dismissed) : ''],
    ['月末待处理', t.waiting, '含核查中'],
  ];
  const tw = W / tiles.length;
  const ty = doc.y;
  tiles.forEach(([label, value, sub], i) => {
    const x = M + i * tw;
    doc
      .roundedRect(x + 2, ty, tw - 4, 50, 3)
      .lineWidth(0.6)
      .strokeColor('#d1d5db')
      .stroke();
    doc
      .font('sans')
      .fontSize(8)
      .fillColor(MUTED)
      .text(label, x + 8, ty + 6, { width: tw - 16, lineBreak: false });
    doc
      .font('bold')
      .fontSize(17)
      .fillColor(i === 2 && value > 0 ? RED : INK)
      .text(String(value), x + 8, ty + 17, { width: tw - 16, lineBreak: false });
    doc
      .font('sans')
      .fontSize(7)
      .fillColor(MUTED)
      .text(sub, x + 8, ty + 38, { width: tw - 16, lineBreak: false });
  });
  doc.y = ty + 62;
  const summary =
    `本月共生成预警 ${t.raised} 条,确认问题 ${t.confirmed} 条,移送纪委监委 ${t.referred} 条,排除 ${t.dismissed} 条;月末仍有 ${t.waiting} 条待处理或核查中。` +
    (r.byRule.some((x) => x.raised > 0)
      ? `预警最多的规则:${[...r.byRule]
          .filter((x) => x.raised > 0)
          .sort((a, b) => b.raised - a.raised)
          .slice(0, 3)
          .map((x) => `${ALERT_RULE_LABELS[x.rule as keyof typeof ALERT_RULE_LABELS] ?? x.rule} ${x.raised} 条`)
          .join('、')}。`
      : '');
  doc.font('sans').fontSize(9.5).fillColor(INK).text(summary, M, doc.y, { width: W, lineGap: 2 });
  doc.moveDown(0.8);

  heading('二、近十二个月趋势', 160);
  const cy = doc.y;
  barChart(doc, M, cy, W, 150, '预警生成与处理(条)', r.trend.months, [
    { name: '生成', color: '#1456c8', values: r.trend.raised },
    { name: '确认', color: '#f76707', values: r.trend.confirmed },
    { name: '移送', color: RED, values: r.trend.referred },
    { name: '排除', color: '#9ca3af', values: r.trend.dismissed },
  ]);
  doc.y = cy + 162;

  const cols = (first: string, firstW: number): Column[] => [
    { head: first, width: firstW, align: 'left' },
    ...['生成', '确认', '移送', '排除', '月末待处理'].map((h) => ({ head: h, width: (W - firstW) / 5, align: 'right' as const })),
  ];
  const cells = (x: MonthCounts) => [x.raised, x.confirmed, x.referred, x.dismissed, x.waiting].map(String);
  const box = { x: M, width: W, rowH: 15, bottom };

  const byRule = table(
    doc,
    box,
    cols('预警规则', 170),
    r.byRule.map((x) => [ALERT_RULE_LABELS[x.rule as keyof typeof ALERT_RULE_LABELS] ?? x.rule, ...cells(x)]),
  );
  heading('三、按预警规则', byRule.start);
  byRule.draw();
  doc.moveDown(0.8);

  const towns = table(doc, box, cols(r.division.level === 'city' ? '镇(街道)' : '区划', 170), [...r.byTown.map((x) => [x.name, ...cells(x)]), ['合计', ...cells(r.totals)]], {
    bold: (i) => i === r.byTown.length,
  });
  heading('四、按镇(街道)', towns.start);
  towns.draw();
  doc.moveDown(1);
  doc.font('sans').fontSize(8).fillColor(MUTED).text('每条预警的证据、核查经过和移送单见“监督预警”;关于阅读者本人的预警不计入本报告。', M, doc.y, { width: W });
  return toBuffer(doc);
}
