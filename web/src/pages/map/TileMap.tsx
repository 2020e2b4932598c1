import { useEffect, useMemo, useRef, useState } from 'react';
import { Button } from 'antd';
import { CloseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type OlMap from 'ol/Map';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import VectorTileLayer from 'ol/layer/VectorTile';
import Feature, { type FeatureLike } from 'ol/Feature';
import type Point from 'ol/geom/Point';
import PointGeom from 'ol/geom/Point';
import type BaseLayer from 'ol/layer/Base';
import { getCenter } from 'ol/extent';
import type Draw from 'ol/interaction/Draw';
import { Fill, Stroke, Style } from 'ol/style';
import type { CaseSummary, GeoJSONFeatureCollection } from '../../api/types';
import type { DivisionProps } from '../../api/endpoints';
import { mountCityMap, useBasemap, useCaseSource } from '../../map/base';
import { buildClusterLayer, type ClusterItem, useClusterSource, zoomIntoCluster } from '../../map/clusters';
import { buildPolygonLayer, usePolygonDraw, usePolygonSource } from '../../map/draw';
import { type Bbox, useFitToFocus, useViewReport } from '../../map/fit';
import { buildBoundaryLayers, buildCasePointLayer, buildSelectionLayer, geojson, pointRadiusFor } from '../../map/layers';
import { type Hover, MapCanvas } from '../../map/MapCanvas';
import type { Filters } from './mapQuery';
import type { ItemKind } from './symbols';
import { CASE_TILE_ZOOM, caseTileLayer, divisionStyle, kindPointStyle, patchStyle, tileSource, tileUrl } from './tileLayers';

export type ItemKindLayer = ItemKind;

export interface TileMapProps {
  /** The boundaries' GeoJSON: the fit, the labels and the grey surroundings outside the jurisdiction (the jurisdiction itself is drawn from tiles). */
  boundaries: GeoJSONFeatureCollection<DivisionProps> | null;
  inJurisdiction?: Set<string>;
  /** The division whose extent the map fits to (the user's jurisdiction, or the town filter). */
  focusCode?: string | null;
  /** Below CASE_TILE_ZOOM: the view's case points (from /api/cases/map). */
  cases: GeoJSONFeatureCollection<CaseSummary>['features'];
  /** Below CASE_TILE_ZOOM: the view's clusters; click one to zoom into it. */
  clusters?: ClusterItem[];
  /** The list's filters: the case tiles (from CASE_TILE_ZOOM on) are asked for with them. */
  filters: Filters;
  /** The change patches' filters, or null when the layer is off. */
  patchFilters: Filters | null;
  /** Other kinds of item shown on their own layers (积水点, 专项整治对象), with their filters. */
  kindLayers: Partial<Record<ItemKindLayer, Filters>>;
  basemapUrl: string | null;
  selectedId: string | null;
  onSelect: (c: CaseSummary | null) => void;
  fitToken?: number;
  onView?: (bbox: Bbox, zoom: number) => void;
  fills?: Map<string, string> | null;
  drawing?: boolean;
  onDrawn?: (ring: [number, number][]) => void;
  polygon?: [number, number][] | null;
  /** A tile answered 401: the session is gone. */
  onUnauthorized?: () => void;
}

interface PatchPopup {
  x: number;
  y: number;
  props: Record<string, unknown>;
}

const outsideStyle = new Style({ fill: new Fill({ color: '#e4e4e4' }), stroke: new Stroke({ color: '#9aa3ad', width: 1.2 }) });
/** Just below CASE_TILE_ZOOM: OpenLayers' layer minZoom is exclusive, maxZoom inclusive. */
const BELOW_TILES = CASE_TILE_ZOOM - 1e-6;

const caseOf = (f: FeatureLike) => {
  const p = f.getProperties();
  return { id: p.id, caseNo: p.caseNo, status: p.status, disposalClass: p.disposalClass ?? null, origin: p.origin, kind: p.kind } as unknown as CaseSummary;
};

/**
 * The command centre's city map. The cases come from the vector tiles (/tiles/cases) from CASE_TILE_ZOOM on,
 * below it as the view's points or clusters the page asks /api/cases/map for (a city of 100k cases in a
 * handful of tiles would be tens of thousands of points); the boundaries of the jurisdiction, the change
 * patches and the other kinds of item (积水点, 专项整治) always come from tiles. Every tile carries the list's
 * filters and the session cookie.
 */
export default function TileMap(props: TileMapProps) {
  const { t } = useTranslation();
  const { boundaries, inJurisdiction, focusCode, cases, clusters, filters, patchFilters, kindLayers, basemapUrl, selectedId, fitToken, fills, drawing, polygon } = props;
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<OlMap | null>(null);
  const caseSource = useCaseSource(cases);
  const clusterSource = useClusterSource(clusters);
  const selSource = useRef(new VectorSource<Feature<Point>>());
  const polySource = usePolygonSource(polygon);
  const outsideSource = useRef(new VectorSource());
  const caseTiles = useRef(caseTileLayer('case-tiles'));
  const divisionTiles = useRef(new VectorTileLayer({ renderMode: 'hybrid', properties: { name: 'division-tiles' } }));
  const patchTiles = useRef(new VectorTileLayer({ renderMode: 'hybrid', style: patchStyle, properties: { name: 'patches' } }));
  const kindTiles = useRef<Record<ItemKindLayer, VectorTileLayer>>({
    waterlogging: new VectorTileLayer({
      renderMode: 'hybrid',
      style: (f, res) => kindPointStyle('waterlogging', String(f.get('status')), res),
      properties: { name: 'waterlogging' },
    }),
    campaign_item: new VectorTileLayer({
      renderMode: 'hybrid',
      style: (f, res) => kindPointStyle('campaign_item', String(f.get('status')), res),
      properties: { name: 'campaign_item' },
    }),
  });
  const emitView = useViewReport(mapRef, props.onView);
  const onSelectRef = useRef(props.onSelect);
  onSelectRef.current = props.onSelect;
  const onUnauthorizedRef = useRef(props.onUnauthorized);
  onUnauthorizedRef.current = props.onUnauthorized;
  const unauthorized = useRef(() => onUnauthorizedRef.current?.());
  const drawRef = useRef<Draw | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const [patch, setPatch] = useState<PatchPopup | null>(null);
  /** Where the selected case is (EPSG:3857): a tile's feature is not kept by id, so the ring is drawn at the clicked place. */
  const [selectedAt, setSelectedAt] = useState<number[] | null>(null);

  // the map itself, once
  useEffect(() => {
    if (!el.current) return;
    const pointLayer = buildCasePointLayer(caseSource);
    pointLayer.setMaxZoom(BELOW_TILES);
    pointLayer.setZIndex(20);
    const tiles = caseTiles.current;
    tiles.setMinZoom(BELOW_TILES);
    tiles.setZIndex(20);
    const selLayer = buildSelectionLayer(selSource.current);
    const clusterLayer = buildClusterLayer(clusterSource, BELOW_TILES);
    const outsideLayer = new VectorLayer({ source: outsideSource.current, style: outsideStyle, properties: { name: 'outside' } });
    outsideLayer.setZIndex(1);
    divisionTiles.current.setZIndex(1);
    patchTiles.current.setZIndex(17);
    patchTiles.current.setVisible(false);
    const polyLayer = buildPolygonLayer(polySource);
    const kinds = Object.values(kindTiles.current);
    for (const k of kinds) k.setVisible(false);
    kindTiles.current.waterlogging.setZIndex(22);
    kindTiles.current.campaign_item.setZIndex(16);
    const { map, unmount } = mountCityMap({
      mapRef,
      target: el.current,
      layers: [outsideLayer, divisionTiles.current, patchTiles.current, polyLayer, selLayer, pointLayer, tiles, clusterLayer, ...kinds],
      owned: [pointLayer],
      onLeave: () => setHover(null),
    });

    const pointLayers = new Set<BaseLayer>([pointLayer]);
    // in the order they are drawn, top first
    const tilePointLayers = [kindTiles.current.waterlogging, tiles, kindTiles.current.campaign_item];
    /**
     * The case (or other item) drawn at a pixel: OpenLayers' hit detection for the GeoJSON points; for the tiles'
     * points (which it does not find in tiles) the nearest feature within the symbol's radius and the tolerance.
     */
    const caseAt = (pixel: number[], tolerance: number): FeatureLike | undefined => {
      const hit = map.forEachFeatureAtPixel(pixel, (f) => f, { layerFilter: (l) => pointLayers.has(l), hitTolerance: tolerance });
      if (hit) return hit;
      const view = map.getView();
      const res = view.getResolution();
      if (!res) return undefined;
      const at = map.getCoordinateFromPixel(pixel);
      const reach = (pointRadiusFor(res) + 2 + tolerance) * res;
      for (const layer of tilePointLayers) {
        if (!layer.getVisible() || !layer.isVisible(view)) continue;
        let best: FeatureLike | undefined;
        let bestD = Number.POSITIVE_INFINITY;
        for (const f of layer.getFeaturesInExtent([at[0] - reach, at[1] - reach, at[0] + reach, at[1] + reach])) {
          const c = getCenter(f.getGeometry()!.getExtent());
          const d = Math.hypot(c[0] - at[0], c[1] - at[1]);
          if (d <= reach && d < bestD) [best, bestD] = [f, d];
        }
        if (best) return best;
      }
      return undefined;
    };
    map.on('pointermove', (e) => {
      if (e.dragging) return;
      const f = caseAt(e.pixel, 3);
      const target = map.getTargetElement();
      if (!target) return;
      target.style.cursor = f ? 'pointer' : '';
      setHover(f ? { x: e.pixel[0], y: e.pixel[1], text: String(f.get('caseNo') ?? '') } : null);
    });
    map.on('moveend', () => emitView());
    map.on('click', (e) => {
      if (drawRef.current || zoomIntoCluster(map, clusterLayer, e.pixel)) return;
      const f = caseAt(e.pixel, 4);
      if (f) {
        setPatch(null);
        setSelectedAt(getCenter(f.getGeometry()!.getExtent()));
        onSelectRef.current(caseOf(f));
        return;
      }
      onSelectRef.current(null);
      setSelectedAt(null);
      const p = patchTiles.current.getVisible() ? map.forEachFeatureAtPixel(e.pixel, (feat) => feat, { layerFilter: (l) => l === patchTiles.current, hitTolerance: 2 }) : undefined;
      setPatch(p ? { x: e.pixel[0], y: e.pixel[1], props: p.getProperties() } : null);
    });
    return unmount;
  }, []);

  // optional basemap
  useBasemap(mapRef, basemapUrl);

  // fit to the focus division (or all towns) from the GeoJSON; the page asks for the fitted view's cases
  useFitToFocus(mapRef, boundaries, focusCode, fitToken, emitView);

  // the jurisdiction's boundaries from tiles, in the town colours (or the layer's fills); the labels and the
  // grey divisions outside the jurisdiction from the GeoJSON
  const townIndex = useMemo(() => {
    const codes = (boundaries?.features ?? []).filter((f) => f.properties.level === 'town').map((f) => String(f.properties.code));
    return new Map(codes.sort().map((c, i) => [c, i]));
  }, [boundaries]);
  useEffect(() => {
    divisionTiles.current.setStyle(divisionStyle({ townIndex, withBasemap: !!basemapUrl, fills: fills ?? null }));
  }, [townIndex, basemapUrl, fills]);
  useEffect(() => {
    divisionTiles.current.setSource(tileSource(tileUrl('divisions'), unauthorized.current));
  }, []);
  useEffect(() => {
    const map = mapRef.current;
    const src = outsideSource.current;
    src.clear(true);
    if (!map || !boundaries) return;
    if (inJurisdiction) {
      const outside = boundaries.features.filter((f) => f.properties.level === 'village' && !inJurisdiction.has(String(f.properties.code)));
      src.addFeatures(geojson.readFeatures({ ...boundaries, features: outside }));
    }
    const { labelLayer } = buildBoundaryLayers(boundaries, { inJurisdiction, withBasemap: !!basemapUrl });
    labelLayer.setZIndex(30);
    map.addLayer(labelLayer);
    return () => {
      map.removeLayer(labelLayer);
    };
  }, [boundaries, inJurisdiction, basemapUrl]);

  // case tiles with the list's filters (a new source when they change)
  const filterKey = JSON.stringify(filters);
  useEffect(() => {
    caseTiles.current.setSource(tileSource(tileUrl('cases', JSON.parse(filterKey) as Filters), unauthorized.current));
  }, [filterKey]);

  // change patches
  const patchKey = patchFilters ? JSON.stringify(patchFilters) : null;
  useEffect(() => {
    const layer = patchTiles.current;
    layer.setVisible(patchKey !== null);
    if (patchKey === null) {
      setPatch(null);
      return;
    }
    layer.setSource(tileSource(tileUrl('patches', JSON.parse(patchKey) as Filters), unauthorized.current));
  }, [patchKey]);

  // other kinds of item
  const kindKey = JSON.stringify(kindLayers);
  useEffect(() => {
    const want = JSON.parse(kindKey) as Partial<Record<ItemKindLayer, Filters>>;
    for (const [kind, layer] of Object.entries(kindTiles.current) as [ItemKindLayer, VectorTileLayer][]) {
      const f = want[kind];
      layer.setVisible(!!f);
      if (f) layer.setSource(tileSource(tileUrl('cases', { ...f, kind }), unauthorized.current));
    }
  }, [kindKey]);

  // selection ring: at the clicked place, or at the point of that id (a selection made before a reload)
  useEffect(() => {
    const sel = selSource.current;
    sel.clear(true);
    if (!selectedId) return;
    const at = selectedAt ?? (caseSource.getFeatureById(selectedId) as Feature<Point> | null)?.getGeometry()?.getCoordinates();
    if (at) sel.addFeature(new Feature({ geometry: new PointGeom(at) }));
  }, [selectedId, selectedAt]);

  // drawing a polygon selection
  usePolygonDraw(mapRef, drawRef, drawing, props.onDrawn);

  const pp = patch?.props;
  const patchStatus = pp ? String(pp.status ?? '') : '';
  return (
    <>
      <MapCanvas elRef={el} hover={hover} />
      {patch && pp && (
        <div className="map-overlay" data-testid="patch-popup" style={{ left: patch.x + 12, top: patch.y + 12, padding: '8px 10px', minWidth: 180, maxWidth: 280, fontSize: 13 }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, fontWeight: 600, marginBottom: 4 }}>
            <span style={{ flex: 1 }}>{t('mapx.patchTitle')}</span>
            <Button type="text" size="small" icon={<CloseOutlined />} onClick={() => setPatch(null)} aria-label={t('map.close')} />
          </div>
          <table style={{ borderSpacing: '8px 2px', marginInline: -8 }}>
            <tbody>
              <tr>
                <td className="muted">{t('mapx.patchCode')}</td>
                <td data-testid="patch-code">{String(pp.code ?? pp.caseNo ?? '—')}</td>
              </tr>
              <tr>
                <td className="muted">{t('mapx.patchBatch')}</td>
                <td data-testid="patch-batch">{pp.batchNo ? String(pp.batchNo) : '—'}</td>
              </tr>
              <tr>
                <td className="muted">{t('mapx.patchStatus')}</td>
                <td data-testid="patch-status">
                  {patchStatus ? t(`mapx.patchStatuses.${patchStatus}`, { defaultValue: t(`status.${patchStatus}`, { defaultValue: patchStatus }) }) : '—'}
                </td>
              </tr>
              {pp.source ? (
                <tr>
                  <td className="muted">{t('mapx.patchSource')}</td>
                  <td>{t(`mapx.patchSources.${String(pp.source)}`, { defaultValue: String(pp.source) })}</td>
                </tr>
              ) : null}
              {pp.verdict ? (
                <tr>
                  <td className="muted">{t('mapx.patchVerdict')}</td>
                  <td>{t(`mapx.patchVerdicts.${String(pp.verdict)}`, { defaultValue: String(pp.verdict) })}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
