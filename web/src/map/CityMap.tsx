import { useEffect, useRef, useState } from 'react';
import OlMap from 'ol/Map';
import View from 'ol/View';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import type Point from 'ol/geom/Point';
import MultiPolygon from 'ol/geom/MultiPolygon';
import type Geometry from 'ol/geom/Geometry';
import { defaults as defaultControls, ScaleLine } from 'ol/control';
import { createEmpty, extend, isEmpty, type Extent } from 'ol/extent';
import type { CaseStatus, CaseSummary, GeoJSONFeatureCollection } from '../api/types';
import type { DivisionProps } from '../api/endpoints';
import { buildBoundaryLayers, buildCasePointLayer, buildTileLayer, geojson, pointRadiusFor, selectedStyle, statusDrawRank } from './layers';

export interface CityMapProps {
  boundaries: GeoJSONFeatureCollection<DivisionProps> | null;
  inJurisdiction?: Set<string>;
  /** The division whose extent the map fits to (the user's jurisdiction, or the town filter). */
  focusCode?: string | null;
  cases: GeoJSONFeatureCollection<CaseSummary>['features'];
  tileUrl: string | null;
  selectedId: string | null;
  onSelect: (c: CaseSummary | null) => void;
  /** Bumped to re-fit the map to the focus division. */
  fitToken?: number;
}

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

interface Hover {
  x: number;
  y: number;
  text: string;
}

export default function CityMap(props: CityMapProps) {
  const { boundaries, inJurisdiction, focusCode, cases, tileUrl, selectedId, onSelect, fitToken } = props;
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<OlMap | null>(null);
  const caseSource = useRef(new VectorSource<Feature<Point>>());
  const selSource = useRef(new VectorSource<Feature<Point>>());
  const boundaryLayers = useRef<ReturnType<typeof buildBoundaryLayers> | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const [hover, setHover] = useState<Hover | null>(null);

  // the map itself, once
  useEffect(() => {
    if (!el.current) return;
    const pointLayer = buildCasePointLayer(caseSource.current);
    const selLayer = new VectorLayer({
      source: selSource.current,
      style: (_f, res) => selectedStyle(pointRadiusFor(res)),
      properties: { name: 'selection' },
    });
    pointLayer.setZIndex(20);
    selLayer.setZIndex(19);
    const map = new OlMap({
      target: el.current,
      layers: [selLayer, pointLayer],
      view: new View({ center: [13478000, 3593000], zoom: 11, minZoom: 8, maxZoom: 19, constrainResolution: false }),
      controls: defaultControls({ rotate: false, attribution: true }).extend([new ScaleLine()]),
    });
    mapRef.current = map;

    map.on('pointermove', (e) => {
      if (e.dragging) return;
      const f = map.forEachFeatureAtPixel(e.pixel, (feat) => feat, { layerFilter: (l) => l === pointLayer, hitTolerance: 3 });
      const target = map.getTargetElement();
      if (!target) return;
      if (f) {
        target.style.cursor = 'pointer';
        setHover({ x: e.pixel[0], y: e.pixel[1], text: `${f.get('caseNo')} · ${f.get('divisionName') ?? ''}` });
      } else {
        target.style.cursor = '';
        setHover(null);
      }
    });
    map.on('click', (e) => {
      const f = map.forEachFeatureAtPixel(e.pixel, (feat) => feat, { layerFilter: (l) => l === pointLayer, hitTolerance: 4 });
      onSelectRef.current(f ? (f.getProperties() as CaseSummary) : null);
    });
    const onLeave = () => setHover(null);
    el.current.addEventListener('pointerleave', onLeave);
    const target = el.current;
    return () => {
      target.removeEventListener('pointerleave', onLeave);
      map.setTarget(undefined);
      pointLayer.dispose();
      mapRef.current = null;
    };
  }, []);

  // optional basemap
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !tileUrl) return;
    const layer = buildTileLayer(tileUrl);
    layer.setZIndex(0);
    map.addLayer(layer);
    return () => {
      map.removeLayer(layer);
    };
  }, [tileUrl]);

  // boundaries
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !boundaries) return;
    const b = buildBoundaryLayers(boundaries, { inJurisdiction, withBasemap: !!tileUrl });
    b.villageLayer.setZIndex(1);
    b.townLayer.setZIndex(2);
    b.labelLayer.setZIndex(30);
    map.addLayer(b.villageLayer);
    map.addLayer(b.townLayer);
    map.addLayer(b.labelLayer);
    boundaryLayers.current = b;
    return () => {
      map.removeLayer(b.villageLayer);
      map.removeLayer(b.townLayer);
      map.removeLayer(b.labelLayer);
      boundaryLayers.current = null;
    };
  }, [boundaries, inJurisdiction, tileUrl]);

  // fit to the focus division (or all towns)
  useEffect(() => {
    const map = mapRef.current;
    const b = boundaryLayers.current;
    if (!map || !b) return;
    const all = [...b.towns, ...b.villages];
    const focus = focusCode ? all.filter((f) => String(f.get('code')) === focusCode) : [];
    const chosen = focus.length ? focus : b.towns;
    const ext: Extent = createEmpty();
    for (const f of chosen) extend(ext, mainExtent(f.getGeometry()));
    if (!isEmpty(ext)) map.getView().fit(ext, { padding: [40, 40, 40, 40], duration: fitToken ? 300 : 0 });
  }, [boundaries, focusCode, fitToken, inJurisdiction, tileUrl]);

  // case points
  useEffect(() => {
    const src = caseSource.current;
    src.clear(true);
    const feats = geojson.readFeatures({ type: 'FeatureCollection', features: cases }) as Feature<Point>[];
    // open cases drawn last, i.e. on top of closed ones
    feats.sort((a, b) => statusDrawRank(a.get('status') as CaseStatus) - statusDrawRank(b.get('status') as CaseStatus));
    src.addFeatures(feats);
  }, [cases]);

  // selection ring
  useEffect(() => {
    const sel = selSource.current;
    sel.clear(true);
    if (!selectedId) return;
    const f = caseSource.current.getFeatureById(selectedId) as Feature<Point> | null;
    const g = f?.getGeometry();
    if (g) sel.addFeature(new Feature({ geometry: g.clone() }));
  }, [selectedId, cases]);

  return (
    <>
      <div ref={el} className="map-canvas" data-testid="city-map" />
      {hover && (
        <div className="map-tooltip" style={{ left: hover.x, top: hover.y }}>
          {hover.text}
        </div>
      )}
    </>
  );
}
