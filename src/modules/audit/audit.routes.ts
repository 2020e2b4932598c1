import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../platform/schemas.js';
import type { AuditService } from './audit.service.js';
import { AuditPage, AuditVerifyResult } from './audit.schemas.js';
import { actorOf } from '../../platform/http.js';
import { forbidden } from '../../platform/errors.js';
import type { Actor } from '../../platform/auth.js';

const mayAudit = (a: Actor) => {
  if (a.role !== 'supervisor' && a.role !== 'admin') throw forbidden('audit.forbidden', '只有纪检监察和系统管理员可以查看审计记录');
};

export async function auditRoutes(app: FastifyInstance, { audit }: { audit: AuditService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/audit/verify',
    { schema: { tags: ['audit'], summary: 'Re-hash the whole audit chain; names the first broken record (supervisor)', response: { ...errorResponses, 200: AuditVerifyResult } } },
    async (req) => {
      mayAudit(actorOf(req));
      return audit.verify();
    },
  );

  r.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit records, newest first (supervisor)',
        querystring: Type.Object(
          {
            entity: Type.Optional(Type.String({ pattern: '^[a-z_]{1,30}$' })),
            entityId: Type.Optional(Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9-]+$' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            offset: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { ...errorResponses, 200: AuditPage },
      },
    },
    async (req) => {
      mayAudit(actorOf(req));
      return audit.list({ entity: req.query.entity, entityId: req.query.entityId, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 });
    },
  );
}
