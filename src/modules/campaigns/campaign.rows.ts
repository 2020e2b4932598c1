import { KINDS } from '../../../shared/item-kinds.js';

/** A row of a campaign's target list as read from the file: its header → value. */
export interface RawItem {
  row: number;
  cells: Record<string, string | number | null>;
  /** Why a map feature has no usable point (a projected coordinate read as degrees, a place outside China). */
  problem?: string;
}

/** A row that makes an item. */
export interface ItemRow {
  ref: string;
  name: string | null;
  category: string;
  responsibleUnit: string | null;
  note: string | null;
  lon: number;
  lat: number;
}

/** The headers (and the other spellings lists use, GeoJSON property names included) of each field. */
const HEADERS: Record<keyof ItemRow, string[]> = {
  ref: ['编号', '对象编号', '杆号', '线路编号', 'ref', 'id', 'code'],
  name: ['名称', '对象名称', 'name'],
  category: ['类别', '类型', 'category'],
  // 责任单: a UTF-8 Shapefile's field name cut at 10 bytes
  responsibleUnit: ['责任单位', '责任主体', '责任单', 'responsibleUnit', 'unit'],
  note: ['备注', '说明', 'note'],
  lon: ['经度', 'lon', 'lng', 'longitude', 'x'],
  lat: ['纬度', 'lat', 'latitude', 'y'],
};

const norm = (s: string) => s.replace(/[\s()()]/g, '').toLowerCase();

function pick(cells: RawItem['cells'], field: keyof ItemRow): string | number | null {
  for (const [k, v] of Object.entries(cells)) if (HEADERS[field].some((h) => norm(h) === norm(k))) return v;
  return null;
}

const CATEGORY_BY_LABEL: Record<string, string> = Object.fromEntries(
  Object.entries(KINDS.campaign_item.categories).flatMap(([code, label]) => [
    [label, code],
    [code, code],
  ]),
);

/** One row → an item or the reasons it is refused (zh-CN). Pure. */
export function parseItemRow(r: RawItem): { item: ItemRow | null; reasons: string[]; ref: string | null } {
  const reasons: string[] = r.problem ? [r.problem] : [];
  const text = (f: keyof ItemRow, max: number, label: string) => {
    const v = pick(r.cells, f);
    if (v === null || v === '') return null;
    const s = String(v).trim();
    if (s.length > max) reasons.push(`${label}超过 ${max} 字`);
    return s || null;
  };
  const num = (f: 'lon' | 'lat', label: string, lo: number, hi: number) => {
    const v = pick(r.cells, f);
    if (v === null || v === '') {
      if (!r.problem) reasons.push(`缺少${label}`);
      return Number.NaN;
    }
    const n = typeof v === 'number' ? v : Number(String(v).trim());
    if (!Number.isFinite(n) || n < lo || n > hi) reasons.push(`${label}无效:${v}`);
    return n;
  };
  const lon = num('lon', '经度', -180, 180);
  const lat = num('lat', '纬度', -90, 90);
  const given = text('ref', 50, '编号');
  const catText = text('category', 20, '类别');
  const category = catText ? CATEGORY_BY_LABEL[catText] : KINDS.campaign_item.defaultCategory;
  if (catText && !category) reasons.push(`类别只能是:${Object.values(KINDS.campaign_item.categories).join('、')}`);
  const item: ItemRow = {
    // without a number of its own, an item is known by its place (to 0.1 m): the same file twice makes it once
    ref: given ?? (Number.isFinite(lon) && Number.isFinite(lat) ? `${lon.toFixed(6)},${lat.toFixed(6)}` : ''),
    name: text('name', 100, '名称'),
    category: category ?? KINDS.campaign_item.defaultCategory,
    responsibleUnit: text('responsibleUnit', 50, '责任单位'),
    note: text('note', 2000, '备注'),
    lon,
    lat,
  };
  return { item: reasons.length ? null : item, reasons, ref: given ?? (item.ref || null) };
}

/** The headers of the template and of the export's first columns. */
export const TEMPLATE_HEADERS = ['编号', '名称', '类别', '责任单位', '经度', '纬度', '备注'];
