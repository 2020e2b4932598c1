import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../deps.js';
import { actorOf } from '../../platform/http.js';
import { errors, Uuid } from '../../platform/schemas.js';
import { TRACK_LIMITS } from './patrol.service.js';

const TrackBody = Type.Object(
  {
    clientId: Uuid,
    points: Type.Array(
      Type.Object(
        {
          at: Type.String({ format: 'date-time' }),
          lon: Type.Number({ minimum: -180, maximum: 180 }),
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 2, maxItems: TRACK_LIMITS.maxPoints },
    ),
  },
  { additionalProperties: false },
);

const CoverageQuery = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'first day (China time), YYYY-MM-DD' }),
    to: Type.String({ format: 'date', description: 'day after the last (exclusive), YYYY-MM-DD' }),
    town: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$', description: 'limit to one division subtree' })),
  },
  { additionalProperties: false },
);

export async function patrolRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { patrol } = deps.services;

  r.post(
    '/api/patrol/tracks',
    {
      schema: {
        tags: ['patrol'],
        summary: 'A batch of a patrol track (coarse GPS points sent with the queue); idempotent per clientId',
        description: `2–${TRACK_LIMITS.maxPoints} points; fixes worse than ${TRACK_LIMITS.maxAccuracyM} m are dropped. 201 new, 200 on a resend, 409 when the clientId was used with other points.`,
        body: TrackBody,
        response: errors,
      },
    },
    async (req, reply) => {
      const { created, track } = await patrol.addTrack(actorOf(req), req.body.clientId, req.body.points);
      return reply.status(created ? 201 : 200).send(track);
    },
  );

  r.get(
    '/api/patrol/coverage',
    {
      schema: {
        tags: ['patrol'],
        summary: 'Patrol coverage per village in a period: tracks, inspectors, length walked, share of the village within 50 m of a track',
        querystring: CoverageQuery,
        response: errors,
      },
    },
    async (req) => {
      const q = req.query;
      return patrol.coverage(actorOf(req), new Date(`${q.from}T00:00:00+08:00`), new Date(`${q.to}T00:00:00+08:00`), q.town);
    },
  );
}
