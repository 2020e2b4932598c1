import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Color, Level } from './index.definition.js';

/** Statuses of a violation that stands: established and not yet closed (暂缓 included). */
const STANDING = sql.raw(`('verified','classified','rectifying','closing_requested')`);
/** Evidence flags that make an 'after' photo weak proof of a closing (see photos/photo.evidence.ts). */
const WEAK_EVIDENCE = sql.raw(`array['no_exif','no_exif_gps','no_exif_time','gps_mismatch','far_from_case','stale_capture','future_capture']`);
/** Sources by which a town finds a new violation itself (日常巡查, 无人机航拍). */
const OWN_SOURCES = sql.raw(`('patrol','drone')`);

export interface MeasureWindowArgs {
  /** The period's end (exclusive): the state "as of" is the one just before it. */
  end: Date;
  /** The period's start (for 'period' measures). */
  periodStart: Date;
  /** The trailing flow window's start (for 'flow' measures). */
  flowStart: Date;
  quickRemovalDays: number;
  redecisionDays: number;
}

export interface VillageMeasureRow {
  code: string;
  parent_code: string;
  name: string;
  [measure: string]: number | string | null;
}

export interface IndexRunRow {
  id: string;
  period: string;
  period_start: Date;
  period_end: Date;
  definition_version: number;
  definition: unknown;
  options: unknown;
  seed: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  error: string | null;
  summary: unknown;
  requested_by: string | null;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export function indexRepo(db: Database) {
  return {
    /**
     * Every measure of index.measures.ts that has a source, per village, from the case history as of
     * the period's end. One statement over the registry (plus one over patrol tracks when there are any).
     * On the read replica when there is one (db.replica): index inputs tolerate seconds of lag.
     */
    async villageMeasures(a: MeasureWindowArgs, scope: string | null = null, withCoverage = true): Promise<VillageMeasureRow[]> {
      const { end, periodStart, flowStart, quickRemovalDays, redecisionDays } = a;
      // scoped to a county (its division path): its villages only, its cases through the cases' path index and
      // their history by its primary key; a case's earlier months count where it stood then (the as-of part groups
      // by the history's village), so the cases that ever changed village are read too (division_changed events)
      const under = scope ? `${scope}/%` : null;
      const divScope = under ? sql`and d.path like ${under}` : sql``;
      const caseScope = under ? sql`and c.division_path like ${under}` : sql``;
      const asofScope = under
        ? sql`and h.case_id in (select c.id from cases c where c.division_path like ${under} union select e.case_id from case_events e where e.kind = 'division_changed')`
        : sql``;
      const everScope = under ? sql`and h.case_id in (select c.id from cases c where c.division_path like ${under})` : sql``;
      const patchScope = under ? sql`and p.division_code in (select code from v)` : sql``;
      const r = await sql<VillageMeasureRow>`
        with v as (
          select d.code, d.parent_code, d.short_name as name, d.population::float8 as population, d.land_area_km2::float8 as land_area_km2,
                 coalesce(ST_Area(d.boundary::geography) / 1e6, 0) as boundary_area_km2
          from divisions d where d.level = 'village' ${divScope}
        ),
        -- each case as it stood just before the period's end (illegal buildings only: other item kinds are not the index's)
        h as (
          select h.case_id, h.status, h.disposal_class, h.origin, h.division_code, h.area_m2, h.valid_from, h.data,
                 c.found_at, c.source
          from case_history h join cases c on c.id = h.case_id
          where h.valid_from < ${end} and (h.valid_to is null or h.valid_to >= ${end}) and c.kind = 'violation' ${asofScope}
        ),
        hf as (
          select h.*,
                 h.status <> 'rejected' as registered,
                 h.origin = 'new' and h.status <> 'rejected' and h.found_at >= ${flowStart} as new_in_flow,
                 -- the file's points (out of 5, or 6 once rectifying): summed as whole numbers per denominator, so a
                 -- village's sum is the same whatever order the rows are added in (a county's statement, a parallel plan)
                 (case when exists (select 1 from photos p where p.case_id = h.case_id and p.stage = 'before' and p.uploaded_at < ${end}) then 1 else 0 end
                  + case when h.area_m2 is not null then 1 else 0 end
                  + case when h.data->>'land_type' is not null then 1 else 0 end
                  + case when coalesce(h.data->>'owner_name', h.data->>'enterprise_name') is not null then 1 else 0 end
                  + case when h.data->>'structure' is not null then 1 else 0 end
                  + case when h.status in ('rectifying','closing_requested','closed')
                          and exists (select 1 from photos p where p.case_id = h.case_id and p.stage = 'after' and p.uploaded_at < ${end}) then 1 else 0 end
                 ) as file_points,
                 h.status in ('rectifying','closing_requested','closed') as file_of_six
          from h
        ),
        asof as (
          select division_code,
            count(*) filter (where status in ${STANDING}) as open_count,
            coalesce(sum(area_m2) filter (where status in ${STANDING}), 0)::float8 as open_area_m2,
            coalesce(sum(area_m2) filter (where origin = 'stock' and registered), 0)::float8 as stock_area_m2,
            coalesce(sum(area_m2) filter (where origin = 'stock' and status = 'closed'), 0)::float8 as stock_closed_area_m2,
            count(*) filter (where new_in_flow) as new_count,
            coalesce(sum(area_m2) filter (where new_in_flow), 0)::float8 as new_area_m2,
            count(*) filter (where new_in_flow and found_at >= ${periodStart} and (data->>'on_basic_farmland')::boolean) as new_basic_farmland_period_count,
            count(*) filter (where new_in_flow and source in ${OWN_SOURCES}) as own_found_count,
            count(*) filter (where source = 'complaint' and registered and found_at >= ${flowStart}) as complaint_count,
            count(*) filter (where new_in_flow and found_at < ${end}::timestamptz - ${quickRemovalDays} * interval '1 day') as quick_cohort_count,
            count(*) filter (where new_in_flow and found_at < ${end}::timestamptz - ${quickRemovalDays} * interval '1 day'
              and exists (select 1 from case_history q where q.case_id = hf.case_id and q.status in ('closing_requested','closed') and q.disposal_class = 'demolish'
                          and q.valid_from < least(hf.found_at + ${quickRemovalDays} * interval '1 day', ${end}))) as quick_removed_count,
            count(*) filter (where registered) as file_count,
            coalesce(sum(file_points) filter (where registered and not file_of_six), 0)::float8 / 5
              + coalesce(sum(file_points) filter (where registered and file_of_six), 0)::float8 / 6 as file_score_sum,
            count(*) filter (where status = 'verified' and valid_from <= ${end}::timestamptz - ${redecisionDays} * interval '1 day'
              and exists (select 1 from case_events e where e.case_id = hf.case_id and e.kind = 'review_due' and e.at = hf.valid_from)) as deferred_stuck_count
          from hf group by division_code
        ),
        -- every version up to the period's end: what ever happened to each case
        ever as (
          select c.division_code,
            count(*) filter (where x.deferred) as deferred_count,
            count(*) filter (where x.demolished_area is not null) as demolished_closed_count,
            coalesce(sum(x.demolished_area), 0)::float8 as demolished_area_m2
          from (
            select h.case_id, bool_or(h.disposal_class = 'defer') as deferred,
                   max(h.area_m2) filter (where h.status = 'closed' and h.disposal_class = 'demolish') as demolished_area
            from case_history h where h.valid_from < ${end} ${everScope} group by h.case_id
          ) x join cases c on c.id = x.case_id
          where c.kind = 'violation' ${caseScope}
          group by c.division_code
        ),
        reb as (
          select c.division_code,
            count(distinct e.case_id) as rebuilt_count,
            count(*) filter (where e.at >= ${flowStart}) as rebuilt_flow_count
          from case_events e join cases c on c.id = e.case_id
          where e.kind = 'reopen' and e.at < ${end} and c.kind = 'violation' ${caseScope}
          group by c.division_code
        ),
        -- closings (销号) in the flow window, and those on valid evidence that still hold at the end
        cl as (
          select c.division_code,
            count(*) as closing_count,
            count(*) filter (where
              not exists (select 1 from case_events r where r.case_id = e.case_id and r.kind = 'reopen' and r.at > e.at and r.at < ${end})
              and exists (select 1 from photos p where p.case_id = e.case_id and p.stage = 'after' and p.uploaded_at <= e.at
                          and p.evidence is not null and not (coalesce(p.evidence->'flags', '[]'::jsonb) ?| ${WEAK_EVIDENCE})
                          and p.captured_at is not null and p.captured_at >= (q.data->>'classified_at')::timestamptz)) as valid_closing_count
          from case_events e
          join cases c on c.id = e.case_id
          left join case_history q on q.case_id = e.case_id and q.valid_from = e.at and q.status = 'closed'
          where e.kind = 'approve_closing' and e.at >= ${flowStart} and e.at < ${end} and c.kind = 'violation' ${caseScope}
          group by c.division_code
        ),
        -- supervision notices (督办单) whose reply was due in the flow window: a reply on or before the due
        -- day (China time: day D ends at D 16:00 UTC) is on time; one still unanswered at the end is late
        nt as (
          select c.division_code,
            count(*) as notice_due_count,
            count(*) filter (where n.replied_at is not null and n.replied_at < ${end}
                             and (n.replied_at at time zone 'UTC') < n.reply_due + interval '16 hours') as notice_on_time_count
          from supervision_notices n join cases c on c.id = n.case_id
          where n.issued_at < ${end} and c.kind = 'violation' ${caseScope}
            and n.reply_due + interval '16 hours' >= (${flowStart}::timestamptz at time zone 'UTC')
            and n.reply_due + interval '16 hours' <= (${end}::timestamptz at time zone 'UTC')
          group by c.division_code
        ),
        -- change patches (图斑) whose batch's due day ended in the flow window: verified (approved before the end) with
        -- the verdict given by the end of the due day (China time) is on time
        pt as (
          select p.division_code,
            count(*) as patch_due_count,
            count(*) filter (where p.status = 'verified' and p.reviewed_at < ${end}
                             and (p.verdict_at at time zone 'UTC') < b.due_on + interval '16 hours') as patch_on_time_count
          from patches p join patch_batches b on b.id = p.batch_id
          where b.imported_at < ${end} ${patchScope}
            and b.due_on + interval '16 hours' >= (${flowStart}::timestamptz at time zone 'UTC')
            and b.due_on + interval '16 hours' <= (${end}::timestamptz at time zone 'UTC')
          group by p.division_code
        )
        select v.code, v.parent_code, v.name, v.population, v.land_area_km2, v.boundary_area_km2,
          coalesce(a.open_count, 0)::float8 as open_count,
          coalesce(a.open_area_m2, 0)::float8 as open_area_m2,
          coalesce(a.stock_area_m2, 0)::float8 as stock_area_m2,
          coalesce(a.stock_closed_area_m2, 0)::float8 as stock_closed_area_m2,
          coalesce(a.new_count, 0)::float8 as new_count,
          coalesce(a.new_area_m2, 0)::float8 as new_area_m2,
          coalesce(a.new_basic_farmland_period_count, 0)::float8 as new_basic_farmland_period_count,
          coalesce(a.own_found_count, 0)::float8 as own_found_count,
          coalesce(a.complaint_count, 0)::float8 as complaint_count,
          coalesce(a.quick_cohort_count, 0)::float8 as quick_cohort_count,
          coalesce(a.quick_removed_count, 0)::float8 as quick_removed_count,
          coalesce(a.file_count, 0)::float8 as file_count,
          coalesce(a.file_score_sum, 0)::float8 as file_score_sum,
          coalesce(a.deferred_stuck_count, 0)::float8 as deferred_stuck_count,
          coalesce(ev.deferred_count, 0)::float8 as deferred_count,
          coalesce(ev.demolished_closed_count, 0)::float8 as demolished_closed_count,
          coalesce(ev.demolished_area_m2, 0)::float8 as demolished_area_m2,
          coalesce(reb.rebuilt_count, 0)::float8 as rebuilt_count,
          coalesce(reb.rebuilt_flow_count, 0)::float8 as rebuilt_flow_count,
          coalesce(cl.closing_count, 0)::float8 as closing_count,
          coalesce(cl.valid_closing_count, 0)::float8 as valid_closing_count,
          coalesce(nt.notice_due_count, 0)::float8 as notice_due_count,
          coalesce(nt.notice_on_time_count, 0)::float8 as notice_on_time_count,
          coalesce(pt.patch_due_count, 0)::float8 as patch_due_count,
          coalesce(pt.patch_on_time_count, 0)::float8 as patch_on_time_count
        from v
        left join asof a on a.division_code = v.code
        left join ever ev on ev.division_code = v.code
        left join reb on reb.division_code = v.code
        left join cl on cl.division_code = v.code
        left join nt on nt.division_code = v.code
        left join pt on pt.division_code = v.code
        order by v.code`.execute(db.replica.q);
      const rows = r.rows;
      if (!withCoverage) return rows;
      // patrol coverage in the period: only worth the geometry work when there are tracks
      const cov = await this.patrolCoverage(periodStart, end, scope);
      const byCode = new Map(cov.map((c) => [c.code, c]));
      for (const row of rows) {
        const c = byCode.get(row.code);
        row.patrol_track_count = c ? Number(c.tracks) : 0;
        row.covered_km2 = c ? Number(c.covered_km2) : 0;
      }
      return rows;
    },

    /** Tracks per village in [from, to) and the village area within 50 m of one (same rule as GET /api/patrol/coverage). */
    async patrolCoverage(from: Date, to: Date, scope: string | null = null) {
      const any = await sql<{ n: number }>`select count(*)::int as n from patrol_tracks where started_at < ${to} and ended_at >= ${from}`.execute(db.replica.q);
      if (!any.rows[0].n) return [];
      const r = await sql<{ code: string; tracks: number; covered_km2: number }>`
        with t as (select id, geom from patrol_tracks where started_at < ${to} and ended_at >= ${from})
        select v.code, count(t.id)::int as tracks,
               coalesce(ST_Area(ST_Intersection(ST_Union(ST_Buffer(t.geom::geography, 50)::geometry), v.boundary)::geography) / 1e6, 0) as covered_km2
        from divisions v join t on ST_Intersects(t.geom, v.boundary)
        where v.level = 'village' ${scope ? sql`and v.path like ${`${scope}/%`}` : sql``}
        group by v.code, v.boundary`.execute(db.replica.q);
      return r.rows;
    },

    /** Every village with its own figures, as villageMeasures reads them, and its path (for its county). */
    villages: async () =>
      (
        await sql<{ code: string; parent_code: string; name: string; path: string; population: number | null; land_area_km2: number | null; boundary_area_km2: number }>`
          select d.code, d.parent_code, d.short_name as name, d.path, d.population::float8 as population, d.land_area_km2::float8 as land_area_km2,
                 coalesce(ST_Area(d.boundary::geography) / 1e6, 0) as boundary_area_km2
          from divisions d where d.level = 'village' order by d.code`.execute(db.replica.q)
      ).rows,
    /** A county (its code at level city) and its path, or undefined. */
    county: (code: string) => db.q.selectFrom('divisions').select(['code', 'name', 'path']).where('code', '=', code).where('level', '=', 'city').executeTakeFirst(),
    /** Towns with their own attributes (a town's population and land area are its own, not its villages' sum). */
    towns: () => db.q.selectFrom('divisions').select(['code', 'short_name as name', 'population', 'land_area_km2', 'path']).where('level', '=', 'town').orderBy('code').execute(),
    divisionPaths: async () => new Map((await db.q.selectFrom('divisions').select(['code', 'path']).execute()).map((d) => [d.code, d.path])),

    latestDefinition: () => db.q.selectFrom('index_definitions').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst(),
    definition: (version: number) => db.q.selectFrom('index_definitions').selectAll().where('version', '=', version).executeTakeFirst(),
    /** Every version, newest first, with the name of who saved it (null: the shipped default). */
    definitions: () =>
      db.q
        .selectFrom('index_definitions as d')
        .leftJoin('users as u', 'u.id', 'd.created_by')
        .select(['d.version', 'd.label', 'd.note', 'd.created_by', 'd.created_at', 'u.display_name as created_by_name'])
        .orderBy('d.version', 'desc')
        .execute(),
    userName: async (id: string) => (await db.q.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst())?.display_name ?? null,
    /** Inserts the next version; two concurrent saves meet at the primary key and one retries. */
    async insertDefinition(d: { label: string; body: unknown; note: string | null; created_by: string | null; created_at: Date }, version?: number) {
      const next = version ?? Number((await sql<{ v: number }>`select coalesce(max(version), 0) + 1 as v from index_definitions`.execute(db.q)).rows[0].v);
      const r = await db.q
        .insertInto('index_definitions')
        .values({ version: next, label: d.label, body: JSON.stringify(d.body), note: d.note, created_by: d.created_by, created_at: d.created_at })
        .onConflict((oc) => oc.column('version').doNothing())
        .returning('version')
        .executeTakeFirst();
      return r?.version ?? null;
    },

    insertRun: (r: {
      id: string;
      period: string;
      period_start: Date;
      period_end: Date;
      definition_version: number;
      definition: unknown;
      options: unknown;
      seed: number;
      requested_by: string | null;
      requested_at: Date;
    }) =>
      db.q
        .insertInto('index_runs')
        .values({ ...r, definition: JSON.stringify(r.definition), options: JSON.stringify(r.options), status: 'queued' })
        .execute(),
    run: (id: string) => db.q.selectFrom('index_runs').selectAll().where('id', '=', id).executeTakeFirst() as Promise<IndexRunRow | undefined>,
    runs: (period: string | null, limit: number) => {
      let q = db.q
        .selectFrom('index_runs')
        .select([
          'id',
          'period',
          'period_start',
          'period_end',
          'definition_version',
          'seed',
          'status',
          'error',
          'summary',
          'requested_by',
          'requested_at',
          'started_at',
          'finished_at',
          'options',
        ])
        .orderBy('requested_at', 'desc')
        .orderBy('id')
        .limit(limit);
      if (period) q = q.where('period', '=', period);
      return q.execute();
    },
    /** The latest finished, complete run of a period with this definition version and method options. */
    async finishedRun(period: string, definitionVersion: number, options: unknown) {
      const rows = await db.q
        .selectFrom('index_runs')
        .select(['id', 'options', 'summary'])
        .where('period', '=', period)
        .where('definition_version', '=', definitionVersion)
        .where('status', '=', 'done')
        .orderBy('finished_at', 'desc')
        .limit(20)
        .execute();
      const same = (a: unknown) => JSON.stringify(a) === JSON.stringify(options);
      return (
        rows.find(
          (r) => same({ normalisation: (r.options as any)?.normalisation ?? null, aggregation: (r.options as any)?.aggregation ?? null }) && (r.summary as any)?.partial === false,
        ) ?? null
      );
    },
    /** The latest finished run of a period that had ended when it ran (the preview of a definition compares with it). */
    latestCompleteRun: async () =>
      ((await db.q
        .selectFrom('index_runs')
        .selectAll()
        .where('status', '=', 'done')
        .where(sql<boolean>`coalesce((summary->>'partial')::boolean, false) = false`)
        .orderBy('period_end', 'desc')
        .orderBy('finished_at', 'desc')
        .limit(1)
        .executeTakeFirst()) as IndexRunRow | undefined) ?? null,
    /** Score, rank and colour of every unit of a run (the change columns of the next period). */
    scores: (runId: string) => db.q.selectFrom('index_results').select(['division_code', 'level', 'score', 'rank', 'color']).where('run_id', '=', runId).execute(),
    setRunStatus: (id: string, patch: { status: IndexRunRow['status']; error?: string | null; summary?: unknown; started_at?: Date; finished_at?: Date | null }) =>
      db.q
        .updateTable('index_runs')
        .set({ ...patch, summary: patch.summary === undefined ? undefined : JSON.stringify(patch.summary) } as any)
        .where('id', '=', id)
        .execute(),
    deleteResults: (runId: string) => db.q.deleteFrom('index_results').where('run_id', '=', runId).execute(),
    async insertResults(
      rows: {
        run_id: string;
        division_code: string;
        level: Level;
        parent_code: string | null;
        division_path: string;
        score: number;
        rank: number;
        rank_in_town: number | null;
        color: Color;
        detail: unknown;
      }[],
    ) {
      for (let i = 0; i < rows.length; i += 200) {
        await db.q
          .insertInto('index_results')
          .values(rows.slice(i, i + 200).map((r) => ({ ...r, detail: JSON.stringify(r.detail) })))
          .execute();
      }
    },
    /**
     * A unit's score, rank and colour in the latest finished, complete run of every period, oldest first, with the
     * division as that run computed it (its name, parent and path then: a later renaming or boundary change at going
     * live does not rewrite the history).
     */
    async trend(code: string) {
      const r = await sql<{
        period: string;
        run_id: string;
        period_end: Date;
        definition_version: number;
        score: number;
        rank: number;
        color: string;
        name: string | null;
        parent_code: string | null;
        division_path: string;
      }>`
        select * from (
          select distinct on (r.period) r.period, r.id as run_id, r.period_end, r.definition_version, x.score, x.rank, x.color,
                 x.detail->>'name' as name, x.parent_code, x.division_path
          from index_runs r join index_results x on x.run_id = r.id
          where x.division_code = ${code} and r.status = 'done' and coalesce((r.summary->>'partial')::boolean, false) = false
          order by r.period, r.finished_at desc
        ) t order by period_end, period`.execute(db.q);
      return r.rows;
    },
    divisionPath: async (code: string) => (await db.q.selectFrom('divisions').select('path').where('code', '=', code).executeTakeFirst())?.path ?? null,
    /** Results of a run at one level inside a jurisdiction (a division path prefix), best first. */
    results: (runId: string, level: Level, scopePath: string) =>
      db.q
        .selectFrom('index_results')
        .select(['division_code', 'level', 'parent_code', 'division_path', 'score', 'rank', 'rank_in_town', 'color', 'detail'])
        .where('run_id', '=', runId)
        .where('level', '=', level)
        .where((eb) => eb.or([eb('division_path', '=', scopePath), eb('division_path', 'like', `${scopePath.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`)]))
        .orderBy('rank')
        .orderBy('division_code')
        .execute(),
    result: (runId: string, code: string) =>
      db.q
        .selectFrom('index_results')
        .select(['division_code', 'level', 'parent_code', 'division_path', 'score', 'rank', 'rank_in_town', 'color', 'detail'])
        .where('run_id', '=', runId)
        .where('division_code', '=', code)
        .executeTakeFirst(),
  };
}
export type IndexRepo = ReturnType<typeof indexRepo>;
