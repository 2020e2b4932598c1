import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { badRequest } from '../../platform/errors.js';
import { declaredUnpackedSize, looksLikeXlsx, MAX_UNPACKED_BYTES } from '../imports/imports.xlsx.js';
import { readPointFile } from '../setup/boundary.read.js';
import type { RawItem } from './campaign.rows.js';

/** The most rows (features) one campaign file may hold. */
export const MAX_ITEMS = 20_000;

const cellText = (v: ExcelJS.CellValue): string | number | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const o = v as unknown as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
  if ('result' in o) return cellText((o.result ?? null) as ExcelJS.CellValue);
  if ('text' in o) return String(o.text ?? '');
  return null;
};

/**
 * An .xlsx (its first sheet, headers in row 1), a zipped Shapefile or a GeoJSON FeatureCollection → raw rows with
 * their row (feature) numbers; a feature whose point cannot be had carries why.
 */
export async function readItemsFile(buf: Buffer, filename: string, opts: { crs?: string | null } = {}): Promise<{ format: 'xlsx' | 'geojson' | 'shapefile'; rows: RawItem[] }> {
  if (looksLikeXlsx(buf) && !holdsShapefile(buf)) {
    const unpacked = declaredUnpackedSize(buf);
    if (unpacked === null || unpacked > MAX_UNPACKED_BYTES) throw badRequest('campaign.bad_file', '无法读取该 Excel 文件(文件损坏或过大)');
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
    } catch {
      throw badRequest('campaign.bad_file', '无法读取该 Excel 文件(文件损坏或不是 .xlsx 格式)');
    }
    const ws = wb.worksheets[0];
    if (!ws) throw badRequest('campaign.bad_file', 'Excel 文件中没有工作表');
    const headers: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: true }, (c, n) => {
      headers[n] = String(cellText(c.value) ?? '').trim();
    });
    const rows: RawItem[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
      if (rowNo === 1) return;
      const cells: Record<string, string | number | null> = {};
      let any = false;
      row.eachCell({ includeEmpty: false }, (c, n) => {
        const h = headers[n];
        const v = cellText(c.value);
        if (h && v !== null && v !== '') {
          cells[h] = v;
          any = true;
        }
      });
      if (any) rows.push({ row: rowNo, cells });
    });
    if (rows.length > MAX_ITEMS) throw badRequest('campaign.too_many_rows', `单个文件最多 ${MAX_ITEMS} 行`);
    return { format: 'xlsx', rows };
  }
  // a zipped Shapefile (any CRS its .prj names, GBK or UTF-8 attributes) or GeoJSON, one point per feature
  const file = await readPointFile(filename, buf, { ...opts, declaredIn: 'dialog' });
  if (file.problem) throw badRequest('campaign.bad_file', `文件 ${filename} 无法读取:${file.problem}`);
  if (file.features.length > MAX_ITEMS) throw badRequest('campaign.too_many_rows', `单个文件最多 ${MAX_ITEMS} 个要素`);
  const rows = file.features.map((f): RawItem => {
    const cells: Record<string, string | number | null> = {};
    for (const [k, v] of Object.entries(f.properties)) if (typeof v === 'string' || typeof v === 'number') cells[k.trim()] = v;
    if (f.at) {
      cells.经度 = f.at[0];
      cells.纬度 = f.at[1];
    }
    return { row: f.n, cells, ...(f.problem ? { problem: f.problem } : {}) };
  });
  return { format: file.format === 'shapefile' ? 'shapefile' : 'geojson', rows };
}

/** Whether a zip holds a .shp (a zipped Shapefile, not a workbook): its directory is read, nothing inflated. */
function holdsShapefile(buf: Buffer): boolean {
  let found = false;
  try {
    unzipSync(buf, {
      filter: (f) => {
        if (f.name.toLowerCase().endsWith('.shp')) found = true;
        return false;
      },
    });
  } catch {
    return false;
  }
  return found;
}
