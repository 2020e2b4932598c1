import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.js';
import { casesMatching, inSubtree, type CaseFilter } from '../cases/case-filter.repo.js';
import { BUFFER, EXTENT, tileBounds, tileLonLat } from './tiles.mvt.js';

export type TileLayerId = 'cases' | 'patches' | 'divisions';

export interface TileCasePoint {
  id: string;
  case_no: string;
  status: string;
  disposal_class: string | null;
  origin: string;
  source: string;
  lon: number;
  lat: number;
}
export interface TilePolygonRow {
  props: Record<string, string | number | null>;
  /** GeoJSON of the polygons already in tile coordinates */
  geom: string | null;
}

/** The geometry (EPSG:4326) in the tile's grid: Web Mercator, clipped to the tile and its buffer, scaled to 0–4096, y down, snapped to whole units. */
function inTileGrid(geom: RawBuilder<unknown>, z: number, x: number, y: number) {
  const b = tileBounds(z, x, y);
  const k = EXTENT / b.size;
  const pad = (BUFFER / EXTENT) * b.size;
  return sql<string>`ST_AsGeoJSON(ST_SnapToGrid(ST_Affine(ST_ClipByBox2D(ST_Transform(${geom}, 3857), ST_MakeEnvelope(${b.minX - pad}, ${b.minY - pad}, ${b.maxX + pad}, ${b.maxY + pad}, 3857)), ${k}, 0, 0, ${-k}, ${-b.minX * k}, ${b.maxY * k}), 1), 0)`;
}

/** ST_AsMVTGeom of a geometry (EPSG:4326) for tile z/x/y (PostgreSQL's PostGIS: built with protobuf-c). */
const mvtGeom = (geom: RawBuilder<unknown>, z: number, x: number, y: number, clip = true) =>
  sql`ST_AsMVTGeom(ST_Transform(${geom}, 3857), ST_TileEnvelope(${z}, ${x}, ${y}), ${EXTENT}, ${BUFFER}, ${clip})`;

const envelope = (z: number, x: number, y: number) => {
  const [a, b, c, d] = tileLonLat(z, x, y, BUFFER);
  return sql`ST_MakeEnvelope(${a}, ${b}, ${c}, ${d}, 4326)`;
};

/**
 * The rows of a vector tile: the selection's cases in it (points), the change patches (变化图斑, polygons of the
 * patch table) of a jurisdiction, the division boundaries of a subtree. `mvt*` let PostgreSQL's ST_AsMVT write the
 * whole tile; the others return rows the service encodes (PGlite has no ST_AsMVT).
 */
