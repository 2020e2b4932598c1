/**
 * The polygon selection (圈选): drawing a ring on the map and showing the chosen one. Shared by the city map
 * and the command centre's tile map.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type OlMap from 'ol/Map';
import Feature from 'ol/Feature';
import Polygon from 'ol/geom/Polygon';
import Draw from 'ol/interaction/Draw';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import { fromLonLat, toLonLat } from 'ol/proj';
import { Fill, Stroke, Style } from 'ol/style';

const polygonStyle = new Style({ stroke: new Stroke({ color: '#1456c8', width: 2, lineDash: [6, 4] }), fill: new Fill({ color: 'rgba(20,86,200,0.08)' }) });

/** A source that holds the polygon selection (a ring in WGS84), when it has three points or more. */
export function usePolygonSource(polygon: [number, number][] | null | undefined) {
  const source = useRef(new VectorSource()).current;
  useEffect(() => {
    source.clear(true);
    if (polygon && polygon.length >= 3) source.addFeature(new Feature({ geometry: new Polygon([polygon.map((p) => fromLonLat(p))]) }));
  }, [polygon, source]);
  return source;
}

/** The polygon selection's layer, under the selection ring and the case points. */
export function buildPolygonLayer(source: VectorSource) {
  const layer = new VectorLayer({ source, style: polygonStyle, properties: { name: 'polygon' } });
  layer.setZIndex(18);
  return layer;
}

/**
 * While `drawing`, a click-by-click polygon on the map; the ring (WGS84, 6 decimals) goes to onDrawn. The
 * interaction is kept in drawRef, so the map's clicks can leave it alone while it is on.
 */
export function usePolygonDraw(
  mapRef: RefObject<OlMap | null>,
  drawRef: { current: Draw | null },
  drawing: boolean | undefined,
  onDrawn: ((ring: [number, number][]) => void) | undefined,
) {
  const onDrawnRef = useRef(onDrawn);
  onDrawnRef.current = onDrawn;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !drawing) return;
    const draw = new Draw({ source: new VectorSource(), type: 'Polygon', style: polygonStyle });
    draw.on('drawend', (e) => {
      const g = e.feature.getGeometry() as Polygon;
      const ring = g.getCoordinates()[0].map((c) => toLonLat(c).map((v) => Math.round(v * 1e6) / 1e6) as [number, number]);
      onDrawnRef.current?.(ring);
    });
    map.addInteraction(draw);
    drawRef.current = draw;
    return () => {
      map.removeInteraction(draw);
      drawRef.current = null;
    };
  }, [drawing]);
}
