/**
 * Reads a boundary file — GeoJSON, a zipped Shapefile (.shp .dbf .shx .prj, .cpg), or a GeoPackage (.gpkg) — into one record per
 * feature: its division code, its name, its polygons in WGS84, or the reason it cannot be used.
 *
 * The division is found by an attribute holding its code: the field named with `codeField`, else the first of
 * the usual names (code, XZQDM of the land survey's 行政区 layer, ZLDWDM of its 村级调查区 layer, …), else any
 * field whose every value is a division code. Attributes are decoded as the .cpg or `encoding` says, else as
 * the .dbf's language driver says (936 = GBK), else as UTF-8 when they are valid UTF-8, else GBK.
 */
import { unzipSync } from 'fflate';
import * as shapefile from 'shapefile';
import { parseDivisionCode } from './division.codes.js';
import { decodeText } from './division.csv.js';
import { crsByName, crsFromWkt, CrsRefused, guessCrsHint, insideChina, type Crs } from './boundary.crs.js';
import { readGeoPackage, type GpkgLayer } from '../../platform/gis/gpkg-read.js';

type Position = number[];
type Rings = Position[][];
export interface BoundaryGeometry {
  type: 'MultiPolygon';
  coordinates: Rings[];
}

export interface BoundaryFeature {
  /** 1-based position in the file. */
  n: number;
  rawCode: string | null;
  /** The product's code (6, 9 or 12 digits), when the attribute is one. */
  code: string | null;
  name: string | null;
  /** WGS84; null when the feature is refused. */
  geometry: BoundaryGeometry | null;
  /** Why the feature is refused (before the database looks at its geometry). */
  problem: string | null;
}

export interface BoundaryFile {
  format: 'geojson' | 'shapefile' | 'geopackage';
  crs: { id: string; label: string; from: string };
  encoding: string | null;
  fields: string[];
  codeField: string | null;
  nameField: string | null;
  features: BoundaryFeature[];
  /** A reason the whole file cannot be used (no CRS, no code field, not a boundary file). */
  problem: string | null;
}

export interface BoundaryReadOptions {
  /** Declared CRS (`EPSG:4528`, `GCJ02`): needed when the file has none, and must agree when it has one. */
  crs?: string | null;
  /** Declared attribute encoding of a Shapefile (`GBK`, `UTF-8`). */
  encoding?: string | null;
  codeField?: string | null;
  nameField?: string | null;
  /**
   * Where the user declares a CRS, so that a file without one asks for it there: the command line's `--crs`
   * (the default) or an import dialog's 坐标系 choice.
   */
  declaredIn?: 'cli' | 'dialog';
}

/** How a file without a CRS asks for one, and how a declared one is named, by where the user declares it. */
const DECLARE = {
  cli: { ask: '请用 --crs 声明', from: '命令行声明', codeField: '请用 --code-field 指定' },
  dialog: { ask: '请在“坐标系”中选择', from: '导入时选择', codeField: '请在“区划代码字段”中选择' },
} as const;

const CODE_FIELDS = ['code', 'xzqdm', 'zldwdm', 'qhdm', 'adcode', 'dm', '区划代码', '行政区代码', '行政区划代码', '代码'];
const NAME_FIELDS = ['name', 'xzqmc', 'zldwmc', 'qhmc', 'mc', '名称', '区划名称', '行政区名称'];

export class BoundaryFileError extends Error {}

export async function readBoundaryFile(filename: string, bytes: Uint8Array, opts: BoundaryReadOptions = {}): Promise<BoundaryFile> {
  const p = await parseFeatureFile(filename, bytes, opts);
  if (p.kind === 'failed') return p.file;
  return assemble(p.format, p.raw, p.fileCrs, p.fileFrom, p.encoding, opts, p.fallback);
}

