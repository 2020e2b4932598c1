/**
 * Server-side clusters of cases (a view with many cases): a blue disc with the count, drawn over the case
 * points; a click on one zooms into its extent. Shared by the city map and the command centre's tile map.
 */
import { useEffect, useRef } from 'react';
import type OlMap from 'ol/Map';
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import type BaseLayer from 'ol/layer/Base';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import type { Pixel } from 'ol/pixel';
import { fromLonLat, transformExtent } from 'ol/proj';
import { Circle as CircleStyle, Fill, Stroke, Style, Text } from 'ol/style';
import type { Bbox } from './fit';

export interface ClusterItem {
  lon: number;
  lat: number;
  count: number;
  bbox: Bbox;
}

const clusterStyle = (n: number) =>
  new Style({
    image: new CircleStyle({
      radius: Math.min(30, 11 + Math.log10(n) * 7),
      fill: new Fill({ color: 'rgba(20, 86, 200, 0.78)' }),
      stroke: new Stroke({ color: 'rgba(255,255,255,0.9)', width: 2 }),
    }),
    text: new Text({ text: n >= 10000 ? `${(n / 10000).toFixed(1)}万` : String(n), fill: new Fill({ color: '#fff' }), font: '600 12px sans-serif' }),
  });

/** A source that holds the clusters as points (their count and bbox as properties). */
export function useClusterSource(clusters: ClusterItem[] | undefined) {
  const source = useRef(new VectorSource<Feature<Point>>()).current;
  useEffect(() => {
    source.clear(true);
    source.addFeatures((clusters ?? []).map((c) => new Feature({ geometry: new Point(fromLonLat([c.lon, c.lat])), count: c.count, bbox: c.bbox })));
  }, [clusters, source]);
  return source;
}

/** The clusters' layer, above the case points; maxZoom: the zoom up to which it is shown. */
export function buildClusterLayer(source: VectorSource<Feature<Point>>, maxZoom?: number) {
  const layer = new VectorLayer({ source, style: (f) => clusterStyle(f.get('count') as number), maxZoom, properties: { name: 'clusters' } });
  layer.setZIndex(21);
  return layer;
}

/** A click on a cluster zooms into it: true when there was one at the pixel. */
export function zoomIntoCluster(map: OlMap, layer: BaseLayer, pixel: Pixel): boolean {
  const cl = map.forEachFeatureAtPixel(pixel, (f) => f, { layerFilter: (l) => l === layer, hitTolerance: 2 });
  if (!cl) return false;
  const b = cl.get('bbox') as Bbox;
  map.getView().fit(transformExtent(b, 'EPSG:4326', 'EPSG:3857'), { padding: [60, 60, 60, 60], duration: 300, maxZoom: 17 });
  return true;
}
