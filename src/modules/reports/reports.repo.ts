import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { inSubtree } from '../cases/case-filter.repo.js';
import { asCountyScope } from '../divisions/division.levels.js';

/**
 * The monthly report's own SQL: only what the index's measures (index.repo.ts `villageMeasures`) do
 * not already give. The state "as of" the month's end is read from the case history the same way the
 * index does it: the version with `valid_from < end` and no end, or one ending at or after `end`.
 */

/** Established and not closed (the index's "standing" set, 暂缓 included). */
const STANDING = sql.raw(`('verified','classified','rectifying','closing_requested')`);
/** Statuses whose step has a deadline (a deferred case waits for its review date instead). */
const CLOCKED = sql.raw(`('reported','verified','classified','rectifying','closing_requested')`);

export interface MonthWindow {
  start: Date;
  end: Date;
}

export interface VillageFlowRow {
  code: string;
  parent_code: string;
  stock_count: number;
  stock_open_count: number;
  stock_open_area_m2: number;
  new_open_count: number;
  new_open_area_m2: number;
  overdue_count: number;
  reports_count: number;
  verify_count: number;
  reject_count: number;
  notices_issued: number;
  notices_answered: number;
  notices_open: number;
}

export interface ReportCaseRow {
  id: string;
  case_no: string;
  village: string;
  town: string;
  division_code: string;
  status: string;
  origin: string;
  disposal_class: string | null;
  area_m2: number | null;
  found_at: Date;
  deadline_at: string | null;
  on_basic_farmland: boolean;
}

