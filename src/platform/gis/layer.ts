/**
 * A layer of features to write out as a GIS file (Shapefile, GeoPackage): its fields in order and its
 * features, geometry already in the output CRS.
 */

export type Geometry = { type: 'Point'; coordinates: number[] } | { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export type FieldValue = string | number | boolean | Date | null;

export interface LayerField {
  /** the column's name: ASCII, at most 10 characters (what a Shapefile's .dbf allows) */
  name: string;
  /** what a reader sees (zh-CN) */
  title: string;
  type: 'text' | 'integer' | 'real' | 'date' | 'boolean';
  /** decimals of a real (the .dbf's numeric width) */
  decimals?: number;
}

export interface Layer {
  name: string;
  /** zh-CN, for the GeoPackage's contents */
  title: string;
  geometryType: 'Point' | 'MultiPolygon';
  fields: LayerField[];
  features: { geometry: Geometry | null; values: FieldValue[] }[];
}

/** Polygons as a list of polygons (a Polygon is a MultiPolygon of one). */
export function polygonsOf(g: Geometry): number[][][][] {
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}

/** Twice the signed area of a ring (positive: counter-clockwise with y up). */
export function ringArea2(ring: number[][]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return -a;
}

/** A China day (UTC+8) as YYYY-MM-DD. */
export const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** The features' extent [minX, minY, maxX, maxY], or null when none has a geometry. */
export function extentOf(layer: Layer): [number, number, number, number] | null {
  let e: [number, number, number, number] | null = null;
  const add = (p: number[]) => {
    if (!e) e = [p[0], p[1], p[0], p[1]];
    else {
      if (p[0] < e[0]) e[0] = p[0];
      if (p[1] < e[1]) e[1] = p[1];
      if (p[0] > e[2]) e[2] = p[0];
      if (p[1] > e[3]) e[3] = p[1];
    }
  };
  for (const f of layer.features) {
    if (!f.geometry) continue;
    if (f.geometry.type === 'Point') add(f.geometry.coordinates);
    else for (const poly of polygonsOf(f.geometry)) for (const ring of poly) for (const p of ring) add(p);
  }
  return e;
}