/** A file's features as read, before the CRS is chosen: what boundaries and change patches (图斑) share. */
type ParsedFile =
  | {
      kind: 'parsed';
      format: BoundaryFile['format'];
      raw: RawFeature[];
      fileCrs: Crs | null;
      fileFrom: string;
      encoding: string | null;
      fallback: { crs: Crs; from: string } | null;
    }
  | { kind: 'failed'; file: BoundaryFile };
type RawFeature = { properties: Record<string, unknown>; geometry: { type?: string; coordinates?: unknown } | null };

async function parseFeatureFile(filename: string, bytes: Uint8Array, opts: BoundaryReadOptions): Promise<ParsedFile> {
  const lower = filename.toLowerCase();
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip || lower.endsWith('.zip')) return readZippedShapefile(bytes, opts);
  if (new TextDecoder().decode(bytes.subarray(0, 15)) === 'SQLite format 3' || lower.endsWith('.gpkg')) return readGpkg(bytes);
  if (lower.endsWith('.shp')) throw new BoundaryFileError('Shapefile 须连同 .dbf、.shx、.prj(及 .cpg)一起压缩为一个 .zip 文件导入');
  return readGeoJson(bytes);
}

/** One polygon feature of a file in WGS84 with its attributes, or why its geometry cannot be used. */
export interface PolygonFeature {
  /** 1-based position in the file. */
  n: number;
  properties: Record<string, unknown>;
  geometry: BoundaryGeometry | null;
  problem: string | null;
}
export interface PolygonFile {
  format: BoundaryFile['format'];
  crs: { id: string; label: string; from: string };
  encoding: string | null;
  fields: string[];
  features: PolygonFeature[];
  problem: string | null;
}

/**
 * Any polygon layer — GeoJSON, a zipped Shapefile or a GeoPackage — in WGS84, read and transformed exactly as
 * boundaries are (the same CRS rules, encodings and checks), with each feature's attributes as they are: the
 * change patches' (图斑) import uses it.
 */
export async function readPolygonFile(filename: string, bytes: Uint8Array, opts: Pick<BoundaryReadOptions, 'crs' | 'encoding' | 'declaredIn'> = {}): Promise<PolygonFile> {
  const p = await parseFeatureFile(filename, bytes, opts);
  if (p.kind === 'failed') return { format: p.file.format, crs: p.file.crs, encoding: p.file.encoding, fields: p.file.fields, features: [], problem: p.file.problem };
  const fields = [...new Set(p.raw.flatMap((f) => Object.keys(f.properties ?? {})))];
  const chosen = chooseCrs(p.fileCrs, p.fileFrom, opts, firstPosition(p.raw.find((f) => f.geometry)?.geometry ?? null), p.fallback);
  if (typeof chosen === 'string') return { format: p.format, crs: { id: '', label: '', from: '' }, encoding: p.encoding, fields, features: [], problem: chosen };
  const features = p.raw.map((f, i): PolygonFeature => {
    const g = toWgs84(f.geometry, chosen.crs);
    return 'problem' in g
      ? { n: i + 1, properties: f.properties ?? {}, geometry: null, problem: g.problem }
      : { n: i + 1, properties: f.properties ?? {}, geometry: g.geometry, problem: null };
  });
  return { format: p.format, crs: { id: chosen.crs.id, label: chosen.crs.label, from: chosen.from }, encoding: p.encoding, fields, features, problem: null };
}

/** One feature of a point list in WGS84 (a campaign's targets): its attributes and one point, or why it has none. */
export interface PointFeature {
  /** 1-based position in the file. */
  n: number;
  properties: Record<string, unknown>;
  at: [number, number] | null;
  problem: string | null;
}
export type PointFile = Omit<PolygonFile, 'features'> & { features: PointFeature[] };

/**
 * Any layer (GeoJSON, a zipped Shapefile) as one point per feature in WGS84, read with the same CRS rules and
 * encodings as boundaries: the point itself, a line's middle vertex, a polygon's vertex average (a pole, a
 * line, a plot). A campaign's target list (专项整治对象) uses it.
 */
