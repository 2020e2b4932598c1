import { api, buildQuery } from '../../api/client';
import type { IndexColor } from '../index/api';

export interface Figure {
  count: number;
  area: number;
}
export interface OverviewUnit {
  code: string;
  name: string;
  stock: number;
  stockArea: number;
  stockClosed: number;
  stockClearedRate: number;
  new: number;
  newOpen: number;
  newOpenArea: number;
  open: number;
  overdue: number;
  indexColor: IndexColor | null;
  indexScore: number | null;
  indexRank: number | null;
}
export interface TrendPoint {
  month: string;
  openStock: number;
  openNew: number;
  openArea: number;
  foundStock: number;
  foundNew: number;
  closed: number;
  closedArea: number;
}
export interface Overview {
  division: { code: string; name: string; level: 'city' | 'town' | 'village' };
  asOf: string;
  month: string;
  totals: { stock: Figure; new: Figure; open: Figure; closed: Figure; overdue: number };
  thisMonth: { found: number; foundNew: number; closed: number; closedArea: number; overdue: number };
  byStatus: Record<string, number>;
  byClass: Record<string, number>;
  units: OverviewUnit[];
  trend: TrendPoint[];
  index: { runId: string; period: string; colors: Record<'town' | 'village', Partial<Record<IndexColor, number>>> } | null;
}

export const getOverview = (division?: string, signal?: AbortSignal) => api<Overview>(`/api/overview${buildQuery({ division })}`, { signal });

/** A link to the case list showing the cases behind a number. */
export function casesLink(q: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, v);
  const s = p.toString();
  return `/cases${s ? `?${s}` : ''}`;
}

export const OPEN_STATUSES = 'reported,verified,classified,rectifying,closing_requested';
