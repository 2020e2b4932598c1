import { api, buildQuery } from '../../api/client';
import type { ApiBody } from '../../api/types';

/** GET /api/overview (generated from the server's schema). */
export type Overview = ApiBody<'/api/overview'>;
export type Figure = Overview['totals']['stock'];
export type OverviewUnit = Overview['units'][number];
export type TrendPoint = Overview['trend'][number];

export const getOverview = (division?: string, signal?: AbortSignal) => api<Overview>(`/api/overview${buildQuery({ division })}`, { signal });

/** A link to the case list showing the cases behind a number. */
export function casesLink(q: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, v);
  const s = p.toString();
  return `/cases${s ? `?${s}` : ''}`;
}

export const OPEN_STATUSES = 'reported,verified,classified,rectifying,closing_requested';
