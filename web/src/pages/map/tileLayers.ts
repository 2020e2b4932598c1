/**
 * The map's vector-tile layers (/tiles/{cases|patches|divisions}/{z}/{x}/{y}.mvt): the sources, signed in with
 * the session cookie, and their styles. Only imported by the lazily loaded map page.
 */
import VectorTileLayer from 'ol/layer/VectorTile';
import VectorTileSource from 'ol/source/VectorTile';
import MVT from 'ol/format/MVT';
import TileState from 'ol/TileState';
import type VectorTile from 'ol/VectorTile';
import type { FeatureLike } from 'ol/Feature';
import { Fill, RegularShape, Stroke, Style } from 'ol/style';
import { buildQuery } from '../../api/client';
import type { CaseStatus } from '../../api/types';
import { casePointStyle, pointRadiusFor } from '../../map/layers';
import { type Filters, hexA } from './mapQuery';
import { type ItemKind, KIND_SYMBOLS, kindFill, PATCH_FILL_ALPHA, PATCH_STROKE_WIDTH, patchColour } from './symbols';

export type TileLayerName = 'cases' | 'patches' | 'divisions';

/** From this zoom on the map draws the cases from vector tiles; below it, the view's points or clusters (/api/cases/map). */
export const CASE_TILE_ZOOM = 14;

/** The URL template of a layer's tiles with the list's filters as query parameters. */
export const tileUrl = (layer: TileLayerName, filters: Filters = {}) => `/tiles/${layer}/{z}/{x}/{y}.mvt${buildQuery(filters)}`;

/**
 * A tile source that fetches with the session cookie (same origin) and reads the MVT into features in the
 * map's projection; a failed tile (401, 5xx, network) is an error tile OpenLayers may ask for again.
 */
export function tileSource(url: string, onUnauthorized?: () => void) {
  const source = new VectorTileSource({
    format: new MVT(),
    url,
    // the server's tiles stop at z22; their extent is 4096 and a whole tile is one request
    maxZoom: 22,
  });
  source.setTileLoadFunction((tile, src) => {
    const vt = tile as VectorTile<FeatureLike>;
    vt.setLoader((extent, _resolution, projection) => {
      fetch(src, { credentials: 'same-origin' })
        .then((r) => {
          if (r.status === 401) onUnauthorized?.();
          if (!r.ok) throw new Error(`tile ${r.status}`);
          return r.arrayBuffer();
        })
        .then((buf) => {
          const format = vt.getFormat();
          vt.setFeatures(buf.byteLength ? format.readFeatures(buf, { extent, featureProjection: projection }) : []);
        })
        .catch(() => vt.setState(TileState.ERROR));
    });
  });
  return source;
}

/** The case points of the tiles, in the colours of their status (as the GeoJSON points below CASE_TILE_ZOOM). */
export function caseTileLayer(name: string) {
  return new VectorTileLayer({
    declutter: false,
    renderMode: 'hybrid',
    style: (f, res) => casePointStyle(f.get('status') as CaseStatus, pointRadiusFor(res)),
    properties: { name },
  });
}

/** Other kinds of item on the case engine (积水点, 专项整治对象): their symbol (symbols.ts), the status colour inside. */
const kindStyleCache = new Map<string, Style>();
export function kindPointStyle(kind: ItemKind, status: string, resolution: number) {
  // campaign items come by the thousand (7,292 poles): small, under the cases; waterlogging points are few: larger, on top
  const r = kind === 'waterlogging' ? pointRadiusFor(resolution) + 1.5 : Math.max(2.5, pointRadiusFor(resolution) - 1);
  const key = `${kind}:${status}:${r}`;
  let s = kindStyleCache.get(key);
  if (!s) {
    const sym = KIND_SYMBOLS[kind];
    const fill = new Fill({ color: kindFill(status) });
    const stroke = new Stroke({ color: sym.stroke, width: sym.strokeWidth });
    s = new Style({
      // the triangle a little larger: it covers less than a square of its radius
      image: new RegularShape({ points: sym.points, radius: sym.points === 3 ? r + 1 : r, angle: sym.angle, fill, stroke }),
      zIndex: kind === 'waterlogging' ? 50 : 0,
    });
    kindStyleCache.set(key, s);
  }
  return s;
}

const patchStyleCache = new Map<string, Style>();
export function patchStyle(f: FeatureLike) {
  const c = patchColour(f.get('status'));
  let s = patchStyleCache.get(c);
  if (!s) {
    s = new Style({ stroke: new Stroke({ color: c, width: PATCH_STROKE_WIDTH }), fill: new Fill({ color: hexA(c, PATCH_FILL_ALPHA) }) });
    patchStyleCache.set(c, s);
  }
  return s;
}

/** Pale fills, one per town (cycled), so neighbouring towns read apart without a basemap (as the GeoJSON boundaries). */
const TOWN_FILLS = ['#dbe9f7', '#e3f1dc', '#f6e8d5', '#eadff3', '#f7dde2', '#d8efec', '#f3f0d2', '#e2e4f5', '#f1e1d9', '#dcefe0'];

/**
 * The division boundaries' style: villages filled in their town's pale colour (or the layer's fill: index
 * colours, patrol coverage), towns as dark lines above them.
 */
export function divisionStyle(opts: { townIndex: Map<string, number>; withBasemap: boolean; fills: Map<string, string> | null }) {
  const cache = new Map<string, Style[]>();
  const townLine = [new Style({ stroke: new Stroke({ color: '#3d5a80', width: 2.2 }), zIndex: 2 })];
  const alpha = opts.withBasemap ? 0.25 : 1;
  const villageStroke = new Stroke({ color: opts.withBasemap ? 'rgba(90,100,120,0.55)' : 'rgba(255,255,255,0.95)', width: 1 });
  return (f: FeatureLike) => {
    if (f.get('level') === 'town') return townLine;
    const code = String(f.get('code'));
    const parent = String(f.get('parentCode'));
    const fill = opts.fills?.get(code);
    const key = `${parent}|${fill ?? ''}`;
    let s = cache.get(key);
    if (!s) {
      s = [new Style({ fill: new Fill({ color: hexA(TOWN_FILLS[(opts.townIndex.get(parent) ?? 0) % TOWN_FILLS.length], alpha) }), stroke: villageStroke, zIndex: 0 })];
      if (fill) s.push(new Style({ fill: new Fill({ color: fill }), stroke: new Stroke({ color: 'rgba(255,255,255,0.8)', width: 1 }), zIndex: 1 }));
      cache.set(key, s);
    }
    return s;
  };
}
