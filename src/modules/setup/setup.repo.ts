import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

/** One staged feature as the database judged it: valid, repaired (with the reason), or empty after repair. */
export interface StagedFeature {
  n: number;
  code: string;
  valid: boolean;
  reason: string | null;
  empty: boolean;
  area_m2: number;
}

/** A staged boundary against the stored one. */
export interface BoundaryDiff {
  code: string;
  level: string;
  name: string;
  derived_from: number | null;
  had_boundary: boolean;
  same: boolean;
  old_area_m2: number | null;
  new_area_m2: number;
  /** Area of the symmetric difference (what moved), m². */
  changed_m2: number | null;
}

export interface CaseMove {
  id: string;
  case_no: string;
  from_code: string;
  from_name: string;
  to_code: string | null;
  to_name: string | null;
  to_town: string | null;
  to_path: string | null;
}

/**
 * The SQL of going live (setup.service.ts): boundaries staged in a temporary table of the open transaction,
 * judged by PostGIS (ST_IsValid, repaired with ST_MakeValid), compared with the stored ones and written; the
 * cases whose village the new boundaries change.
 */
export function setupRepo(db: Database) {
  return {
    /** A temporary table for this transaction's staged boundaries (dropped at commit or rollback). */
    async createStage() {
      await sql`create temp table if not exists setup_boundary_stage (
          n integer, code text not null, raw geometry, fixed geometry(MultiPolygon, 4326), derived_from integer
        ) on commit drop`.execute(db.q);
      await sql`truncate setup_boundary_stage`.execute(db.q);
    },
    /** Stages features (GeoJSON, WGS84) and returns the database's judgement of each. */
    async stage(features: { n: number; code: string; geometry: unknown }[]): Promise<StagedFeature[]> {
      for (let i = 0; i < features.length; i += 200) {
        const chunk = features.slice(i, i + 200);
        await sql`insert into setup_boundary_stage (n, code, raw)
          select (f->>'n')::int, f->>'code', ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326)
          from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) f`.execute(db.q);
      }
      // an invalid ring is repaired; what the repair leaves that is not a polygon (a line, a point) is dropped
      const r = await sql<StagedFeature>`
        with judged as (
          select n, code, ST_IsValid(raw) as valid, case when ST_IsValid(raw) then null else ST_IsValidReason(raw) end as reason,
                 ST_Multi(case when ST_IsValid(raw) then raw else ST_CollectionExtract(ST_MakeValid(raw), 3) end) as fixed
          from setup_boundary_stage where raw is not null),
        upd as (update setup_boundary_stage s set fixed = case when ST_IsEmpty(j.fixed) then null else j.fixed end
                from judged j where s.n = j.n returning s.n)
        select j.n, j.code, j.valid, j.reason, ST_IsEmpty(j.fixed) as empty, coalesce(ST_Area(j.fixed::geography), 0)::float8 as area_m2
        from judged j order by j.n`.execute(db.q);
      return r.rows;
    },
    /** Several features for one division become one boundary (the union of their parts). */
    async mergeDuplicates() {
      await sql`
        with many as (select code, ST_Multi(ST_CollectionExtract(ST_Union(fixed), 3)) as g, min(n) as n from setup_boundary_stage
                      where fixed is not null group by code having count(*) > 1),
        del as (delete from setup_boundary_stage s using many m where s.code = m.code and s.fixed is not null)
        insert into setup_boundary_stage (n, code, fixed) select n, code, g from many`.execute(db.q);
    },
    /**
     * A town (or the county) that the file does not draw gets the union of its children's boundaries when the
     * file draws every one of them.
     */
    async deriveParents(level: 'town' | 'city') {
      const child = level === 'town' ? 'village' : 'town';
      await sql`
        insert into setup_boundary_stage (code, fixed, derived_from)
        select d.parent_code, ST_Multi(ST_CollectionExtract(ST_Union(s.fixed), 3)), count(*)
        from divisions d join setup_boundary_stage s on s.code = d.code and s.fixed is not null
        where d.level = ${child}
          and not exists (select 1 from setup_boundary_stage p where p.code = d.parent_code)
        group by d.parent_code
        having count(*) = (select count(*) from divisions c where c.parent_code = d.parent_code and c.level = ${child})`.execute(db.q);
    },
    /** Every staged boundary against the stored one; the same within half a square metre counts as unchanged. */
    async diff(): Promise<BoundaryDiff[]> {
      const r = await sql<BoundaryDiff>`
        with cmp as (
          select s.code, d.level, d.short_name as name, s.derived_from, d.boundary is not null as had_boundary,
                 case when d.boundary is null then null else ST_Area(d.boundary::geography) end as old_area_m2,
                 ST_Area(s.fixed::geography) as new_area_m2,
                 case when d.boundary is null then null
                      when ST_OrderingEquals(d.boundary, s.fixed) then 0
                      else ST_Area(ST_SymDifference(d.boundary, s.fixed)::geography) end as changed_m2
          from setup_boundary_stage s join divisions d on d.code = s.code where s.fixed is not null)
        select code, level, name, derived_from, had_boundary, coalesce(changed_m2 < 0.5, false) as same,
               old_area_m2::float8, new_area_m2::float8, changed_m2::float8
        from cmp order by code`.execute(db.q);
      return r.rows;
    },
    /** Divisions of the given levels that have a boundary the staged set does not have. */
    async notStaged(levels: string[]) {
      const r = await sql<{ code: string; level: string; name: string; old_area_m2: number }>`
        select d.code, d.level, d.short_name as name, ST_Area(d.boundary::geography)::float8 as old_area_m2 from divisions d
        where d.boundary is not null and d.level = any(${levels})
          and not exists (select 1 from setup_boundary_stage s where s.code = d.code and s.fixed is not null)
        order by d.code`.execute(db.q);
      return r.rows;
    },
    /** Writes the staged boundaries of these codes (their label point with them). */
    async writeBoundaries(codes: string[]) {
      if (!codes.length) return;
      await sql`
        update divisions d set boundary = s.fixed, centroid = ST_PointOnSurface(s.fixed), boundary_synthetic = false
        from setup_boundary_stage s where s.code = d.code and s.fixed is not null and d.code = any(${codes})`.execute(db.q);
    },
    async clearBoundaries(codes: string[]) {
      if (!codes.length) return;
      await db.q.updateTable('divisions').set({ boundary: null, centroid: null }).where('code', 'in', codes).execute();
    },
    /** The tables (other than divisions) that hold a row with a division path: their paths would go stale if the tree's root moved. */
    async pathsInUse(): Promise<string[]> {
      const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.columns
        where table_schema = current_schema() and column_name = 'division_path' order by table_name`.execute(db.q);
      const used: string[] = [];
      for (const { table_name } of tables.rows) {
        const r = await sql<{ any: boolean }>`select exists (select 1 from ${sql.table(table_name)}) as any`.execute(db.q);
        if (r.rows[0].any) used.push(table_name);
      }
      return used;
    },
    async rename(code: string, d: { name: string; short_name: string; kind: string | null }) {
      await db.q.updateTable('divisions').set(d).where('code', '=', code).execute();
    },
    /** The cases whose village (by the boundaries now in the transaction) is not the one they are filed under. */
    async casesToMove(): Promise<CaseMove[]> {
      const r = await sql<CaseMove>`
        select c.id, c.case_no, c.division_code as from_code, f.short_name as from_name,
               v.code as to_code, v.short_name as to_name, v.parent_code as to_town, v.path as to_path
        from cases c
        join divisions f on f.code = c.division_code
        left join lateral (
          select code, short_name, parent_code, path from divisions v
          where v.level = 'village' and v.boundary is not null and ST_Covers(v.boundary, c.location)
          order by v.code limit 1) v on true
        where v.code is distinct from c.division_code
        order by c.case_no`.execute(db.q);
      return r.rows;
    },
  };
}
export type SetupRepo = ReturnType<typeof setupRepo>;
