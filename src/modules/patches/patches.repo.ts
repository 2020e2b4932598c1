import { sql, type Insertable, type Selectable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { PatchPhotosTable } from '../../db/schema.js';

import type { PatchStatus, Verdict } from './patch.rules.js';

/** One staged feature as the database judged it: its repair, area, village and the case it matches. */
export interface StagedPatch {
  n: number;
  code: string;
  valid: boolean;
  reason: string | null;
  empty: boolean;
  area_m2: number;
  lon: number | null;
  lat: number | null;
  village_code: string | null;
  village_name: string | null;
  town_code: string | null;
  town_name: string | null;
  path: string | null;
  case_id: string | null;
  case_no: string | null;
  case_status: string | null;
  distance_m: number | null;
  overlap_m2: number | null;
}

export interface BatchRow {
  id: string;
  batch_no: string;
  source: 'satellite' | 'drone';
  detected_on: string;
  due_on: string;
  file_name: string;
  file_sha256: string;
  file_format: string;
  crs: string;
  patch_count: number;
  matched_count: number;
  match_meters: number;
  note: string | null;
  imported_by: string | null;
  imported_by_name: string | null;
  imported_at: Date;
}

export interface FiguresRow {
  batch_id: string;
  total: number;
  matched: number;
  pending: number;
  submitted: number;
  verified: number;
  on_time: number;
  late: number;
  outstanding: number;
  overdue: number;
}

export interface PatchRow {
  id: string;
  batch_id: string;
  batch_no: string;
  source: 'satellite' | 'drone';
  detected_on: string;
  due_on: string;
  code: string;
  area_m2: number;
  lon: number;
  lat: number;
  division_code: string;
  town_code: string;
  division_path: string;
  village_name: string;
  town_name: string;
  status: PatchStatus;
  verdict: Verdict | null;
  verdict_note: string | null;
  verdict_by: string | null;
  verdict_by_name: string | null;
  verdict_at: Date | null;
  matched_by_import: boolean;
  match_distance_m: number | null;
  match_overlap_m2: number | null;
  case_id: string | null;
  case_no: string | null;
  case_status: string | null;
  reviewed_by: string | null;
  reviewed_by_name: string | null;
  reviewed_at: Date | null;
  return_reason: string | null;
  returned_count: number;
  version: number;
  attrs: Record<string, unknown>;
  geom?: string;
  distance_m?: number;
}

/** A patch photo with the name of who uploaded it. */
export type PatchPhotoRow = Selectable<PatchPhotosTable> & { uploaded_by_name: string | null };

export interface PatchListFilter {
  scopePath: string;
  batchId?: string;
  status?: PatchStatus[];
  townCode?: string;
  verdict?: Verdict[];
}

/** A check is on time when its verdict was given before the end of the due day (China time: day D ends at D 16:00 UTC). */
const ON_TIME = sql`(p.verdict_at at time zone 'UTC') < b.due_on + interval '16 hours'`;
const DUE_OVER = (now: Date) => sql`(${now}::timestamptz at time zone 'UTC') >= b.due_on + interval '16 hours'`;

const patchColumns = sql`p.id, p.batch_id, b.batch_no, b.source, b.detected_on::text as detected_on, b.due_on::text as due_on, p.code,
  p.area_m2::float8 as area_m2, ST_X(p.point) as lon, ST_Y(p.point) as lat, p.division_code, p.town_code, p.division_path,
  v.short_name as village_name, t.short_name as town_name, p.status, p.verdict, p.verdict_note, p.verdict_by, vu.display_name as verdict_by_name,
  p.verdict_at, p.matched_by_import, p.match_distance_m, p.match_overlap_m2, p.case_id, c.case_no, c.status as case_status,
  p.reviewed_by, ru.display_name as reviewed_by_name, p.reviewed_at, p.return_reason, p.returned_count, p.version, p.attrs`;
const patchJoins = sql`from patches p join patch_batches b on b.id = p.batch_id
  join divisions v on v.code = p.division_code join divisions t on t.code = p.town_code
  left join cases c on c.id = p.case_id left join users vu on vu.id = p.verdict_by left join users ru on ru.id = p.reviewed_by`;

function listWhere(f: PatchListFilter) {
  const parts = [sql`(p.division_path = ${f.scopePath} or p.division_path like ${`${f.scopePath}/%`})`];
  if (f.batchId) parts.push(sql`p.batch_id = ${f.batchId}`);
  if (f.status?.length) parts.push(sql`p.status = any(${f.status})`);
  if (f.verdict?.length) parts.push(sql`p.verdict = any(${f.verdict})`);
  if (f.townCode) parts.push(sql`p.town_code = ${f.townCode}`);
  return sql.join(parts, sql` and `);
}

/**
 * The SQL of change patches: a batch staged in a temporary table of the open transaction and judged by PostGIS
 * (ST_IsValid, repaired with ST_MakeValid; its village by ST_Covers; the case it matches by footprint overlap or
 * point distance), written, listed with its figures, and each patch's verdict and review.
 */
export function patchesRepo(db: Database) {
  return {
    batchByNo: (batchNo: string) => db.q.selectFrom('patch_batches').selectAll().where('batch_no', '=', batchNo).executeTakeFirst(),
    batchByHash: (sha256: string) => db.q.selectFrom('patch_batches').selectAll().where('file_sha256', '=', sha256).executeTakeFirst(),

    /** A temporary table for this transaction's staged patches (dropped at commit or rollback). */
    async createStage() {
      await sql`create temp table if not exists patch_stage (n integer, code text not null, raw geometry, fixed geometry(MultiPolygon, 4326)) on commit drop`.execute(db.q);
      await sql`truncate patch_stage`.execute(db.q);
    },
    /**
     * Stages features (GeoJSON, WGS84) and returns the database's judgement of each: valid or repaired, its area,
     * the village its point on the surface lies in (none: outside the county), and the best matching case — the
     * largest footprint overlap, else the nearest case point within `matchMeters`.
     */
    async stage(features: { n: number; code: string; geometry: unknown }[], matchMeters: number): Promise<StagedPatch[]> {
      for (let i = 0; i < features.length; i += 200) {
        const chunk = features.slice(i, i + 200);
        await sql`insert into patch_stage (n, code, raw)
          select (f->>'n')::int, f->>'code', ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326)
          from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) f`.execute(db.q);
      }
      await sql`
        update patch_stage s set fixed = case when ST_IsEmpty(j.g) then null else j.g end
        from (select n, ST_Multi(case when ST_IsValid(raw) then raw else ST_CollectionExtract(ST_MakeValid(raw), 3) end) as g from patch_stage) j
        where j.n = s.n`.execute(db.q);
      const r = await sql<StagedPatch>`
        select s.n, s.code, ST_IsValid(s.raw) as valid, case when ST_IsValid(s.raw) then null else ST_IsValidReason(s.raw) end as reason,
               s.fixed is null as empty, coalesce(ST_Area(s.fixed::geography), 0)::float8 as area_m2,
               ST_X(ST_PointOnSurface(s.fixed)) as lon, ST_Y(ST_PointOnSurface(s.fixed)) as lat,
               v.code as village_code, v.short_name as village_name, t.code as town_code, t.short_name as town_name, v.path,
               m.id as case_id, m.case_no, m.status as case_status, m.distance_m, m.overlap_m2
        from patch_stage s
        left join lateral (
          select code, short_name, parent_code, path from divisions v
          where v.level = 'village' and v.boundary is not null and s.fixed is not null and ST_Covers(v.boundary, ST_PointOnSurface(s.fixed))
          order by v.code limit 1) v on true
        left join divisions t on t.code = v.parent_code
        left join lateral (
          select c.id, c.case_no, c.status,
                 ST_Distance(c.location_geog, s.fixed::geography)::float8 as distance_m,
                 case when c.footprint is not null and ST_Intersects(c.footprint, s.fixed)
                      then ST_Area(ST_Intersection(ST_MakeValid(c.footprint), s.fixed)::geography)::float8 else 0 end as overlap_m2
          from cases c
          where s.fixed is not null and c.kind = 'violation' and c.status <> 'rejected'
            and ((c.footprint is not null and c.footprint && s.fixed and ST_Intersects(c.footprint, s.fixed))
                 or ST_DWithin(c.location_geog, s.fixed::geography, ${matchMeters}))
          order by overlap_m2 desc, distance_m asc, c.case_no limit 1) m on true
        order by s.n`.execute(db.q);
      return r.rows;
    },
    async insertBatch(b: {
      id: string;
      batch_no: string;
      source: string;
      detected_on: string;
      due_on: string;
      file_name: string;
      file_sha256: string;
      file_format: string;
      crs: string;
      patch_count: number;
      matched_count: number;
      match_meters: number;
      note: string | null;
      imported_by: string | null;
      imported_at: Date;
    }) {
      await db.q
        .insertInto('patch_batches')
        .values(b as never)
        .execute();
    },
    /** Writes the staged patches of a batch: matched ones as 已掌握 awaiting the town's confirmation, the others as field tasks. */
    async insertPatches(
      batchId: string,
      rows: { id: string; n: number; attrs: Record<string, unknown>; caseId: string | null; distanceM: number | null; overlapM2: number | null }[],
      now: Date,
    ) {
      for (let i = 0; i < rows.length; i += 200) {
        const chunk = rows.slice(i, i + 200);
        await sql`
          insert into patches (id, batch_id, code, geom, point, point_geog, area_m2, division_code, town_code, division_path, attrs,
                               status, verdict, verdict_at, matched_by_import, match_distance_m, match_overlap_m2, case_id, created_at, updated_at)
          select (f->>'id')::uuid, ${batchId}, s.code, s.fixed, ST_PointOnSurface(s.fixed), ST_PointOnSurface(s.fixed)::geography,
                 round(ST_Area(s.fixed::geography)::numeric, 2), v.code, v.parent_code, v.path, f->'attrs',
                 case when f->>'caseId' is null then 'pending' else 'submitted' end,
                 case when f->>'caseId' is null then null else 'known' end,
                 case when f->>'caseId' is null then null else ${now}::timestamptz end,
                 f->>'caseId' is not null, (f->>'distanceM')::float8, (f->>'overlapM2')::float8, (f->>'caseId')::uuid, ${now}, ${now}
          from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) f
          join patch_stage s on s.n = (f->>'n')::int
          join lateral (select code, parent_code, path from divisions v where v.level = 'village' and v.boundary is not null
                        and ST_Covers(v.boundary, ST_PointOnSurface(s.fixed)) order by v.code limit 1) v on true`.execute(db.q);
      }
    },

    /** The batches that have a patch in the jurisdiction, newest first, with its figures there. */
    async batches(scopePath: string, now: Date): Promise<(BatchRow & FiguresRow)[]> {
      const r = await sql<BatchRow & FiguresRow>`
        select b.id, b.batch_no, b.source, b.detected_on::text as detected_on, b.due_on::text as due_on, b.file_name, b.file_sha256, b.file_format,
               b.crs, b.patch_count, b.matched_count, b.match_meters, b.note, b.imported_by, u.display_name as imported_by_name, b.imported_at,
               f.*
        from patch_batches b left join users u on u.id = b.imported_by
        join lateral (
          select b.id as batch_id, count(*)::int as total,
            count(*) filter (where p.matched_by_import)::int as matched,
            count(*) filter (where p.status = 'pending')::int as pending,
            count(*) filter (where p.status = 'submitted')::int as submitted,
            count(*) filter (where p.status = 'verified')::int as verified,
            count(*) filter (where p.status = 'verified' and ${ON_TIME})::int as on_time,
            count(*) filter (where p.status = 'verified' and not ${ON_TIME})::int as late,
            count(*) filter (where p.status <> 'verified')::int as outstanding,
            count(*) filter (where p.status <> 'verified' and ${DUE_OVER(now)})::int as overdue
          from patches p where p.batch_id = b.id and (p.division_path = ${scopePath} or p.division_path like ${`${scopePath}/%`})) f on f.total > 0
        order by b.detected_on desc, b.batch_no`.execute(db.q);
      return r.rows;
    },
    /** One batch's figures per town of the jurisdiction. */
    async townFigures(batchId: string, scopePath: string, now: Date) {
      const r = await sql<FiguresRow & { town_code: string; town_name: string }>`
        select p.town_code, t.short_name as town_name, b.id as batch_id, count(*)::int as total,
          count(*) filter (where p.matched_by_import)::int as matched,
          count(*) filter (where p.status = 'pending')::int as pending,
          count(*) filter (where p.status = 'submitted')::int as submitted,
          count(*) filter (where p.status = 'verified')::int as verified,
          count(*) filter (where p.status = 'verified' and ${ON_TIME})::int as on_time,
          count(*) filter (where p.status = 'verified' and not ${ON_TIME})::int as late,
          count(*) filter (where p.status <> 'verified')::int as outstanding,
          count(*) filter (where p.status <> 'verified' and ${DUE_OVER(now)})::int as overdue
        from patches p join patch_batches b on b.id = p.batch_id join divisions t on t.code = p.town_code
        where p.batch_id = ${batchId} and (p.division_path = ${scopePath} or p.division_path like ${`${scopePath}/%`})
        group by p.town_code, t.short_name, b.id order by p.town_code`.execute(db.q);
      return r.rows;
    },
    batch: async (id: string) => {
      const r = await sql<BatchRow>`
        select b.id, b.batch_no, b.source, b.detected_on::text as detected_on, b.due_on::text as due_on, b.file_name, b.file_sha256, b.file_format,
               b.crs, b.patch_count, b.matched_count, b.match_meters, b.note, b.imported_by, u.display_name as imported_by_name, b.imported_at
        from patch_batches b left join users u on u.id = b.imported_by where b.id = ${id}`.execute(db.q);
      return r.rows[0];
    },

    async list(f: PatchListFilter, limit: number, offset: number) {
      const where = listWhere(f);
      const [rows, n] = await Promise.all([
        sql<PatchRow>`select ${patchColumns} ${patchJoins} where ${where} order by b.detected_on desc, p.code limit ${limit} offset ${offset}`.execute(db.q),
        sql<{ n: number }>`select count(*)::int as n from patches p where ${where}`.execute(db.q),
      ]);
      return { rows: rows.rows, total: n.rows[0].n };
    },
    async byId(id: string, withGeometry = false) {
      const r = await sql<PatchRow>`select ${patchColumns}${withGeometry ? sql`, ST_AsGeoJSON(p.geom, 7) as geom` : sql``} ${patchJoins} where p.id = ${id}`.execute(db.q);
      return r.rows[0];
    },
    /** Pending patches of a jurisdiction within `meters` of a point, nearest first (the phone's list). */
    async near(scopePath: string, lon: number, lat: number, meters: number, limit: number) {
      const r = await sql<PatchRow>`
        select ${patchColumns}, ST_AsGeoJSON(p.geom, 7) as geom,
               ST_Distance(p.point_geog, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography)::float8 as distance_m
        ${patchJoins}
        where (p.division_path = ${scopePath} or p.division_path like ${`${scopePath}/%`}) and p.status = 'pending'
          and ST_DWithin(p.point_geog, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography, ${meters})
        order by distance_m, p.code limit ${limit}`.execute(db.q);
      return r.rows;
    },
    /** The cases (illegal buildings, not rejected) within `meters` of a patch, nearest first: the choice for 已掌握. */
    async casesNear(patchId: string, meters: number) {
      const r = await sql<{ id: string; case_no: string; status: string; address_text: string | null; division_path: string; distance_m: number }>`
        select c.id, c.case_no, c.status, c.address_text, c.division_path, ST_Distance(c.location_geog, p.geom::geography)::float8 as distance_m
        from patches p join cases c on ST_DWithin(c.location_geog, p.geom::geography, ${meters})
        where p.id = ${patchId} and c.kind = 'violation' and c.status <> 'rejected'
        order by distance_m, c.case_no limit 20`.execute(db.q);
      return r.rows;
    },
    /** The patch's polygon as GeoJSON and its area (the new case's footprint). */
    async shape(id: string) {
      const r = await sql<{ geom: string; lon: number; lat: number; area_m2: number }>`
        select ST_AsGeoJSON(geom, 8) as geom, ST_X(point) as lon, ST_Y(point) as lat, area_m2::float8 as area_m2 from patches where id = ${id}`.execute(db.q);
      return r.rows[0];
    },

    /** Records a verdict when the patch is still at `version` and pending; false when it was not. */
    async setVerdict(
      id: string,
      version: number,
      v: { verdict: Verdict; note: string | null; by: string; at: Date; lon: number | null; lat: number | null; caseId: string | null; clientId: string | null },
    ) {
      const r = await db.q
        .updateTable('patches')
        .set({
          status: 'submitted',
          verdict: v.verdict,
          verdict_note: v.note,
          verdict_by: v.by,
          verdict_at: v.at,
          verdict_lon: v.lon,
          verdict_lat: v.lat,
          case_id: v.caseId,
          verdict_client_id: v.clientId,
          return_reason: null,
          version: sql`version + 1`,
          updated_at: v.at,
        } as never)
        .where('id', '=', id)
        .where('version', '=', version)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** The patch that took the verdict sent under this clientId (the phone's outbox), if any. */
    byVerdictClientId: (clientId: string) => db.q.selectFrom('patches').select(['id']).where('verdict_client_id', '=', clientId).executeTakeFirst(),
    /** Approves (verified) or sends back (pending again, the verdict cleared) a submitted patch at `version`. */
    async review(id: string, version: number, r: { approve: boolean; by: string; at: Date; reason: string | null }) {
      const set = r.approve
        ? { status: 'verified', reviewed_by: r.by, reviewed_at: r.at, version: sql`version + 1`, updated_at: r.at }
        : {
            status: 'pending',
            verdict: null,
            verdict_note: null,
            verdict_by: null,
            verdict_at: null,
            verdict_lon: null,
            verdict_lat: null,
            case_id: null,
            reviewed_by: r.by,
            reviewed_at: r.at,
            return_reason: r.reason,
            returned_count: sql`returned_count + 1`,
            version: sql`version + 1`,
            updated_at: r.at,
          };
      const u = await db.q
        .updateTable('patches')
        .set(set as never)
        .where('id', '=', id)
        .where('version', '=', version)
        .where('status', '=', 'submitted')
        .executeTakeFirst();
      return Number(u.numUpdatedRows) === 1;
    },

    insertPhotos: async (rows: Insertable<PatchPhotosTable>[]) => {
      if (rows.length) await db.q.insertInto('patch_photos').values(rows).execute();
    },
    photos: (patchId: string) =>
      db.q
        .selectFrom('patch_photos as f')
        .leftJoin('users as u', 'u.id', 'f.uploaded_by')
        .selectAll('f')
        .select('u.display_name as uploaded_by_name')
        .where('f.patch_id', '=', patchId)
        .orderBy('f.uploaded_at')
        .orderBy('f.id')
        .execute(),
    /** Every patch photo's stored keys and hash with its batch and patch number, by id after `afterId` (`blobs check`). */
    photoKeysPage: (afterId: string | null, limit: number) =>
      db.q
        .selectFrom('patch_photos as f')
        .innerJoin('patches as p', 'p.id', 'f.patch_id')
        .innerJoin('patch_batches as b', 'b.id', 'p.batch_id')
        .select(['f.id', 'b.batch_no', 'p.code', 'f.sha256', 'f.blob_key', 'f.display_key', 'f.thumb_key'])
        .$if(afterId !== null, (q) => q.where('f.id', '>', afterId!))
        .orderBy('f.id')
        .limit(limit)
        .execute(),
    photo: (id: string) =>
      db.q.selectFrom('patch_photos as f').innerJoin('patches as p', 'p.id', 'f.patch_id').selectAll('f').select('p.division_path').where('f.id', '=', id).executeTakeFirst(),
  };
}
export type PatchesRepo = ReturnType<typeof patchesRepo>;
