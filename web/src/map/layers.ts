/** OpenLayers building blocks shared by the city map and the case mini-map. Only imported by lazily loaded modules. */
import 'ol/ol.css';
import GeoJSON from 'ol/format/GeoJSON';
import VectorLayer from 'ol/layer/Vector';
import VectorImageLayer from 'ol/layer/VectorImage';
import WebGLVectorLayer from 'ol/layer/WebGLVector';
import type { FlatStyle } from 'ol/style/flat';
import VectorSource from 'ol/source/Vector';
import TileLayer from 'ol/layer/Tile';
import XYZ from 'ol/source/XYZ';
import Feature, { type FeatureLike } from 'ol/Feature';
import Point from 'ol/geom/Point';
import { Circle as CircleStyle, Fill, Stroke, Style, Text } from 'ol/style';
import { fromLonLat } from 'ol/proj';
import type { CaseStatus, GeoJSONFeatureCollection } from '../api/types';
import type { DivisionProps } from '../api/endpoints';
import { STATUS_COLORS, STATUS_ORDER } from '../lib/status';

export const MAP_FONT = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC",sans-serif';

export const geojson = new GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });

/** Pale fills, one per town (cycled), so neighbouring towns read apart without a basemap. */
const TOWN_FILLS = ['#dbe9f7', '#e3f1dc', '#f6e8d5', '#eadff3', '#f7dde2', '#d8efec', '#f3f0d2', '#e2e4f5', '#f1e1d9', '#dcefe0'];

