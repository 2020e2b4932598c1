/**
 * The frame the city map and the command centre's tile map share: the OpenLayers map on its element, the
 * optional basemap and the case points from GeoJSON.
 */
import { useEffect, useRef, type RefObject } from 'react';
import OlMap from 'ol/Map';
import View from 'ol/View';
import type Feature from 'ol/Feature';
import type Point from 'ol/geom/Point';
import type BaseLayer from 'ol/layer/Base';
import VectorSource from 'ol/source/Vector';
import { defaults as defaultControls, ScaleLine } from 'ol/control';
import type { CaseStatus, CaseSummary, GeoJSONFeatureCollection } from '../api/types';
import { buildTileLayer, geojson, statusDrawRank } from './layers';

/**
 * The map on its element with the city's default view, kept in mapRef; leaving the element calls onLeave.
 * Returns the map and what takes it down again (disposing `owned`: layers that hold resources of their own,
 * such as the WebGL case points).
 */
export function mountCityMap(opts: { mapRef: { current: OlMap | null }; target: HTMLDivElement; layers: BaseLayer[]; owned: BaseLayer[]; onLeave: () => void }) {
  const { mapRef, target, onLeave } = opts;
  const map = new OlMap({
    target,
    layers: opts.layers,
    view: new View({ center: [13478000, 3593000], zoom: 11, minZoom: 8, maxZoom: 19, constrainResolution: false }),
    controls: defaultControls({ rotate: false, attribution: true }).extend([new ScaleLine()]),
  });
  mapRef.current = map;
  // the map object on its element: lets browser tests turn a place into a pixel (getPixelFromCoordinate)
  (target as HTMLDivElement & { olMap?: OlMap }).olMap = map;
  target.addEventListener('pointerleave', onLeave);
  const unmount = () => {
    target.removeEventListener('pointerleave', onLeave);
    map.setTarget(undefined);
    for (const l of opts.owned) l.dispose();
    mapRef.current = null;
  };
  return { map, unmount };
}

/** The basemap's raster tiles under everything, when there is a tile URL. */
export function useBasemap(mapRef: RefObject<OlMap | null>, url: string | null) {
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !url) return;
    const layer = buildTileLayer(url);
    layer.setZIndex(0);
    map.addLayer(layer);
    return () => {
      map.removeLayer(layer);
    };
  }, [url, mapRef]);
}

/** A source that holds the case points, open cases last (drawn on top of closed ones). */
export function useCaseSource(cases: GeoJSONFeatureCollection<CaseSummary>['features']) {
  const source = useRef(new VectorSource<Feature<Point>>()).current;
  useEffect(() => {
    source.clear(true);
    const feats = geojson.readFeatures({ type: 'FeatureCollection', features: cases }) as Feature<Point>[];
    feats.sort((a, b) => statusDrawRank(a.get('status') as CaseStatus) - statusDrawRank(b.get('status') as CaseStatus));
    source.addFeatures(feats);
  }, [cases, source]);
  return source;
}
