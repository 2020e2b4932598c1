import { CATEGORY_LABELS, type LAND_TYPES, type OWNER_KINDS, type SAFETY_RISKS, type STRUCTURES, type USES } from '../cases/cases.enums.js';
import type { NewCase } from '../cases/cases.service.js';

/**
 * The census ledger (存量普查台账) as a spreadsheet: its columns, the zh-CN header names (and the other
 * spellings ledgers use) that match them, and each row turned into a case or a list of reasons. Pure: no I/O.
 */

export const LAND_TYPE_LABELS: Record<(typeof LAND_TYPES)[number], string> = {
  construction: '建设用地',
  agricultural: '农用地',
  cultivated: '耕地',
  basic_farmland: '永久基本农田',
  unused: '未利用地',
  other: '其他',
};
export const STRUCTURE_LABELS: Record<(typeof STRUCTURES)[number], string> = {
  brick_concrete: '砖混',
  frame: '框架',
  steel: '钢结构',
  simple: '简易',
  wood: '木结构',
  other: '其他',
};
export const USE_LABELS: Record<(typeof USES)[number], string> = { residential: '住宅', production: '生产', storage: '仓储', commercial: '商业', livestock: '养殖', other: '其他' };
export const SAFETY_LABELS: Record<(typeof SAFETY_RISKS)[number], string> = { low: '低', medium: '中', high: '高' };
export const OWNER_KIND_LABELS: Record<(typeof OWNER_KINDS)[number], string> = { individual: '个人', enterprise: '企业', collective: '村集体' };
export const CRS_LABELS = { wgs84: 'WGS-84', gcj02: 'GCJ-02' } as const;

type Kind = 'number' | 'integer' | 'text' | 'enum' | 'bool' | 'date';
export interface Column {
  key: string;
  /** The header written in the template. */
  header: string;
  /** Other header spellings accepted (compared without spaces, brackets and case). */
  aliases: string[];
  kind: Kind;
  required?: boolean;
  /** enum: code → zh-CN label (a cell may hold either) */
  values?: Record<string, string>;
  min?: number;
  max?: number;
  maxLength?: number;
  width: number;
  help: string;
}

const enumOf = (labels: Record<string, string>) => labels;