export function tilesRepo(db: Database) {
  /** The selection's cases whose point lies in the tile (with its buffer). */
  const casePoints = (f: CaseFilter, z: number, x: number, y: number) => casesMatching(db, { ...f, bbox: tileLonLat(z, x, y, BUFFER) });
  /** The change patches (变化图斑) of a jurisdiction whose polygon touches the tile (the GiST index on patches.geom). */
  const patches = (scopePath: string, z: number, x: number, y: number) =>
    db.q
      .selectFrom('patches as p')
      .innerJoin('patch_batches as b', 'b.id', 'p.batch_id')
      .where(inSubtree('p.division_path', scopePath))
      .where(sql<boolean>`p.geom && ${envelope(z, x, y)}`);
  const divisions = (scopePath: string, z: number, x: number, y: number) =>
    db.q
      .selectFrom('divisions as d')
      .where(inSubtree('d.path', scopePath))
      .where('d.boundary', 'is not', null)
      .where('d.level', 'in', ['town', 'village'])
      .where(sql<boolean>`d.boundary && ${envelope(z, x, y)}`);

  const one = async (q: { execute: () => Promise<unknown[]> }) => {
    const rows = (await q.execute()) as { mvt: Uint8Array | null }[];
    const b = rows[0]?.mvt;
    return b ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(0);
  };

  return {
    driver: db.driver,

    casePoints: (f: CaseFilter, z: number, x: number, y: number, limit: number) =>
      casePoints(f, z, x, y)
        .select(['c.id', 'c.case_no', 'c.status', 'c.disposal_class', 'c.origin', 'c.source', 'c.lon', 'c.lat'])
        .orderBy('c.id')
        .limit(limit)
        .execute() as Promise<TileCasePoint[]>,
    patchPolygons: async (scopePath: string, z: number, x: number, y: number, limit: number): Promise<TilePolygonRow[]> =>
      (
        await patches(scopePath, z, x, y)
          .select([
            'p.id',
            'p.code',
            'b.batch_no',
            'p.status',
            'p.verdict',
            'b.source',
            sql<number>`p.area_m2::float8`.as('area_m2'),
            sql<string>`b.due_on::text`.as('due_on'),
            inTileGrid(sql`p.geom`, z, x, y).as('geom'),
          ])
          .orderBy('p.id')
          .limit(limit)
          .execute()
      ).map((r) => ({
        props: { id: r.id, code: r.code, batchNo: r.batch_no, status: r.status, verdict: r.verdict, source: r.source, areaM2: r.area_m2, dueOn: r.due_on },
        geom: r.geom,
      })),
    divisionPolygons: async (scopePath: string, z: number, x: number, y: number): Promise<TilePolygonRow[]> =>
      (
        await divisions(scopePath, z, x, y)
          .select(['d.code', 'd.short_name', 'd.level', 'd.parent_code', inTileGrid(sql`d.boundary`, z, x, y).as('geom')])
          .orderBy('d.code')
          .execute()
      ).map((r) => ({ props: { code: r.code, name: r.short_name, level: r.level, parentCode: r.parent_code }, geom: r.geom })),

    /** The cases layer written by ST_AsMVT (PostgreSQL). */
    mvtCases: (f: CaseFilter, z: number, x: number, y: number, limit: number) =>
      one(
        db.q
          .selectFrom(
            casePoints(f, z, x, y)
              .select([
                sql<string>`c.id::text`.as('id'),
                sql<string>`c.case_no::text`.as('caseNo'),
                sql<string>`c.status::text`.as('status'),
                sql<string>`c.disposal_class::text`.as('disposalClass'),
                sql<string>`c.origin::text`.as('origin'),
                sql<string>`c.source::text`.as('source'),
                mvtGeom(sql`c.location`, z, x, y, false).as('geom'),
              ])
              .orderBy('c.id')
              .limit(limit)
              .as('t'),
          )
          .select(sql<Uint8Array>`ST_AsMVT(t, 'cases', ${EXTENT}, 'geom')`.as('mvt')),
      ),
    mvtPatches: (scopePath: string, z: number, x: number, y: number, limit: number) =>
      one(
        db.q
          .selectFrom(
            patches(scopePath, z, x, y)
              .select([
                sql<string>`p.id::text`.as('id'),
                sql<string>`p.code::text`.as('code'),
                sql<string>`b.batch_no::text`.as('batchNo'),
                sql<string>`p.status::text`.as('status'),
                sql<string>`p.verdict::text`.as('verdict'),
                sql<string>`b.source::text`.as('source'),
                sql<number>`p.area_m2::float8`.as('areaM2'),
                sql<string>`b.due_on::text`.as('dueOn'),
                mvtGeom(sql`p.geom`, z, x, y).as('geom'),
              ])
              .orderBy('p.id')
              .limit(limit)
              .as('t'),
          )
          .where(sql<boolean>`t.geom IS NOT NULL`)
          .select(sql<Uint8Array>`ST_AsMVT(t, 'patches', ${EXTENT}, 'geom')`.as('mvt')),
      ),
    mvtDivisions: (scopePath: string, z: number, x: number, y: number) =>
      one(
        db.q
          .selectFrom(
            divisions(scopePath, z, x, y)
              .select([
                sql<string>`d.code::text`.as('code'),
                sql<string>`d.short_name::text`.as('name'),
                sql<string>`d.level::text`.as('level'),
                sql<string>`d.parent_code::text`.as('parentCode'),
                mvtGeom(sql`d.boundary`, z, x, y).as('geom'),
              ])
              .orderBy('d.code')
              .as('t'),
          )
          .where(sql<boolean>`t.geom IS NOT NULL`)
          .select(sql<Uint8Array>`ST_AsMVT(t, 'divisions', ${EXTENT}, 'geom')`.as('mvt')),
      ),
  };
}
export type TilesRepo = ReturnType<typeof tilesRepo>;
