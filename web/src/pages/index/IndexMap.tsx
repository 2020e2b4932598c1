import { useEffect, useRef, useState } from 'react';
import OlMap from 'ol/Map';
import View from 'ol/View';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature, { type FeatureLike } from 'ol/Feature';
import Point from 'ol/geom/Point';
import { Fill, Stroke, Style, Text } from 'ol/style';
import { fromLonLat } from 'ol/proj';
import { defaults as defaultControls, ScaleLine } from 'ol/control';
import { createEmpty, extend, isEmpty } from 'ol/extent';
import type { GeoJSONFeatureCollection } from '../../api/types';
import type { DivisionProps } from '../../api/endpoints';
import { buildTileLayer, geojson, MAP_FONT } from '../../map/layers';
import { COLOR_HEX, type IndexColor, type Level } from './api';

export interface MapUnit {
  color: IndexColor;
  score: number;
  rank: number;
  name: string;
}

export interface IndexMapProps {
  boundaries: GeoJSONFeatureCollection<DivisionProps> | null;
  level: Level;
  units: Map<string, MapUnit>;
  tileUrl: string | null;
  selected: string | null;
  onSelect: (code: string) => void;
  /** e.g. "第 3 名 · 78.2 分" */
  describe: (u: MapUnit) => string;
}

function hexA(hex: string, a: number) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

/** The five-colour map (五色图): towns or villages filled by their colour; no basemap needed. */
export default function IndexMap({ boundaries, level, units, tileUrl, selected, onSelect, describe }: IndexMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<OlMap | null>(null);
  const fillLayer = useRef(new VectorLayer({ source: new VectorSource(), properties: { name: 'index-fill' } }));
  const townLayer = useRef(new VectorLayer({ source: new VectorSource(), properties: { name: 'index-towns' } }));
  const labelLayer = useRef(new VectorLayer({ source: new VectorSource(), declutter: true, properties: { name: 'index-labels' } }));
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const unitsRef = useRef(units);
  unitsRef.current = units;
  const describeRef = useRef(describe);
  describeRef.current = describe;
  const [hover, setHover] = useState<{ x: number; y: number; text: string } | null>(null);

  useEffect(() => {
    if (!el.current) return;
    fillLayer.current.setZIndex(1);
    townLayer.current.setZIndex(2);
    labelLayer.current.setZIndex(3);
    const map = new OlMap({
      target: el.current,
      layers: [fillLayer.current, townLayer.current, labelLayer.current],
      view: new View({ center: [13478000, 3593000], zoom: 10, minZoom: 8, maxZoom: 17 }),
      controls: defaultControls({ rotate: false }).extend([new ScaleLine()]),
    });
    mapRef.current = map;
    // the map object on its element: lets browser tests turn a place into a pixel (getPixelFromCoordinate)
    (el.current as HTMLDivElement & { olMap?: OlMap }).olMap = map;
    const hit = (pixel: number[]) => map.forEachFeatureAtPixel(pixel, (f) => f, { layerFilter: (l) => l === fillLayer.current });
    map.on('pointermove', (e) => {
      if (e.dragging) return;
      const f = hit(e.pixel);
      const target = map.getTargetElement();
      const u = f ? unitsRef.current.get(String(f.get('code'))) : undefined;
      if (target) target.style.cursor = u ? 'pointer' : '';
      setHover(u ? { x: e.pixel[0], y: e.pixel[1], text: `${u.name} · ${describeRef.current(u)}` } : null);
    });
    map.on('click', (e) => {
      const f = hit(e.pixel);
      if (f && unitsRef.current.has(String(f.get('code')))) onSelectRef.current(String(f.get('code')));
    });
    const target = el.current;
    const leave = () => setHover(null);
    target.addEventListener('pointerleave', leave);
    return () => {
      target.removeEventListener('pointerleave', leave);
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
    return () => {
      map.removeLayer(layer);
    };
  }, [tileUrl]);

  // features of the chosen level, fitted once per boundary set
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !boundaries) return;
    const feats = geojson.readFeatures(boundaries);
    const fills = feats.filter((f) => f.get('level') === level);
    const towns = feats.filter((f) => f.get('level') === 'town');
    fillLayer.current.getSource()!.clear(true);
    fillLayer.current.getSource()!.addFeatures(fills);
    townLayer.current.getSource()!.clear(true);
    townLayer.current.getSource()!.addFeatures(towns);
    const labels = fills
      .filter((f) => Array.isArray(f.get('centroid')))
      .map((f) => new Feature({ geometry: new Point(fromLonLat(f.get('centroid') as [number, number])), code: f.get('code') }));
    labelLayer.current.getSource()!.clear(true);
    labelLayer.current.getSource()!.addFeatures(labels);
    const ext = createEmpty();
    for (const f of towns) {
      const g = f.getGeometry();
      if (g) extend(ext, g.getExtent());
    }
    if (!isEmpty(ext)) map.getView().fit(ext, { padding: [24, 24, 24, 24] });
  }, [boundaries, level]);

  // styles follow the results and the selection
  useEffect(() => {
    const cache = new Map<string, Style>();
    const none = new Style({ fill: new Fill({ color: 'rgba(225,228,232,0.9)' }), stroke: new Stroke({ color: '#fff', width: 1 }) });
    fillLayer.current.setStyle((f: FeatureLike) => {
      const code = String(f.get('code'));
      const u = units.get(code);
      if (!u) return none;
      const key = `${u.color}:${code === selected}`;
      let s = cache.get(key);
      if (!s) {
        s = new Style({
          fill: new Fill({ color: hexA(COLOR_HEX[u.color], tileUrl ? 0.55 : 0.82) }),
          stroke: new Stroke({ color: code === selected ? '#0f2a4a' : 'rgba(255,255,255,0.95)', width: code === selected ? 3 : level === 'village' ? 0.8 : 1.2 }),
          zIndex: code === selected ? 2 : 1,
        });
        cache.set(key, s);
      }
      return s;
    });
    const townLine = new Style({ stroke: new Stroke({ color: '#24344d', width: level === 'town' ? 1.6 : 2 }) });
    townLayer.current.setStyle(townLine);
    const labelCache = new Map<string, Style>();
    labelLayer.current.setStyle((f: FeatureLike, res: number) => {
      const u = units.get(String(f.get('code')));
      if (!u) return undefined;
      if (level === 'village' && res > 60) return undefined;
      const text = level === 'town' ? `${u.name}\n${u.score.toFixed(1)}` : res < 25 ? `${u.name} ${u.score.toFixed(0)}` : u.score.toFixed(0);
      let s = labelCache.get(text);
      if (!s) {
        s = new Style({
          text: new Text({
            text,
            font: level === 'town' ? `600 13px ${MAP_FONT}` : `11px ${MAP_FONT}`,
            fill: new Fill({ color: '#10213a' }),
            stroke: new Stroke({ color: 'rgba(255,255,255,0.95)', width: 3 }),
            textAlign: 'center',
          }),
        });
        labelCache.set(text, s);
      }
      return s;
    });
  }, [units, selected, level, tileUrl]);

  return (
    <>
      <div ref={el} className="map-canvas" data-testid="index-map" />
      {hover && (
        <div className="map-tooltip" style={{ left: hover.x, top: hover.y }}>
          {hover.text}
        </div>
      )}
    </>
  );
}
