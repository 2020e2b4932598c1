/**
 * Writes a layer as an ESRI Shapefile (.shp .shx .dbf, with .prj and .cpg) zipped into one file: the format
 * every Chinese GIS office's software opens (ArcGIS, QGIS, SuperMap, GDAL). Attributes are UTF-8 and the
 * .cpg says so; field names are the layer's ASCII names (a .dbf allows 10 characters), and fields.txt (字段说明) in
 * the zip maps each to its zh-CN title. Polygons are written with outer rings clockwise and holes
 * counter-clockwise, as the format requires.
 */
import { zipSync } from 'fflate';
import { chinaDay, extentOf, polygonsOf, ringArea2, type FieldValue, type Layer, type LayerField } from './layer.js';

const enc = new TextEncoder();

interface DbfField {
  name: string;
  type: 'C' | 'N' | 'L' | 'D';
  width: number;
  decimals: number;
}

/** Cuts UTF-8 text to at most `max` bytes without splitting a character. */
function utf8Cut(s: string, max: number): Uint8Array {
  const b = enc.encode(s);
  if (b.length <= max) return b;
  let n = max;
  while (n > 0 && (b[n] & 0xc0) === 0x80) n--;
  return b.subarray(0, n);
}

function numText(v: number, f: DbfField) {
  return f.decimals ? v.toFixed(f.decimals) : String(Math.round(v));
}

/** Each field's .dbf type and width, from the values it holds (text as wide as its longest value, ≤ 254 bytes). */
function dbfFields(layer: Layer): DbfField[] {
  return layer.fields.map((lf: LayerField, i) => {
    // 1/0 rather than a logical field: GDAL and QGIS read a logical field as text, a number as an integer
    if (lf.type === 'boolean') return { name: lf.name, type: 'N', width: 1, decimals: 0 };
    if (lf.type === 'date') return { name: lf.name, type: 'D', width: 8, decimals: 0 };
    if (lf.type === 'integer' || lf.type === 'real') {
      const decimals = lf.type === 'real' ? (lf.decimals ?? 3) : 0;
      const f: DbfField = { name: lf.name, type: 'N', width: 1, decimals };
      let w = decimals ? decimals + 2 : 1;
      for (const ft of layer.features) {
        const v = ft.values[i];
        if (typeof v === 'number' && Number.isFinite(v)) w = Math.max(w, numText(v, f).length);
      }
      return { ...f, width: Math.min(w, 19) };
    }
    let w = 1;
    for (const ft of layer.features) {
      const v = ft.values[i];
      if (v !== null && v !== undefined) w = Math.max(w, enc.encode(String(v)).length);
    }
    return { name: lf.name, type: 'C', width: Math.min(w, 254), decimals: 0 };
  });
}

function dbf(layer: Layer): Uint8Array {
  const fields = dbfFields(layer);
  const headerLen = 32 + 32 * fields.length + 1;
  const recordLen = 1 + fields.reduce((a, f) => a + f.width, 0);
  const n = layer.features.length;
  const out = new Uint8Array(headerLen + recordLen * n + 1);
  const dv = new DataView(out.buffer);
  const now = new Date();
  out[0] = 0x03;
  out[1] = now.getUTCFullYear() - 1900;
  out[2] = now.getUTCMonth() + 1;
  out[3] = now.getUTCDate();
  dv.setUint32(4, n, true);
  dv.setUint16(8, headerLen, true);
  dv.setUint16(10, recordLen, true);
  fields.forEach((f, i) => {
    const o = 32 + i * 32;
    out.set(enc.encode(f.name.slice(0, 10)), o);
    out[o + 11] = f.type.charCodeAt(0);
    out[o + 16] = f.width;
    out[o + 17] = f.decimals;
  });
  out[headerLen - 1] = 0x0d;
  out.fill(0x20, headerLen, headerLen + recordLen * n);
  let o = headerLen;
  for (const ft of layer.features) {
    let p = o + 1; // deletion flag stays ' '
    fields.forEach((f, i) => {
      const v: FieldValue = ft.values[i];
      let text: Uint8Array | null = null;
      if (v === null || v === undefined) {
        if (f.type === 'L') text = enc.encode('?');
      } else if (f.type === 'L') text = enc.encode(v ? 'T' : 'F');
      else if (f.type === 'D') text = v instanceof Date ? enc.encode(chinaDay(v).replaceAll('-', '')) : null;
      else if (f.type === 'N') {
        if (typeof v === 'boolean') text = enc.encode(v ? '1' : '0');
        else if (typeof v === 'number' && Number.isFinite(v)) {
          const s = numText(v, f);
          // numbers are right-aligned
          text = enc.encode(s.length > f.width ? s.slice(0, f.width) : s.padStart(f.width, ' '));
        }
      } else text = utf8Cut(String(v), f.width);
      if (text) out.set(text, p);
      p += f.width;
    });
    o += recordLen;
  }
  out[out.length - 1] = 0x1a;
  return out;
}

