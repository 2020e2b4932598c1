/**
 * Writes layers as an OGC GeoPackage 1.3 (.gpkg): the SQLite database QGIS and GDAL prefer to a Shapefile
 * (no 10-character field names, no 2 GB limit, one file). The core tables (gpkg_spatial_ref_sys, gpkg_contents,
 * gpkg_geometry_columns) and one feature table per layer, geometries as GeoPackage binary (header + WKB).
 * The SQLite file itself is written by sqlite-file.ts.
 */
import { sqliteFile, type SqlValue, type SqliteIndex, type SqliteTable } from './sqlite-file.js';
import { chinaDay, extentOf, polygonsOf, type Geometry, type Layer } from './layer.js';
import { WGS84_OGC } from './crs-out.js';

export interface GpkgSrs {
  srsId: number;
  name: string;
  definition: string;
}

const q = (id: string) => `"${id.replaceAll('"', '""')}"`;

/** GeoPackage binary: "GP", version 0, flags (little-endian, envelope for polygons), srs id, envelope, WKB. */
export function gpkgGeometry(g: Geometry, srsId: number): Uint8Array {
  const point = g.type === 'Point';
  const polys = point ? [] : polygonsOf(g);
  const nRings = polys.reduce((a, p) => a + p.length, 0);
  const nPts = polys.reduce((a, p) => a + p.reduce((b, r) => b + r.length, 0), 0);
  const wkbLen = point ? 21 : 9 + polys.length * 9 + nRings * 4 + nPts * 16;
  const headLen = 8 + (point ? 0 : 32);
  const b = new Uint8Array(headLen + wkbLen);
  const dv = new DataView(b.buffer);
  b[0] = 0x47;
  b[1] = 0x50;
  b[2] = 0;
  b[3] = point ? 0b0000_0001 : 0b0000_0011;
  dv.setInt32(4, srsId, true);
  let o = 8;
  if (!point) {
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const p of polys)
      for (const r of p)
        for (const c of r) {
          minX = Math.min(minX, c[0]);
          minY = Math.min(minY, c[1]);
          maxX = Math.max(maxX, c[0]);
          maxY = Math.max(maxY, c[1]);
        }
    for (const v of [minX, maxX, minY, maxY]) {
      dv.setFloat64(o, v, true);
      o += 8;
    }
  }
  const u8 = (v: number) => {
    b[o++] = v;
  };
  const u32 = (v: number) => {
    dv.setUint32(o, v, true);
    o += 4;
  };
  const f64 = (v: number) => {
    dv.setFloat64(o, v, true);
    o += 8;
  };
  if (point) {
    u8(1);
    u32(1);
    f64(g.coordinates[0]);
    f64(g.coordinates[1]);
    return b;
  }
  u8(1);
  u32(6);
  u32(polys.length);
  for (const p of polys) {
    u8(1);
    u32(3);
    u32(p.length);
    for (const r of p) {
      u32(r.length);
      for (const c of r) {
        f64(c[0]);
        f64(c[1]);
      }
    }
  }
  return b;
}

const SQL_TYPE = { text: 'TEXT', integer: 'INTEGER', real: 'REAL', date: 'DATE', boolean: 'BOOLEAN' } as const;

/** The GeoPackage of the layers, all in the one CRS `srs` (its EPSG code as srs_id). */
export function geopackage(layers: Layer[], srs: GpkgSrs): Uint8Array {
  const now = new Date().toISOString().replace(/\.\d+Z$/, '.000Z');
  const srsRows = new Map<number, SqlValue[]>([
    [-1, ['Undefined cartesian SRS', null, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system']],
    [0, ['Undefined geographic SRS', null, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system']],
    [4326, ['WGS 84 geodetic', null, 'EPSG', 4326, WGS84_OGC, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid']],
  ]);
  srsRows.set(srs.srsId, [srs.name, null, 'EPSG', srs.srsId, srs.definition, null]);
  const tables: SqliteTable[] = [
    {
      name: 'gpkg_spatial_ref_sys',
      sql: 'CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition  TEXT NOT NULL, description TEXT)',
      rows: [...srsRows].sort((a, b) => a[0] - b[0]).map(([rowid, values]) => ({ rowid, values })),
    },
    {
      name: 'gpkg_contents',
      sql: "CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))",
      rows: layers.map((l, i) => {
        const e = extentOf(l);
        return { rowid: i + 1, values: [l.name, 'features', l.name, l.title, now, ...(e ? e.map((v) => ({ real: v })) : [null, null, null, null]), srs.srsId] };
      }),
      indexes: [
        { name: 'sqlite_autoindex_gpkg_contents_1', columns: [0] },
        { name: 'sqlite_autoindex_gpkg_contents_2', columns: [2] },
      ] satisfies SqliteIndex[],
    },
    {
      name: 'gpkg_geometry_columns',
      sql: 'CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name), CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))',
      rows: layers.map((l, i) => ({ rowid: i + 1, values: [l.name, 'geom', l.geometryType.toUpperCase(), srs.srsId, 0, 0] })),
      indexes: [
        { name: 'sqlite_autoindex_gpkg_geometry_columns_1', columns: [0, 1] },
        { name: 'sqlite_autoindex_gpkg_geometry_columns_2', columns: [0] },
      ],
    },
  ];
  for (const l of layers) {
    const cols = ['"fid" INTEGER PRIMARY KEY NOT NULL', `"geom" ${l.geometryType.toUpperCase()}`, ...l.fields.map((f) => `${q(f.name)} ${SQL_TYPE[f.type]}`)];
    tables.push({
      name: l.name,
      sql: `CREATE TABLE ${q(l.name)} (${cols.join(', ')})`,
      rows: (function* () {
        let fid = 0;
        for (const ft of l.features) {
          fid++;
          const values: SqlValue[] = [null, ft.geometry ? gpkgGeometry(ft.geometry, srs.srsId) : null];
          l.fields.forEach((f, i) => {
            const v = ft.values[i];
            if (v === null || v === undefined) values.push(null);
            else if (f.type === 'date') values.push(v instanceof Date ? chinaDay(v) : String(v));
            else if (f.type === 'boolean') values.push(v ? 1 : 0);
            else if (f.type === 'real') values.push({ real: Number(v) });
            else if (f.type === 'integer') values.push(Math.round(Number(v)));
            else values.push(String(v));
          });
          yield { rowid: fid, values };
        }
      })(),
    });
  }
  return sqliteFile(tables, { applicationId: 0x47504b47, userVersion: 10300 });
}
