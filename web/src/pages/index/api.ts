/** The governance index API (无违建治理指数) as the command centre uses it. */
import { api, buildQuery } from '../../api/client';

export const COLORS = ['green', 'blue', 'yellow', 'orange', 'red'] as const;
export type IndexColor = (typeof COLORS)[number];
/** The five colours of the map (五色图), best first. */
export const COLOR_HEX: Record<IndexColor, string> = { green: '#2f9e44', blue: '#1c7ed6', yellow: '#f2c500', orange: '#f76707', red: '#e03131' };
export type Level = 'town' | 'village';

export interface Text2 {
  zh: string;
  en: string;
}
export interface IndicatorDef {
  id: string;
  name: Text2;
  dimension: string;
  level: 'town' | 'village' | 'both';
  formula: string;
  unit: string;
  direction: 'higher' | 'lower';
  goalposts: { lower: number; upper: number };
  weight: number;
  meaning: string;
}
export interface IndexDefinition {
  label: string;
  weightTotal: number;
  params: { flowWindowMonths: number; quickRemovalDays: number; redecisionDays: number };
  dimensions: { id: string; name: Text2 }[];
  indicators: IndicatorDef[];
  redLines: { id: string; name: Text2; formula: string; op: string; threshold: number; cap: IndexColor; level: string }[];
  grading: { mode: 'bands' | 'quota'; bands: { green: number; blue: number; yellow: number; orange: number } };
  method: { normalisation: string; aggregation: string; monteCarlo: { draws: number; weightSpread: number; switchMethods: boolean } };
}

export type IndicatorStatus = 'included' | 'no_source' | 'no_data_in_period' | 'not_applicable' | 'no_data';
export interface IndicatorResult {
  id: string;
  dimension: string;
  status: IndicatorStatus;
  raw: number | null;
  missing: 'zero_denominator' | 'missing_measure' | null;
  imputed: number | null;
  normalised: number | null;
  weight: number;
  contribution: number;
  pointsLost: number;
}
export interface UnitResult {
  divisionCode: string;
  name: string;
  level: Level;
  parentCode: string | null;
  score: number;
  rank: number;
  rankInTown: number | null;
  color: IndexColor;
  bandColor: IndexColor;
  redLines: { id: string; cap: IndexColor; value: number }[];
  dimensions: { id: string; score: number | null; weight: number }[];
  indicators: IndicatorResult[];
  rankInterval: { p5: number; median: number; p95: number } | null;
  colorProbabilities: Record<IndexColor, number> | null;
  change: { score: number; rank: number; color: 'better' | 'worse' | 'same'; previous: { score: number; rank: number; color: IndexColor } } | null;
  flags: string[];
}
export interface LevelSummary {
  units: number;
  colors: Record<IndexColor, number>;
  indicators: { id: string; status: IndicatorStatus; weight: number; missingUnits: number }[];
}
export interface IndexRun {
  id: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  definitionVersion: number;
  seed: number;
  requestedAt: string;
  finishedAt: string | null;
  error: string | null;
  /** While the run is computed: the step it is at. */
  progress?: null | { step: number; steps: number; name: 'measures' | 'previous' | 'engine' | 'saving' };
  summary: null | {
    levels: Record<Level, LevelSummary>;
    partial: boolean;
    previousPeriod: string;
    method: { normalisation: string; aggregation: string; draws: number; weightSpread: number };
    timingsMs: { total: number };
    flowWindowStart: string;
  };
}

export const listRuns = (period?: string) => api<{ items: IndexRun[] }>(`/api/index/runs${buildQuery({ period, limit: 500 })}`).then((r) => r.items);
export const getRun = (id: string) => api<IndexRun & { definition: IndexDefinition }>(`/api/index/runs/${encodeURIComponent(id)}`);
export const getResults = (id: string, level: Level) => api<{ run: IndexRun; items: UnitResult[] }>(`/api/index/runs/${encodeURIComponent(id)}/results${buildQuery({ level })}`);
export const getUnit = (id: string, code: string) =>
  api<{ run: IndexRun; definition: IndexDefinition; result: UnitResult }>(`/api/index/runs/${encodeURIComponent(id)}/units/${encodeURIComponent(code)}`);
export interface TrendPoint {
  period: string;
  runId: string;
  definitionVersion: number;
  score: number;
  rank: number;
  color: IndexColor;
}
export const getTrend = (code: string) => api<{ items: TrendPoint[] }>(`/api/index/divisions/${encodeURIComponent(code)}/trend`).then((r) => r.items);
export const startRun = (period: string) => api<{ id: string; status: string }>('/api/index/runs', { method: 'POST', body: { period } });

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