/** The template's columns, in order. */
export const COLUMNS: Column[] = [
  {
    key: 'lon',
    header: '经度',
    aliases: ['经度(WGS-84)', 'lon', 'longitude', 'x'],
    kind: 'number',
    required: true,
    min: -180,
    max: 180,
    width: 12,
    help: '十进制度,如 121.0152;默认 WGS-84(CGCS2000 可直接填写)',
  },
  { key: 'lat', header: '纬度', aliases: ['纬度(WGS-84)', 'lat', 'latitude', 'y'], kind: 'number', required: true, min: -90, max: 90, width: 12, help: '十进制度,如 30.6978' },
  { key: 'crs', header: '坐标系', aliases: ['crs'], kind: 'enum', values: enumOf(CRS_LABELS), width: 10, help: '不填为 WGS-84;从高德地图取的坐标填 GCJ-02,系统自动转换' },
  { key: 'addressGroup', header: '村民小组', aliases: ['组', '小组', '地址(组)'], kind: 'text', maxLength: 50, width: 10, help: '所在村民小组,如 5(所在村/社区由坐标自动确定)' },
  { key: 'addressHouseNo', header: '门牌号', aliases: ['门牌', '地址(门牌)'], kind: 'text', maxLength: 50, width: 10, help: '门牌号,如 12' },
  { key: 'category', header: '类别', aliases: ['违建类别'], kind: 'enum', values: enumOf(CATEGORY_LABELS), width: 10, help: '不填为"房屋"' },
  {
    key: 'areaM2',
    header: '面积(m²)',
    aliases: ['面积', '面积(平方米)', '面积m2', '占地面积', '建筑面积'],
    kind: 'number',
    min: 0,
    max: 1_000_000,
    width: 11,
    help: '违建面积,平方米,数字',
  },
  { key: 'floors', header: '层数', aliases: ['楼层'], kind: 'integer', min: 0, max: 100, width: 8, help: '整数' },
  { key: 'structure', header: '结构', aliases: ['建筑结构'], kind: 'enum', values: enumOf(STRUCTURE_LABELS), width: 10, help: '见"可选值"' },
  { key: 'use', header: '用途', aliases: ['使用用途'], kind: 'enum', values: enumOf(USE_LABELS), width: 10, help: '见"可选值"' },
  {
    key: 'landType',
    header: '用地类型',
    aliases: ['土地类型', '地类'],
    kind: 'enum',
    values: enumOf(LAND_TYPE_LABELS),
    width: 12,
    help: '见"可选值";耕地、永久基本农田自动计入"是否耕地/基本农田"',
  },
  { key: 'onCultivatedLand', header: '是否耕地', aliases: ['占用耕地', '是否占用耕地'], kind: 'bool', width: 10, help: '是 / 否;不填时按用地类型判断' },
  {
    key: 'onBasicFarmland',
    header: '是否基本农田',
    aliases: ['占用基本农田', '是否占用基本农田', '是否永久基本农田'],
    kind: 'bool',
    width: 12,
    help: '是 / 否;不填时按用地类型判断',
  },
  {
    key: 'ownerKind',
    header: '当事人类型',
    aliases: ['主体类型'],
    kind: 'enum',
    values: enumOf(OWNER_KIND_LABELS),
    width: 11,
    help: '个人 / 企业 / 村集体;填了企业名称而不填时为"企业"',
  },
  { key: 'ownerName', header: '当事人', aliases: ['当事人姓名', '户主', '业主'], kind: 'text', maxLength: 100, width: 12, help: '姓名或单位名称' },
  { key: 'ownerIdNumber', header: '身份证号', aliases: ['当事人身份证号', '证件号码'], kind: 'text', maxLength: 30, width: 20, help: '个人信息,仅镇街专员和市三改一拆办可见' },
  { key: 'ownerPhone', header: '联系电话', aliases: ['电话', '手机号'], kind: 'text', maxLength: 30, width: 14, help: '个人信息,仅镇街专员和市三改一拆办可见' },
  { key: 'enterpriseName', header: '企业名称', aliases: ['企业'], kind: 'text', maxLength: 200, width: 20, help: '工业企业违建填写' },
  { key: 'enterpriseUscc', header: '统一社会信用代码', aliases: ['信用代码', 'uscc'], kind: 'text', maxLength: 18, width: 21, help: '18 位' },
  { key: 'safetyRisk', header: '安全隐患', aliases: ['安全风险', '风险等级'], kind: 'enum', values: enumOf(SAFETY_LABELS), width: 10, help: '低 / 中 / 高;不填为"低"' },
  {
    key: 'externalId',
    header: '外部编号',
    aliases: ['普查编号', '台账编号', '编号'],
    kind: 'text',
    maxLength: 100,
    width: 16,
    help: '普查台账自己的编号;同一编号只能对应一个案件(重复导入会被拒绝)',
  },
  { key: 'foundAt', header: '发现日期', aliases: ['发现时间', '普查日期', '登记日期'], kind: 'date', width: 12, help: '如 2024-05-20;不填为导入当天;不能晚于今天' },
  { key: 'note', header: '备注', aliases: ['说明'], kind: 'text', maxLength: 1000, width: 30, help: '' },
];

const norm = (s: string) =>
  s
    .replace(/[\s()()[\]【】:_\-·]/g, '')
    .toLowerCase()
    .replace('㎡', 'm²')
    .replace('m2', 'm²');

const HEADER_INDEX = new Map<string, string>();
for (const c of COLUMNS) for (const h of [c.header, c.key, ...c.aliases]) HEADER_INDEX.set(norm(h), c.key);

