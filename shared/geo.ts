/** Plane geometry on lon/lat positions, pure: used by the server's demo city, its generator script and the patrol app. */

/** A ring of [x, y] positions (lon/lat), closed or not. */
export type Ring = number[][];

/** Ray casting: whether (x, y) lies inside the ring. */
export function inRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether (x, y) lies inside a polygon's outer ring and outside its holes. */
export function inPolygon(x: number, y: number, rings: Ring[]): boolean {
  return rings.length > 0 && inRing(x, y, rings[0]) && !rings.slice(1).some((h) => inRing(x, y, h));
}

/** Whether (x, y) lies inside one of a multipolygon's polygons (holes respected). */
export function inMultiPolygon(x: number, y: number, mp: Ring[][]): boolean {
  return mp.some((rings) => inPolygon(x, y, rings));
}
