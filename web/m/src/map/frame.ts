/**
 * How the patrol map frames the inspector's surroundings, shared by the OpenLayers map (PatrolMap, a
 * lazily loaded chunk) and the points drawn before it (PointsPreview, in the first screen's chunk), so
 * both show the same view: the 500 m circle fitted inside the map, clear of the overlays.
 */

/** Room the overlays take at the map's edges (px: top, right, bottom, left): the GPS chip and 回到我的位置 above, the 周边 chip below. */
export const AROUND_PADDING: [number, number, number, number] = [64, 14, 84, 14];

const R = 6378137;

/** A ground distance in metres is 1/cos(lat) longer in Web Mercator units. */
export const mercatorScale = (lat: number) => 1 / Math.cos((lat * Math.PI) / 180);

/** Web Mercator (EPSG:3857) of a WGS84 point, as OpenLayers' fromLonLat. */
export function toMercator(lon: number, lat: number): [number, number] {
  const y = Math.log(Math.tan(Math.PI / 4 + (Math.max(-85, Math.min(85, lat)) * Math.PI) / 360));
  return [(R * lon * Math.PI) / 180, R * y];
}

/**
 * The view that fits a circle of `radiusM` metres around `center` into a map of `width`×`height` px
 * with AROUND_PADDING, as OpenLayers' view.fit(extent, { padding }) computes it: the map units per
 * pixel and the pixel of the centre. Returns a function placing any WGS84 point on the map.
 */
export function aroundFrame(width: number, height: number, center: { lon: number; lat: number }, radiusM: number) {
  const [top, right, bottom, left] = AROUND_PADDING;
  const r = radiusM * mercatorScale(center.lat);
  const resolution = Math.max((2 * r) / Math.max(1, width - left - right), (2 * r) / Math.max(1, height - top - bottom));
  const cx = left + (width - left - right) / 2;
  const cy = top + (height - top - bottom) / 2;
  const [mx, my] = toMercator(center.lon, center.lat);
  return {
    /** the circle's radius in px */
    radiusPx: r / resolution,
    cx,
    cy,
    place(lon: number, lat: number): [number, number] {
      const [x, y] = toMercator(lon, lat);
      return [cx + (x - mx) / resolution, cy - (y - my) / resolution];
    },
  };
}
