import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DocumentsService } from './documents.service.js';
import { DOCUMENT_KINDS } from '../../../shared/enums.js';
import { CaseDocument, CaseDocumentList } from './documents.schemas.js';
import { actorOf } from '../../platform/http.js';
import { Enum, errorResponses, File, IdParams, Uuid } from '../../platform/schemas.js';

export async function documentsRoutes(app: FastifyInstance, { documents }: { documents: DocumentsService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const pdf = (reply: { header: (k: string, v: string) => unknown; type: (t: string) => { send: (b: Buffer) => unknown } }, f: { name: string; pdf: Buffer }) => {
    reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`);
    reply.header('cache-control', 'private, no-store');
    return reply.type('application/pdf').send(f.pdf);
  };

  r.post(
    '/api/cases/:id/documents',
    {
      config: { access: ['town_officer', 'city_office'] },
      schema: {
        tags: ['documents'],
        summary: 'Issue an enforcement paper with the next number of the town: 责令限期拆除通知书, 催告书, 送达回证',
        description:
          '`demolition_order`: a case classified 拆除 and not closed; `deadline` (YYYY-MM-DD, after today) defaults to the case deadline. `reminder`: after an order; `deadline` required. `delivery_receipt`: `refersTo` = the order or reminder delivered.',
        params: IdParams,
        body: Type.Object(
          {
            kind: Enum(DOCUMENT_KINDS),
            deadline: Type.Optional(Type.String({ format: 'date' })),
            refersTo: Type.Optional(Uuid),
          },
          { additionalProperties: false },
        ),
        response: { ...errorResponses, 201: { ...CaseDocument, description: 'The paper issued' } },
      },
    },
    async (req, reply) => reply.status(201).send(await documents.issue(actorOf(req), req.params.id, req.body)),
  );
  r.get(
    '/api/cases/:id/documents',
    {
      config: { access: 'session' },
      schema: { tags: ['documents'], summary: 'Papers issued on a case', params: IdParams, response: { ...errorResponses, 200: CaseDocumentList } },
    },
    async (req) => ({
      items: await documents.list(actorOf(req), req.params.id),
    }),
  );
  r.get(
    '/api/documents/:id/pdf',
    {
      config: { access: 'session' },
      schema: { tags: ['documents'], summary: 'A paper as issued (PDF)', params: IdParams, response: { ...errorResponses, 200: File('application/pdf', 'The paper (PDF)') } },
    },
    async (req, reply) => pdf(reply, await documents.pdf(actorOf(req), req.params.id)),
  );
  r.get(
    '/api/cases/:id/dossier.pdf',
    {
      config: { access: 'session' },
      schema: {
        tags: ['documents'],
        summary: 'The case dossier 一户一档 (PDF): facts, map, photos by stage, decisions, timeline, papers',
        params: IdParams,
        response: { ...errorResponses, 200: File('application/pdf', 'The dossier (PDF)') },
      },
    },
    async (req, reply) => pdf(reply, await documents.dossier(actorOf(req), req.params.id)),
  );
}
