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
import { fromLonLat, toLonLat, transformExtent } from 'ol/proj';
import Draw from 'ol/interaction/Draw';
import Polygon from 'ol/geom/Polygon';
import PointGeom from 'ol/geom/Point';
import { Circle as CircleStyle, Fill, Stroke, Style, Text } from 'ol/style';
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
  /** Server-side clusters (many cases in view); click one to zoom into it. */
  clusters?: ClusterItem[];
  /** Told the view (WGS84 bbox and zoom) after every move, to load what is in it. */
  onView?: (bbox: [number, number, number, number], zoom: number) => void;
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

export interface ClusterItem {
  lon: number;
  lat: number;
  count: number;
  bbox: [number, number, number, number];
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
const patchStyle = new Style({ stroke: new Stroke({ color: '#e8590c', width: 2 }), fill: new Fill({ color: 'rgba(232, 89, 12, 0.22)' }) });
const polygonStyle = new Style({ stroke: new Stroke({ color: '#1456c8', width: 2, lineDash: [6, 4] }), fill: new Fill({ color: 'rgba(20,86,200,0.08)' }) });

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

interface Hover {
  x: number;
  y: number;
  text: string;
}

export default function CityMap(props: CityMapProps) {
  const { boundaries, inJurisdiction, focusCode, cases, tileUrl, selectedId, onSelect, fitToken, clusters, fills, drawing, polygon, patches } = props;
  const patchSource = useRef(new VectorSource());
  const clusterSource = useRef(new VectorSource<Feature<PointGeom>>());
  const fillSource = useRef(new VectorSource());
  const polySource = useRef(new VectorSource());
  const onViewRef = useRef(props.onView);
  onViewRef.current = props.onView;
  /** Tells the page the view (bbox in WGS84, zoom) once per distinct view, when the map has a size. */
  const lastView = useRef('');
  const emitView = useRef(() => {
    const map = mapRef.current;
    const size = map?.getSize();
    if (!map || !size || !size[0] || !size[1]) return;
    const ext = transformExtent(map.getView().calculateExtent(size), 'EPSG:3857', 'EPSG:4326');
    const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
    const bbox: [number, number, number, number] = [clamp(ext[0], -180, 180), clamp(ext[1], -90, 90), clamp(ext[2], -180, 180), clamp(ext[3], -90, 90)];
    const zoom = map.getView().getZoom() ?? 11;
    const key = `${bbox.join(',')}@${zoom}`;
    if (key === lastView.current) return;
    lastView.current = key;
    onViewRef.current?.(bbox, zoom);
  });
  const onDrawnRef = useRef(props.onDrawn);
  onDrawnRef.current = props.onDrawn;
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<OlMap | null>(null);
  const caseSource = useRef(new VectorSource<Feature<Point>>());
  const selSource = useRef(new VectorSource<Feature<Point>>());
  const boundaryLayers = useRef<ReturnType<typeof buildBoundaryLayers> | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const [hover, setHover] = useState<Hover | null>(null);
  const drawRef = useRef<Draw | null>(null);

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
    const clusterLayer = new VectorLayer({ source: clusterSource.current, style: (f) => clusterStyle(f.get('count') as number), properties: { name: 'clusters' } });
    clusterLayer.setZIndex(21);
    const fillLayer = new VectorLayer({
      source: fillSource.current,
      style: (f) => new Style({ fill: new Fill({ color: f.get('fill') as string }), stroke: new Stroke({ color: 'rgba(255,255,255,0.8)', width: 1 }) }),
      properties: { name: 'fills' },
    });
    fillLayer.setZIndex(3);
    const polyLayer = new VectorLayer({ source: polySource.current, style: polygonStyle, properties: { name: 'polygon' } });
    const patchLayer = new VectorLayer({ source: patchSource.current, style: patchStyle, properties: { name: 'patches' } });
    patchLayer.setZIndex(17);
    polyLayer.setZIndex(18);
    const map = new OlMap({
      target: el.current,
      layers: [fillLayer, patchLayer, polyLayer, selLayer, pointLayer, clusterLayer],
      view: new View({ center: [13478000, 3593000], zoom: 11, minZoom: 8, maxZoom: 19, constrainResolution: false }),
      controls: defaultControls({ rotate: false, attribution: true }).extend([new ScaleLine()]),
    });
    mapRef.current = map;
    // the map object on its element: lets browser tests turn a place into a pixel (getPixelFromCoordinate)
    (el.current as HTMLDivElement & { olMap?: OlMap }).olMap = map;

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
    map.on('moveend', () => emitView.current());
    map.on('click', (e) => {
      if (drawRef.current) return;
      const cl = map.forEachFeatureAtPixel(e.pixel, (feat) => feat, { layerFilter: (l) => l === clusterLayer, hitTolerance: 2 });
      if (cl) {
        const b = cl.get('bbox') as [number, number, number, number];
        map.getView().fit(transformExtent(b, 'EPSG:4326', 'EPSG:3857'), { padding: [60, 60, 60, 60], duration: 300, maxZoom: 17 });
        return;
      }
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

  // fit to the focus division (or all towns), before the boundary layers are built: the page asks for the
  // cases of the fitted view while OpenLayers builds and draws the boundaries
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !boundaries) return;
    const ext = fitExtent(boundaries, focusCode);
    if (isEmpty(ext)) return;
    map.getView().fit(ext, { padding: [40, 40, 40, 40], duration: fitToken ? 300 : 0 });
    // report the fitted view now rather than at the moveend after the map has drawn (a fit in the same
    // frame as the first render, or one that does not move the map, brings no moveend of its own)
    if (!fitToken) {
      if (map.getSize()) emitView.current();
      else map.once('postrender', () => emitView.current());
    }
  }, [boundaries, focusCode, fitToken]);

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

  // clusters
  useEffect(() => {
    const src = clusterSource.current;
    src.clear(true);
    src.addFeatures((clusters ?? []).map((c) => new Feature({ geometry: new PointGeom(fromLonLat([c.lon, c.lat])), count: c.count, bbox: c.bbox })));
  }, [clusters]);

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

  // change patches
  useEffect(() => {
    const src = patchSource.current;
    src.clear(true);
    if (patches) src.addFeatures(geojson.readFeatures(patches));
  }, [patches]);

  // the polygon selection
  useEffect(() => {
    const src = polySource.current;
    src.clear(true);
    if (polygon && polygon.length >= 3) src.addFeature(new Feature({ geometry: new Polygon([polygon.map((p) => fromLonLat(p))]) }));
  }, [polygon]);

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
