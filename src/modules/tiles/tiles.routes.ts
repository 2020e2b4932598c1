import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/http.js';
import { errorResponses, File } from '../../platform/schemas.js';
import { CaseFilterProps, filterFromQuery } from '../cases/cases.filter.js';
import { TILE_MAX_FEATURES, type TilesService } from './tiles.service.js';

/** A tile is private to its user's jurisdiction: a browser or QGIS may keep it a few minutes, a shared cache never. */
const CACHE = 'private, max-age=300';

/**
 * Vector tiles at /tiles/{layer}/{z}/{x}/{y}.mvt (Mapbox Vector Tile 2.1, Web Mercator), signed in like the OGC
 * API (Bearer token, the web app's cookie, or HTTP Basic for QGIS and GDAL).
 */
export async function tilesRoutes(app: FastifyInstance, { tiles }: { tiles: TilesService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/tiles/:layer/:z/:x/:y.mvt',
    {
      config: { access: 'session', basicAuth: true },
      schema: {
        tags: ['gis'],
        summary: 'A vector tile (MVT) of the cases, the change patches or the division boundaries in your jurisdiction',
        description:
          "Layers (one per URL, the tile's layer named the same): `cases` (points: id, caseNo, status, disposalClass, origin, source), `patches` (变化图斑, the imported change patches: id, code, batchNo, status pending|submitted|verified, verdict, source satellite|drone, areaM2, dueOn), `divisions` (towns and villages: code, name, level, parentCode). " +
          `The case list's filters apply to \`cases\` (the tile replaces \`bbox\`). At most ${TILE_MAX_FEATURES} features per tile (in id order). ` +
          "Extent 4096, buffer 64. Written by ST_AsMVT on PostgreSQL, by the product's own encoder on PGlite. An empty tile is an empty 200. " +
          '`Cache-Control: private, max-age=300` and an `ETag` (If-None-Match → 304).',
        params: Type.Object({
          layer: Type.Union([Type.Literal('cases'), Type.Literal('patches'), Type.Literal('divisions')]),
          z: Type.Integer({ minimum: 0, maximum: 22 }),
          x: Type.Integer({ minimum: 0 }),
          y: Type.Integer({ minimum: 0 }),
        }),
        querystring: Type.Object(CaseFilterProps, { additionalProperties: false }),
        response: {
          ...errorResponses,
          200: File('application/vnd.mapbox-vector-tile', 'The tile (empty when nothing is in it)'),
          304: { description: 'not changed (If-None-Match)', type: 'null' },
        },
      },
    },
    async (req, reply) => {
      const { layer, z, x, y } = req.params;
      const { body, etag } = await tiles.tile(actorOf(req), layer, z, x, y, filterFromQuery(req.query));
      reply.header('cache-control', CACHE);
      reply.header('vary', 'Authorization, Cookie');
      reply.header('etag', etag);
      if (req.headers['if-none-match'] === etag) return reply.status(304).send(null);
      reply.header('content-type', 'application/vnd.mapbox-vector-tile');
      return reply.send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    },
  );
}
