import { useEffect, useRef } from 'react';
import OlMap from 'ol/Map';
import View from 'ol/View';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import { defaults as defaultControls, ScaleLine } from 'ol/control';
import { fromLonLat } from 'ol/proj';
import { Fill, Stroke, Style } from 'ol/style';
import type { CaseStatus, GeoJSONFeatureCollection, GeoJSONGeometry } from '../api/types';
import type { DivisionProps } from '../api/endpoints';
import { buildBoundaryLayers, buildTileLayer, casePointStyle, geojson } from './layers';

export interface CaseMiniMapProps {
  lon: number;
  lat: number;
  status: CaseStatus;
  footprint: GeoJSONGeometry | null;
  boundaries: GeoJSONFeatureCollection<DivisionProps> | null;
  tileUrl: string | null;
}

const footprintStyle = new Style({
  fill: new Fill({ color: 'rgba(245,34,45,0.18)' }),
  stroke: new Stroke({ color: '#f5222d', width: 2 }),
});

export default function CaseMiniMap({ lon, lat, status, footprint, boundaries, tileUrl }: CaseMiniMapProps) {
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!el.current) return;
    const center = fromLonLat([lon, lat]);
    const caseSource = new VectorSource();
    caseSource.addFeature(new Feature({ geometry: new Point(center) }));
    const fpSource = new VectorSource();
    if (footprint) fpSource.addFeatures(geojson.readFeatures({ type: 'Feature', geometry: footprint, properties: {} }));
    const layers = [];
    if (tileUrl) layers.push(buildTileLayer(tileUrl));
    if (boundaries) {
      const b = buildBoundaryLayers(boundaries, { withBasemap: !!tileUrl });
      layers.push(b.villageLayer, b.townLayer, b.labelLayer);
    }
    layers.push(new VectorLayer({ source: fpSource, style: footprintStyle }));
    layers.push(new VectorLayer({ source: caseSource, style: () => [casePointStyle(status, 8)] }));

    const map = new OlMap({
      target: el.current,
      layers,
      view: new View({ center, zoom: 14.5, minZoom: 9, maxZoom: 19 }),
      controls: defaultControls({ rotate: false, attribution: !!tileUrl }).extend([new ScaleLine()]),
    });
    const fpExtent = footprint && !fpSource.isEmpty() ? fpSource.getExtent() : null;
    if (fpExtent) map.getView().fit(fpExtent, { padding: [50, 50, 50, 50], maxZoom: 18 });
    return () => map.setTarget(undefined);
  }, [lon, lat, status, footprint, boundaries, tileUrl]);

  return <div ref={el} className="case-map" data-testid="case-map" />;
}