export async function readPointFile(filename: string, bytes: Uint8Array, opts: Pick<BoundaryReadOptions, 'crs' | 'encoding' | 'declaredIn'> = {}): Promise<PointFile> {
  const p = await parseFeatureFile(filename, bytes, opts);
  if (p.kind === 'failed') return { format: p.file.format, crs: p.file.crs, encoding: p.file.encoding, fields: p.file.fields, features: [], problem: p.file.problem };
  const fields = [...new Set(p.raw.flatMap((f) => Object.keys(f.properties ?? {})))];
  const chosen = chooseCrs(p.fileCrs, p.fileFrom, opts, firstPosition(p.raw.find((f) => f.geometry)?.geometry ?? null), p.fallback);
  if (typeof chosen === 'string') return { format: p.format, crs: { id: '', label: '', from: '' }, encoding: p.encoding, fields, features: [], problem: chosen };
  const { crs } = chosen;
  const features = p.raw.map((f, i): PointFeature => {
    const one = (at: [number, number] | null, problem: string | null): PointFeature => ({ n: i + 1, properties: f.properties ?? {}, at, problem });
    const xy = featurePoint(f.geometry);
    if (!xy) return one(null, f.geometry ? `几何类型 ${f.geometry.type} 无法取点` : '没有几何');
    if (!Number.isFinite(xy[0]) || !Number.isFinite(xy[1])) return one(null, '坐标不是数字');
    if (crs.geographic && (Math.abs(xy[0]) > 180 || Math.abs(xy[1]) > 90))
      return one(null, `坐标 (${xy[0]}, ${xy[1]}) 是投影坐标(米),文件却声明为经纬度坐标系 ${crs.id}${guessCrsHint(xy) ? `;${guessCrsHint(xy)}` : ''}`);
    const [lon, lat] = crs.toWgs84(xy);
    if (!insideChina(lon, lat)) return one(null, `坐标 (${xy[0]}, ${xy[1]}) 按 ${crs.id} 换算为 (${lon.toFixed(4)}, ${lat.toFixed(4)}),不在中国境内:坐标系声明有误?`);
    return one([Math.round(lon * 1e8) / 1e8, Math.round(lat * 1e8) / 1e8], null);
  });
  return { format: p.format, crs: { id: crs.id, label: crs.label, from: chosen.from }, encoding: p.encoding, fields, features, problem: null };
}

/** A feature's one point in its own CRS: the point, a line's middle vertex, a polygon's vertex average. */
export function featurePoint(g: { type?: string; coordinates?: unknown } | null | undefined): [number, number] | null {
  if (!g || !Array.isArray(g.coordinates)) return null;
  const c = g.coordinates as unknown[];
  const pt = (p: unknown) => (Array.isArray(p) && p.length >= 2 ? ([Number(p[0]), Number(p[1])] as [number, number]) : null);
  const middle = (line: unknown) => (Array.isArray(line) && line.length ? pt(line[Math.floor(line.length / 2)]) : null);
  const average = (ring: unknown) => {
    if (!Array.isArray(ring) || ring.length < 2) return null;
    const pts = ring.slice(0, -1).map(pt);
    if (pts.some((x) => !x)) return null;
    return [pts.reduce((s, x) => s + x![0], 0) / pts.length, pts.reduce((s, x) => s + x![1], 0) / pts.length] as [number, number];
  };
  if (g.type === 'Point') return pt(c);
  if (g.type === 'MultiPoint') return pt(c[0]);
  if (g.type === 'LineString') return middle(c);
  if (g.type === 'MultiLineString') return middle(c[0]);
  if (g.type === 'Polygon') return average(c[0]);
  if (g.type === 'MultiPolygon') return Array.isArray(c[0]) ? average(c[0][0]) : null;
  return null;
}

