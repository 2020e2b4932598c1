import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/http.js';
import { badRequest } from '../../platform/errors.js';
import { formReader, readMultipart } from '../../platform/multipart.js';
import { errorResponses, File, IdParams } from '../../platform/schemas.js';
import { LetterCreate, LetterDetail, LetterList, LetterListQuery, LetterPatch } from './letters.schemas.js';
import type { LettersService } from './letters.service.js';

const READERS = ['town_officer', 'city_office', 'supervisor', 'admin'] as const;
const WRITERS = ['city_office'] as const;
/** A signed letter is a scan or a photo of a few pages. */
export const LETTER_MAX_BYTES = 20 * 1024 * 1024;

const contentDisposition = (kind: 'inline' | 'attachment', name: string, ascii: string) => `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function lettersRoutes(app: FastifyInstance, { letters, maxUploadBytes }: { letters: LettersService; maxUploadBytes: number }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['letters'];

  r.get(
    '/api/letters',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Responsibility letters (责任书) of the towns in your jurisdiction, each with its progress against its targets as of now',
        querystring: LetterListQuery,
        response: { ...errorResponses, 200: LetterList },
      },
    },
    async (req) => letters.list(actorOf(req), req.query),
  );

  r.post(
    '/api/letters',
    {
      config: { access: WRITERS },
      schema: {
        tags,
        summary: 'Create a town’s letter for a year (one per town and year: 409 letter.exists)',
        body: LetterCreate,
        response: { ...errorResponses, 201: LetterDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await letters.create(actorOf(req), req.body)),
  );

  r.get(
    '/api/letters/:id',
    {
      config: { access: READERS },
      schema: { tags, summary: 'One letter with its progress and the town’s two goals now', params: IdParams, response: { ...errorResponses, 200: LetterDetail } },
    },
    async (req) => letters.detail(actorOf(req), req.params.id),
  );

  r.patch(
    '/api/letters/:id',
    {
      config: { access: WRITERS },
      schema: {
        tags,
        summary: 'Edit a letter (title, signing date, people, targets, note) at its `version` (409 letter.version_conflict when someone saved first)',
        params: IdParams,
        body: LetterPatch,
        response: { ...errorResponses, 200: LetterDetail },
      },
    },
    async (req) => letters.update(actorOf(req), req.params.id, req.body),
  );

  r.put(
    '/api/letters/:id/file',
    {
      config: { access: WRITERS },
      schema: {
        tags,
        summary: 'Upload the signed letter (multipart: one file `file`, PDF, JPEG or PNG up to 20 MB; optional `name` (the file’s name) and `version`); replaces an earlier one',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { ...errorResponses, 200: LetterDetail, 413: errorResponses[400], 415: errorResponses[400] },
      },
    },
    async (req) => {
      const { fields, files } = await readMultipart(req, { fields: ['version', 'name'], fileField: 'file', maxFiles: 1, maxBytes: Math.min(maxUploadBytes, LETTER_MAX_BYTES) });
      if (files.length !== 1) throw badRequest('letter.file_missing', '请上传签署的责任书文件', { field: 'file' });
      const f = formReader(fields);
      const version = f.num('version', 1, 1e9);
      const name = f.text('name', 120);
      return letters.uploadFile(actorOf(req), req.params.id, files[0], name, version);
    },
  );

  r.get(
    '/api/letters/:id/file',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'The signed letter as uploaded',
        params: IdParams,
        response: {
          ...errorResponses,
          200: {
            description: 'PDF or image',
            content: Object.fromEntries(['application/pdf', 'image/jpeg', 'image/png'].map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
          },
        },
      },
    },
    async (req, reply) => {
      const f = await letters.openFile(actorOf(req), req.params.id);
      return reply
        .type(f.mime)
        .header('etag', `"${f.sha256}"`)
        .header('content-disposition', contentDisposition('inline', f.name, 'letter'))
        .send(f.stream);
    },
  );

  r.get(
    '/api/letters/:id/summary.pdf',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'The year-end summary (年终总结) as an A4 PDF: each target against the registry, the responsible people, the two goals now',
        params: IdParams,
        querystring: Type.Object({ download: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { ...errorResponses, 200: File('application/pdf', 'The year-end summary (PDF)') },
      },
    },
    async (req, reply) => {
      const { filename, buffer } = await letters.summaryPdf(actorOf(req), req.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', contentDisposition(req.query.download ? 'attachment' : 'inline', filename, 'letter-summary.pdf'))
        .send(buffer);
    },
  );
}
