import { useEffect, useRef, useState } from 'react';
import type OlMap from 'ol/Map';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import type Point from 'ol/geom/Point';
import type Draw from 'ol/interaction/Draw';
import { Fill, Stroke, Style } from 'ol/style';
import type { CaseSummary, GeoJSONFeatureCollection } from '../api/types';
import type { DivisionProps } from '../api/endpoints';
import { mountCityMap, useBasemap, useCaseSource } from './base';
import { buildClusterLayer, type ClusterItem, useClusterSource, zoomIntoCluster } from './clusters';
import { buildPolygonLayer, usePolygonDraw, usePolygonSource } from './draw';
import { type Bbox, useFitToFocus, useViewReport } from './fit';
import { buildBoundaryLayers, buildCasePointLayer, buildSelectionLayer, geojson } from './layers';
import { type Hover, MapCanvas } from './MapCanvas';

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
  /** Server-side clusters (many cases in view); click one to zoom into it. */
  clusters?: ClusterItem[];
  /** Told the view (WGS84 bbox and zoom) after every move, to load what is in it. */
  onView?: (bbox: Bbox, zoom: number) => void;
  /** Fills for divisions (code → CSS colour): the five-colour index or the patrol coverage layer. */
  fills?: Map<string, string> | null;
  /** Draw a polygon to select cases; the ring (WGS84) comes back through onDrawn. */
  drawing?: boolean;
  onDrawn?: (ring: [number, number][]) => void;
  /** The polygon selection shown on the map. */
  polygon?: [number, number][] | null;
  /** Change patches (变化图斑): footprints of satellite/drone finds. */
  patches?: GeoJSONFeatureCollection<{ id: string; caseNo: string; status: string }> | null;
}

const patchStyle = new Style({ stroke: new Stroke({ color: '#e8590c', width: 2 }), fill: new Fill({ color: 'rgba(232, 89, 12, 0.22)' }) });

export default function CityMap(props: CityMapProps) {
  const { boundaries, inJurisdiction, focusCode, cases, tileUrl, selectedId, onSelect, fitToken, clusters, fills, drawing, polygon, patches } = props;
  const patchSource = useRef(new VectorSource());
  const fillSource = useRef(new VectorSource());
  const caseSource = useCaseSource(cases);
  const clusterSource = useClusterSource(clusters);
  const polySource = usePolygonSource(polygon);
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<OlMap | null>(null);
  const emitView = useViewReport(mapRef, props.onView);
  const selSource = useRef(new VectorSource<Feature<Point>>());
  const boundaryLayers = useRef<ReturnType<typeof buildBoundaryLayers> | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const [hover, setHover] = useState<Hover | null>(null);
  const drawRef = useRef<Draw | null>(null);

  // the map itself, once
  useEffect(() => {
    if (!el.current) return;
    const pointLayer = buildCasePointLayer(caseSource);
    pointLayer.setZIndex(20);
    const selLayer = buildSelectionLayer(selSource.current);
    const clusterLayer = buildClusterLayer(clusterSource);
    const fillLayer = new VectorLayer({
      source: fillSource.current,
      style: (f) => new Style({ fill: new Fill({ color: f.get('fill') as string }), stroke: new Stroke({ color: 'rgba(255,255,255,0.8)', width: 1 }) }),
      properties: { name: 'fills' },
    });
    fillLayer.setZIndex(3);
    const polyLayer = buildPolygonLayer(polySource);
    const patchLayer = new VectorLayer({ source: patchSource.current, style: patchStyle, properties: { name: 'patches' } });
    patchLayer.setZIndex(17);
    const { map, unmount } = mountCityMap({
      mapRef,
      target: el.current,
      layers: [fillLayer, patchLayer, polyLayer, selLayer, pointLayer, clusterLayer],
      owned: [pointLayer],
      onLeave: () => setHover(null),
    });

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
    map.on('moveend', () => emitView());
    map.on('click', (e) => {
      if (drawRef.current || zoomIntoCluster(map, clusterLayer, e.pixel)) return;
      const f = map.forEachFeatureAtPixel(e.pixel, (feat) => feat, { layerFilter: (l) => l === pointLayer, hitTolerance: 4 });
      onSelectRef.current(f ? (f.getProperties() as CaseSummary) : null);
    });
    return unmount;
  }, []);

  // optional basemap
  useBasemap(mapRef, tileUrl);

  // fit to the focus division (or all towns), before the boundary layers are built: the page asks for the
  // cases of the fitted view while OpenLayers builds and draws the boundaries
  useFitToFocus(mapRef, boundaries, focusCode, fitToken, emitView);

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

  // selection ring
  useEffect(() => {
    const sel = selSource.current;
    sel.clear(true);
    if (!selectedId) return;
    const f = caseSource.getFeatureById(selectedId) as Feature<Point> | null;
    const g = f?.getGeometry();
    if (g) sel.addFeature(new Feature({ geometry: g.clone() }));
  }, [selectedId, cases]);

  // division fills (index colours, patrol coverage)
  useEffect(() => {
    const src = fillSource.current;
    src.clear(true);
    if (!fills || !boundaries) return;
    const feats = geojson.readFeatures({ ...boundaries, features: boundaries.features.filter((f) => fills.has(String(f.properties.code))) });
    for (const f of feats) f.set('fill', fills.get(String(f.get('code'))));
    src.addFeatures(feats);
  }, [fills, boundaries]);

  // drawing a polygon selection
  usePolygonDraw(mapRef, drawRef, drawing, props.onDrawn);

  // change patches
  useEffect(() => {
    const src = patchSource.current;
    src.clear(true);
    if (patches) src.addFeatures(geojson.readFeatures(patches));
  }, [patches]);

  return <MapCanvas elRef={el} hover={hover} />;
}