/** A header row → column number (1-based) by column key, the headers nobody knows, and the required ones missing. */
export function matchHeaders(headers: (string | null)[]): { columns: Map<string, number>; unknown: string[]; missing: string[]; duplicate: string[] } {
  const columns = new Map<string, number>();
  const unknown: string[] = [];
  const duplicate: string[] = [];
  headers.forEach((h, i) => {
    if (h === null || h.trim() === '') return;
    const key = HEADER_INDEX.get(norm(h));
    if (!key) unknown.push(h.trim());
    else if (columns.has(key)) duplicate.push(h.trim());
    else columns.set(key, i + 1);
  });
  const missing = COLUMNS.filter((c) => c.required && !columns.has(c.key)).map((c) => c.header);
  return { columns, unknown, missing, duplicate };
}

/** A cell's value as the reader gives it (ExcelJS values already flattened). */
export type Cell = string | number | boolean | Date | null;

export interface RowProblem {
  column: string | null;
  message: string;
}

const TRUE = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓']);
const FALSE = new Set(['否', 'n', 'no', 'false', '0', '×', '']);

/** A cell as text, for the error workbook and text fields (a date cell as its YYYY-MM-DD, see parseDay). */
export function cellText(v: Cell): string {
  if (v === null) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return String(v).trim();
}

/**
 * An Excel date cell: ExcelJS gives the wall-clock date as if it were UTC; a text date is YYYY-MM-DD,
 * YYYY/MM/DD or YYYY.MM.DD (or 2024年5月20日). Both mean that day in China.
 */
export function parseDay(v: Cell): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'number') {
    // a serial date the reader did not recognise (cell formatted as a number)
    if (v < 1 || v > 100_000) return null;
    return new Date(Date.UTC(1899, 11, 30) + Math.round(v) * 86400_000).toISOString().slice(0, 10);
  }
  const m = String(v)
    .trim()
    .match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

function enumValue(c: Column, v: Cell): string | null {
  const s = cellText(v);
  const values = c.values!;
  if (s in values) return s;
  const byLabel = Object.entries(values).find(([, label]) => norm(label) === norm(s));
  if (byLabel) return byLabel[0];
  // the case vocabulary has a few long labels (建筑物/简易棚房/废弃杆线 on screen, 房屋/棚房/杆线 in ledgers)
  if (c.key === 'category') {
    const alt: Record<string, string> = { 房屋: 'building', 建筑物: 'building', 棚房: 'shed', 简易棚房: 'shed', 杆线: 'pole_line', 废弃杆线: 'pole_line' };
    if (alt[s]) return alt[s];
  }
  if (c.key === 'landType' && s === '基本农田') return 'basic_farmland';
  if (c.key === 'crs' && ['wgs84', 'cgcs2000', '2000'].includes(norm(s))) return 'wgs84';
  if (c.key === 'crs' && ['gcj02', '高德', '火星坐标'].includes(norm(s))) return 'gcj02';
  return null;
}

export interface ParsedRow {
  raw: Record<string, string>;
  /** The case to create, when the row has no problem of its own. */
  input: NewCase | null;
  problems: RowProblem[];
}

/**
 * One spreadsheet row → a new census case (source census_import: origin stock, pre-verified) or the
 * reasons it cannot be one. The place (city, village, jurisdiction) is checked by the case service.
 */
