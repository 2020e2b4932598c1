import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { OverviewService } from './overview.service.js';
import { Overview } from './overview.schemas.js';
import { actorOf } from '../../platform/http.js';
import { errorResponses } from '../../platform/schemas.js';

export async function overviewRoutes(app: FastifyInstance, { overview }: { overview: OverviewService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/overview',
    {
      config: { access: 'session' },
      schema: {
        tags: ['overview'],
        summary: 'The situation at a glance: stock/new cases now and over 12 months, by unit, class and status; progress to 存量清零/新增归零; latest index colours',
        description:
          'For your jurisdiction, or a division inside it (`division`). `units` are the towns of the city, or the villages of a town. ' +
          '`trend` holds, per China month, the open cases at its end (from the registry history) and the reports and closings in it. Rejected reports are not counted as violations.',
        querystring: Type.Object({ division: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })) }, { additionalProperties: false }),
        response: { ...errorResponses, 200: Overview },
      },
    },
    async (req) => overview.overview(actorOf(req), req.query.division),
  );
}
