/**
 * Reads the feature layers of a GeoPackage (.gpkg): each layer's name, CRS (EPSG code and WKT from
 * gpkg_spatial_ref_sys) and features with their attributes and geometry as GeoJSON-like objects, decoded from
 * GeoPackage binary (header, optional envelope, then WKB: 2D, Z, M and ZM, ISO or extended codes; Z and M
 * dropped). The SQLite file is read by sqlite-read.ts.
 */
import { openSqlite, SqliteReadError, type SqlCell } from './sqlite-read.js';

export interface GpkgLayer {
  name: string;
  geometryColumn: string;
  geometryType: string;
  srs: { organization: string | null; code: number | null; definition: string | null; srsId: number };
  features: { properties: Record<string, SqlCell>; geometry: { type: string; coordinates: unknown } | null }[];
}

/** WKB → GeoJSON-like geometry (x, y only). */
export function parseWkb(b: Uint8Array, start = 0): { geometry: { type: string; coordinates: unknown }; end: number } {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let o = start;
  const read = (): { type: string; coordinates: unknown } => {
    const le = b[o] === 1;
    o += 1;
    const raw = dv.getUint32(o, le);
    o += 4;
    let dims = 2;
    let base = raw & 0xffff;
    // extended (EWKB-style) flags, then ISO thousands
    if (raw & 0x80000000) dims++;
    if (raw & 0x40000000) dims++;
    if (base >= 3000) {
      dims += 2;
      base -= 3000;
    } else if (base >= 2000) {
      dims += 1;
      base -= 2000;
    } else if (base >= 1000) {
      dims += 1;
      base -= 1000;
    }
    const u32 = () => {
      const v = dv.getUint32(o, le);
      o += 4;
      return v;
    };
    const point = () => {
      const p = [dv.getFloat64(o, le), dv.getFloat64(o + 8, le)];
      o += 8 * dims;
      return p;
    };
    const ring = () => Array.from({ length: u32() }, point);
    switch (base) {
      case 1:
        return { type: 'Point', coordinates: point() };
      case 2:
        return { type: 'LineString', coordinates: ring() };
      case 3:
        return { type: 'Polygon', coordinates: Array.from({ length: u32() }, ring) };
      case 4:
      case 5:
      case 6: {
        const n = u32();
        const parts = Array.from({ length: n }, () => read().coordinates);
        return { type: ['MultiPoint', 'MultiLineString', 'MultiPolygon'][base - 4], coordinates: parts };
      }
      default:
        throw new SqliteReadError(`不支持的几何类型(WKB ${raw})`);
    }
  };
  const geometry = read();
  return { geometry, end: o };
}

/** GeoPackage binary → geometry (null when empty). */
export function parseGpkgGeometry(b: Uint8Array): { type: string; coordinates: unknown } | null {
  if (b[0] !== 0x47 || b[1] !== 0x50) throw new SqliteReadError('几何不是 GeoPackage 二进制格式');
  const flags = b[3];
  if (flags & 0x10) return null;
  const env = (flags >> 1) & 0x7;
  const envBytes = [0, 32, 48, 48, 64][env] ?? 0;
  return parseWkb(b, 8 + envBytes).geometry;
}

/** The feature layers (gpkg_contents data_type 'features'), with every feature. */
export function readGeoPackage(bytes: Uint8Array): GpkgLayer[] {
  const db = openSqlite(bytes);
  const has = (t: string) => db.schema.some((s) => s.type === 'table' && s.name === t);
  if (!has('gpkg_geometry_columns') || !has('gpkg_spatial_ref_sys')) throw new SqliteReadError('SQLite 文件不是 GeoPackage(缺少 gpkg_geometry_columns)');
  const srs = new Map([...db.table('gpkg_spatial_ref_sys')].map((r) => [Number(r.srs_id), r]));
  const contents = has('gpkg_contents') ? new Map([...db.table('gpkg_contents')].map((r) => [String(r.table_name), String(r.data_type)])) : null;
  const layers: GpkgLayer[] = [];
  for (const gc of db.table('gpkg_geometry_columns')) {
    const name = String(gc.table_name);
    const dataType = contents?.get(name);
    if (dataType && dataType !== 'features') continue;
    const column = String(gc.column_name);
    const s = srs.get(Number(gc.srs_id));
    const features: GpkgLayer['features'] = [];
    for (const row of db.table(name)) {
      const { [column]: g, ...props } = row;
      features.push({ properties: props, geometry: g instanceof Uint8Array ? parseGpkgGeometry(g) : null });
    }
    layers.push({
      name,
      geometryColumn: column,
      geometryType: String(gc.geometry_type_name),
      srs: {
        srsId: Number(gc.srs_id),
        organization: s ? String(s.organization) : null,
        code: s ? Number(s.organization_coordsys_id) : null,
        definition: s?.definition === null || s?.definition === undefined ? null : String(s.definition),
      },
      features,
    });
  }
  return layers;
}
