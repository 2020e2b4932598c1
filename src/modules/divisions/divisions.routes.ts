import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DivisionsService } from './divisions.service.js';
import { DivisionBoundaries, DivisionList, Location } from './divisions.schemas.js';
import { actorOf } from '../../platform/http.js';
import { csvEnum, errorResponses, Prewritten } from '../../platform/schemas.js';

export async function divisionsRoutes(app: FastifyInstance, { divisions }: { divisions: DivisionsService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/divisions',
    {
      config: { access: 'session' },
      schema: {
        tags: ['divisions'],
        summary: 'The division tree (city → town → village) as a flat list, or boundaries as GeoJSON (format=geojson)',
        querystring: Type.Object(
          {
            format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('geojson')])),
            level: Type.Optional(Type.String({ maxLength: 30, description: 'comma-separated: city,town,village (GeoJSON only)' })),
            simplify: Type.Optional(Type.Number({ minimum: 0, maximum: 0.01, description: 'simplification tolerance in degrees (GeoJSON only)' })),
          },
          { additionalProperties: false },
        ),
        response: {
          ...errorResponses,
          200: {
            description: 'The divisions (JSON) or their boundaries (GeoJSON)',
            content: { 'application/json': { schema: DivisionList }, 'application/geo+json': { schema: Prewritten(DivisionBoundaries) } },
          },
        },
      },
    },
    async (req, reply) => {
      actorOf(req);
      if (req.query.format === 'geojson' || (req.headers.accept ?? '').includes('application/geo+json')) {
        const levels = csvEnum('level', req.query.level, ['city', 'town', 'village']) ?? ['town', 'village'];
        return reply.type('application/geo+json').send(await divisions.geojson(levels, req.query.simplify ?? null));
      }
      return { items: await divisions.list(actorOf(req)) };
    },
  );

  r.get(
    '/api/divisions/locate',
    {
      config: { access: 'session' },
      schema: {
        tags: ['divisions'],
        summary: 'Point-in-polygon: the village and town of a WGS84 location',
        querystring: Type.Object({ lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) }, { additionalProperties: false }),
        response: { ...errorResponses, 200: Location },
      },
    },
    async (req) => {
      actorOf(req);
      return divisions.locate(req.query.lon, req.query.lat);
    },
  );
}
