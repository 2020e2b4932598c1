import ExcelJS from 'exceljs';
import { textCell } from '../../platform/spreadsheet.js';
import { chinaTime, type AuditDescription } from './audit.describe.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One exported record: the stored facts and their reading (the same sentence the audit page shows). */
export interface AuditExportRow {
  id: number;
  at: string;
  action: string;
  hash: string;
  caseNo: string | null;
  /** The record has a before (a change): every field reads before → after, an empty before too. */
  isChange: boolean;
  d: AuditDescription;
}

/**
 * The filtered records as the discipline inspector files them: one row per record, newest first, with the
 * sentence, each field's before → after, and the record's number and hash (to find it in the chain again);
 * a second sheet says what was filtered, who exported it and when.
 */
export async function auditWorkbook(rows: readonly AuditExportRow[], meta: { filter: string; by: string; at: string; total: number }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '无违建';
  const ws = wb.addWorksheet('审计记录', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '序号', key: 'id', width: 9 },
    { header: '时间', key: 'at', width: 17 },
    { header: '操作人', key: 'actor', width: 22 },
    { header: '操作', key: 'action', width: 16 },
    { header: '对象类型', key: 'entity', width: 10 },
    { header: '对象', key: 'object', width: 30 },
    { header: '案件编号', key: 'caseNo', width: 16 },
    { header: '记录', key: 'sentence', width: 60 },
    { header: '变更明细', key: 'changes', width: 60 },
    { header: '操作代码', key: 'code', width: 22 },
    { header: '哈希', key: 'hash', width: 20 },
  ];
  ws.getRow(1).eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
  });
  for (const r of rows) {
    const changes = r.d.changes.map((c) => (r.isChange ? `${c.label}:${c.before ?? '空'} → ${c.after ?? '空'}` : `${c.label}:${c.after ?? '空'}`));
    const row = ws.addRow({
      id: r.id,
      at: chinaTime(r.at),
      actor: textCell(r.d.actorLabel),
      action: textCell(r.d.actionLabel),
      entity: textCell(r.d.entityLabel),
      object: textCell(r.d.objectLabel),
      caseNo: textCell(r.caseNo),
      sentence: textCell(r.d.sentence),
      changes: textCell(changes.join('\n')),
      code: textCell(r.action),
      hash: r.hash,
    });
    row.getCell('sentence').alignment = { wrapText: true, vertical: 'top' };
    row.getCell('changes').alignment = { wrapText: true, vertical: 'top' };
  }
  const info = wb.addWorksheet('导出说明');
  info.columns = [
    { header: '项目', key: 'k', width: 14 },
    { header: '内容', key: 'v', width: 80 },
  ];
  info.addRow({ k: '筛选条件', v: textCell(meta.filter || '全部') });
  info.addRow({ k: '记录条数', v: meta.total });
  info.addRow({ k: '导出人', v: textCell(meta.by) });
  info.addRow({ k: '导出时间', v: chinaTime(meta.at) });
  info.addRow({ k: '说明', v: '时间为北京时间;哈希可在审计记录页与审计链校验结果对照;身份证号、电话在审计记录中已脱敏。' });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