function fail(format: BoundaryFile['format'], problem: string, extra: Partial<BoundaryFile> = {}): BoundaryFile {
  return { format, crs: { id: '', label: '', from: '' }, encoding: null, fields: [], codeField: null, nameField: null, features: [], problem, ...extra };
}
const failed = (format: BoundaryFile['format'], problem: string): ParsedFile => ({ kind: 'failed', file: fail(format, problem) });

/** The file's CRS and the declared one: the declared one when the file has none, a problem when they differ. */
function chooseCrs(
  fileCrs: Crs | null,
  fileFrom: string,
  opts: Pick<BoundaryReadOptions, 'crs' | 'declaredIn'>,
  sample: number[] | null,
  fallback: { crs: Crs; from: string } | null,
): { crs: Crs; from: string } | string {
  const declared = opts.crs;
  const how = DECLARE[opts.declaredIn ?? 'cli'];
  const decl = declared ? crsByName(declared) : null;
  if (declared && !decl) return `不支持的坐标系 ${declared}:支持 EPSG:4490、EPSG:4326、EPSG:4513–4554(国家2000 3度带)、EPSG:4491–4512(6度带)、GCJ02`;
  if (fileCrs && decl && fileCrs.id !== 'WKT' && fileCrs.id !== decl.id) return `声明的坐标系 ${decl.id} 与文件自带的 ${fileCrs.id}(${fileFrom})不一致`;
  if (decl) return { crs: decl, from: fileCrs ? `${fileFrom},与声明一致` : how.from };
  if (fileCrs) return { crs: fileCrs, from: fileFrom };
  if (fallback) return fallback;
  const hint = guessCrsHint(sample);
  return `文件没有说明坐标系(Shapefile 缺少 .prj):${how.ask}${hint ? `;${hint}` : ''}`;
}

function firstPosition(g: { type?: string; coordinates?: unknown } | null): number[] | null {
  let c: unknown = g?.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' ? (c as number[]) : null;
}

function pickField(fields: string[], wanted: string | null | undefined, usual: string[], values: Record<string, unknown>[], test?: (v: unknown) => boolean) {
  if (wanted) return fields.find((f) => f === wanted) ?? fields.find((f) => f.toLowerCase() === wanted.toLowerCase()) ?? null;
  for (const u of usual) {
    const f = fields.find((x) => x.trim().toLowerCase() === u);
    if (f) return f;
  }
  if (test) return fields.find((f) => values.length > 0 && values.every((v) => test(v[f]))) ?? null;
  return null;
}

/** Polygons and multipolygons to WGS84 multipolygons; the reason when the geometry cannot be a boundary. */
function toWgs84(g: { type?: string; coordinates?: unknown } | null, crs: Crs): { geometry: BoundaryGeometry } | { problem: string } {
  if (!g) return { problem: '没有几何' };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return { problem: `几何类型为 ${g.type},边界须为面(Polygon/MultiPolygon)` };
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Rings[];
  if (!Array.isArray(polys) || polys.length === 0) return { problem: '几何为空' };
  const first = firstPosition(g);
  if (crs.geographic && first && (Math.abs(first[0]) > 180 || Math.abs(first[1]) > 90))
    return { problem: `坐标 (${first[0]}, ${first[1]}) 是投影坐标(米),文件却声明为经纬度坐标系 ${crs.id}${guessCrsHint(first) ? `;${guessCrsHint(first)}` : ''}` };
  const out: Rings[] = [];
  for (const poly of polys) {
    const rings: Position[][] = [];
    for (const ring of poly) {
      const r: Position[] = [];
      for (const p of ring) {
        if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) return { problem: '坐标不是数字' };
        const [lon, lat] = crs.toWgs84(p);
        if (!insideChina(lon, lat)) return { problem: `坐标 (${p[0]}, ${p[1]}) 按 ${crs.id} 换算为 (${lon.toFixed(4)}, ${lat.toFixed(4)}),不在中国境内:坐标系声明有误?` };
        r.push([Math.round(lon * 1e8) / 1e8, Math.round(lat * 1e8) / 1e8]);
      }
      if (r.length) rings.push(r);
    }
    if (rings.length) out.push(rings);
  }
  if (!out.length) return { problem: '几何为空' };
  return { geometry: { type: 'MultiPolygon', coordinates: out } };
}

