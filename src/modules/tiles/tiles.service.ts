import { createHash } from 'node:crypto';
import type { Actor } from '../../platform/auth.js';
import { badRequest } from '../../platform/errors.js';
import type { CasesService } from '../cases/cases.service.js';
import type { CaseFilterInput } from '../cases/cases.filter.js';
import { encodeTile, toTile, type TileFeature } from './tiles.mvt.js';
import type { TileLayerId, TilePolygonRow, TilesRepo } from './tiles.repo.js';

/** The most features one tile holds (in id order): a low zoom over a whole city is thinned, not unbounded. */
export const TILE_MAX_FEATURES = 20_000;
export const TILE_LAYERS: TileLayerId[] = ['cases', 'patches', 'divisions'];

function polygonFeatures(rows: TilePolygonRow[]): TileFeature[] {
  const out: TileFeature[] = [];
  for (const r of rows) {
    if (!r.geom) continue;
    const g = JSON.parse(r.geom) as { type: string; coordinates: unknown; geometries?: { type: string; coordinates: unknown }[] };
    // clipping and snapping can leave a collection or lower-dimension parts: keep the polygons
    const parts = g.type === 'GeometryCollection' ? (g.geometries ?? []) : [g];
    const polys: number[][][][] = [];
    for (const p of parts) {
      if (p.type === 'Polygon') polys.push(p.coordinates as number[][][]);
      else if (p.type === 'MultiPolygon') polys.push(...(p.coordinates as number[][][][]));
    }
    if (polys.length) out.push({ type: 3, geometry: polys, properties: r.props });
  }
  return out;
}

/**
 * Vector tiles (Mapbox Vector Tile, Web Mercator z/x/y) of the cases, the change patches and the division
 * boundaries inside the user's jurisdiction, for the command centre's map and for QGIS/GDAL. On PostgreSQL
 * ST_AsMVT writes each tile; on PGlite (PostGIS without protobuf-c) the database clips and moves the geometry
 * to the tile grid and tiles.mvt.ts encodes it. Same layers, same properties on both.
 */
export function tilesService(deps: { repo: TilesRepo; cases: CasesService }) {
  const { repo, cases } = deps;

  return {
    /** One tile: its bytes (empty when nothing is in it) and an ETag of them. */
    async tile(actor: Actor, layer: TileLayerId, z: number, x: number, y: number, input: CaseFilterInput) {
      const n = 2 ** z;
      if (x >= n || y >= n) throw badRequest('tiles.out_of_range', `第 ${z} 级瓦片的列号和行号须小于 ${n}`, { z, x, y });
      let body: Uint8Array;
      if (layer === 'divisions') {
        body =
          repo.driver === 'postgres'
            ? await repo.mvtDivisions(actor.divisionPath, z, x, y)
            : encodeTile([{ name: layer, features: polygonFeatures(await repo.divisionPolygons(actor.divisionPath, z, x, y)) }]);
      } else if (layer === 'patches') {
        // the patch table (图斑), inside the jurisdiction; the case list's filters are about cases and do not apply
        body =
          repo.driver === 'postgres'
            ? await repo.mvtPatches(actor.divisionPath, z, x, y, TILE_MAX_FEATURES)
            : encodeTile([{ name: layer, features: polygonFeatures(await repo.patchPolygons(actor.divisionPath, z, x, y, TILE_MAX_FEATURES)) }]);
      } else {
        const f = await cases.resolveFilter(actor, input);
        if (repo.driver === 'postgres') body = await repo.mvtCases(f, z, x, y, TILE_MAX_FEATURES);
        else {
          const at = toTile(z, x, y);
          const rows = await repo.casePoints(f, z, x, y, TILE_MAX_FEATURES);
          body = encodeTile([
            {
              name: layer,
              features: rows.map((r) => ({
                type: 1 as const,
                geometry: [[[at(Number(r.lon), Number(r.lat))]]],
                properties: { id: r.id, caseNo: r.case_no, status: r.status, disposalClass: r.disposal_class, origin: r.origin, source: r.source },
              })),
            },
          ]);
        }
      }
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      return { body, etag };
    },
  };
}
export type TilesService = ReturnType<typeof tilesService>;
