import { useEffect, useRef } from 'react';
import OlMap from 'ol/Map';
import View from 'ol/View';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import Circle from 'ol/geom/Circle';
import { Attribution, ScaleLine } from 'ol/control';
import { Circle as CircleStyle, Fill, RegularShape, Stroke, Style } from 'ol/style';
import { fromLonLat } from 'ol/proj';
import { createEmpty, extend, isEmpty } from 'ol/extent';
import type { CaseStatus, GeoJSONFeatureCollection } from '../../../src/api/types';
import type { DivisionProps } from '../../../src/api/endpoints';
import { buildBoundaryLayers, buildTileLayer, casePointStyle, statusDrawRank } from '../../../src/map/layers';
import type { Coordinate } from 'ol/coordinate';
import type { NearbyCase } from '../api';
import type { CampaignItemNear } from '../campaigns';
import { MARKS, markOnce } from '../marks';
import { AROUND_PADDING, mercatorScale } from './frame';
import type { Fix } from '../position';

export interface PatrolMapProps {
  boundaries: GeoJSONFeatureCollection<DivisionProps> | null;
  /** The inspector's town: the map shows it until the first GPS fix. */
  focusCode: string;
  tileUrl: string | null;
  cases: NearbyCase[];
  fix: Fix | null;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  /** Bumped by the 回到我的位置 button. */
  centerToken: number;
  /** The radius (m) of the nearby query, drawn as a dashed ring around me. */
  aroundM: number;
  /** Open items of running campaigns (专项整治) around: their own symbol, under the cases. */
  campaignItems: CampaignItemNear[];
  showCampaignItems: boolean;
  selectedItemId: string | null;
  onSelectItem: (id: string) => void;
}

/** A campaign item: an orange diamond (a case is a round dot), the selected one ringed. */
export const CAMPAIGN_ITEM_COLOR = '#fa8c16';
const itemDiamond = new Style({
  image: new RegularShape({ points: 4, radius: 10, angle: 0, fill: new Fill({ color: CAMPAIGN_ITEM_COLOR }), stroke: new Stroke({ color: '#fff', width: 2 }) }),
});
const itemRing = new Style({ image: new RegularShape({ points: 4, radius: 15, angle: 0, stroke: new Stroke({ color: '#111', width: 3 }) }) });

const POINT_RADIUS = 9; // large enough to hit with a finger
const ring = new Style({ image: new CircleStyle({ radius: POINT_RADIUS + 5, stroke: new Stroke({ color: '#111', width: 3 }) }) });
const meDot = new Style({ image: new CircleStyle({ radius: 8, fill: new Fill({ color: '#1677ff' }), stroke: new Stroke({ color: '#fff', width: 3 }) }), zIndex: 2 });
const meAccuracy = new Style({ fill: new Fill({ color: 'rgba(22,119,255,0.12)' }), stroke: new Stroke({ color: 'rgba(22,119,255,0.55)', width: 1.5 }) });
const aroundRing = new Style({ stroke: new Stroke({ color: 'rgba(29,53,87,0.55)', width: 1.5, lineDash: [6, 6] }) });

/**
 * The circle of `radius` (Web Mercator units) around `center` fitted inside the map, clear of the
 * overlays; a map already zoomed in closer than that is only moved.
 */
function showAround(map: OlMap, center: Coordinate, radius: number, duration?: number) {
  const view = map.getView();
  const extent = [center[0] - radius, center[1] - radius, center[0] + radius, center[1] + radius];
  const size = map.getSize();
  const [top, right, bottom, left] = AROUND_PADDING;
  const fitted = size ? view.getResolutionForExtent(extent, [size[0] - left - right, size[1] - top - bottom]) : null;
  const now = view.getResolution();
  if (fitted !== null && now !== undefined && now < fitted && duration) view.animate({ center, duration });
  else view.fit(extent, { padding: AROUND_PADDING, duration });
}

