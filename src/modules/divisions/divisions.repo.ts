import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { KEEP_PLAN } from '../../db/sql.js';
import type { DivisionLevel } from './division.levels.js';

export interface DivisionRow {
  code: string;
  parent_code: string | null;
  level: DivisionLevel;
  kind: string | null;
  name: string;
  short_name: string;
  path: string;
  land_area_km2: number | null;
  cultivated_area_km2: number | null;
  population: number | null;
  boundary_synthetic: boolean;
  population_synthetic: boolean;
}

export interface DivisionInput extends Omit<DivisionRow, 'path'> {
  /** GeoJSON MultiPolygon or Polygon, WGS84. */
  boundary: unknown | null;
  centroid?: [number, number] | null;
}

const cols = [
  'code',
  'parent_code',
  'level',
  'kind',
  'name',
  'short_name',
  'path',
  'land_area_km2',
  'cultivated_area_km2',
  'population',
  'boundary_synthetic',
  'population_synthetic',
] as const;

export function divisionsRepo(db: Database) {
  return {
    all: () => db.q.selectFrom('divisions').select(cols).orderBy('path').execute() as Promise<DivisionRow[]>,
    byCode: (code: string) => db.q.selectFrom('divisions').select(cols).where('code', '=', code).executeTakeFirst() as Promise<DivisionRow | undefined>,
    /**
     * Prefixes `prefix/` to the path of the county `rootCode` and its subtree: the tree gains the province and prefecture above it.
     * Only on a tree nothing else refers to by path yet (setup checks): cases and the rest keep their paths.
     */
    async prefixPaths(prefix: string, rootCode: string) {
      await sql`update divisions set path = ${`${prefix}/`} || path where path = ${rootCode} or path like ${`${rootCode}/%`}`.execute(db.q);
    },
    setParent: (code: string, parentCode: string) => db.q.updateTable('divisions').set({ parent_code: parentCode }).where('code', '=', code).execute(),
    /** The county at the head of this deployment's tree (level city). */
    county: () => db.q.selectFrom('divisions').select(cols).where('level', '=', 'city').orderBy('code').executeTakeFirst() as Promise<DivisionRow | undefined>,
    count: async () =>
      Number(
        (
          await db.q
            .selectFrom('divisions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    async insert(d: DivisionInput, path: string) {
      const geom = d.boundary ? sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(d.boundary)}), 4326))` : sql`null`;
      const centroid = d.centroid
        ? sql`ST_SetSRID(ST_MakePoint(${d.centroid[0]}, ${d.centroid[1]}), 4326)`
        : d.boundary
          ? sql`ST_PointOnSurface(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(d.boundary)}), 4326))`
          : sql`null`;
      await db.q
        .insertInto('divisions')
        .values({
          code: d.code,
          parent_code: d.parent_code,
          level: d.level,
          kind: d.kind,
          name: d.name,
          short_name: d.short_name,
          path,
          boundary: geom,
          centroid,
          land_area_km2: d.land_area_km2,
          cultivated_area_km2: d.cultivated_area_km2,
          population: d.population,
          boundary_synthetic: d.boundary_synthetic,
          population_synthetic: d.population_synthetic,
        })
        .execute();
    },
    /** The village (lowest level) whose boundary covers the point, with its town. */
    async locate(lon: number, lat: number) {
      const r = await sql<{ code: string; path: string; town_code: string; name: string; town_name: string }>`
        select v.code, v.path, v.short_name as name, t.code as town_code, t.short_name as town_name
        from divisions v join divisions t on t.code = v.parent_code
        where v.level = 'village' and ST_Covers(v.boundary, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326))
        order by v.code limit 1 ${KEEP_PLAN}`.execute(db.q);
      return r.rows[0];
    },
    /** Boundaries as a GeoJSON FeatureCollection string, built in SQL. */
    async geojson(levels: string[], simplify: number | null) {
      const geom = simplify ? sql`ST_SimplifyPreserveTopology(boundary, ${simplify})` : sql`boundary`;
      const r = await sql<{ fc: string }>`
        select json_build_object('type','FeatureCollection','features', coalesce(json_agg(json_build_object(
          'type','Feature','id', code,
          'geometry', ST_AsGeoJSON(${geom}, 6)::json,
          'properties', json_build_object('code', code, 'parentCode', parent_code, 'level', level, 'kind', kind,
             'name', name, 'shortName', short_name, 'population', population, 'landAreaKm2', land_area_km2,
             'cultivatedAreaKm2', cultivated_area_km2, 'boundarySynthetic', boundary_synthetic,
             'centroid', json_build_array(ST_X(centroid), ST_Y(centroid)))
        ) order by path), '[]'::json))::text as fc
        from divisions where boundary is not null and level = any(${levels})`.execute(db.q);
      return r.rows[0].fc;
    },
  };
}
export type DivisionsRepo = ReturnType<typeof divisionsRepo>;
