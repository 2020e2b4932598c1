import type { Clock } from '../../platform/clock.js';
import { inJurisdiction, type Actor } from '../../platform/auth.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { chinaMonth } from '../overview/overview.service.js';
import { addMonths, latestProjection, PACE_MONTHS, pacePerMonth, projectZero } from './goals.projection.js';
import type { GoalRow, GoalsRepo } from './goals.repo.js';

/** Months of the trend line (the current one last). */
export const TREND_MONTHS = 12;

/** The first instant of a China month `YYYY-MM`. */
export function chinaMonthStart(ym: string): Date {
  const [y, m] = ym.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1) - 8 * 3600_000);
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * One unit's goals from its rows: baseline (every stock case, the census), what remains open, the pace of the
 * last PACE_MONTHS months and the month it reaches zero at that pace; new cases this year, on farmland, still
 * open; and per month end of the window the remaining stock, the new found in the month and the new still open.
 */
export function goalFigures(rows: GoalRow[], months: string[], yearIdx: number) {
  const n = months.length;
  const baseline = { count: 0, area: 0 };
  const remaining = { count: 0, area: 0 };
  const trend = months.map((month) => ({ month, stockRemaining: 0, newFound: 0, newOpen: 0 }));
  let [newThisYear, newOnFarmland, newOpen] = [0, 0, 0];
  for (const r of rows) {
    const open = r.cm >= n;
    if (r.origin === 'stock') {
      baseline.count += r.n;
      baseline.area += r.area;
      if (open) {
        remaining.count += r.n;
        remaining.area += r.area;
      }
    } else {
      if (r.fm >= yearIdx) newThisYear += r.n;
      if (r.fm >= yearIdx && r.farmland) newOnFarmland += r.n;
      if (open) newOpen += r.n;
      if (r.fm >= 0 && r.fm < n) trend[r.fm].newFound += r.n;
    }
    // open at the end of month i: found by then, not closed by then
    for (let i = Math.max(r.fm, 0); i < Math.min(r.cm, n); i++) {
      if (r.origin === 'stock') trend[i].stockRemaining += r.n;
      else trend[i].newOpen += r.n;
    }
  }
  const then = trend[n - 1 - PACE_MONTHS]?.stockRemaining ?? remaining.count;
  const pace = pacePerMonth(then, remaining.count);
  return {
    baseline: { count: baseline.count, area: round(baseline.area) },
    remaining: { count: remaining.count, area: round(remaining.area) },
    cleared: { count: baseline.count - remaining.count, area: round(baseline.area - remaining.area) },
    clearedRate: baseline.count ? round((baseline.count - remaining.count) / baseline.count) : 1,
    pacePerMonth: round(pace),
    projection: projectZero(remaining.count, pace, months[n - 1]),
    newThisYear,
    newOnFarmlandThisYear: newOnFarmland,
    newOpen,
    trend,
  };
}

/**
 * The two city goals (存量清零、新增归零) per town, or per village of a town: the stock against its baseline,
 * the new cases of this year, a twelve-month trend and the projected month of zero stock at the current pace.
 */
export function goalsService(deps: { repo: GoalsRepo; clock: Clock }) {
  const { repo, clock } = deps;

  async function scopeOf(actor: Actor, code: string | undefined) {
    if (!code) return repo.divisionAt(actor.divisionPath);
    const d = await repo.division(code);
    if (!d) throw badRequest('goals.unknown_division', `未知行政区划代码: ${code}`, { field: 'division' });
    if (!inJurisdiction(actor, d.path)) throw notFound('该区划', 'goals.division_not_found');
    return d;
  }

  return {
    async goals(actor: Actor, code?: string) {
      const scope = await scopeOf(actor, code);
      const now = clock.now();
      const month = chinaMonth(now);
      const months = Array.from({ length: TREND_MONTHS }, (_, i) => addMonths(month, i - TREND_MONTHS + 1));
      const starts = [...months, addMonths(month, 1)].map(chinaMonthStart);
      // January of this year as an index into the window (the window always reaches back to it)
      const yearIdx = TREND_MONTHS - Number(month.slice(5, 7));
      const [units, rows] = await Promise.all([repo.units(scope.code), repo.rows(scope, starts)]);
      const byUnit = new Map<string, GoalRow[]>();
      for (const r of rows) byUnit.set(r.unit, [...(byUnit.get(r.unit) ?? []), r]);
      const unitFigures = units.map((u) => ({ code: u.code, name: u.short_name ?? u.name, ...goalFigures(byUnit.get(u.code) ?? [], months, yearIdx) }));
      const total = goalFigures(rows, months, yearIdx);
      return {
        division: { code: scope.code, name: scope.short_name ?? scope.name, level: scope.level as 'city' | 'town' | 'village' },
        asOf: now.toISOString(),
        month,
        paceMonths: PACE_MONTHS,
        // the scope is clear when its last unit is: its projection is the latest of theirs
        total: {
          code: scope.code,
          name: scope.short_name ?? scope.name,
          ...total,
          projection: unitFigures.length ? latestProjection(unitFigures.map((u) => u.projection)) : total.projection,
        },
        units: unitFigures,
      };
    },
  };
}
export type GoalsService = ReturnType<typeof goalsService>;
