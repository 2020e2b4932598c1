import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../platform/schemas.js';
import type { AuditService } from './audit.service.js';
import { AuditPage, AuditVerifyResult } from './audit.schemas.js';
import type { Access } from '../../platform/http.js';

/**
 * The audit trail is read and verified by the discipline inspection commission (纪检监察), the audit administrator
 * of 三员分立; the system administrator, who manages the accounts it records, does not read it.
 */
const AUDITORS: Access = ['supervisor'];

export async function auditRoutes(app: FastifyInstance, { audit }: { audit: AuditService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/audit/verify',
    {
      config: { access: AUDITORS },
      schema: {
        tags: ['audit'],
        summary: 'Re-hash the whole audit chain; names the first broken record (supervisor, admin)',
        response: { ...errorResponses, 200: AuditVerifyResult },
      },
    },
    async () => audit.verify(),
  );

  r.get(
    '/api/audit',
    {
      config: { access: AUDITORS },
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
      return audit.list({ entity: req.query.entity, entityId: req.query.entityId, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 });
    },
  );
}