/** The patrol map (OpenLayers; in its own lazily loaded chunk). With no tile URL: boundaries and points only. */
export default function PatrolMap(props: PatrolMapProps) {
  const { boundaries, focusCode, tileUrl, cases, fix, selectedId, onSelect, centerToken, aroundM, campaignItems, showCampaignItems, selectedItemId } = props;
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<OlMap | null>(null);
  const caseSource = useRef(new VectorSource<Feature<Point>>());
  const itemSource = useRef(new VectorSource<Feature<Point>>());
  const itemLayerRef = useRef<VectorLayer | null>(null);
  const selectedItemRef = useRef<string | null>(selectedItemId);
  const onSelectItemRef = useRef(props.onSelectItem);
  onSelectItemRef.current = props.onSelectItem;
  const meSource = useRef(new VectorSource());
  const selectedRef = useRef<string | null>(selectedId);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const centred = useRef(false);

  useEffect(() => {
    if (!el.current) return;
    const caseLayer = new VectorLayer({
      source: caseSource.current,
      style: (f) => {
        const s = casePointStyle(f.get('status') as CaseStatus, POINT_RADIUS);
        return f.getId() === selectedRef.current ? [ring, s] : s;
      },
      properties: { name: 'cases' },
    });
    caseLayer.setZIndex(20);
    const itemLayer = new VectorLayer({
      source: itemSource.current,
      style: (f) => (f.getId() === selectedItemRef.current ? [itemRing, itemDiamond] : itemDiamond),
      properties: { name: 'campaign-items' },
    });
    itemLayer.setZIndex(15);
    itemLayerRef.current = itemLayer;
    const meLayer = new VectorLayer({ source: meSource.current, properties: { name: 'me' } });
    meLayer.setZIndex(25);
    const map = new OlMap({
      target: el.current,
      layers: [itemLayer, caseLayer, meLayer],
      view: new View({ center: fromLonLat([121.05, 30.7]), zoom: 12, minZoom: 8, maxZoom: 20, enableRotation: false }),
      controls: [new Attribution({ collapsible: true }), new ScaleLine()],
    });
    map.on('click', (e) => {
      // a case drawn on top wins; else a campaign item (when shown)
      const f = map.forEachFeatureAtPixel(e.pixel, (feat) => feat, { layerFilter: (l) => l === caseLayer, hitTolerance: 10 });
      const item = f ? null : map.forEachFeatureAtPixel(e.pixel, (feat) => feat, { layerFilter: (l) => l === itemLayer && l.getVisible(), hitTolerance: 10 });
      if (item) onSelectItemRef.current(String(item.getId()));
      else onSelectRef.current(f ? String(f.getId()) : null);
    });
    mapRef.current = map;
    (el.current as HTMLDivElement & { olMap?: OlMap }).olMap = map; // for the browser tests
    return () => {
      map.setTarget(undefined);
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !tileUrl) return;
    const layer = buildTileLayer(tileUrl);
    layer.setZIndex(0);
    map.addLayer(layer);
    return () => void map.removeLayer(layer);
  }, [tileUrl]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !boundaries) return;
    const b = buildBoundaryLayers(boundaries, { withBasemap: !!tileUrl });
    b.villageLayer.setZIndex(1);
    b.townLayer.setZIndex(2);
    b.labelLayer.setZIndex(30);
    for (const l of [b.villageLayer, b.townLayer, b.labelLayer]) map.addLayer(l);
    if (!centred.current) {
      const ext = createEmpty();
      const focus = [...b.towns, ...b.villages].filter((f) => String(f.get('code')) === focusCode);
      for (const f of focus.length ? focus : b.towns) extend(ext, f.getGeometry()!.getExtent());
      if (!isEmpty(ext)) map.getView().fit(ext, { padding: [30, 30, 30, 30] });
    }
    return () => {
      for (const l of [b.villageLayer, b.townLayer, b.labelLayer]) map.removeLayer(l);
    };
  }, [boundaries, tileUrl, focusCode]);

  useEffect(() => {
    const src = caseSource.current;
    src.clear(true);
    const feats = cases.map((c) => {
      const f = new Feature({ geometry: new Point(fromLonLat([c.lon, c.lat])), status: c.status });
      f.setId(c.id);
      return f;
    });
    feats.sort((a, b) => statusDrawRank(a.get('status')) - statusDrawRank(b.get('status')));
    src.addFeatures(feats);
    if (feats.length) mapRef.current?.once('postrender', () => markOnce(MARKS.points));
  }, [cases]);

  useEffect(() => {
    const src = itemSource.current;
    src.clear(true);
    src.addFeatures(
      campaignItems.map((c) => {
        const f = new Feature({ geometry: new Point(fromLonLat([c.lon, c.lat])) });
        f.setId(c.id);
        return f;
      }),
    );
  }, [campaignItems]);

  useEffect(() => {
    itemLayerRef.current?.setVisible(showCampaignItems);
  }, [showCampaignItems]);

  useEffect(() => {
    selectedItemRef.current = selectedItemId;
    itemSource.current.changed();
  }, [selectedItemId]);

  // the selected case gets a ring, and is moved into the upper part of the map if the sheet would hide it
  useEffect(() => {
    selectedRef.current = selectedId;
    caseSource.current.changed();
    const map = mapRef.current;
    const f = selectedId ? caseSource.current.getFeatureById(selectedId) : null;
    const at = f?.getGeometry()?.getCoordinates();
    const size = map?.getSize();
    if (!map || !at || !size) return;
    const px = map.getPixelFromCoordinate(at);
    if (!px || px[1] < size[1] * 0.35) return;
    const view = map.getView();
    const res = view.getResolution() ?? 1;
    const [cx, cy] = view.getCenter() ?? at;
    view.animate({ center: [cx + (px[0] - size[0] / 2) * res, cy - (px[1] - size[1] * 0.3) * res], duration: 250 });
  }, [selectedId]);

  // me: the dot and the accuracy circle (a ground radius in metres is 1/cos(lat) longer in Web Mercator)
  useEffect(() => {
    const src = meSource.current;
    src.clear(true);
    if (!fix) return;
    const c = fromLonLat([fix.lon, fix.lat]);
    const mercator = mercatorScale(fix.lat);
    const around = new Feature(new Circle(c, aroundM * mercator));
    around.setId('around');
    around.setStyle(aroundRing);
    const acc = new Feature(new Circle(c, fix.accuracy * mercator));
    acc.setStyle(meAccuracy);
    const dot = new Feature(new Point(c));
    dot.setStyle(meDot);
    src.addFeatures([around, acc, dot]);
    const map = mapRef.current;
    if (map && !centred.current) {
      centred.current = true;
      showAround(map, c, aroundM * mercator); // the whole circle on the screen
    }
  }, [fix, aroundM]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !fix || centerToken === 0) return;
    showAround(map, fromLonLat([fix.lon, fix.lat]), aroundM * mercatorScale(fix.lat), 300);
    // only the button moves the map back to me
  }, [centerToken]);

  return <div ref={el} className="map-canvas" data-testid="patrol-map" />;
}
