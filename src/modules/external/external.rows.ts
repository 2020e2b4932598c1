import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/audit.chain.js';
import { gcj02ToWgs84 } from '../cases/geo.js';
import { cellText, parseDay, type Cell } from '../imports/imports.columns.js';

/**
 * One row of another system's point list → a point (its id, WGS-84 position, address, …) or the reasons
 * it cannot be one. Pure: the place (inside the county) is checked by the service.
 */

/** The fields a source's mapping names a header for; externalId, lon and lat are required. */
export const MAPPED_FIELDS = ['externalId', 'lon', 'lat', 'address', 'description', 'town', 'foundAt', 'category'] as const;
type MappedField = (typeof MAPPED_FIELDS)[number];
export type Mapping = Partial<Record<MappedField, string>>;
export const FIELD_LABELS: Record<MappedField, string> = {
  externalId: '外部编号',
  lon: '经度',
  lat: '纬度',
  address: '地址',
  description: '描述',
  town: '镇街',
  foundAt: '发现日期',
  category: '类别',
};
/** The header spellings other systems use, to suggest a mapping from a sample file. */
const GUESS: Record<MappedField, string[]> = {
  externalId: ['点位编号', '图斑编号', '编号', '违建编号', '外部编号', '唯一编号', '点位id', 'id', '序号编码', '标识码'],
  lon: ['经度', 'x坐标', 'x', 'lon', 'lng', 'longitude', '坐标-经度', '东经'],
  lat: ['纬度', 'y坐标', 'y', 'lat', 'latitude', '坐标-纬度', '北纬'],
  address: ['地址', '详细地址', '位置', '所在位置', '坐落', '坐落位置', '点位地址'],
  description: ['描述', '问题描述', '违建描述', '情况说明', '备注', '点位描述', '违建情况'],
  town: ['镇街', '乡镇', '所属镇街', '乡镇街道', '所在镇街', '镇(街道)', '街道'],
  foundAt: ['发现日期', '发现时间', '下发日期', '下发时间', '上报时间', '日期'],
  category: ['类别', '违建类别', '违建类型', '类型', '建筑类型'],
};

const normHeader = (s: string) => s.replace(/[\s()()【】[\]_]/g, '').toLowerCase();

/** A mapping guessed from a file's headers (each header used once, the likeliest field first). */
export function guessMapping(headers: string[]): Mapping {
  const out: Mapping = {};
  const used = new Set<string>();
  for (const f of MAPPED_FIELDS) {
    for (const name of GUESS[f]) {
      const h = headers.find((x) => !used.has(x) && normHeader(x) === normHeader(name));
      if (h) {
        out[f] = h;
        used.add(h);
        break;
      }
    }
  }
  return out;
}

/** The mapping's headers the file does not have. */
export function missingHeaders(mapping: Mapping, headers: string[]): string[] {
  return MAPPED_FIELDS.filter((f) => mapping[f] && !headers.includes(mapping[f]!)).map((f) => mapping[f]!);
}

/**
 * A coordinate as lists write it: a number, decimal text (121.0152, E121.0152, 121.0152°), or degrees,
 * minutes and seconds (121°0'54.7"E, 121度0分54.7秒, 30°41.87′N). Null when it is none of them.
 */
