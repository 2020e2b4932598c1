import ExcelJS from 'exceljs';
import { badRequest } from '../../platform/errors.js';
import { cellText, type Cell } from '../imports/imports.columns.js';
import { declaredUnpackedSize, flatten, looksLikeXlsx, MAX_UNPACKED_BYTES } from '../imports/imports.xlsx.js';
import { decodeText, parseCsv } from '../setup/division.csv.js';

/**
 * Another system's point list as a table: an .xlsx workbook (the census import's zip checks and cell
 * reading) or a CSV in UTF-8 or GBK (the division table's decoder and CSV parser). What such lists look like:
 * a title row merged across the sheet above the headers, headers in two rows under merged group cells
 * (坐标 over 经度 | 纬度), blank rows between blocks. The headers come out as one row of unique names.
 */

export const MAX_POINT_ROWS = 20_000;
export const MAX_POINT_FILE_BYTES = 10 * 1024 * 1024;

interface PointTable {
  format: 'xlsx' | 'csv';
  encoding: 'utf-8' | 'gbk' | null;
  sheetName: string | null;
  /** The headers in the file's order (unique; an empty header is 列N). */
  headers: string[];
  /** Data rows holding anything, with the file's row (or line) number. */
  rows: { rowNo: number; cells: Record<string, Cell> }[];
}

const blank = (v: Cell) => v === null || cellText(v) === '';

/**
 * The header names from one or two header rows: a group cell merged over several columns (坐标) above
 * its sub-headers (经度 | 纬度) gives the sub-header, or 坐标-经度 when the sub-header alone repeats; a cell
 * merged down both rows (点位编号) gives itself once.
 */
export function headerNames(top: Cell[], sub: Cell[] | null): string[] {
  const width = Math.max(top.length, sub?.length ?? 0);
  const names: string[] = [];
  for (let i = 0; i < width; i++) {
    const a = cellText(top[i] ?? null).replace(/\s+/g, '');
    const b = sub ? cellText(sub[i] ?? null).replace(/\s+/g, '') : '';
    names.push(!b || a === b ? a : b);
  }
  const seen = new Map<string, number>();
  for (const n of names) seen.set(n, (seen.get(n) ?? 0) + 1);
  return names.map((n, i) => {
    const a = cellText(top[i] ?? null).replace(/\s+/g, '');
    if (n && (seen.get(n) ?? 0) > 1 && a && a !== n) return `${a}-${n}`;
    return n || `列${i + 1}`;
  });
}

function uniqueHeaders(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((n) => {
    let name = n;
    for (let k = 2; used.has(name); k++) name = `${n}(${k})`;
    used.add(name);
    return name;
  });
}

function tooMany(n: number) {
  if (n > MAX_POINT_ROWS) throw badRequest('external.too_many_rows', `一次最多导入 ${MAX_POINT_ROWS} 个点位(本文件 ${n} 行),请拆分后分批导入`, { max: MAX_POINT_ROWS, rows: n });
}