/** The .shp and .shx of the layer's geometries (points, or polygons). */
function shpShx(layer: Layer): { shp: Uint8Array; shx: Uint8Array } {
  const shapeType = layer.geometryType === 'Point' ? 1 : 5;
  const contents: Uint8Array[] = layer.features.map((f) => {
    const g = f.geometry;
    if (!g) {
      const b = new Uint8Array(4);
      return b; // null shape: type 0
    }
    if (g.type === 'Point') {
      const b = new Uint8Array(20);
      const dv = new DataView(b.buffer);
      dv.setInt32(0, 1, true);
      dv.setFloat64(4, g.coordinates[0], true);
      dv.setFloat64(12, g.coordinates[1], true);
      return b;
    }
    const rings: number[][][] = [];
    for (const poly of polygonsOf(g))
      poly.forEach((ring, k) => {
        const ccw = ringArea2(ring) > 0;
        // outer rings clockwise, holes counter-clockwise
        rings.push((k === 0) === ccw ? [...ring].reverse() : ring);
      });
    const nPoints = rings.reduce((a, r) => a + r.length, 0);
    const b = new Uint8Array(44 + 4 * rings.length + 16 * nPoints);
    const dv = new DataView(b.buffer);
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const r of rings)
      for (const p of r) {
        minX = Math.min(minX, p[0]);
        minY = Math.min(minY, p[1]);
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[1]);
      }
    dv.setInt32(0, 5, true);
    [minX, minY, maxX, maxY].forEach((v, i) => dv.setFloat64(4 + i * 8, v, true));
    dv.setInt32(36, rings.length, true);
    dv.setInt32(40, nPoints, true);
    let start = 0;
    let o = 44 + 4 * rings.length;
    rings.forEach((r, i) => {
      dv.setInt32(44 + i * 4, start, true);
      start += r.length;
      for (const p of r) {
        dv.setFloat64(o, p[0], true);
        dv.setFloat64(o + 8, p[1], true);
        o += 16;
      }
    });
    return b;
  });
  const shpLen = 100 + contents.reduce((a, c) => a + 8 + c.length, 0);
  const shp = new Uint8Array(shpLen);
  const shx = new Uint8Array(100 + 8 * contents.length);
  const ext = extentOf(layer) ?? [0, 0, 0, 0];
  for (const [buf, len] of [
    [shp, shpLen],
    [shx, shx.length],
  ] as const) {
    const dv = new DataView(buf.buffer);
    dv.setInt32(0, 9994);
    dv.setInt32(24, len / 2);
    dv.setInt32(28, 1000, true);
    dv.setInt32(32, shapeType, true);
    ext.forEach((v, i) => dv.setFloat64(36 + i * 8, v, true));
  }
  const sdv = new DataView(shp.buffer);
  const xdv = new DataView(shx.buffer);
  let o = 100;
  contents.forEach((c, i) => {
    sdv.setInt32(o, i + 1);
    sdv.setInt32(o + 4, c.length / 2);
    shp.set(c, o + 8);
    xdv.setInt32(100 + i * 8, o / 2);
    xdv.setInt32(104 + i * 8, c.length / 2);
    o += 8 + c.length;
  });
  return { shp, shx };
}

/**
 * The layer as a zip of one Shapefile named after the layer (`cases.shp` …) with its .prj (`prjWkt`, ESRI
 * WKT), a .cpg (UTF-8) and fields.txt (字段说明: each field's name, zh-CN title and type; `notes` above them).
 */
export function shapefileZip(layer: Layer, prjWkt: string, notes: string[] = []): Uint8Array {
  const { shp, shx } = shpShx(layer);
  const fields = dbfFields(layer);
  const typeText = { C: '文本', N: '数值', L: '是/否', D: '日期' } as const;
  const typeOf = (i: number) => (layer.fields[i].type === 'boolean' ? '1 = 是,0 = 否' : typeText[fields[i].type]);
  const readme = [
    ...notes,
    '',
    '字段名\t含义\t类型',
    ...layer.fields.map((f, i) => `${f.name}\t${f.title}\t${typeOf(i)}${fields[i].type === 'N' && fields[i].decimals ? `(${fields[i].decimals} 位小数)` : ''}`),
    '',
  ].join('\r\n');
  return zipSync(
    {
      [`${layer.name}.shp`]: shp,
      [`${layer.name}.shx`]: shx,
      [`${layer.name}.dbf`]: dbf(layer),
      [`${layer.name}.prj`]: enc.encode(prjWkt),
      [`${layer.name}.cpg`]: enc.encode('UTF-8'),
      'fields.txt': enc.encode(`\ufeff${readme}`),
    },
    { level: 6 },
  );
}