function features(
  raw: { properties: Record<string, unknown>; geometry: { type?: string; coordinates?: unknown } | null }[],
  crs: Crs,
  codeField: string,
  nameField: string | null,
) {
  return raw.map((f, i): BoundaryFeature => {
    const rawValue = f.properties[codeField];
    const rawCode = rawValue === null || rawValue === undefined ? null : String(rawValue).trim();
    const parsed = parseDivisionCode(rawCode);
    const name = nameField && f.properties[nameField] !== null && f.properties[nameField] !== undefined ? String(f.properties[nameField]).trim() : null;
    const base = { n: i + 1, rawCode, code: parsed && ['county', 'town', 'village'].includes(parsed.level) ? parsed.code : null, name };
    if (!base.code) return { ...base, geometry: null, problem: `${codeField} 值"${rawCode ?? ''}"不是县、乡镇或村级区划代码` };
    const g = toWgs84(f.geometry, crs);
    return 'problem' in g ? { ...base, geometry: null, problem: g.problem } : { ...base, geometry: g.geometry, problem: null };
  });
}

function assemble(
  format: BoundaryFile['format'],
  raw: { properties: Record<string, unknown>; geometry: { type?: string; coordinates?: unknown } | null }[],
  fileCrs: Crs | null,
  fileFrom: string,
  encoding: string | null,
  opts: BoundaryReadOptions,
  fallback: { crs: Crs; from: string } | null = null,
): BoundaryFile {
  const fields = [...new Set(raw.flatMap((f) => Object.keys(f.properties ?? {})))];
  const chosen = chooseCrs(fileCrs, fileFrom, opts, firstPosition(raw.find((f) => f.geometry)?.geometry ?? null), fallback);
  if (typeof chosen === 'string') return fail(format, chosen, { fields, encoding });
  const crs = { id: chosen.crs.id, label: chosen.crs.label, from: chosen.from };
  const props = raw.map((f) => f.properties ?? {});
  const codeField = pickField(fields, opts.codeField, CODE_FIELDS, props, (v) => parseDivisionCode(v as string) !== null);
  if (!codeField)
    return fail(
      format,
      opts.codeField
        ? `文件中没有字段 ${opts.codeField}(字段:${fields.join('、')})`
        : `找不到区划代码字段(字段:${fields.join('、') || '无'}):${DECLARE[opts.declaredIn ?? 'cli'].codeField}`,
      {
        fields,
        encoding,
        crs,
      },
    );
  const nameField = pickField(fields, opts.nameField, NAME_FIELDS, props);
  return { format, crs, encoding, fields, codeField, nameField, features: features(raw, chosen.crs, codeField, nameField), problem: null };
}

