/** The governance index API (无违建治理指数) as the command centre uses it. */
import { api, buildQuery } from '../../api/client';
import type { ApiBody } from '../../api/types';

export const COLORS = ['green', 'blue', 'yellow', 'orange', 'red'] as const;
export type IndexColor = (typeof COLORS)[number];
/** The five colours of the map (五色图), best first. */
export const COLOR_HEX: Record<IndexColor, string> = { green: '#2f9e44', blue: '#1c7ed6', yellow: '#f2c500', orange: '#f76707', red: '#e03131' };
export type Level = 'town' | 'village';

/** The index API's shapes, from the generated API types. */
export type IndexDefinition = ApiBody<'/api/index/definition'>['definition'];
export type Text2 = IndexDefinition['dimensions'][number]['name'];
export type IndicatorDef = IndexDefinition['indicators'][number];
export type IndexRun = ApiBody<'/api/index/runs'>['items'][number];
export type UnitResult = ApiBody<'/api/index/runs/{id}/results'>['items'][number];
export type IndicatorResult = UnitResult['indicators'][number];
export type IndicatorStatus = IndicatorResult['status'];
export type LevelSummary = NonNullable<IndexRun['summary']>['levels']['town'];

export const listRuns = (period?: string) => api<ApiBody<'/api/index/runs'>>(`/api/index/runs${buildQuery({ period, limit: 500 })}`).then((r) => r.items);
export const getRun = (id: string) => api<ApiBody<'/api/index/runs/{id}'>>(`/api/index/runs/${encodeURIComponent(id)}`);
export const getResults = (id: string, level: Level) => api<ApiBody<'/api/index/runs/{id}/results'>>(`/api/index/runs/${encodeURIComponent(id)}/results${buildQuery({ level })}`);
export const getUnit = (id: string, code: string) =>
  api<ApiBody<'/api/index/runs/{id}/units/{code}'>>(`/api/index/runs/${encodeURIComponent(id)}/units/${encodeURIComponent(code)}`);
export type TrendPoint = ApiBody<'/api/index/divisions/{code}/trend'>['items'][number];
export const getTrend = (code: string) => api<ApiBody<'/api/index/divisions/{code}/trend'>>(`/api/index/divisions/${encodeURIComponent(code)}/trend`).then((r) => r.items);
/** A run of the period; with a county, that county's stored month-end measures are computed again (a county's rerun). */
export const startRun = (period: string, county: string | null = null) =>
  api<ApiBody<'/api/index/runs', 'post', 202>>('/api/index/runs', { method: 'POST', body: county ? { period, county } : { period } });

/** The latest finished run of each period, newest period first. */
export function latestDonePerPeriod(runs: IndexRun[]): IndexRun[] {
  const by = new Map<string, IndexRun>();
  for (const r of runs) {
    if (r.status !== 'done') continue;
    const cur = by.get(r.period);
    if (!cur || r.requestedAt > cur.requestedAt) by.set(r.period, r);
  }
  // newest end first; a month before the quarter that ends with it
  return [...by.values()].sort((a, b) => (a.periodEnd !== b.periodEnd ? (a.periodEnd < b.periodEnd ? 1 : -1) : a.period.includes('Q') ? 1 : -1));
}

/** Raw values in the indicator's unit, compactly. */
export function fmtValue(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}
