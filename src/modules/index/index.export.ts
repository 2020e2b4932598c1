import ExcelJS from 'exceljs';
import { textCell } from '../../platform/spreadsheet.js';
import { COLOR_LABELS, type Color, type IndexDefinition, type Level } from './index.definition.js';
import type { IndicatorStatus, UnitResult } from './index.engine.js';

/**
 * A run as the assessment office files it (考核用表): one sheet per level with the ranking, dimension
 * scores and every indicator as columns (raw value and score), and a sheet explaining the indicators.
 * Headers in zh-CN.
 */
export interface ExportInput {
  period: string;
  definitionVersion: number;
  definition: IndexDefinition;
  finishedAt: string | null;
  seed: number;
  previousPeriod: string | null;
  indicatorStatus: Record<Level, Map<string, IndicatorStatus>>;
  towns: UnitResult[];
  villages: UnitResult[];
  townNames: Map<string, string>;
}

const FILL: Record<Color, string> = { green: 'FF2F9E44', blue: 'FF1C7ED6', yellow: 'FFF2C500', orange: 'FFF76707', red: 'FFE03131' };
const STATUS_LABEL: Record<IndicatorStatus, string> = {
  included: '参与计算',
  no_source: '暂无数据来源',
  no_data_in_period: '本期无数据',
  not_applicable: '不适用',
  no_data: '全部单位无数据',
};
const MISSING_LABEL = { zero_denominator: '分母为零', missing_measure: '数据缺失' } as const;

