import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { TodoService } from './todo.service.js';
import { MarkedRead, NotificationList, TodoList } from './todo.schemas.js';
import { actorOf } from '../../platform/http.js';
import { errorResponses, Uuid } from '../../platform/schemas.js';

export async function todoRoutes(app: FastifyInstance, { todo }: { todo: TodoService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/todo',
    {
      config: { access: 'session' },
      schema: {
        tags: ['todo'],
        summary: 'What waits on you (待办), overdue first',
        description:
          'kind: verify / classify / rectify (town officer), review (city office: closings), notice (supervision notices to answer), task (department), photo (inspector: after-photo evidence), duplicate (a probable duplicate to decide), assigned (inspector: a case assigned to you; a rectifying one shows as photo instead), patch_verify (town officer, inspector: a batch’s change patches still to check in the field; no case), patch_review (town officer: a batch’s verdicts to review).',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }, { additionalProperties: false }),
        response: { ...errorResponses, 200: TodoList },
      },
    },
    async (req) => todo.list(actorOf(req), req.query.limit ?? 100),
  );
  r.get(
    '/api/notifications',
    {
      config: { access: 'session' },
      schema: {
        tags: ['todo'],
        summary: 'Your notifications (assignments, notices, returned closings …) and the unread count',
        querystring: Type.Object(
          { unread: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
          { additionalProperties: false },
        ),
        response: { ...errorResponses, 200: NotificationList },
      },
    },
    async (req) => todo.notifications(actorOf(req), req.query.unread ?? false, req.query.limit ?? 50),
  );
  r.post(
    '/api/notifications/read',
    {
      config: { access: 'session' },
      schema: {
        tags: ['todo'],
        summary: 'Mark notifications read: `{"ids": [...]}` or `{"all": true}`',
        body: Type.Object({ ids: Type.Optional(Type.Array(Uuid, { maxItems: 500 })), all: Type.Optional(Type.Literal(true)) }, { additionalProperties: false }),
        response: { ...errorResponses, 200: MarkedRead },
      },
    },
    async (req) => todo.markRead(actorOf(req), req.body.all ? 'all' : (req.body.ids ?? [])),
  );
}
