import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/http.js';
import { errorResponses } from '../../platform/schemas.js';
import { Goals } from './goals.schemas.js';
import type { GoalsService } from './goals.service.js';

const READERS = ['town_officer', 'city_office', 'department', 'supervisor', 'admin'] as const;

export async function goalsRoutes(app: FastifyInstance, { goals }: { goals: GoalsService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/goals',
    {
      config: { access: READERS },
      schema: {
        tags: ['goals'],
        summary:
          'The two goals 存量清零、新增归零 per town (or per village of a town): stock against its baseline, new this year, a 12-month trend and the projected month of zero stock at the current pace',
        description:
          'For your jurisdiction, or a division inside it (`division`). The pace is the fall of the open stock over the last `paceMonths` months; ' +
          'when it is zero or negative the projection is `stalled` (按当前进度无法清零). Illegal buildings only; rejected reports are none.',
        querystring: Type.Object({ division: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })) }, { additionalProperties: false }),
        response: { ...errorResponses, 200: Goals },
      },
    },
    async (req) => goals.goals(actorOf(req), req.query.division),
  );
}