export function parseRow(cells: Map<string, Cell>, today: string): ParsedRow {
  const raw: Record<string, string> = {};
  const problems: RowProblem[] = [];
  const out: Record<string, unknown> = {};
  for (const c of COLUMNS) {
    const v = cells.get(c.key) ?? null;
    const text = cellText(v);
    raw[c.key] = text;
    if (text === '') {
      if (c.required) problems.push({ column: c.header, message: `${c.header}不能为空` });
      continue;
    }
    switch (c.kind) {
      case 'number':
      case 'integer': {
        const n = typeof v === 'number' ? v : Number(text.replace(/,/g, ''));
        if (!Number.isFinite(n)) problems.push({ column: c.header, message: `${c.header}须为数字(当前为"${text.slice(0, 30)}")` });
        else if (c.kind === 'integer' && !Number.isInteger(n)) problems.push({ column: c.header, message: `${c.header}须为整数` });
        else if ((c.min !== undefined && n < c.min) || (c.max !== undefined && n > c.max)) problems.push({ column: c.header, message: `${c.header}须在 ${c.min}–${c.max} 之间` });
        else out[c.key] = n;
        break;
      }
      case 'enum': {
        const code = enumValue(c, v);
        if (code === null) problems.push({ column: c.header, message: `${c.header}"${text.slice(0, 30)}"无效,可选:${Object.values(c.values!).join('、')}` });
        else out[c.key] = code;
        break;
      }
      case 'bool': {
        const s = text.toLowerCase();
        if (typeof v === 'boolean') out[c.key] = v;
        else if (TRUE.has(s)) out[c.key] = true;
        else if (FALSE.has(s)) out[c.key] = false;
        else problems.push({ column: c.header, message: `${c.header}须填"是"或"否"` });
        break;
      }
      case 'date': {
        const d = parseDay(v);
        if (!d) problems.push({ column: c.header, message: `${c.header}"${text.slice(0, 30)}"不是有效日期(如 2024-05-20)` });
        else if (d > today) problems.push({ column: c.header, message: `${c.header}不能晚于今天` });
        else if (d < '1949-10-01') problems.push({ column: c.header, message: `${c.header}过早` });
        else out[c.key] = d;
        break;
      }
      case 'text': {
        if (c.maxLength && text.length > c.maxLength) problems.push({ column: c.header, message: `${c.header}过长(最多 ${c.maxLength} 字)` });
        else out[c.key] = text;
        break;
      }
    }
  }
  // checked here rather than by the service, so that the reason names the column
  const usccRe = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
  if (typeof out.enterpriseUscc === 'string') {
    out.enterpriseUscc = out.enterpriseUscc.toUpperCase();
    if (!usccRe.test(out.enterpriseUscc as string)) problems.push({ column: '统一社会信用代码', message: '统一社会信用代码格式不正确(18 位)' });
  }
  if (out.ownerKind === 'enterprise' && !out.enterpriseName) problems.push({ column: '企业名称', message: '当事人类型为企业时须填写企业名称' });
  if (problems.length) return { raw, input: null, problems };

  const input: NewCase = {
    lon: out.lon as number,
    lat: out.lat as number,
    crs: (out.crs as 'wgs84' | 'gcj02' | undefined) ?? 'wgs84',
    source: 'census_import',
    origin: 'stock',
    category: (out.category as string | undefined) ?? 'building',
    areaM2: (out.areaM2 as number | undefined) ?? null,
    floors: (out.floors as number | undefined) ?? null,
    structure: (out.structure as string | undefined) ?? null,
    use: (out.use as string | undefined) ?? null,
    landType: (out.landType as string | undefined) ?? null,
    onCultivatedLand: out.onCultivatedLand as boolean | undefined,
    onBasicFarmland: out.onBasicFarmland as boolean | undefined,
    ownerKind: (out.ownerKind as string | undefined) ?? (out.enterpriseName ? 'enterprise' : null),
    ownerName: (out.ownerName as string | undefined) ?? null,
    ownerIdNumber: (out.ownerIdNumber as string | undefined) ?? null,
    ownerPhone: (out.ownerPhone as string | undefined) ?? null,
    enterpriseName: (out.enterpriseName as string | undefined) ?? null,
    enterpriseUscc: (out.enterpriseUscc as string | undefined) ?? null,
    addressGroup: (out.addressGroup as string | undefined) ?? null,
    addressHouseNo: (out.addressHouseNo as string | undefined) ?? null,
    safetyRisk: (out.safetyRisk as string | undefined) ?? 'low',
    note: (out.note as string | undefined) ?? null,
    // a census date is a day: the start of that day in China
    foundAt: out.foundAt ? `${out.foundAt as string}T00:00:00+08:00` : undefined,
    externalRefs: out.externalId ? [{ system: 'census', externalId: out.externalId as string }] : undefined,
  };
  // a basic farmland is cultivated land too; an explicit 否 on a cultivated land type is kept as said
  if (input.onBasicFarmland === true && input.onCultivatedLand === undefined) input.onCultivatedLand = true;
  return { raw, input, problems };
}
