import ExcelJS from 'exceljs';
import { badRequest } from '../../platform/errors.js';
import { fromTextCell, textCell } from '../../platform/spreadsheet.js';
import { COLUMNS, matchHeaders, type Cell } from './imports.columns.js';

/** The most data rows one ledger may hold (a town's census is a few thousand). */
export const MAX_ROWS = 20_000;
/** The largest file accepted (20,000 full rows are about 2 MB). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const SHEET_NAME = '存量普查台账';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The most a ledger may unpack to (20,000 full rows are about 30 MB of sheet XML). */
export const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

/** An .xlsx file is a zip archive: it starts with a local file header. */
export function looksLikeXlsx(buf: Buffer): boolean {
  return buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
}

/**
 * The unpacked size the zip's central directory declares, or null when there is no readable directory.
 * Checked before the workbook is unpacked in memory, so a small file that inflates to gigabytes (a zip
 * bomb) is refused instead of taking the server down. ZIP64 entries count as too large.
 */
export function declaredUnpackedSize(buf: Buffer): number | null {
  // the end-of-central-directory record: within the last 22 + 65,535 (comment) bytes
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
    const size = buf.readUInt32LE(p + 24);
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += size;
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return total;
}

/** What a cell holds, flattened: rich text to its text, a formula to its result, a hyperlink to its text, a text cell we guarded (`'=…`) to its text. */
export function flatten(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return fromTextCell(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const o = v as unknown as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
  if ('formula' in o || 'sharedFormula' in o) return flatten((o.result ?? null) as ExcelJS.CellValue);
  if ('hyperlink' in o) return String(o.text ?? '');
  if ('error' in o) return null;
  return String(v);
}

export interface Ledger {
  sheetName: string;
  columns: Map<string, number>;
  unknownHeaders: string[];
  /** Data rows that hold anything, with their Excel row number (the header is row 1). */
  rows: { rowNo: number; cells: Map<string, Cell> }[];
}

/**
 * Reads a ledger and checks its shape: a readable workbook, a header row with 经度 and 纬度, at least one and
 * at most MAX_ROWS data rows. The sheet named 存量普查台账 is read, else the first one.
 */
export async function readLedger(buf: Buffer): Promise<Ledger> {
  if (!looksLikeXlsx(buf)) throw badRequest('import.bad_file', '文件不是 Excel 工作簿(.xlsx),请使用下载的模板填写后上传');
  const unpacked = declaredUnpackedSize(buf);
  if (unpacked === null) throw badRequest('import.bad_file', '无法读取该 Excel 文件(文件损坏或不是 .xlsx 格式)');
  if (unpacked > MAX_UNPACKED_BYTES) throw badRequest('import.bad_file', '文件解压后过大,不像是普查台账,请拆分后分批上传', { unpackedBytes: unpacked });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw badRequest('import.bad_file', '无法读取该 Excel 文件(文件损坏或不是 .xlsx 格式)');
  }
  const ws = wb.getWorksheet(SHEET_NAME) ?? wb.worksheets[0];
  if (!ws) throw badRequest('import.bad_file', 'Excel 文件中没有工作表');
  const headerRow = ws.getRow(1);
  const headers: (string | null)[] = [];
  for (let i = 1; i <= Math.max(headerRow.cellCount, ws.actualColumnCount); i++) {
    const v = flatten(headerRow.getCell(i).value);
    headers.push(v === null ? null : String(v));
  }
  const { columns, unknown, missing, duplicate } = matchHeaders(headers);
  if (missing.length) throw badRequest('import.missing_columns', `表头缺少必填列:${missing.join('、')}(第 1 行须为表头,请使用下载的模板)`, { missing });
  if (duplicate.length) throw badRequest('import.duplicate_columns', `表头有重复的列:${duplicate.join('、')}`, { duplicate });
  if (ws.rowCount - 1 > MAX_ROWS * 2) throw badRequest('import.too_many_rows', `一次最多导入 ${MAX_ROWS} 行,请拆分后分批上传`, { max: MAX_ROWS });
  const rows: Ledger['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
    if (rowNo === 1) return;
    const cells = new Map<string, Cell>();
    let any = false;
    for (const [key, col] of columns) {
      const v = flatten(row.getCell(col).value);
      if (v !== null && String(v).trim() !== '') any = true;
      cells.set(key, v);
    }
    if (any) rows.push({ rowNo, cells });
  });
  if (rows.length === 0) throw badRequest('import.empty', '表格中没有数据行(第 1 行为表头,数据从第 2 行开始)');
  if (rows.length > MAX_ROWS)
    throw badRequest('import.too_many_rows', `一次最多导入 ${MAX_ROWS} 行(本文件 ${rows.length} 行),请拆分后分批上传`, { max: MAX_ROWS, rows: rows.length });
  return { sheetName: ws.name, columns, unknownHeaders: unknown, rows };
}

