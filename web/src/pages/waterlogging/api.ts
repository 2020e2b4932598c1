import { api, buildQuery } from '../../api/client';
import type { ApiBody, CaseList, CaseSummary, GeoJSONFeatureCollection } from '../../api/types';

/** An item kind's figures (GET /api/items/figures) and its list and points (the cases' own routes with `kind`). */
export type ItemFigures = ApiBody<'/api/items/figures'>;

export interface PointFilter {
  town?: string;
  status?: string;
  foundFrom?: string;
  foundTo?: string;
  q?: string;
}

const listQuery = (f: PointFilter) => ({ kind: 'waterlogging', division: f.town, status: f.status, foundFrom: f.foundFrom, foundTo: f.foundTo, q: f.q });

export const getFigures = (q: { month?: string; year?: number; division?: string }, signal?: AbortSignal) =>
  api<ItemFigures>(`/api/items/figures${buildQuery({ kind: 'waterlogging', ...q })}`, { signal });

export const getPoints = (f: PointFilter, signal?: AbortSignal) =>
  api<CaseList>(`/api/cases${buildQuery({ ...listQuery(f), limit: 500, sort: 'found_at', order: 'desc' })}`, { signal });

export const getPointFeatures = (f: PointFilter, signal?: AbortSignal) =>
  api<GeoJSONFeatureCollection<CaseSummary>>(`/api/cases${buildQuery({ ...listQuery(f), limit: 500, format: 'geojson' })}`, { signal });

/** The export's address: the same filters, the Excel workbook (zh-CN) the server writes. */
export const exportHref = (f: PointFilter) => `/api/items/export.xlsx${buildQuery(listQuery(f))}`;
