/**
 * Mapbox Vector Tile 2.1 (https://github.com/mapbox/vector-tile-spec): the tile math of Web Mercator
 * (EPSG:3857) and an encoder of layers whose geometry is already in tile coordinates (0–4096, y down). PGlite's
 * PostGIS is built without protobuf-c, so it has neither ST_AsMVT nor ST_AsMVTGeom: there the tiles are encoded
 * here, from rows the database clipped and moved to the tile grid; on PostgreSQL ST_AsMVT writes them.
 * The protobuf is written by hand: four message types, varints and packed repeated uint32.
 */

export const EXTENT = 4096;
/** Pixels of the tile grid kept around the tile (what ST_AsMVTGeom calls buffer): lines and fills meet at tile edges. */
export const BUFFER = 64;
const R = 6378137;
const HALF = Math.PI * R;

/** A tile's Web Mercator bounds [minX, minY, maxX, maxY] in metres, and its size. */
export function tileBounds(z: number, x: number, y: number) {
  const size = (2 * HALF) / 2 ** z;
  const minX = -HALF + x * size;
  const maxY = HALF - y * size;
  return { minX, minY: maxY - size, maxX: minX + size, maxY, size };
}

/** A tile's bounds in WGS84 longitude/latitude [minLon, minLat, maxLon, maxLat], widened by `pad` of its grid pixels. */
export function tileLonLat(z: number, x: number, y: number, pad = 0): [number, number, number, number] {
  const n = 2 ** z;
  const d = pad / EXTENT;
  const lon = (t: number) => (t / n) * 360 - 180;
  const lat = (t: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * t) / n))) * 180) / Math.PI;
  return [lon(x - d), lat(y + 1 + d), lon(x + 1 + d), lat(y - d)];
}

/** WGS84 lon/lat → integer tile grid coordinates of tile z/x/y. */
export function toTile(z: number, x: number, y: number) {
  const b = tileBounds(z, x, y);
  const k = EXTENT / b.size;
  return (lon: number, lat: number): [number, number] => {
    const mx = (lon * Math.PI * R) / 180;
    const my = R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
    return [Math.round((mx - b.minX) * k), Math.round((b.maxY - my) * k)];
  };
}

export type TileValue = string | number | boolean | null;

export interface TileFeature {
  /** 1 point, 3 polygon */
  type: 1 | 3;
  /** points: [[[x, y]]] (one or more points); polygons: each polygon's rings, exterior first */
  geometry: number[][][][];
  properties: Record<string, TileValue>;
}

export interface TileLayer {
  name: string;
  features: TileFeature[];
}

const utf8 = new TextEncoder();

