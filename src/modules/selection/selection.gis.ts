/**
 * The cases of an export as a GIS layer (Shapefile, GeoPackage): which fields, under which names. A .dbf
 * allows 10 ASCII characters per field name, so each field has a short English name and its zh-CN title
 * (the Excel export's header); the Shapefile's zip carries the table of both (fields.txt), and
 * docs/ogc.md lists it. Codes stand beside their zh-CN labels (STATUS `verified`, STATUS_ZH `已立案`) as in the
 * OGC API. Like the GeoJSON export and the OGC API, no 当事人: no owner's name, ID number or phone.
 */
import type { Geometry, Layer, LayerField } from '../../platform/gis/layer.js';
import type { OutputCrs } from '../../platform/gis/crs-out.js';
import { SOURCE_LABELS, STATUS_LABELS } from '../cases/cases.enums.js';
import { ALL_CATEGORY_LABELS, ALL_DISPOSAL_LABELS } from '../../../shared/item-kinds.js';
import { LAND_TYPE_LABELS, ORIGIN_LABELS, SAFETY_RISK_LABELS, STRUCTURE_LABELS, USE_LABELS } from '../../../shared/enums.js';
import type { ExportRow } from './selection.repo.js';

const text = (name: string, title: string): LayerField => ({ name, title, type: 'text' });

/** The case layer's fields, in order (the .dbf's columns). */
export const CASE_FIELDS: LayerField[] = [
  text('CASE_ID', '案件ID'),
  text('CASE_NO', '案件编号'),
  text('STATUS', '状态代码'),
  text('STATUS_ZH', '状态'),
  text('ORIGIN', '存量/新增代码'),
  text('ORIGIN_ZH', '存量/新增'),
  text('DISPOSAL', '处置类别代码'),
  text('DISPOS_ZH', '处置类别'),
  text('SOURCE', '来源代码'),
  text('SOURCE_ZH', '来源'),
  text('CATEGORY', '类别代码'),
  text('CATEG_ZH', '类别'),
  text('TOWN_CODE', '镇(街道)代码'),
  text('TOWN', '镇(街道)'),
  text('VILL_CODE', '村(社区)代码'),
  text('VILLAGE', '村(社区)'),
  text('ADDRESS', '地址'),
  { name: 'AREA_M2', title: '面积(㎡)', type: 'real', decimals: 2 },
  { name: 'FLOORS', title: '层数', type: 'integer' },
  text('STRUCTURE', '结构'),
  text('USE', '用途'),
  text('LAND_TYPE', '土地类型'),
  { name: 'CULTIVATE', title: '占用耕地', type: 'boolean' },
  { name: 'FARMLAND', title: '占用永久基本农田', type: 'boolean' },
  text('RISK', '安全风险'),
  { name: 'FOUND_AT', title: '发现日期', type: 'date' },
  { name: 'DEADLINE', title: '办理期限', type: 'date' },
  { name: 'CLOSED_AT', title: '销号日期', type: 'date' },
  { name: 'LON', title: '经度(WGS84)', type: 'real', decimals: 7 },
  { name: 'LAT', title: '纬度(WGS84)', type: 'real', decimals: 7 },
];

const label = (labels: Record<string, string>, v: string | null) => (v ? (labels[v] ?? v) : null);

/** One case's values in CASE_FIELDS order. */
export function caseValues(r: ExportRow) {
  return [
    r.id,
    r.case_no,
    r.status,
    label(STATUS_LABELS, r.status),
    r.origin,
    label(ORIGIN_LABELS, r.origin),
    r.disposal_class,
    label(ALL_DISPOSAL_LABELS, r.disposal_class),
    r.source,
    label(SOURCE_LABELS, r.source),
    r.category,
    label(ALL_CATEGORY_LABELS, r.category),
    r.town_code,
    r.town,
    r.division_code,
    r.village,
    r.address_text,
    r.area_m2 === null ? null : Number(r.area_m2),
    r.floors,
    label(STRUCTURE_LABELS, r.structure),
    label(USE_LABELS, r.use),
    label(LAND_TYPE_LABELS, r.land_type),
    r.on_cultivated_land,
    r.on_basic_farmland,
    label(SAFETY_RISK_LABELS, r.safety_risk),
    r.found_at,
    r.deadline_at,
    r.closed_at,
    Number(r.lon),
    Number(r.lat),
  ];
}

/** The cases as a point layer in `crs`. */
export function caseLayer(rows: ExportRow[], crs: OutputCrs): Layer {
  return {
    name: 'cases',
    title: '违法建设案件',
    geometryType: 'Point',
    fields: CASE_FIELDS,
    features: rows.map((r) => ({ geometry: { type: 'Point', coordinates: crs.project(Number(r.lon), Number(r.lat)) }, values: caseValues(r) })),
  };
}

/** The notes at the top of the Shapefile's fields.txt. */
export const caseNotes = (crs: OutputCrs, count: number, when: Date) => [
  '无违建 案件导出(ESRI Shapefile)',
  `导出时间:${new Date(when.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}(北京时间)`,
  `案件数:${count}`,
  `坐标系:${crs.label}`,
  '属性编码:UTF-8(见 .cpg)。不含当事人姓名、身份证号和电话。',
];

/** The division layer's fields (towns or villages). */
export const DIVISION_FIELDS: LayerField[] = [
  text('CODE', '区划代码'),
  text('NAME', '名称'),
  text('SHORT_NAME', '简称'),
  text('LEVEL', '级别'),
  text('PARENT', '上级代码'),
  text('PARENT_ZH', '上级名称'),
  { name: 'POP', title: '人口', type: 'integer' },
  { name: 'AREA_KM2', title: '陆域面积(km²)', type: 'real', decimals: 3 },
];

export interface DivisionBoundaryRow {
  code: string;
  name: string;
  short_name: string;
  parent_code: string | null;
  parent_name: string | null;
  population: number | null;
  land_area_km2: number | string | null;
  geom: string;
}

const LEVEL_ZH = { town: '镇(街道)', village: '村(社区)' } as const;

/** Polygons (GeoJSON, WGS84) in `crs`. */
function projectPolygons(g: Geometry, crs: OutputCrs): Geometry {
  const ring = (r: number[][]) => r.map((p) => crs.project(p[0], p[1]));
  if (g.type === 'Polygon') return { type: 'MultiPolygon', coordinates: [g.coordinates.map(ring)] };
  if (g.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(ring)) };
  return g;
}

/** The towns' or villages' boundaries as a polygon layer in `crs` (named `towns` or `villages`). */
export function divisionLayer(rows: DivisionBoundaryRow[], level: 'town' | 'village', crs: OutputCrs): Layer {
  return {
    name: level === 'town' ? 'towns' : 'villages',
    title: LEVEL_ZH[level],
    geometryType: 'MultiPolygon',
    fields: DIVISION_FIELDS,
    features: rows.map((r) => ({
      geometry: projectPolygons(JSON.parse(r.geom) as Geometry, crs),
      values: [r.code, r.name, r.short_name, LEVEL_ZH[level], r.parent_code, r.parent_name, r.population, r.land_area_km2 === null ? null : Number(r.land_area_km2)],
    })),
  };
}
