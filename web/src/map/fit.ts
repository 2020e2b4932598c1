/**
 * Fitting the city map's view to a division, and telling the page which view it shows (bbox in WGS84, zoom),
 * so the page can ask for the cases in it. Shared by the city map and the command centre's tile map.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type OlMap from 'ol/Map';
import MultiPolygon from 'ol/geom/MultiPolygon';
import type Geometry from 'ol/geom/Geometry';
import { createEmpty, extend, isEmpty, type Extent } from 'ol/extent';
import { transformExtent } from 'ol/proj';
import type { GeoJSONFeatureCollection } from '../api/types';
import type { DivisionProps } from '../api/endpoints';
import { geojson } from './layers';

export type Bbox = [number, number, number, number];

/** Extent of a polygon without its tiny outlying parts (offshore islets would otherwise shrink the whole city). */
function mainExtent(g: Geometry | undefined): Extent {
  if (!g) return createEmpty();
  if (g instanceof MultiPolygon) {
    const polys = g.getPolygons();
    const areas = polys.map((p) => p.getArea());
    const max = Math.max(...areas);
    const ext = createEmpty();
    polys.forEach((p, i) => {
      if (areas[i] >= max * 0.05) extend(ext, p.getExtent());
    });
    return ext;
  }
  return g.getExtent();
}

/**
 * What the map fits to: the focus division (a town or village), or all towns; read from the boundaries'
 * GeoJSON itself, so the fitted view (and the cases of it) can be asked for before the boundary layers
 * are built.
 */
export function fitExtent(boundaries: GeoJSONFeatureCollection<DivisionProps>, focusCode: string | null | undefined): Extent {
  const divisions = boundaries.features.filter((f) => f.properties.level === 'town' || f.properties.level === 'village');
  const focus = focusCode ? divisions.filter((f) => String(f.properties.code) === focusCode) : [];
  const chosen = focus.length ? focus : divisions.filter((f) => f.properties.level === 'town');
  const ext: Extent = createEmpty();
  for (const f of chosen) extend(ext, mainExtent(geojson.readGeometry(f.geometry) ?? undefined));
  return ext;
}

/**
 * A stable function that tells onView the map's view (bbox in WGS84, zoom) once per distinct view, when the
 * map has a size; the map calls it at each moveend.
 */
export function useViewReport(mapRef: RefObject<OlMap | null>, onView: ((bbox: Bbox, zoom: number) => void) | undefined): () => void {
  const onViewRef = useRef(onView);
  onViewRef.current = onView;
  const lastView = useRef('');
  return useRef(() => {
    const map = mapRef.current;
    const size = map?.getSize();
    if (!map || !size?.[0] || !size[1]) return;
    const ext = transformExtent(map.getView().calculateExtent(size), 'EPSG:3857', 'EPSG:4326');
    const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
    const bbox: Bbox = [clamp(ext[0], -180, 180), clamp(ext[1], -90, 90), clamp(ext[2], -180, 180), clamp(ext[3], -90, 90)];
    const zoom = map.getView().getZoom() ?? 11;
    const key = `${bbox.join(',')}@${zoom}`;
    if (key === lastView.current) return;
    lastView.current = key;
    onViewRef.current?.(bbox, zoom);
  }).current;
}

/**
 * Fits the map to the focus division (or all towns) from the boundaries' GeoJSON, again when fitToken is
 * bumped; the first fit reports its view at once (see useViewReport).
 */
export function useFitToFocus(
  mapRef: RefObject<OlMap | null>,
  boundaries: GeoJSONFeatureCollection<DivisionProps> | null,
  focusCode: string | null | undefined,
  fitToken: number | undefined,
  emitView: () => void,
) {
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !boundaries) return;
    const ext = fitExtent(boundaries, focusCode);
    if (isEmpty(ext)) return;
    map.getView().fit(ext, { padding: [40, 40, 40, 40], duration: fitToken ? 300 : 0 });
    // report the fitted view now rather than at the moveend after the map has drawn (a fit in the same
    // frame as the first render, or one that does not move the map, brings no moveend of its own)
    if (!fitToken) {
      if (map.getSize()) emitView();
      else map.once('postrender', () => emitView());
    }
  }, [boundaries, focusCode, fitToken]);
}