class Writer {
  buf: Uint8Array;
  pos = 0;
  constructor(size = 1024) {
    this.buf = new Uint8Array(size);
  }
  private room(n: number) {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }
  varint(v: number) {
    this.room(10);
    let n = v;
    while (n > 0x7f) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }
  tag(field: number, wire: number) {
    this.varint((field << 3) | wire);
  }
  bytes(field: number, b: Uint8Array) {
    this.tag(field, 2);
    this.varint(b.length);
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  string(field: number, s: string) {
    this.bytes(field, utf8.encode(s));
  }
  packed(field: number, values: number[]) {
    const w = scratch.reset();
    for (const v of values) w.varint(v);
    this.bytes(field, w.done());
  }
  double(field: number, v: number) {
    this.tag(field, 1);
    this.room(8);
    new DataView(this.buf.buffer).setFloat64(this.pos, v, true);
    this.pos += 8;
  }
  done() {
    return this.buf.subarray(0, this.pos);
  }
  /** Empty again, its buffer kept: the encoder's nested messages reuse one writer each (`bytes` copies them out). */
  reset() {
    this.pos = 0;
    return this;
  }
}
/** The packed arrays' writer (a packed field holds varints only, so it is never nested in itself). */
const scratch = new Writer();

const zigzag = (n: number) => (n << 1) ^ (n >> 31);
const command = (id: number, count: number) => (id & 7) | (count << 3);

/** Twice the signed area in tile coordinates (y down): positive is clockwise on the screen, an exterior ring in MVT. */
function area2(ring: number[][]) {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return a;
}

/** The geometry commands of a feature (MoveTo/LineTo/ClosePath with zigzag deltas). */
function geometryCommands(f: TileFeature): number[] {
  const out: number[] = [];
  let cx = 0;
  let cy = 0;
  const move = (p: number[]) => {
    out.push(zigzag(p[0] - cx), zigzag(p[1] - cy));
    cx = p[0];
    cy = p[1];
  };
  if (f.type === 1) {
    const pts = f.geometry.flat(2) as unknown as number[][];
    out.push(command(1, pts.length));
    for (const p of pts) move(p);
    return out;
  }
  for (const poly of f.geometry)
    poly.forEach((raw, k) => {
      // drop the closing point (ClosePath closes) and repeated points; a ring needs 3 distinct points
      const ring: number[][] = [];
      for (const p of raw.slice(0, raw.length > 1 && raw[0][0] === raw[raw.length - 1][0] && raw[0][1] === raw[raw.length - 1][1] ? -1 : undefined)) {
        const last = ring[ring.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
      }
      if (ring.length < 3) return;
      const a = area2(ring);
      if (a === 0) return;
      // exterior rings clockwise on the screen (positive area in tile coordinates), holes the other way
      if ((k === 0) !== a > 0) ring.reverse();
      out.push(command(1, 1));
      move(ring[0]);
      out.push(command(2, ring.length - 1));
      for (const p of ring.slice(1)) move(p);
      out.push(command(7, 1));
    });
  return out;
}

/** The tile: its layers with their features (an empty layer is left out; no layer at all is an empty tile). */
export function encodeTile(layers: TileLayer[]): Uint8Array {
  const tile = new Writer();
  for (const layer of layers) {
    if (!layer.features.length) continue;
    const keys: string[] = [];
    const keyIndex = new Map<string, number>();
    const values: TileValue[] = [];
    const valueIndex = new Map<string, number>();
    const l = new Writer();
    const fw = new Writer(256);
    const vw = new Writer(64);
    l.tag(15, 0);
    l.varint(2);
    l.string(1, layer.name);
    for (const f of layer.features) {
      const geom = geometryCommands(f);
      if (!geom.length) continue;
      const tags: number[] = [];
      for (const [k, v] of Object.entries(f.properties)) {
        if (v === null || v === undefined) continue;
        let ki = keyIndex.get(k);
        if (ki === undefined) {
          ki = keys.push(k) - 1;
          keyIndex.set(k, ki);
        }
        const vk = `${typeof v}:${v}`;
        let vi = valueIndex.get(vk);
        if (vi === undefined) {
          vi = values.push(v) - 1;
          valueIndex.set(vk, vi);
        }
        tags.push(ki, vi);
      }
      fw.reset();
      if (tags.length) fw.packed(2, tags);
      fw.tag(3, 0);
      fw.varint(f.type);
      fw.packed(4, geom);
      l.bytes(2, fw.done());
    }
    for (const k of keys) l.string(3, k);
    for (const v of values) {
      vw.reset();
      if (typeof v === 'string') vw.string(1, v);
      else if (typeof v === 'boolean') {
        vw.tag(7, 0);
        vw.varint(v ? 1 : 0);
      } else if (Number.isInteger(v) && (v as number) >= 0 && (v as number) < 2 ** 53) {
        vw.tag(5, 0);
        vw.varint(v as number);
      } else vw.double(3, v as number);
      l.bytes(4, vw.done());
    }
    l.tag(5, 0);
    l.varint(EXTENT);
    tile.bytes(3, l.done());
  }
  return tile.done();
}
