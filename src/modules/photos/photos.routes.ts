import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/http.js';
import { badRequest } from '../../platform/errors.js';
import { errorResponses, IdParams, Uuid } from '../../platform/schemas.js';
import { PhotoList } from './photos.schemas.js';
import { PHOTO_STAGES } from '../cases/cases.enums.js';
import { formReader, readMultipart } from '../../platform/multipart.js';
import type { PhotosService } from './photos.service.js';
import { parseDeclarations, type DeclaredOriginal } from './photo.original.js';

/** The `originals` field of a two-phase request (one declaration per file), or undefined when the request is one-phase; 400 when malformed. */
export function readDeclarations(raw: string | undefined, files: number, maxBytes: number): DeclaredOriginal[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const r = parseDeclarations(raw, files, maxBytes);
  if ('problem' in r) throw badRequest('validation_failed', `originals 无效:${r.problem}`, [{ field: 'originals', message: r.problem }]);
  return r.ok;
}

export async function photosRoutes(app: FastifyInstance, { photos, maxUploadBytes }: { photos: PhotosService; maxUploadBytes: number }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/cases/:id/photos',
    { config: { access: 'session' }, schema: { tags: ['photos'], summary: 'Photos of a case', params: IdParams, response: { ...errorResponses, 200: PhotoList } } },
    async (req) => ({
      items: await photos.listForCase(actorOf(req), req.params.id),
    }),
  );

  r.post(
    '/api/cases/:id/photos',
    {
      config: { access: 'session' },
      schema: {
        tags: ['photos'],
        summary: 'Add photos to a case (multipart: field `stage` = before|during|after, optional lon/lat/accuracy/capturedAt, one or more files `photo`)',
        description:
          '`clientId` (UUID made on the device, optional): exactly once — the same request sent again answers 200 with the photos it added, ' +
          'the same clientId with other content is 409 `photo.client_id_conflict`. `originals` (JSON array, one per file, as for a report): two phases, ' +
          'the files are reduced copies and each original follows as a tus upload to `/api/uploads` (docs/two-phase-report.md).',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: {
          ...errorResponses,
          201: { ...PhotoList, description: 'The photos added' },
          200: { ...PhotoList, description: 'The same photos sent again: those already on the case' },
        },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { fields, files } = await readMultipart(req, {
        fields: ['stage', 'lon', 'lat', 'accuracy', 'capturedAt', 'clientId', 'originals'],
        fileField: 'photo',
        maxFiles: 10,
        maxBytes: maxUploadBytes,
      });
      if (files.length === 0) throw badRequest('photo.missing', '请至少上传一张照片', { field: 'photo' });
      const f = formReader(fields);
      const stage = f.oneOf('stage', PHOTO_STAGES) ?? 'before';
      const hint = { lon: f.num('lon', -180, 180), lat: f.num('lat', -90, 90), accuracy: f.num('accuracy', 0, 100000), capturedAt: f.time('capturedAt') };
      const clientId = f.uuid('clientId');
      const declared = readDeclarations(fields.originals, files.length, maxUploadBytes);
      const { created, photos: items } = await photos.addMany(actor, req.params.id, files, stage, hint, { clientId, declared });
      return reply.status(created ? 201 : 200).send({ items });
    },
  );

  r.get(
    '/api/photos/:id/:variant',
    {
      config: { access: 'session' },
      schema: {
        tags: ['photos'],
        summary: 'Photo bytes: original (as uploaded), display (≤1280 px) or thumbnail (≤256 px)',
        params: Type.Object({ id: Uuid, variant: Type.Union([Type.Literal('original'), Type.Literal('display'), Type.Literal('thumbnail')]) }, { additionalProperties: false }),
        response: {
          ...errorResponses,
          200: {
            description: 'The image (JPEG for display and thumbnail; the original as uploaded)',
            content: Object.fromEntries(['image/jpeg', 'image/png', 'image/heic'].map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
          },
        },
      },
    },
    async (req, reply) => {
      const f = await photos.open(actorOf(req), req.params.id, req.params.variant);
      reply.header('cache-control', 'private, max-age=86400');
      // what the bytes are: the original's hash; a derived copy's key (its bytes never change under one key;
      // a copy made again from an adopted original gets a new one), so a cached copy is never taken for a newer one
      reply.header('etag', req.params.variant === 'original' ? `"${f.sha256}-original"` : `"${Buffer.from(f.key).toString('base64url')}-${req.params.variant}"`);
      return reply.type(f.mime).send(photos.stream(f.key));
    },
  );
}