function chinaTime(iso: string | null) {
  if (!iso) return '';
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export async function exportRunXlsx(x: ExportInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '无违建 Wuweijian';
  wb.created = x.finishedAt ? new Date(x.finishedAt) : new Date(0);
  const def = x.definition;
  const dims = def.dimensions;
  const inds = def.indicators;
  const border = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };

  for (const level of ['town', 'village'] as const) {
    const rows = level === 'town' ? x.towns : x.villages;
    const ws = wb.addWorksheet(level === 'town' ? '镇(街道)' : '村(社区)', { views: [{ state: 'frozen', xSplit: level === 'town' ? 2 : 3, ySplit: 4 }] });
    const fixed =
      level === 'town'
        ? ['排名', '镇(街道)', '区划代码', '总分', '颜色', '较上期分数', '较上期名次', '排名区间(P5–P95)']
        : ['排名', '村(社区)', '所属镇(街道)', '镇内排名', '区划代码', '总分', '颜色', '较上期分数', '较上期名次', '排名区间(P5–P95)'];
    const dimCols = dims.map((d) => `${d.name.zh}得分`);
    const nCols = fixed.length + dimCols.length + inds.length * 2 + 2;
    ws.mergeCells(1, 1, 1, nCols);
    ws.getCell(1, 1).value = `平湖市无违建治理指数 ${x.period} 期 ${level === 'town' ? '镇(街道)' : '村(社区)'}排名`;
    ws.getCell(1, 1).font = { bold: true, size: 14 };
    ws.mergeCells(2, 1, 2, nCols);
    ws.getCell(2, 1).value =
      `指标体系:${def.label}(第 ${x.definitionVersion} 版);计算完成:${chinaTime(x.finishedAt)};` +
      `五色:绿 ≥ ${def.grading.bands.green},蓝 ${def.grading.bands.blue}–${def.grading.bands.green},黄 ${def.grading.bands.yellow}–${def.grading.bands.blue},` +
      `橙 ${def.grading.bands.orange}–${def.grading.bands.yellow},红 < ${def.grading.bands.orange}(触发红线的封顶);排名区间为权重 ±${Math.round(def.method.monteCarlo.weightSpread * 100)}% 随机抽样的第 5–95 百分位(种子 ${x.seed})` +
      (x.previousPeriod ? `;较上期指较 ${x.previousPeriod} 期` : '');
    ws.getCell(2, 1).font = { size: 9, color: { argb: 'FF666666' } };
    // two header rows: groups (indicator names over their two columns) and the column names
    const h3 = ws.getRow(3);
    const h4 = ws.getRow(4);
    let c = 1;
    for (const f of [...fixed, ...dimCols]) {
      ws.mergeCells(3, c, 4, c);
      h3.getCell(c).value = f;
      c++;
    }
    for (const ind of inds) {
      ws.mergeCells(3, c, 3, c + 1);
      const st = x.indicatorStatus[level].get(ind.id) ?? 'included';
      h3.getCell(c).value = `${ind.id} ${ind.name.zh}${st === 'included' ? '' : `(${STATUS_LABEL[st]})`}`;
      h4.getCell(c).value = `原始值(${ind.unit})`;
      h4.getCell(c + 1).value = '标准分';
      c += 2;
    }
    ws.mergeCells(3, c, 4, c);
    h3.getCell(c).value = '红线';
    ws.mergeCells(3, c + 1, 4, c + 1);
    h3.getCell(c + 1).value = '数据说明';
    for (const r of [h3, h4]) {
      r.font = { bold: true };
      r.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
      for (let k = 1; k <= nCols; k++) {
        r.getCell(k).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F4F7' } };
        r.getCell(k).border = { top: border, bottom: border, left: border, right: border };
      }
    }
    h3.height = 36;

    for (const u of rows) {
      const change = u.change;
      const head =
        level === 'town'
          ? [u.rank, u.name, u.divisionCode, u.score, COLOR_LABELS[u.color], change?.score ?? null, change?.rank ?? null]
          : [u.rank, u.name, x.townNames.get(u.parentCode ?? '') ?? '', u.rankInTown, u.divisionCode, u.score, COLOR_LABELS[u.color], change?.score ?? null, change?.rank ?? null];
      const interval = u.rankInterval ? (u.rankInterval.p5 === u.rankInterval.p95 ? String(u.rankInterval.p5) : `${u.rankInterval.p5}–${u.rankInterval.p95}`) : '';
      const values: (string | number | null)[] = [...head, interval, ...u.dimensions.map((d) => d.score)];
      for (const ind of inds) {
        const r = u.indicators.find((i) => i.id === ind.id);
        values.push(r?.raw ?? (r?.imputed !== null && r?.imputed !== undefined ? r.imputed : null), r?.normalised ?? null);
      }
      values.push(u.redLines.map((l) => `${l.id} 封顶${COLOR_LABELS[l.cap]}`).join(';'));
      values.push(
        u.indicators
          .filter((i) => i.missing)
          .map((i) => `${i.id} ${MISSING_LABEL[i.missing!]}${i.imputed !== null ? `,按中位数 ${Math.round(i.imputed * 100) / 100} 填补` : ',不计分'}`)
          .join(';'),
      );
      const row = ws.addRow(values.map((v) => (typeof v === 'string' ? textCell(v) : v)));
      const colorCol = level === 'town' ? 5 : 7;
      row.getCell(colorCol).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[u.color] } };
      row.getCell(colorCol).font = { color: { argb: u.color === 'yellow' ? 'FF000000' : 'FFFFFFFF' }, bold: true };
      for (let k = 1; k <= nCols; k++) {
        const cell = row.getCell(k);
        cell.border = { top: border, bottom: border, left: border, right: border };
        if (typeof cell.value === 'number' && k > fixed.length - 3) cell.numFmt = '0.00';
      }
    }
    ws.columns.forEach((col, i) => {
      col.width = i < fixed.length ? (i === 1 || i === 2 ? 14 : 10) : 11;
    });
  }

  const ws = wb.addWorksheet('指标说明');
  ws.addRow(['编号', '指标', '维度', '公式', '单位', '方向', '阈值(下限–上限)', '权重', '镇级本期', '村级本期', '含义与依据']).font = { bold: true };
  for (const ind of inds) {
    const cells: (string | number)[] = [
      ind.id,
      ind.name.zh,
      dims.find((d) => d.id === ind.dimension)?.name.zh ?? ind.dimension,
      ind.formula,
      ind.unit,
      ind.direction === 'higher' ? '越高越好' : '越低越好',
      `${ind.goalposts.lower}–${ind.goalposts.upper}`,
      ind.weight,
      STATUS_LABEL[x.indicatorStatus.town.get(ind.id) ?? 'included'],
      STATUS_LABEL[x.indicatorStatus.village.get(ind.id) ?? 'included'],
      ind.meaning,
    ];
    // the definition's words are an editor's text: one that begins like a formula stays text
    ws.addRow(cells.map((v) => (typeof v === 'string' ? textCell(v) : v)));
  }
  ws.columns.forEach((col, i) => (col.width = [6, 18, 10, 36, 12, 9, 14, 6, 12, 12, 80][i]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