function hexToRgba(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

export interface BoundaryOptions {
  /** Codes of divisions inside the user's jurisdiction; others are drawn in grey. */
  inJurisdiction?: Set<string>;
  /** A basemap is shown: keep fills light. */
  withBasemap?: boolean;
}

export function buildBoundaryLayers(fc: GeoJSONFeatureCollection<DivisionProps>, opts: BoundaryOptions = {}) {
  const features = geojson.readFeatures(fc);
  const towns = features.filter((f) => f.get('level') === 'town');
  const villages = features.filter((f) => f.get('level') === 'village');
  const townIndex = new Map<string, number>();
  towns
    .map((f) => String(f.get('code')))
    .sort()
    .forEach((code, i) => townIndex.set(code, i));

  const fillAlpha = opts.withBasemap ? 0.25 : 1;
  const outside = (code: string) => opts.inJurisdiction !== undefined && !opts.inJurisdiction.has(code);

  const villageFillCache = new Map<string, Style>();
  const villageStyle = (f: FeatureLike) => {
    const parent = String(f.get('parentCode'));
    const key = outside(String(f.get('code'))) ? 'out' : parent;
    let s = villageFillCache.get(key);
    if (!s) {
      const base = key === 'out' ? '#e4e4e4' : TOWN_FILLS[(townIndex.get(parent) ?? 0) % TOWN_FILLS.length];
      s = new Style({
        fill: new Fill({ color: hexToRgba(base, fillAlpha) }),
        stroke: new Stroke({ color: opts.withBasemap ? 'rgba(90,100,120,0.55)' : 'rgba(255,255,255,0.95)', width: 1 }),
      });
      villageFillCache.set(key, s);
    }
    return s;
  };

  const townLine = new Style({ stroke: new Stroke({ color: '#3d5a80', width: 2.2 }) });
  const townLineOut = new Style({ stroke: new Stroke({ color: '#9aa3ad', width: 1.6 }) });

  const villageLayer = new VectorImageLayer({
    source: new VectorSource({ features: villages }),
    style: villageStyle,
    imageRatio: 1.5,
    properties: { name: 'villages' },
  });
  const townLayer = new VectorLayer({
    source: new VectorSource({ features: towns }),
    style: (f) => (outside(String(f.get('code'))) ? townLineOut : townLine),
    properties: { name: 'towns' },
  });

  // labels as points at the published centroids: steadier than polygon label placement
  const labelFeatures: Feature<Point>[] = [];
  for (const f of features) {
    const c = f.get('centroid') as [number, number] | null | undefined;
    if (!c) continue;
    labelFeatures.push(new Feature({ geometry: new Point(fromLonLat(c)), level: f.get('level'), label: f.get('shortName') ?? f.get('name'), code: f.get('code') }));
  }
  const townText = (text: string) =>
    new Style({
      text: new Text({
        text,
        font: `600 14px ${MAP_FONT}`,
        fill: new Fill({ color: '#1d3557' }),
        stroke: new Stroke({ color: 'rgba(255,255,255,0.95)', width: 3.5 }),
        overflow: true,
      }),
      zIndex: 10,
    });
  const villageText = (text: string) =>
    new Style({
      text: new Text({
        text,
        font: `11px ${MAP_FONT}`,
        fill: new Fill({ color: '#4a5565' }),
        stroke: new Stroke({ color: 'rgba(255,255,255,0.9)', width: 2.5 }),
      }),
      zIndex: 5,
    });
  const labelCache = new Map<string, Style>();
  const labelLayer = new VectorLayer({
    source: new VectorSource({ features: labelFeatures }),
    declutter: true,
    style: (f, resolution) => {
      const level = f.get('level') as string;
      const label = String(f.get('label') ?? '');
      // town names from city scale to ~zoom 14; village names once zoomed past ~zoom 12.5
      if (level === 'town' && resolution > 12) {
        const k = `t:${label}`;
        let s = labelCache.get(k);
        if (!s) labelCache.set(k, (s = townText(label)));
        return s;
      }
      if (level === 'village' && resolution < 26) {
        const k = `v:${label}`;
        let s = labelCache.get(k);
        if (!s) labelCache.set(k, (s = villageText(label)));
        return s;
      }
      return undefined;
    },
    properties: { name: 'labels' },
    updateWhileInteracting: false,
  });

  return { villageLayer, townLayer, labelLayer, towns, villages };
}

export function buildTileLayer(url: string) {
  return new TileLayer({ source: new XYZ({ url, crossOrigin: 'anonymous', maxZoom: 19 }), properties: { name: 'basemap' } });
}

/** Higher draws on top: open cases over closed ones. */
const STATUS_Z: Record<CaseStatus, number> = Object.fromEntries(STATUS_ORDER.map((s, i) => [s, STATUS_ORDER.length - i])) as Record<CaseStatus, number>;
STATUS_Z.rejected = 0;
STATUS_Z.closed = 1;

const pointStyleCache = new Map<string, Style>();
export function casePointStyle(status: CaseStatus, radius: number): Style {
  const key = `${status}:${radius}`;
  let s = pointStyleCache.get(key);
  if (!s) {
    s = new Style({
      image: new CircleStyle({
        radius,
        fill: new Fill({ color: STATUS_COLORS[status] ?? '#999' }),
        stroke: new Stroke({ color: '#fff', width: radius > 4 ? 1.5 : 1 }),
      }),
      zIndex: STATUS_Z[status] ?? 0,
    });
    pointStyleCache.set(key, s);
  }
  return s;
}

export function pointRadiusFor(resolution: number): number {
  if (resolution > 60) return 3.5;
  if (resolution > 20) return 4.5;
  if (resolution > 5) return 5.5;
  return 7;
}

/** Draw order inside the point layer: closed/rejected first, open cases last (on top). */
export function statusDrawRank(status: CaseStatus): number {
  return STATUS_Z[status] ?? 0;
}

let webglSupport: boolean | null = null;
/**
 * A hardware-accelerated WebGL context. Software renderers (SwiftShader, llvmpipe — e.g. remote desktops,
 * VMs or Chrome with --disable-gpu) draw thousands of points slower than the 2D canvas does.
 */
export function hasFastWebGL(): boolean {
  if (webglSupport === null) {
    try {
      const c = document.createElement('canvas');
      const gl = (c.getContext('webgl2') ?? c.getContext('webgl')) as WebGLRenderingContext | null;
      if (!gl) webglSupport = false;
      else {
        const info = gl.getExtension('WEBGL_debug_renderer_info');
        const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
        webglSupport = !/swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
        gl.getExtension('WEBGL_lose_context')?.loseContext();
      }
    } catch {
      webglSupport = false;
    }
  }
  return webglSupport;
}

/** The same look as casePointStyle/pointRadiusFor, as a flat style evaluated on the GPU. */
const webglPointStyle: FlatStyle = {
  'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 3.5, 12, 4.5, 14, 5.5, 16, 7],
  'circle-fill-color': ['match', ['get', 'status'], ...STATUS_ORDER.flatMap((st) => [st, STATUS_COLORS[st]]), '#999999'],
  'circle-stroke-color': '#ffffff',
  'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 11, 1, 13, 1.5],
};

/** Case points: WebGL on a real GPU (10k points stay fluid), otherwise a canvas layer with cached styles. */
export function buildCasePointLayer(source: VectorSource<Feature<Point>>) {
  if (hasFastWebGL()) {
    return new WebGLVectorLayer({ source, style: webglPointStyle, properties: { name: 'cases' } });
  }
  // drawn once per view into an image: panning and zoom animations only move that image
  return new VectorImageLayer({
    source,
    style: (f, res) => casePointStyle(f.get('status') as CaseStatus, pointRadiusFor(res)),
    properties: { name: 'cases' },
    imageRatio: 1.5,
    renderBuffer: 20,
  });
}

export const selectedStyle = (radius: number) => [
  new Style({
    image: new CircleStyle({ radius: radius + 6, fill: new Fill({ color: 'rgba(20,86,200,0.18)' }), stroke: new Stroke({ color: '#1456c8', width: 2 }) }),
    zIndex: 100,
  }),
];

/** The ring around the selected case, under the case points. */
export function buildSelectionLayer(source: VectorSource<Feature<Point>>) {
  const layer = new VectorLayer({ source, style: (_f, res) => selectedStyle(pointRadiusFor(res)), properties: { name: 'selection' } });
  layer.setZIndex(19);
  return layer;
}
