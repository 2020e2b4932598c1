import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { KEEP_PLAN } from '../../db/sql.js';
import { inSubtree } from './case-filter.repo.js';
import type { NearbyRow } from './cases.repo.js';

/** The SQL of the duplicate check: cases near a point, the scoring job's scan, and the recorded candidate pairs. Part of `casesRepo`. */
export function caseDuplicatesRepo(db: Database) {
  return {
    /**
     * Cases within `radiusM` of a point, nearest first, inside a jurisdiction: open ones, and with
     * `includeClosed` also closed demolitions (a report there is a rebuild). Uses the geography index.
     */
    /**
     * The item of a kind a new report at this point floods again (再次积水): the nearest within `radiusM`
     * that is closed, or that a report with this clientId already reopened (a resend), inside the jurisdiction.
     */
    async reopenable(kind: string, lon: number, lat: number, radiusM: number, scopePath: string, clientId: string) {
      const r = await sql<{ id: string; resent: boolean }>`
        with here as (select ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography as g)
        select c.id, exists (select 1 from case_events e where e.case_id = c.id and e.kind = 'reopen' and e.data->>'clientId' = ${clientId}) as resent
        from cases c cross join here
        where c.kind = ${kind} and ST_DWithin(c.location_geog, here.g, ${radiusM}) and ${inSubtree('c.division_path', scopePath)}
          and (c.status = 'closed' or exists (select 1 from case_events e where e.case_id = c.id and e.kind = 'reopen' and e.data->>'clientId' = ${clientId}))
        order by 2 desc, ST_Distance(c.location_geog, here.g), c.id
        limit 1`.execute(db.q);
      return r.rows[0];
    },
    async nearby(lon: number, lat: number, radiusM: number, scopePath: string, includeClosed: boolean, limit: number) {
      const r = await sql<NearbyRow>`
        with here as (select ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography as g)
        select c.id, c.case_no, c.status, c.disposal_class, c.category, c.lon, c.lat, c.found_at, c.note, c.version,
               v.short_name as division_name, t.short_name as town_name,
               ST_Distance(c.location_geog, here.g) as distance,
               (select count(*) from photos p where p.case_id = c.id) as photo_count,
               array(select p.id from photos p where p.case_id = c.id order by p.uploaded_at desc, p.id limit 3) as photo_ids
        from cases c cross join here
        join divisions v on v.code = c.division_code
        join divisions t on t.code = c.town_code
        where ST_DWithin(c.location_geog, here.g, ${radiusM}) and c.kind = 'violation'
          and ${inSubtree('c.division_path', scopePath)}
          and (c.status in ('reported','verified','classified','rectifying','closing_requested')
               ${includeClosed ? sql`or (c.status = 'closed' and c.disposal_class = 'demolish')` : sql``})
        order by distance, c.id
        limit ${limit}`.execute(db.q);
      return r.rows;
    },
    /**
     * What the duplicate scoring job needs, in one statement for any number of cases: each case (with its
     * town and village names and its photos' hashes, `mine`) and, while it is still `reported`, the open (and
     * demolished) cases within twice its category's radius (`radiiM`: metres by category, else `default`),
     * in any town, nearest first, with the facts the score needs and their photos' hashes. A case that
     * does not exist is missing from the map.
     */
    async duplicateScan(caseIds: readonly string[], radiiM: Record<string, number> & { default: number }) {
      type Row = {
        id: string;
        status: string;
        category: string;
        case_no: string;
        town_code: string;
        town_name: string | null;
        division_name: string | null;
        radius: number;
        mine: string[];
        o_id: string | null;
        o_category: string;
        o_status: string;
        distance: number;
        iou: number | null;
        phashes: string[];
      };
      const r = await sql<Row>`
        with c as (
          select c.id, c.status, c.category, c.case_no, c.town_code, c.location_geog, c.footprint,
                 v.short_name as division_name, t.short_name as town_name,
                 coalesce((${JSON.stringify(radiiM)}::jsonb ->> c.category)::float8, ${radiiM.default}::float8) as radius,
                 array(select p.phash from photos p where p.case_id = c.id and p.phash is not null) as mine
          from cases c join divisions v on v.code = c.division_code join divisions t on t.code = c.town_code
          where c.id = any(${[...caseIds]}::uuid[])
        )
        select c.id, c.status, c.category, c.case_no, c.town_code, c.town_name, c.division_name, c.radius, c.mine,
               o.id as o_id, o.category as o_category, o.status as o_status, o.distance, o.iou, o.phashes
        from c left join lateral (
          select o.id, o.category, o.status, ST_Distance(o.location_geog, c.location_geog) as distance,
                 case when c.footprint is not null and o.footprint is not null and ST_Intersects(c.footprint, o.footprint)
                      then ST_Area(ST_Intersection(c.footprint, o.footprint)::geography) / nullif(ST_Area(ST_Union(c.footprint, o.footprint)::geography), 0)
                      when c.footprint is not null and o.footprint is not null then 0 end as iou,
                 array(select p.phash from photos p where p.case_id = o.id and p.phash is not null) as phashes
          from cases o
          where c.status = 'reported' and o.id <> c.id and o.kind = 'violation' and ST_DWithin(o.location_geog, c.location_geog, 2 * c.radius)
            and (o.status in ('reported','verified','classified','rectifying','closing_requested') or (o.status = 'closed' and o.disposal_class = 'demolish'))
          order by distance limit 50
        ) o on true
        order by c.id, o.distance ${KEEP_PLAN}`.execute(db.q);
      const scans = new Map<
        string,
        {
          case: { status: string; category: string; caseNo: string; townCode: string; townName: string | null; divisionName: string | null; radiusM: number };
          mine: string[];
          neighbours: { id: string; category: string; status: string; distance: number; iou: number | null; phashes: string[] }[];
        }
      >();
      for (const x of r.rows) {
        let scan = scans.get(x.id);
        if (!scan) {
          scan = {
            case: {
              status: x.status,
              category: x.category,
              caseNo: x.case_no,
              townCode: x.town_code,
              townName: x.town_name,
              divisionName: x.division_name,
              radiusM: Number(x.radius),
            },
            mine: x.mine,
            neighbours: [],
          };
          scans.set(x.id, scan);
        }
        if (x.o_id !== null)
          scan.neighbours.push({
            id: x.o_id,
            category: x.o_category,
            status: x.o_status,
            distance: Number(x.distance),
            iou: x.iou === null ? null : Number(x.iou),
            phashes: x.phashes,
          });
      }
      return scans;
    },
    /**
     * Records duplicate candidates of any number of cases and, in the same statement, the timeline events
     * that mark the new ones (per case, `rebuild_suspected` for demolished neighbours, `duplicate_suspected`
     * for the others; each lists its candidates as `{caseId, score, rebuild}` in the order given). A pair is
     * kept once: returns the pairs that were new, as `caseId candidateId`.
     */
    async recordCandidates(
      at: Date,
      rows: readonly { case_id: string; candidate_id: string; score: number; distance_m: number; factors: Record<string, unknown>; rebuild: boolean }[],
    ): Promise<Set<string>> {
      if (rows.length === 0) return new Set();
      const r = await sql<{ case_id: string; candidate_id: string }>`
        with x as (
          select * from jsonb_to_recordset(${JSON.stringify(rows.map((row, ord) => ({ ...row, ord })))}::jsonb)
            as x(ord int, case_id uuid, candidate_id uuid, score float8, distance_m float8, factors jsonb, rebuild boolean)
        ), ins as (
          insert into case_duplicate_candidates (case_id, candidate_id, score, distance_m, factors, created_at)
          select case_id, candidate_id, score, distance_m, factors, ${at}::timestamptz from x order by ord
          on conflict (case_id, candidate_id) do nothing
          returning case_id, candidate_id
        ), ev as (
          insert into case_events (case_id, at, actor_id, kind, data)
          select x.case_id, ${at}::timestamptz, null, case when x.rebuild then 'rebuild_suspected' else 'duplicate_suspected' end,
                 jsonb_build_object('candidates', jsonb_agg(jsonb_build_object('caseId', x.candidate_id, 'score', x.score, 'rebuild', x.rebuild) order by x.ord))
          from ins join x using (case_id, candidate_id) group by x.case_id, x.rebuild
          order by min(min(x.ord)) over (partition by x.case_id), x.rebuild desc
        )
        select case_id, candidate_id from ins`.execute(db.q);
      return new Set(r.rows.map((x) => `${x.case_id} ${x.candidate_id}`));
    },
    /** Probable duplicates of a case that nobody has resolved, best first. */
    candidatesOf: (caseId: string) =>
      db.q
        .selectFrom('case_duplicate_candidates as d')
        .innerJoin('cases as o', 'o.id', 'd.candidate_id')
        .innerJoin('divisions as v', 'v.code', 'o.division_code')
        .innerJoin('divisions as t', 't.code', 'o.town_code')
        .select([
          'd.candidate_id',
          'd.score',
          'd.distance_m',
          'd.factors',
          'd.created_at',
          'o.case_no',
          'o.status',
          'o.division_path',
          'v.short_name as division_name',
          't.short_name as town_name',
        ])
        .where('d.case_id', '=', caseId)
        .where('d.resolution', 'is', null)
        .orderBy('d.score', 'desc')
        .execute(),
    /** A rejected case is no longer anyone's twin: the pairs that point at it are closed too. */
    resolvePointingTo: (caseId: string, keptId: string | null, by: string | null, at: Date) =>
      sql`update case_duplicate_candidates
          set resolution = case when case_id = ${keptId} then 'merged' else 'dismissed' end, resolved_at = ${at}, resolved_by = ${by}
          where candidate_id = ${caseId} and resolution is null`.execute(db.q),
    resolveCandidates: (caseId: string, candidateId: string | null, resolution: 'merged' | 'dismissed', by: string | null, at: Date) => {
      let q = db.q.updateTable('case_duplicate_candidates').set({ resolution, resolved_at: at, resolved_by: by }).where('case_id', '=', caseId).where('resolution', 'is', null);
      if (candidateId) q = q.where('candidate_id', '=', candidateId);
      return q.execute();
    },
  };
}