export function parseCoordinate(v: Cell): { value: number; dms: boolean } | null {
  if (typeof v === 'number') return Number.isFinite(v) ? { value: v, dms: false } : null;
  const s0 = cellText(v)
    .replace(/[’′]/g, "'")
    .replace(/[”″]|''/g, '"')
    .replace(/\s+/g, '')
    .toUpperCase();
  if (!s0) return null;
  let sign = 1;
  let s = s0;
  const hemi = s.match(/^([NSEW东西南北])|([NSEW东西南北])$/);
  if (hemi) {
    const h = hemi[1] ?? hemi[2];
    if ('SW西南'.includes(h)) sign = -1;
    s = s.replace(/^(北纬|东经|南纬|西经|[NSEW东西南北])|([NSEW东西南北])$/g, '');
  }
  s = s.replace(/^(北纬|东经|南纬|西经)/, '');
  if (s.startsWith('-')) {
    sign = -sign;
    s = s.slice(1);
  }
  const dec = s.match(/^(\d+(?:\.\d+)?)°?$/);
  if (dec) return { value: sign * Number(dec[1]), dms: false };
  const dms = s.match(/^(\d+(?:\.\d+)?)[°度](?:(\d+(?:\.\d+)?)['分])?(?:(\d+(?:\.\d+)?)["秒])?$/);
  if (!dms) return null;
  const [d, m, sec] = [Number(dms[1]), Number(dms[2] ?? 0), Number(dms[3] ?? 0)];
  if (m >= 60 || sec >= 60) return null;
  return { value: sign * (d + m / 60 + sec / 3600), dms: true };
}

/** A point category as the list names it → the registry's code; null when it says nothing we know. */
export function categoryOf(text: string | null): string | null {
  if (!text) return null;
  if (/杆|线/.test(text)) return 'pole_line';
  if (/棚/.test(text)) return 'shed';
  if (/构筑/.test(text)) return 'structure';
  if (/房|建筑|楼|屋/.test(text)) return 'building';
  if (/其他|其它/.test(text)) return 'other';
  return null;
}

interface ParsedPoint {
  externalId: string;
  lon: number;
  lat: number;
  address: string | null;
  description: string | null;
  town: string | null;
  foundOn: string | null;
  category: string | null;
}

interface RowOutcome {
  /** The row as received: its header → its text (every column, mapped or not). */
  raw: Record<string, string>;
  rawHash: string;
  externalId: string | null;
  point: ParsedPoint | null;
  /** Why the row cannot be a point (zh-CN). */
  reasons: string[];
  /** What was read differently from how it was written (swapped, DMS, converted from GCJ-02). */
  notes: string[];
}

const china = (lon: number, lat: number) => lon >= 73 && lon <= 136 && lat >= 3 && lat <= 54;

/** One row through the source's mapping. `crs`: how the source's coordinates are given. */
export function parsePointRow(headers: string[], cells: Record<string, Cell>, mapping: Mapping, crs: 'wgs84' | 'gcj02', today: string): RowOutcome {
  const raw: Record<string, string> = {};
  for (const h of headers) raw[h] = cellText(cells[h] ?? null);
  const rawHash = createHash('sha256').update(canonicalJson(raw)).digest('hex');
  const reasons: string[] = [];
  const notes: string[] = [];
  const text = (f: MappedField) => (mapping[f] ? (raw[mapping[f]!] ?? '').trim() : '');
  const externalId = text('externalId') || null;
  if (!externalId) reasons.push(`${mapping.externalId ?? '外部编号'}为空`);
  else if (externalId.length > 100) reasons.push('外部编号过长(最多 100 字)');

  const lonCell = mapping.lon ? (cells[mapping.lon] ?? null) : null;
  const latCell = mapping.lat ? (cells[mapping.lat] ?? null) : null;
  let lon: number | null = null;
  let lat: number | null = null;
  if (cellText(lonCell) === '' || cellText(latCell) === '') reasons.push('经纬度为空');
  else {
    const x = parseCoordinate(lonCell);
    const y = parseCoordinate(latCell);
    if (!x) reasons.push(`经度"${cellText(lonCell).slice(0, 30)}"不是有效坐标`);
    if (!y) reasons.push(`纬度"${cellText(latCell).slice(0, 30)}"不是有效坐标`);
    if (x && y) {
      if (x.dms || y.dms) notes.push('度分秒坐标已换算为十进制度');
      [lon, lat] = [x.value, y.value];
      if (!china(lon, lat) && china(lat, lon)) {
        [lon, lat] = [lat, lon];
        notes.push('经纬度填反,已交换');
      }
      if (!china(lon, lat)) {
        reasons.push(`坐标(${x.value}, ${y.value})不在中国范围内`);
        lon = lat = null;
      } else if (crs === 'gcj02') {
        [lon, lat] = gcj02ToWgs84(lon, lat);
        notes.push('GCJ-02 坐标已转换为 WGS-84');
      }
    }
  }
  let foundOn: string | null = null;
  if (mapping.foundAt && cellText(cells[mapping.foundAt] ?? null) !== '') {
    const d = parseDay(cells[mapping.foundAt] ?? null);
    // a date-time text (2024-05-20 10:30) is its day
    const day = d ?? parseDay(cellText(cells[mapping.foundAt] ?? null).slice(0, 10));
    if (!day) notes.push(`发现日期"${raw[mapping.foundAt].slice(0, 20)}"无法识别,已忽略`);
    else if (day > today) notes.push('发现日期晚于今天,已忽略');
    else foundOn = day;
  }
  if (reasons.length || lon === null || lat === null || !externalId) return { raw, rawHash, externalId, point: null, reasons, notes };
  const opt = (f: MappedField, max: number) => text(f).slice(0, max) || null;
  return {
    raw,
    rawHash,
    externalId,
    point: {
      externalId,
      lon: Math.round(lon * 1e7) / 1e7,
      lat: Math.round(lat * 1e7) / 1e7,
      address: opt('address', 500),
      description: opt('description', 2000),
      town: opt('town', 100),
      foundOn,
      category: opt('category', 50),
    },
    reasons,
    notes,
  };
}

/** The headers whose text differs between the stored row and the new one (a changed row says what changed). */
export function changedHeaders(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => (before[k] ?? '') !== (after[k] ?? ''));
}
