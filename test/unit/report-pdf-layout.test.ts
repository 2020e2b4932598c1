import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cjkFonts } from '../../src/platform/fonts.js';
import { FIGURE_KEYS, type MonthFigures } from '../../src/modules/reports/report.model.js';
import { renderMonthlyReport } from '../../src/modules/reports/report.pdf.js';
import type { MonthlyReportView } from '../../src/modules/reports/reports.schemas.js';

/**
 * The monthly report's layout (issue 19): text wraps instead of being cut short, and no page holds only
 * a heading at its foot or the last few rows of a table. A town's report is drawn for every number of
 * villages from 4 to 30 and read back page by page with Poppler's pdftotext.
 */

const fonts = cjkFonts()!;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-report-layout-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

const figures = (o: Partial<MonthFigures> = {}): MonthFigures => ({ ...(Object.fromEntries(FIGURE_KEYS.map((k) => [k, 0])) as unknown as MonthFigures), ...o });
const LONG_VILLAGE = '鱼圻塘村经济合作社第二网格片区';

function townReport(villages: number): MonthlyReportView {
  const kase = (i: number) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    caseNo: `PH-2026-${String(900 + i).padStart(6, '0')}`,
    town: '新埭镇',
    village: i === 0 ? LONG_VILLAGE : '旧埭村',
    status: 'rectifying',
    statusLabel: '整改中',
    origin: 'new' as const,
    disposalClass: 'remedy',
    disposalLabel: '整改补办',
    areaM2: 1520.2 - i,
    foundAt: '2025-12-17T06:04:49.329Z',
    deadlineAt: '2026-04-29T15:59:59.000Z',
    daysOverdue: 400 - i,
  });
  const top10 = Array.from({ length: 10 }, (_, i) => kase(i));
  return {
    month: '2026-11',
    monthLabel: '2026年11月',
    periodStart: '2026-10-31T16:00:00.000Z',
    periodEnd: '2026-11-30T16:00:00.000Z',
    asOf: '2026-11-30T16:00:00.000Z',
    asOfLabel: '截至2026年11月30日24时',
    partial: false,
    generatedAt: '2026-12-07T00:13:45.439Z',
    division: { code: '330482102', name: '新埭镇', shortName: '新埭镇', level: 'town' },
    // figures as wide as a county's: the line under a tile is longer than the tile
    totals: figures({ stockCount: 1655, stockOpenCount: 250, stockOpenAreaM2: 1234567.8, openCount: 952, openAreaM2: 2894321.7, newCount: 120, newAreaM2: 33641 }),
    previous: figures({ openCount: 903, newCount: 119 }),
    trend: Array.from({ length: 12 }, (_, i) => ({
      ...figures({ newCount: 10 + i, closings: 20 - i, openCount: 900 + i, overdue: 600 + i }),
      month: `2026-${String(i + 1).padStart(2, '0')}`,
    })),
    index: { available: false, message: '2026年11月尚无已完成的无违建治理指数计算', pending: false },
    breakdownLevel: 'village',
    breakdown: Array.from({ length: villages }, (_, i) => ({
      ...figures({ newCount: i % 5, reports: i % 7, openCount: 10 + i, stockOpenCount: i, overdue: i % 9 }),
      code: `330482102${String(200 + i)}`,
      name: i === 0 ? LONG_VILLAGE : `第${i}村`,
    })),
    top: {
      newVillages: [{ code: '330482102219', name: '旧埭村', town: '新埭镇', count: 5, newAreaM2: 2569.5, openCount: 29 }],
      overdueVillages: [{ code: '330482102219', name: '旧埭村', town: '新埭镇', count: 22, newAreaM2: 2569.5, openCount: 29 }],
      redLine: { cases: top10.slice(0, 5), units: [] },
      biggestOpen: top10,
      longestOverdue: top10,
    },
  } as unknown as MonthlyReportView;
}

/** Each page's lines as pdftotext reads them (in reading order, or with `-layout` as laid out), the page number footer left out. */
function pages(pdf: Buffer, layout = true): string[][] {
  const f = path.join(dir, `r-${Math.random().toString(16).slice(2)}.pdf`);
  fs.writeFileSync(f, pdf);
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), f, '-'], { encoding: 'utf8' })
    .split('\f')
    .filter((p) => p.trim())
    .map((p) =>
      p
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !/第 \d+ 页 \/ 共 \d+ 页/.test(l)),
    );
}

const HEADING = /^(一|二|三|四|五)、|^(面积最大的在册未销号违建|逾期最久的案件):$/;
/** A table row: a case (PH-…) or a village of the breakdown, or its 合计. */
const ROW = /^(PH-\d{4}-\d{6}|第\d+村|合计|鱼圻塘村)/;

test('the line under a figure wraps instead of ending in "…"; a long village name is printed whole', async () => {
  const lines = pages(await renderMonthlyReport(fonts, townReport(8)), false).flat();
  assert.ok(!lines.some((l) => l.includes('…')), 'nothing is cut short with an ellipsis');
  // the tile's line breaks between its phrases: each one whole on a line of its own
  assert.ok(lines.includes('存量共 1,655 处'), 'the stock count under 存量未清零 is whole');
  assert.ok(lines.includes('面积 1,234,567.8 m²'), 'and the area before it');
  assert.ok(
    lines.some((l) => l.startsWith('面积 2,894,321.7 m²')),
    'the open area under 在册未销号',
  );
  assert.ok(lines.join('').includes(LONG_VILLAGE), 'the long village name, over two lines of its cell');
});

test('no page ends with a heading or holds only the last few rows of a table, for 4 to 30 villages', async () => {
  for (let n = 4; n <= 30; n++) {
    const ps = pages(await renderMonthlyReport(fonts, townReport(n)));
    ps.forEach((lines, i) => {
      assert.ok(!HEADING.test(lines[lines.length - 1]), `${n} villages: page ${i + 1} ends with the heading "${lines[lines.length - 1]}"`);
      const rows = lines.filter((l) => ROW.test(l)).length;
      if (i > 0 && !HEADING.test(lines[0])) assert.ok(rows >= 4, `${n} villages: page ${i + 1} continues a table with ${rows} row(s) only: ${lines.join(' | ')}`);
    });
    const last = ps[ps.length - 1];
    assert.ok(ps.length === 1 || last.length >= 6, `${n} villages: the last of ${ps.length} pages holds ${last.length} lines: ${last.join(' | ')}`);
  }
});