function readGeoJson(bytes: Uint8Array): ParsedFile {
  let doc: { type?: string; features?: unknown[]; crs?: { properties?: { name?: string } }; geometry?: unknown; properties?: unknown };
  try {
    doc = JSON.parse(decodeText(bytes, 'utf-8').text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return failed('geojson', `不是 GeoJSON 文件(也不是 .zip 压缩的 Shapefile):${(e as Error).message}`);
  }
  const raw = (doc.type === 'FeatureCollection' ? (doc.features ?? []) : doc.type === 'Feature' ? [doc] : []) as {
    properties: Record<string, unknown> | null;
    geometry: { type?: string; coordinates?: unknown } | null;
  }[];
  if (!raw.length) return failed('geojson', 'GeoJSON 中没有要素(应为 FeatureCollection)');
  const crsName = doc.crs?.properties?.name;
  let fileCrs: Crs | null = null;
  if (crsName) {
    fileCrs = crsByName(crsName);
    if (!fileCrs) return failed('geojson', `GeoJSON 的 crs 为 ${crsName},不受支持`);
  }
  // RFC 7946: a GeoJSON without a crs member is WGS84 longitude/latitude, unless declared otherwise (GCJ-02 from a web map)
  return {
    kind: 'parsed',
    format: 'geojson',
    raw: raw.map((f) => ({ properties: f.properties ?? {}, geometry: f.geometry })),
    fileCrs,
    fileFrom: crsName ? `GeoJSON 的 crs 成员 ${crsName}` : '',
    encoding: null,
    fallback: { crs: crsByName('EPSG:4326')!, from: 'GeoJSON 未写 crs,按 RFC 7946 为 WGS84' },
  };
}

/** The .dbf's language driver id (byte 29): the code pages Chinese files carry. */
function dbfLanguageDriver(dbf: Uint8Array): string | null {
  const ldid = dbf[29];
  if (ldid === 0x4d) return 'gbk';
  return null;
}

function cpgEncoding(cpg: string): string | null {
  const c = cpg.trim().toLowerCase();
  if (!c) return null;
  if (['gbk', 'cp936', '936', 'gb2312', 'gb18030', 'ansi 936'].includes(c)) return 'gbk';
  if (['utf-8', 'utf8', '65001'].includes(c)) return 'utf-8';
  return c;
}

/** The most a zipped Shapefile may unpack to (its parts together). */
const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;
const TOO_BIG = 'unzipped_too_big';

async function readZippedShapefile(bytes: Uint8Array, opts: BoundaryReadOptions): Promise<ParsedFile> {
  let files: Record<string, Uint8Array>;
  // a zip of zeros may unpack to gigabytes: the sizes its directory declares are added up before anything is inflated
  let unpacked = 0;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        unpacked += f.originalSize;
        if (unpacked > MAX_UNZIPPED_BYTES) throw new Error(TOO_BIG);
        return true;
      },
    });
  } catch (e) {
    if ((e as Error).message === TOO_BIG) return failed('shapefile', `压缩包解压后超过 ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB,请拆分后分批导入`);
    return failed('shapefile', `不是有效的 .zip 文件:${(e as Error).message}`);
  }
  const names = Object.keys(files).filter((n) => !n.endsWith('/') && !/(^|\/)__MACOSX\//.test(n));
  const shps = names.filter((n) => n.toLowerCase().endsWith('.shp'));
  if (shps.length !== 1) return failed('shapefile', shps.length ? `压缩包中有 ${shps.length} 个 .shp:一次导入一个图层` : '压缩包中没有 .shp 文件');
  const stem = shps[0].slice(0, -4);
  const part = (ext: string) => {
    const n = names.find((x) => x.toLowerCase() === `${stem}.${ext}`.toLowerCase());
    return n ? files[n] : null;
  };
  const dbf = part('dbf');
  if (!dbf) return failed('shapefile', `缺少 ${stem}.dbf(属性表)`);
  if (!part('shx')) return failed('shapefile', `缺少 ${stem}.shx(索引文件):请将 .shp、.shx、.dbf、.prj、.cpg 一起压缩`);
  const prj = part('prj');
  const cpg = part('cpg');
  let encoding = opts.encoding ? cpgEncoding(opts.encoding) : cpg ? cpgEncoding(new TextDecoder().decode(cpg)) : dbfLanguageDriver(dbf);
  let encodingFrom = opts.encoding ? '声明' : cpg ? '.cpg' : encoding ? '.dbf 语言驱动' : '';
  if (encoding && encoding !== 'gbk' && encoding !== 'utf-8') return failed('shapefile', `不支持的属性编码 ${encoding}:支持 GBK、UTF-8`);
  if (!encoding) {
    // no declaration: valid UTF-8 is taken as UTF-8, anything else as GBK (what Chinese ArcGIS writes)
    encoding = decodeText(dbf).encoding;
    encodingFrom = '按内容判断';
  }
  let fileCrs: Crs | null = null;
  if (prj) {
    try {
      fileCrs = crsFromWkt(new TextDecoder().decode(prj));
    } catch (e) {
      if (e instanceof CrsRefused) return failed('shapefile', e.message);
      throw e;
    }
  }
  const raw: { properties: Record<string, unknown>; geometry: { type?: string; coordinates?: unknown } | null }[] = [];
  try {
    const source = await shapefile.open(files[shps[0]], dbf, { encoding });
    for (;;) {
      const r = await source.read();
      if (r.done) break;
      raw.push({ properties: r.value.properties ?? {}, geometry: r.value.geometry });
    }
  } catch (e) {
    return failed('shapefile', `Shapefile 无法读取:${(e as Error).message ?? e}`);
  }
  if (!raw.length) return failed('shapefile', 'Shapefile 中没有要素');
  return { kind: 'parsed', format: 'shapefile', raw, fileCrs, fileFrom: prj ? '.prj' : '', encoding: `${encoding.toUpperCase()}(${encodingFrom})`, fallback: null };
}

