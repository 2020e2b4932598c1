/** What the map page asks the API for, and the small pure pieces its requests and layers are made of. */
import { buildQuery } from '../../api/client';
import type { ApiBody } from '../../api/types';

/** The cases of a view (asked for with `legend=false`: the legend comes apart, see askLegend). */
export type MapView = ApiBody<'/api/cases/map'>;
/** The legend: the whole selection by status. */
export type Legend = ApiBody<'/api/cases/map/legend'>;
export type Layer = 'index' | 'coverage' | 'patches' | 'waterlogging' | 'campaign';
/** The legend is asked for again with a view when it is older than this (the filters unchanged). */
export const LEGEND_MAX_AGE_MS = 60_000;

/** `lon,lat;lon,lat;…` (the URL's polygon) ↔ a ring. */
export const parseRing = (v: string | undefined): [number, number][] | null => {
  if (!v) return null;
  const ring = v.split(';').map((p) => p.split(',').map(Number) as [number, number]);
  return ring.length >= 3 && ring.every((p) => p.length === 2 && p.every(Number.isFinite)) ? ring : null;
};
export const coverageColour = (share: number) => `rgba(47, 158, 68, ${Math.min(0.85, 0.12 + share * 0.9).toFixed(2)})`;
export const hexA = (hex: string, a: number) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
};

export type Filters = Record<string, string | undefined>;
/** The map's request for a view: the list's filters, the view (WGS84, 5 decimals) and the zoom; no legend. */
export const mapPath = (filters: Filters, bbox: [number, number, number, number], zoom: number) =>
  `/api/cases/map${buildQuery({ ...filters, view: bbox.map((v) => v.toFixed(5)).join(','), zoom: zoom.toFixed(2), legend: false })}`;

/** What a legend was asked for: the filters and the reload counter. */
export const legendKey = (f: Filters, reload: number) => `${buildQuery(f)}#${reload}`;
