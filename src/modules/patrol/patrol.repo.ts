import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

interface TrackRow {
  id: string;
  client_id: string;
  client_fingerprint: string;
  user_id: string;
  division_path: string;
  started_at: Date;
  ended_at: Date;
  point_count: number;
  length_m: number;
  points: string;
  created_at: Date;
}

/** Patrol tracks and the coverage they give: all SQL of the patrol module. */
export function patrolRepo(db: Database) {
  return {
    trackByClientId: (clientId: string) =>
      db.q
        .selectFrom('patrol_tracks')
        .select(['id', 'client_fingerprint', 'user_id', 'point_count', 'length_m', 'started_at', 'ended_at'])
        .where('client_id', '=', clientId)
        .executeTakeFirst(),
    /** Inserts a track; `wkt` is its line (LINESTRING, WGS84). */
    insertTrack: (row: TrackRow, wkt: string) =>
      db.q
        .insertInto('patrol_tracks')
        .values({ ...row, geom: sql`ST_GeomFromText(${wkt}, 4326)` })
        .execute(),
    divisionPath: async (code: string) => (await db.q.selectFrom('divisions').select('path').where('code', '=', code).executeTakeFirst())?.path,
    /** Per village under `scope`: tracks in the period, inspectors, length inside, share within `bufferM` of a track, area. */
    async coverage(scope: string, from: Date, to: Date, bufferM: number) {
      const r = await sql<{
        code: string;
        name: string;
        town_name: string;
        tracks: number;
        inspectors: number;
        length_m: number | null;
        covered_share: number | null;
        area_km2: number;
      }>`
        with t as (
          select id, user_id, geom from patrol_tracks where started_at < ${to} and ended_at >= ${from}
        ), v as (
          select d.code, d.short_name as name, p.short_name as town_name, d.boundary
          from divisions d join divisions p on p.code = d.parent_code
          where d.level = 'village' and (d.path = ${scope} or d.path like ${`${scope}/%`})
        )
        select v.code, v.name, v.town_name,
               count(t.id)::int as tracks, count(distinct t.user_id)::int as inspectors,
               sum(ST_Length(ST_Intersection(t.geom, v.boundary)::geography)) as length_m,
               ST_Area(ST_Intersection(ST_Union(ST_Buffer(t.geom::geography, ${bufferM})::geometry), v.boundary)::geography)
                 / nullif(ST_Area(v.boundary::geography), 0) as covered_share,
               ST_Area(v.boundary::geography) / 1e6 as area_km2
        from v left join t on ST_Intersects(t.geom, v.boundary)
        group by v.code, v.name, v.town_name, v.boundary
        order by v.code`.execute(db.q);
      return r.rows;
    },
  };
}
export type PatrolRepo = ReturnType<typeof patrolRepo>;