async function readXlsx(buf: Buffer): Promise<PointTable> {
  const unpacked = declaredUnpackedSize(buf);
  if (unpacked === null) throw badRequest('external.bad_file', '无法读取该 Excel 文件(文件损坏或不是 .xlsx 格式)');
  if (unpacked > MAX_UNPACKED_BYTES) throw badRequest('external.bad_file', '文件解压后过大,请拆分后分批导入', { unpackedBytes: unpacked });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw badRequest('external.bad_file', '无法读取该 Excel 文件(文件损坏或不是 .xlsx 格式)');
  }
  const ws = wb.worksheets.find((w) => w.actualRowCount > 0) ?? wb.worksheets[0];
  if (!ws) throw badRequest('external.bad_file', 'Excel 文件中没有工作表');
  const width = ws.actualColumnCount || ws.columnCount;
  const rowCells = (r: ExcelJS.Row): Cell[] => Array.from({ length: width }, (_, i) => flatten(r.getCell(i + 1).value));
  const merged = (r: ExcelJS.Row) => Array.from({ length: width }, (_, i) => r.getCell(i + 1).isMerged).some(Boolean);
  // the first rows holding anything: a title merged over the whole width (one distinct value) is skipped
  let headerNo = 0;
  for (let n = 1; n <= Math.min(ws.rowCount, 20); n++) {
    const cells = rowCells(ws.getRow(n));
    const values = new Set(cells.filter((c) => !blank(c)).map((c) => cellText(c)));
    if (values.size === 0) continue;
    if (values.size === 1 && width > 1 && merged(ws.getRow(n))) continue;
    headerNo = n;
    break;
  }
  if (!headerNo) throw badRequest('external.empty', '表格中没有表头和数据行');
  const top = rowCells(ws.getRow(headerNo));
  // a second header row: the header row has merged cells and the row under it names sub-columns
  let sub: Cell[] | null = null;
  if (merged(ws.getRow(headerNo)) && headerNo < ws.rowCount) {
    const next = rowCells(ws.getRow(headerNo + 1));
    const groupUnder = top.some((t, i) => !blank(t) && i > 0 && cellText(top[i - 1]) === cellText(t) && !blank(next[i]) && cellText(next[i]) !== cellText(t));
    if (groupUnder) sub = next;
  }
  const headers = uniqueHeaders(headerNames(top, sub));
  const first = headerNo + (sub ? 2 : 1);
  const rows: PointTable['rows'] = [];
  for (let n = first; n <= ws.rowCount; n++) {
    const cells = rowCells(ws.getRow(n));
    if (cells.every(blank)) continue;
    const out: Record<string, Cell> = {};
    headers.forEach((h, i) => {
      out[h] = cells[i] ?? null;
    });
    rows.push({ rowNo: n, cells: out });
  }
  tooMany(rows.length);
  return { format: 'xlsx', encoding: null, sheetName: ws.name, headers, rows };
}

function readCsv(buf: Buffer, encoding: string | null): PointTable {
  let decoded: ReturnType<typeof decodeText>;
  try {
    decoded = decodeText(buf, encoding && encoding !== 'auto' ? encoding : null);
  } catch {
    throw badRequest('external.bad_encoding', `文件不是 ${encoding} 编码的文本,请在来源设置中选择正确的编码(UTF-8 或 GBK)`);
  }
  const table = parseCsv(decoded.text.replace(/^\uFEFF/, ''));
  const headerAt = table.findIndex((r) => r.some((c) => c.trim() !== '') && r.filter((c) => c.trim() !== '').length > 1);
  if (headerAt < 0) throw badRequest('external.empty', '文件中没有表头和数据行');
  const headers = uniqueHeaders(headerNames(table[headerAt], null));
  const rows: PointTable['rows'] = [];
  for (let i = headerAt + 1; i < table.length; i++) {
    const r = table[i];
    if (r.every((c) => c.trim() === '')) continue;
    const out: Record<string, Cell> = {};
    headers.forEach((h, k) => {
      out[h] = r[k] === undefined || r[k].trim() === '' ? null : r[k].trim();
    });
    rows.push({ rowNo: i + 1, cells: out });
  }
  tooMany(rows.length);
  return { format: 'csv', encoding: decoded.encoding, sheetName: null, headers, rows };
}

/** Reads a point list: .xlsx by its bytes, otherwise text as CSV (tab-separated when the header is). */
export async function readPointTable(buf: Buffer, opts: { encoding?: string | null } = {}): Promise<PointTable> {
  if (buf.length === 0) throw badRequest('external.empty', '文件为空');
  if (looksLikeXlsx(buf)) return readXlsx(buf);
  // a binary file that is not a workbook (an old .xls, a PDF) is not a CSV either
  if (buf.subarray(0, 1024).includes(0)) throw badRequest('external.bad_file', '文件不是 .xlsx 工作簿或 CSV 文本(旧版 .xls 请另存为 .xlsx)');
  return readCsv(buf, opts.encoding ?? null);
}