const headerStyle = (cell: ExcelJS.Cell, required: boolean) => {
  cell.font = { bold: true, color: { argb: required ? 'FFC00000' : 'FF1F1F1F' } };
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  cell.border = { bottom: { style: 'thin', color: { argb: 'FF8CA5D0' } } };
};

/** The template: the ledger sheet (headers, drop-downs for coded columns) and a sheet that explains each column. */
export async function templateWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '无违建';
  const ws = wb.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).height = 22;
  COLUMNS.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    headerStyle(cell, !!c.required);
    if (c.help) cell.note = c.help;
    const letter = ws.getColumn(i + 1).letter;
    const range = `${letter}2:${letter}${MAX_ROWS + 1}`;
    // drop-downs for the coded columns and 是/否; a value typed in anyway is checked on import
    const list = c.kind === 'enum' ? Object.values(c.values!) : c.kind === 'bool' ? ['是', '否'] : null;
    if (list) (ws as any).dataValidations.add(range, { type: 'list', allowBlank: true, showErrorMessage: true, errorStyle: 'warning', formulae: [`"${list.join(',')}"`] });
    if (c.kind === 'date') ws.getColumn(i + 1).numFmt = 'yyyy-mm-dd';
    // text columns stay text: an 18-digit ID number typed into a number cell loses its last digits
    if (c.kind === 'text') ws.getColumn(i + 1).numFmt = '@';
  });

  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', key: 'header', width: 18 },
    { header: '必填', key: 'required', width: 8 },
    { header: '说明', key: 'help', width: 60 },
    { header: '可选值', key: 'values', width: 60 },
  ];
  help.getRow(1).eachCell((cell) => headerStyle(cell, false));
  for (const c of COLUMNS) {
    help.addRow({
      header: c.header,
      required: c.required ? '是' : '',
      help: c.help,
      values:
        c.kind === 'enum'
          ? Object.values(c.values!).join('、')
          : c.kind === 'bool'
            ? '是、否'
            : c.kind === 'date'
              ? '日期,如 2024-05-20'
              : c.kind === 'integer'
                ? '整数'
                : c.kind === 'number'
                  ? '数字'
                  : '',
    });
  }
  help.addRow({});
  for (const line of [
    '1. 每行一处存量违建;第 1 行为表头,不要修改列名(列的顺序可以调整,不需要的选填列可以删除)。',
    '2. 所在镇街、村(社区)由经纬度自动确定,坐标须在本市范围内;镇街专员只能导入本镇街范围内的案件。',
    '3. 导入的案件来源为"普查导入"、性质为"存量",直接为"已立案"状态。',
    `4. 一次最多 ${MAX_ROWS} 行。有问题的行不会导入,导入结束后可下载"错误行"表格,修改后重新上传。`,
    '5. 外部编号(普查台账编号)用于防止重复导入:已导入过的编号会被拒绝。',
  ]) {
    const r = help.addRow({ header: line });
    help.mergeCells(`A${r.number}:D${r.number}`);
  }
  help.getColumn('help').alignment = { wrapText: true, vertical: 'top' };
  help.getColumn('values').alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The rejected rows as a ledger again (same columns, values as read), with their row number and reasons in front. */
export async function errorsWorkbook(rows: { rowNo: number; reasons: string; raw: Record<string, string> }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '无违建';
  const ws = wb.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  // 原行号 and 错误原因 are not template columns: the fixed file can be uploaded again as it is
  ws.columns = [
    { header: '原行号', key: '_row', width: 8 },
    { header: '错误原因', key: '_reasons', width: 50 },
    ...COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width })),
  ];
  ws.getRow(1).eachCell((cell, col) => headerStyle(cell, col <= 2 || !!COLUMNS[col - 3]?.required));
  for (const r of rows) {
    // the values as read: one that looks like a formula stays text (CSV/formula injection)
    const row = ws.addRow({ _row: r.rowNo, _reasons: r.reasons, ...Object.fromEntries(Object.entries(r.raw).map(([k, v]) => [k, typeof v === 'string' ? textCell(v) : v])) });
    row.getCell(2).font = { color: { argb: 'FFC00000' } };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