export function reportsRepo(db: Database) {
  /** Each case as it stood just before `end`, inside a jurisdiction (a division path), with its case number and places. */
  const asOfCases = (end: Date, scopePath: string) => sql`
    select h.case_id as id, c.case_no, v.short_name as village, t.short_name as town, h.division_code, h.status, h.origin, h.disposal_class,
           h.area_m2::float8 as area_m2, c.found_at, h.data->>'deadline_at' as deadline_at,
           coalesce((h.data->>'on_basic_farmland')::boolean, false) as on_basic_farmland
    from case_history h
    join cases c on c.id = h.case_id
    join divisions v on v.code = h.division_code
    left join divisions t on t.code = v.parent_code
    where h.valid_from < ${end} and (h.valid_to is null or h.valid_to >= ${end}) and ${inSubtree('c.division_path', scopePath)} and c.kind = 'violation'`;

  return {
    /**
     * Per village, for one month: the stock and new cases still standing at its end, cases overdue at
     * its end, reports (登记), verifications (立案) and rejections in it, supervision notices (督办单)
     * issued and answered in it and still unanswered at its end.
     */
    async villageFlows(w: MonthWindow): Promise<VillageFlowRow[]> {
      const { start, end } = w;
      const r = await sql<VillageFlowRow>`
        with h as (
          select h.status, h.disposal_class, h.origin, h.division_code, h.area_m2::float8 as area_m2, h.data->>'deadline_at' as deadline_at
          from case_history h
          where h.valid_from < ${end} and (h.valid_to is null or h.valid_to >= ${end}) and h.kind = 'violation'
        ),
        asof as (
          select division_code,
            count(*) filter (where origin = 'stock' and status <> 'rejected') as stock_count,
            count(*) filter (where origin = 'stock' and status in ${STANDING}) as stock_open_count,
            coalesce(sum(area_m2) filter (where origin = 'stock' and status in ${STANDING}), 0) as stock_open_area_m2,
            count(*) filter (where origin = 'new' and status in ${STANDING}) as new_open_count,
            coalesce(sum(area_m2) filter (where origin = 'new' and status in ${STANDING}), 0) as new_open_area_m2,
            count(*) filter (where status in ${CLOCKED} and not (status = 'classified' and disposal_class = 'defer')
                             and deadline_at is not null and (deadline_at)::timestamptz < ${end}) as overdue_count
          from h group by division_code
        ),
        ev as (
          select c.division_code,
            count(*) filter (where e.kind = 'created') as reports_count,
            count(*) filter (where e.kind = 'verify') as verify_count,
            count(*) filter (where e.kind = 'reject') as reject_count
          from case_events e join cases c on c.id = e.case_id
          where e.at >= ${start} and e.at < ${end} and e.kind in ('created','verify','reject') and c.kind = 'violation'
          group by c.division_code
        ),
        nt as (
          select c.division_code,
            count(*) filter (where n.issued_at >= ${start} and n.issued_at < ${end}) as notices_issued,
            count(*) filter (where n.replied_at >= ${start} and n.replied_at < ${end}) as notices_answered,
            count(*) filter (where n.issued_at < ${end} and (n.replied_at is null or n.replied_at >= ${end})) as notices_open
          from supervision_notices n join cases c on c.id = n.case_id
          where n.issued_at < ${end} and c.kind = 'violation'
          group by c.division_code
        )
        select d.code, d.parent_code,
          coalesce(a.stock_count, 0)::int as stock_count,
          coalesce(a.stock_open_count, 0)::int as stock_open_count,
          coalesce(a.stock_open_area_m2, 0)::float8 as stock_open_area_m2,
          coalesce(a.new_open_count, 0)::int as new_open_count,
          coalesce(a.new_open_area_m2, 0)::float8 as new_open_area_m2,
          coalesce(a.overdue_count, 0)::int as overdue_count,
          coalesce(ev.reports_count, 0)::int as reports_count,
          coalesce(ev.verify_count, 0)::int as verify_count,
          coalesce(ev.reject_count, 0)::int as reject_count,
          coalesce(nt.notices_issued, 0)::int as notices_issued,
          coalesce(nt.notices_answered, 0)::int as notices_answered,
          coalesce(nt.notices_open, 0)::int as notices_open
        from divisions d
        left join asof a on a.division_code = d.code
        left join ev on ev.division_code = d.code
        left join nt on nt.division_code = d.code
        where d.level = 'village'
        order by d.code`.execute(db.q);
      return r.rows;
    },

    /** The largest violations standing at the month's end (by area). */
    async biggestOpen(end: Date, scopePath: string, limit: number) {
      const r = await sql<ReportCaseRow>`
        select * from (${asOfCases(end, scopePath)}) x
        where x.status in ${STANDING} and x.area_m2 is not null
        order by x.area_m2 desc, x.case_no limit ${limit}`.execute(db.q);
      return r.rows;
    },

    /** Cases overdue at the month's end, the longest overdue first. */
    async longestOverdue(end: Date, scopePath: string, limit: number) {
      const r = await sql<ReportCaseRow>`
        select * from (${asOfCases(end, scopePath)}) x
        where x.status in ${CLOCKED} and not (x.status = 'classified' and x.disposal_class = 'defer')
          and x.deadline_at is not null and (x.deadline_at)::timestamptz < ${end}
        order by (x.deadline_at)::timestamptz, x.case_no limit ${limit}`.execute(db.q);
      return r.rows;
    },

    /** Red line (红线): new violations found in the month on basic farmland, not rejected by its end. */
    async newOnBasicFarmland(w: MonthWindow, scopePath: string, limit: number) {
      const r = await sql<ReportCaseRow>`
        select * from (${asOfCases(w.end, scopePath)}) x
        where x.origin = 'new' and x.status <> 'rejected' and x.on_basic_farmland and x.found_at >= ${w.start}
        order by x.area_m2 desc nulls last, x.case_no limit ${limit}`.execute(db.q);
      return r.rows;
    },

    /**
     * Per month end, something that changes whenever a figure as of that end could: counts of what
     * happened before it (events, notices issued and answered, photos and their evidence, tracks).
     * Rows are only ever added with the time they happen, so a month that has ended keeps its
     * fingerprint while the registry grows, unless something is recorded back-dated into it.
     */
    async fingerprints(ends: Date[]): Promise<string[]> {
      const cols = (table: string, exprs: (end: Date, i: number) => ReturnType<typeof sql>) => sql`select ${sql.join(ends.map((e, i) => exprs(e, i)))} from ${sql.table(table)}`;
      const one = async (q: ReturnType<typeof sql>) => Object.values((await q.execute(db.q)).rows[0] as Record<string, unknown>).map(String);
      const [ev, nt, ph, tr] = await Promise.all([
        one(cols('case_events', (e, i) => sql`count(*) filter (where at < ${e}) as ${sql.ref(`e${i}`)}`)),
        one(cols('supervision_notices', (e, i) => sql`count(*) filter (where issued_at < ${e}) || ':' || count(*) filter (where replied_at < ${e}) as ${sql.ref(`n${i}`)}`)),
        one(cols('photos', (e, i) => sql`count(*) filter (where uploaded_at < ${e}) || ':' || count(evidence) filter (where uploaded_at < ${e}) as ${sql.ref(`p${i}`)}`)),
        one(cols('patrol_tracks', (e, i) => sql`count(*) filter (where started_at < ${e}) as ${sql.ref(`t${i}`)}`)),
      ]);
      return ends.map((_, i) => `${ev[i]}/${nt[i]}/${ph[i]}/${tr[i]}`);
    },

    // a user assigned to the prefecture or province gets the county's report
    division: async (code: string) => {
      const division = () => db.q.selectFrom('divisions').select(['code', 'parent_code', 'level', 'name', 'short_name', 'path']);
      const countyUnder = (path: string) => division().where('level', '=', 'city').where('path', 'like', `${path}/%`).orderBy('code').executeTakeFirst();
      return asCountyScope(await division().where('code', '=', code).executeTakeFirst(), countyUnder);
    },
    /** Towns and villages with their names (the report's rows). */
    units: () =>
      db.q.selectFrom('divisions').select(['code', 'parent_code', 'level', 'short_name as name', 'path']).where('level', 'in', ['town', 'village']).orderBy('code').execute(),
  };
}
export type ReportsRepo = ReturnType<typeof reportsRepo>;
