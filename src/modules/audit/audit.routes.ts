import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, File } from '../../platform/schemas.js';
import { actorOf } from '../../platform/http.js';
import { XLSX_TYPE } from './audit.xlsx.js';
import type { AuditService } from './audit.service.js';
import { AuditFilterQuery, AuditPage, AuditPeople, AuditVerifyResult } from './audit.schemas.js';
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
        summary:
          'Audit records, newest first, each as a zh-CN sentence with field-level before/after; filters by person, role, action, object, town, case and China days (supervisor)',
        querystring: Type.Object(
          {
            ...AuditFilterQuery,
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            offset: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { ...errorResponses, 200: AuditPage },
      },
    },
    async (req) => audit.search(actorOf(req), req.query),
  );

  r.get(
    '/api/audit/export.xlsx',
    {
      config: { access: AUDITORS },
      schema: {
        tags: ['audit'],
        summary: 'The filtered audit records as an Excel workbook (the same sentences as the view); the export is itself audited (supervisor)',
        querystring: Type.Object(AuditFilterQuery, { additionalProperties: false }),
        response: { ...errorResponses, 200: File(XLSX_TYPE, 'The records (.xlsx)') },
      },
    },
    async (req, reply) => {
      const { filename, buffer } = await audit.exportXlsx(actorOf(req), req.query);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="audit.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .send(buffer);
    },
  );

  r.get(
    '/api/audit/export',
    {
      config: { access: AUDITORS },
      schema: {
        tags: ['audit'],
        summary:
          'The audit records of one case (`case`: its number or id) or one person (`user`: username or id) as a JSON file with the chain proof an outside party re-checks without the database (docs/audit-export.md, `audit verify-export`); the export is itself audited (supervisor)',
        querystring: Type.Object(
          {
            case: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'a case number or id' })),
            user: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'a username or user id' })),
          },
          { additionalProperties: false },
        ),
        response: { ...errorResponses, 200: File('application/json', 'The records with their chain proof (.json)') },
      },
    },
    async (req, reply) => {
      const { filename, body } = await audit.exportChainProof(actorOf(req), req.query);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-export.json"; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .send(body);
    },
  );

  r.get(
    '/api/audit/people',
    {
      config: { access: AUDITORS },
      schema: {
        tags: ['audit'],
        summary: 'Every account, for the audit view’s person filter (supervisor)',
        response: { ...errorResponses, 200: AuditPeople },
      },
    },
    async () => audit.people(),
  );
}
