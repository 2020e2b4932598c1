import { useEffect, useRef } from 'react';
import OlMap from 'ol/Map';
import View from 'ol/View';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import { defaults as defaultControls, ScaleLine } from 'ol/control';
import { fromLonLat } from 'ol/proj';
import { Fill, Stroke, Style, Text } from 'ol/style';
import type { CaseStatus, GeoJSONFeatureCollection } from '../api/types';
import type { DivisionProps } from '../api/endpoints';
import { buildBoundaryLayers, buildTileLayer, casePointStyle } from './layers';

export interface AlertCasesMapProps {
  /** The alert's cases: their points, labelled with their numbers when there are several. */
  cases: { id: string; caseNo: string; status: CaseStatus; lon: number; lat: number }[];
  boundaries: GeoJSONFeatureCollection<DivisionProps> | null;
  tileUrl: string | null;
}

const labelStyle = (text: string) =>
  new Style({
    text: new Text({
      text,
      offsetY: -16,
      font: '12px sans-serif',
      fill: new Fill({ color: '#262626' }),
      stroke: new Stroke({ color: '#fff', width: 3 }),
    }),
  });

/** A small map of an alert's cases (the case page's mini map, for one case or several), fitted to their points. */
export default function AlertCasesMap({ cases, boundaries, tileUrl }: AlertCasesMapProps) {
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!el.current || !cases.length) return;
    const caseSource = new VectorSource();
    for (const c of cases) caseSource.addFeature(new Feature({ geometry: new Point(fromLonLat([c.lon, c.lat])), status: c.status, caseNo: c.caseNo }));
    const layers = [];
    if (tileUrl) layers.push(buildTileLayer(tileUrl));
    if (boundaries) {
      const b = buildBoundaryLayers(boundaries, { withBasemap: !!tileUrl });
      layers.push(b.villageLayer, b.townLayer, b.labelLayer);
    }
    const several = cases.length > 1;
    layers.push(
      new VectorLayer({
        source: caseSource,
        style: (f) => {
          const point = casePointStyle(f.get('status') as CaseStatus, 8);
          return several ? [point, labelStyle(String(f.get('caseNo')))] : [point];
        },
      }),
    );
    const map = new OlMap({
      target: el.current,
      layers,
      view: new View({ center: fromLonLat([cases[0].lon, cases[0].lat]), zoom: 14.5, minZoom: 9, maxZoom: 19 }),
      controls: defaultControls({ rotate: false, attribution: !!tileUrl }).extend([new ScaleLine()]),
    });
    const extent = caseSource.getExtent();
    if (several && extent) map.getView().fit(extent, { padding: [50, 50, 50, 50], maxZoom: 16 });
    return () => map.setTarget(undefined);
  }, [cases, boundaries, tileUrl]);

  return <div ref={el} className="case-map" data-testid="alert-map" />;
}
