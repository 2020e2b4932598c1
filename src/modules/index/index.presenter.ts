import type { Static } from 'typebox';
import type { Level } from './index.definition.js';
import type { UnitResult } from './index.engine.js';
import type { IndexRunRow } from './index.repo.js';
import type { IndexRun, IndexTrend, RunSummary, UnitResult as UnitResultSchema } from './index.schemas.js';

type Color = Static<typeof UnitResultSchema>['color'];
type RunProgress = NonNullable<Static<typeof IndexRun>['progress']>;

/** A run's row → its API shape (the summary and progress are the stored JSON). */
export function presentRun(
  r: Pick<
    IndexRunRow,
    'id' | 'period' | 'period_start' | 'period_end' | 'definition_version' | 'seed' | 'status' | 'error' | 'summary' | 'requested_at' | 'started_at' | 'finished_at' | 'options'
  >,
): Static<typeof IndexRun> {
  return {
    id: r.id,
    period: r.period,
    periodStart: new Date(r.period_start).toISOString(),
    periodEnd: new Date(r.period_end).toISOString(),
    status: r.status,
    definitionVersion: r.definition_version,
    seed: Number(r.seed),
    options: r.options,
    requestedAt: new Date(r.requested_at).toISOString(),
    startedAt: r.started_at ? new Date(r.started_at).toISOString() : null,
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    error: r.error,
    summary: r.status === 'done' ? ((r.summary ?? null) as Static<typeof RunSummary> | null) : null,
    /** While running: the step it is at (1–4: measures, previous, engine, saving). */
    progress: r.status === 'running' ? ((r.summary as { progress?: RunProgress } | null)?.progress ?? null) : null,
  };
}

export function presentResult(row: {
  division_code: string;
  level: string;
  parent_code: string | null;
  score: number;
  rank: number;
  rank_in_town: number | null;
  color: string;
  detail: unknown;
}): Static<typeof UnitResultSchema> {
  const d = row.detail as UnitResult;
  return {
    divisionCode: row.division_code,
    name: d.name,
    level: row.level as Level,
    parentCode: row.parent_code,
    score: Number(row.score),
    rank: row.rank,
    rankInTown: row.rank_in_town,
    color: row.color as Color,
    bandColor: d.bandColor,
    redLines: d.redLines,
    dimensions: d.dimensions,
    indicators: d.indicators,
    rankInterval: d.rankInterval,
    colorProbabilities: d.colorProbabilities,
    change: d.change,
    flags: d.flags,
  };
}

/** One period of a unit's trend. */
export function presentTrendPoint(r: {
  period: string;
  run_id: string;
  period_end: Date | string;
  definition_version: number;
  score: number | string;
  rank: number;
  color: string;
  name: string | null;
  parent_code: string | null;
  division_path: string;
}): Static<typeof IndexTrend>['items'][number] {
  return {
    period: r.period,
    runId: r.run_id,
    periodEnd: new Date(r.period_end).toISOString(),
    definitionVersion: r.definition_version,
    score: Number(r.score),
    rank: r.rank,
    color: r.color as Color,
    division: { name: r.name, parentCode: r.parent_code, path: r.division_path },
  };
}
