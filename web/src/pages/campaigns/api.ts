import { api, buildQuery } from '../../api/client';
import type { ApiBody } from '../../api/types';
import type { paths } from '../../api/schema.gen';

/** The campaigns' API (专项整治; types generated from the server's schemas). */
export type CampaignList = ApiBody<'/api/campaigns'>;
export type CampaignSummary = CampaignList['items'][number];
export type CampaignDetail = ApiBody<'/api/campaigns/{id}'>;
export type CampaignCreate = paths['/api/campaigns']['post']['requestBody']['content']['application/json'];
export type CampaignPatch = paths['/api/campaigns/{id}']['patch']['requestBody']['content']['application/json'];
export type ImportReport = ApiBody<'/api/campaigns/{id}/import', 'post'>;
export type MapView = ApiBody<'/api/cases/map'>;

export const listCampaigns = (signal?: AbortSignal) => api<CampaignList>('/api/campaigns', { signal });
export const getCampaign = (id: string, signal?: AbortSignal) => api<CampaignDetail>(`/api/campaigns/${id}`, { signal });
export const createCampaign = (body: CampaignCreate) => api<CampaignDetail>('/api/campaigns', { method: 'POST', body });
export const patchCampaign = (id: string, body: CampaignPatch) => api<CampaignDetail>(`/api/campaigns/${id}`, { method: 'PATCH', body });
export const exportHref = (id: string) => `/api/campaigns/${id}/export.xlsx`;
/** The campaign's items in a map view (the cases' own map route, filtered to the campaign). */
export const mapView = (id: string, bbox: [number, number, number, number], zoom: number, signal?: AbortSignal) =>
  api<MapView>(`/api/cases/map${buildQuery({ kind: 'campaign_item', campaignId: id, view: bbox.map((v) => v.toFixed(5)).join(','), zoom: Math.round(zoom), legend: false })}`, {
    signal,
  });

/**
 * A target list (Excel, a zipped Shapefile or GeoJSON) as multipart: a dry run, or the import; `crs` names a
 * Shapefile's coordinate system when its .prj is missing. A refusal keeps its report (details).
 */
export async function importItems(id: string, file: File, dryRun: boolean, crs?: string): Promise<ImportReport> {
  const fd = new FormData();
  fd.append('file', file, file.name);
  const res = await fetch(`/api/campaigns/${id}/import${buildQuery({ dryRun, crs })}`, {
    method: 'POST',
    body: fd,
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new Error((body as { message?: string } | null)?.message ?? `HTTP ${res.status}`) as Error & { report?: ImportReport };
    err.report = (body as { details?: ImportReport } | null)?.details;
    throw err;
  }
  return body as ImportReport;
}

/** 69.7% */
export const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
/** 5,083 */
export const num = (n: number) => n.toLocaleString('en-US');

/** A campaign's drawn area as the ring the maps draw (its first polygon's outer ring, without the closing point). */
export function scopeRing(area: { type: string; coordinates: unknown } | null | undefined): [number, number][] | null {
  if (!area) return null;
  const c = area.coordinates as number[][][] & number[][][][];
  const ring = (area.type === 'MultiPolygon' ? (c as unknown as number[][][][])[0]?.[0] : area.type === 'Polygon' ? (c as unknown as number[][][])[0] : null) ?? null;
  return ring && ring.length >= 4 ? (ring.slice(0, -1).map((p) => [p[0], p[1]]) as [number, number][]) : null;
}