/**
 * A GeoPackage: its polygon layers (a file with towns and villages as two layers, as the product's own
 * export writes, is read as one set of boundaries), all in one CRS, named in gpkg_spatial_ref_sys by EPSG code
 * or by WKT. Attributes are UTF-8 (SQLite text).
 */
function readGpkg(bytes: Uint8Array): ParsedFile {
  let layers: GpkgLayer[];
  try {
    layers = readGeoPackage(bytes);
  } catch (e) {
    return failed('geopackage', `GeoPackage 无法读取:${(e as Error).message}`);
  }
  const polygons = layers.filter((l) => /POLYGON|GEOMETRY/i.test(l.geometryType) && l.features.some((f) => f.geometry && /Polygon/.test(f.geometry.type)));
  if (!polygons.length) return failed('geopackage', `GeoPackage 中没有面图层(图层:${layers.map((l) => `${l.name}(${l.geometryType})`).join('、') || '无'})`);
  const srsIds = new Set(polygons.map((l) => l.srs.srsId));
  if (srsIds.size > 1)
    return failed(
      'geopackage',
      `GeoPackage 的面图层坐标系不一致(${polygons.map((l) => `${l.name}: ${l.srs.organization ?? ''}:${l.srs.code ?? l.srs.srsId}`).join('、')}):一次导入同一坐标系的图层`,
    );
  const srs = polygons[0].srs;
  let fileCrs: Crs | null = null;
  let from = '';
  try {
    if (srs.organization?.toUpperCase() === 'EPSG' && srs.code) {
      fileCrs = crsByName(`EPSG:${srs.code}`) ?? (srs.definition ? crsFromWkt(srs.definition) : null);
      from = `gpkg_spatial_ref_sys(EPSG:${srs.code})`;
    } else if (srs.definition && srs.definition !== 'undefined') {
      fileCrs = crsFromWkt(srs.definition);
      from = 'gpkg_spatial_ref_sys 的 WKT';
    }
  } catch (e) {
    if (e instanceof CrsRefused) return failed('geopackage', e.message);
    throw e;
  }
  const raw = polygons.flatMap((l) =>
    l.features.map((f) => ({
      properties: Object.fromEntries(Object.entries(f.properties).map(([k, v]) => [k, v instanceof Uint8Array ? null : typeof v === 'bigint' ? String(v) : v])),
      geometry: f.geometry,
    })),
  );
  if (!raw.length) return failed('geopackage', 'GeoPackage 的面图层中没有要素');
  return { kind: 'parsed', format: 'geopackage', raw, fileCrs, fileFrom: from, encoding: 'UTF-8(GeoPackage)', fallback: null };
}
