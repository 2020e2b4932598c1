import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.js';
import { inSubtree } from '../cases/case-filter.repo.js';
import { asCountyScope } from '../divisions/division.levels.js';

/**
 * The month of a timestamp as an index into the window (0 = its first month, -1 before it, the number of
 * months from the month after it): a binary search over the month starts, much cheaper per row than
 * converting every timestamp to China time.
 */
const monthIdx = (ts: RawBuilder<unknown>, starts: Date[]) => sql<number>`(width_bucket(${ts}, array[${sql.join(starts.map((d) => sql`${d.toISOString()}::timestamptz`))}]) - 1)`;

/** A division the overview is about: the city, a town or a village. */
export interface OverviewScope {
  code: string;
  level: string;
  path: string;
}

/** The overview's reads (the city's situation at a glance, overview.service.ts). */
export function overviewRepo(db: Database) {
  const division = () => db.q.selectFrom('divisions').select(['code', 'name', 'level', 'path']);
  const countyUnder = (path: string) => division().where('level', '=', 'city').where('path', 'like', `${path}/%`).orderBy('code').executeTakeFirst();
  return {
    divisionAt: async (path: string) => (await asCountyScope(await division().where('path', '=', path).executeTakeFirstOrThrow(), countyUnder))!,
    division: async (code: string) => asCountyScope(await division().where('code', '=', code).executeTakeFirst(), countyUnder),
    /** The units one level below a division: towns of the city, villages of a town. */
    units: (parentCode: string) => db.q.selectFrom('divisions').select(['code', 'name', 'short_name']).where('parent_code', '=', parentCode).orderBy('code').execute(),

    /** The cases in a scope grouped by unit (town of the city, else village), origin, status and class, with their area and how many are overdue. */
    async groups(scope: OverviewScope, now: Date) {
      const unitCol = scope.level === 'city' ? sql`c.town_code` : sql`c.division_code`;
      const r = await sql<{ unit: string; origin: string; status: string; disposal_class: string | null; n: string; area: string; overdue: string }>`
          select ${unitCol} as unit, c.origin, c.status, c.disposal_class, count(*) as n, coalesce(sum(c.area_m2), 0) as area,
                 count(*) filter (where c.deadline_at < ${now} and c.status not in ('closed', 'rejected')) as overdue
          from cases c where ${inSubtree('c.division_path', scope.path)} and c.kind = 'violation'
          group by 1, 2, 3, 4`.execute(db.q);
      return r.rows;
    },

    /**
     * Open cases at each month end of a window (`starts`: its month starts and the start of the month after
     * it; `since`: the start of its second month), from the registry's history (what was true then): each
     * open version covers the month ends from the month it began to the month before it ended; one pass
     * over the history writes +1 where that run of month ends starts and -1 after it ends, and the caller's
     * running sum gives the count at each end (no join of months × versions).
     */
    async openSeries(scope: OverviewScope, starts: Date[], since: Date) {
      const months = starts.length - 1;
      // the history keeps each version's town and village: the scope as it was then
      const historyScope = scope.level === 'city' ? sql`true` : scope.level === 'town' ? sql`h.town_code = ${scope.code}` : sql`h.division_code = ${scope.code}`;
      const r = await sql<{ idx: number; sign: number; origin: string; n: string; area: string }>`
          with r as (
            select h.origin, coalesce(h.area_m2, 0) as a,
                   greatest(${monthIdx(sql`h.valid_from`, starts)}, 0) as s,
                   least(case when h.valid_to is null then ${months} else ${monthIdx(sql`h.valid_to`, starts)} end, ${months}) as e
            from case_history h
            where ${historyScope} and h.kind = 'violation' and h.status not in ('closed', 'rejected')
              and (h.valid_to is null or h.valid_to >= ${since})
          )
          select s as idx, 1 as sign, origin, count(*) as n, sum(a) as area from r where s < e group by s, origin
          union all
          select e as idx, -1 as sign, origin, count(*) as n, sum(a) as area from r where s < e and e < ${months} group by e, origin`.execute(db.q);
      return r.rows;
    },

    /**
     * Reports and closings per month of a window, in one pass: the month a case was found in and, when
     * closed, the month it was closed in (-1 / the number of months: outside the window).
     */
    async monthly(scope: OverviewScope, starts: Date[]) {
      const from = starts[0];
      const r = await sql<{ fm: number; cm: number; origin: string; n: string; area: string }>`
          select ${monthIdx(sql`c.found_at`, starts)} as fm,
                 case when c.status = 'closed' then ${monthIdx(sql`c.closed_at`, starts)} else -1 end as cm,
                 c.origin, count(*) as n, coalesce(sum(c.area_m2), 0) as area
          from cases c
          where ${inSubtree('c.division_path', scope.path)} and c.kind = 'violation' and c.status <> 'rejected' and (c.found_at >= ${from} or (c.status = 'closed' and c.closed_at >= ${from}))
          group by 1, 2, 3`.execute(db.q);
      return r.rows;
    },

    /** The latest finished monthly index run whose month has ended by `now`. */
    latestMonthlyRun: (now: Date) =>
      db.q
        .selectFrom('index_runs')
        .select(['id', 'period'])
        .where('status', '=', 'done')
        .where('period', 'not like', '%Q%')
        .where('period_end', '<=', now)
        .orderBy('period', 'desc')
        .orderBy('finished_at', 'desc')
        .limit(1)
        .executeTakeFirst(),
    /** A run's results for the units inside a division path. */
    indexResults: (runId: string, path: string) =>
      db.q.selectFrom('index_results').select(['division_code', 'level', 'color', 'score', 'rank']).where('run_id', '=', runId).where(inSubtree('division_path', path)).execute(),
  };
}
export type OverviewRepo = ReturnType<typeof overviewRepo>;
