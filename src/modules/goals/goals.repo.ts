import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.js';
import { inSubtree } from '../cases/case-filter.repo.js';
import { asCountyScope } from '../divisions/division.levels.js';

/**
 * Only illegal buildings count towards the goals and the letters' targets: the case engine serves other kinds
 * of item too (campaign items, waterlogging points: `cases.kind`).
 */
export const violationsOnly = (alias = 'c') => sql`${sql.ref(`${alias}.kind`)} = 'violation'`;

/** The month of a timestamp as an index into the window's month starts (0: its first month, -1 before it). */
const monthIdx = (ts: RawBuilder<unknown>, starts: Date[]) => sql<number>`(width_bucket(${ts}, array[${sql.join(starts.map((d) => sql`${d.toISOString()}::timestamptz`))}]) - 1)`;

export interface GoalRow {
  unit: string;
  origin: 'stock' | 'new';
  /** month found (-1: before the window) */
  fm: number;
  /** month closed (-1: closed before the window; the number of months: still open) */
  cm: number;
  farmland: boolean;
  n: number;
  area: number;
}

/** The two goals' reads (goals.service.ts). */
export function goalsRepo(db: Database) {
  const division = () => db.q.selectFrom('divisions').select(['code', 'name', 'short_name', 'level', 'path']);
  // a user assigned to the prefecture or province sees the county's goals
  const countyUnder = (path: string) => division().where('level', '=', 'city').where('path', 'like', `${path}/%`).orderBy('code').executeTakeFirst();
  return {
    division: async (code: string) => asCountyScope(await division().where('code', '=', code).executeTakeFirst(), countyUnder),
    divisionAt: async (path: string) => (await asCountyScope(await division().where('path', '=', path).executeTakeFirstOrThrow(), countyUnder))!,
    units: (parentCode: string) => db.q.selectFrom('divisions').select(['code', 'name', 'short_name']).where('parent_code', '=', parentCode).orderBy('code').execute(),

    /**
     * The illegal buildings of a scope (rejected reports are none) grouped by unit (town of the city, else
     * village), origin, the month found and the month closed in a window (`starts`: its month starts and the
     * start of the month after it), and whether on farmland: every month-end count of the goals follows.
     */
    async rows(scope: { level: string; path: string }, starts: Date[]): Promise<GoalRow[]> {
      const months = starts.length - 1;
      const unitCol = scope.level === 'city' ? sql`c.town_code` : sql`c.division_code`;
      const r = await sql<{ unit: string; origin: 'stock' | 'new'; fm: number; cm: number; farmland: boolean; n: string; area: string }>`
          select ${unitCol} as unit, c.origin,
                 greatest(${monthIdx(sql`c.found_at`, starts)}, -1) as fm,
                 case when c.status = 'closed' and c.closed_at is not null then least(${monthIdx(sql`c.closed_at`, starts)}, ${months}) else ${months} end as cm,
                 (c.on_cultivated_land or c.on_basic_farmland) as farmland,
                 count(*) as n, coalesce(sum(c.area_m2), 0) as area
          from cases c
          where ${inSubtree('c.division_path', scope.path)} and c.status <> 'rejected' and ${violationsOnly()}
          group by 1, 2, 3, 4, 5`.execute(db.q);
      return r.rows.map((x) => ({ ...x, fm: Number(x.fm), cm: Number(x.cm), n: Number(x.n), area: Number(x.area) }));
    },
  };
}
export type GoalsRepo = ReturnType<typeof goalsRepo>;
