import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../deps.js';
import { actorOf } from '../../platform/http.js';
import { badRequest } from '../../platform/errors.js';
import { errors, IdParams, Uuid } from '../../platform/schemas.js';
import { PHOTO_STAGES, type PhotoStage } from '../cases/cases.enums.js';

export async function photosRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { photos } = deps.services;

  r.get('/api/cases/:id/photos', { schema: { tags: ['photos'], summary: 'Photos of a case', params: IdParams, response: errors } }, async (req) => ({
    items: await photos.listForCase(actorOf(req), req.params.id),
  }));

  r.post(
    '/api/cases/:id/photos',
    {
      schema: {
        tags: ['photos'],
        summary: 'Add photos to a case (multipart: field `stage` = before|during|after, optional lon/lat/accuracy/capturedAt, one or more files `photo`)',
        params: IdParams,
        consumes: ['multipart/form-data'],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      if (!req.isMultipart()) throw badRequest('photo.multipart_required', '请以 multipart/form-data 上传照片');
      const fields: Record<string, string> = {};
      const files: Buffer[] = [];
      for await (const part of req.parts({ limits: { fileSize: deps.config.maxUploadBytes, files: 10, fields: 20 } })) {
        if (part.type === 'file') {
          if (part.fieldname !== 'photo') throw badRequest('photo.unknown_field', `未知的文件字段: ${part.fieldname}`, { field: part.fieldname });
          const buf = await part.toBuffer();
          files.push(buf);
        } else {
          if (!['stage', 'lon', 'lat', 'accuracy', 'capturedAt'].includes(part.fieldname)) throw badRequest('validation_failed', `不允许的字段: ${part.fieldname}`, [{ field: part.fieldname, message: 'unknown field' }]);
          fields[part.fieldname] = String(part.value);
        }
      }
      if (files.length === 0) throw badRequest('photo.missing', '请至少上传一张照片', { field: 'photo' });
      const stage = (fields.stage ?? 'before') as PhotoStage;
      if (!PHOTO_STAGES.includes(stage)) throw badRequest('photo.invalid_stage', '照片阶段须为 before / during / after', { field: 'stage' });
      const num = (k: string, min: number, max: number) => {
        if (fields[k] === undefined) return undefined;
        const n = Number(fields[k]);
        if (!Number.isFinite(n) || n < min || n > max) throw badRequest('validation_failed', `${k} 无效`, [{ field: k, message: `number in ${min}..${max}` }]);
        return n;
      };
      const hint = { lon: num('lon', -180, 180), lat: num('lat', -90, 90), accuracy: num('accuracy', 0, 100000), capturedAt: fields.capturedAt };
      if (hint.capturedAt !== undefined && Number.isNaN(Date.parse(hint.capturedAt))) throw badRequest('validation_failed', 'capturedAt 无效', [{ field: 'capturedAt', message: 'ISO 8601 date-time' }]);
      const out = [];
      let anyCreated = false;
      for (const f of files) {
        const { created, photo } = await photos.add(actor, req.params.id, f, stage, hint);
        anyCreated ||= created;
        out.push(photo);
      }
      return reply.status(anyCreated ? 201 : 200).send({ items: out });
    },
  );

  r.get(
    '/api/photos/:id/:variant',
    {
      schema: {
        tags: ['photos'],
        summary: 'Photo bytes: original (as uploaded), display (≤1280 px) or thumbnail (≤256 px)',
        params: Type.Object({ id: Uuid, variant: Type.Union([Type.Literal('original'), Type.Literal('display'), Type.Literal('thumbnail')]) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      const f = await photos.open(actorOf(req), req.params.id, req.params.variant);
      reply.header('cache-control', 'private, max-age=86400');
      reply.header('etag', `"${f.sha256}-${req.params.variant}"`);
      return reply.type(f.mime).send(photos.stream(f.key));
    },
  );
}
