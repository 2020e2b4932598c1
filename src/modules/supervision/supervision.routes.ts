import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/http.js';
import { csvEnum, errorResponses, IdParams } from '../../platform/schemas.js';
import { PhotoList } from '../photos/photos.schemas.js';
import { Assignees, Notice, NoticeList, Task, TaskList } from './supervision.schemas.js';
import { badRequest } from '../../platform/errors.js';
import { formReader, readMultipart } from '../../platform/multipart.js';
import { readDeclarations } from '../photos/photos.routes.js';
import type { SupervisionService } from './supervision.service.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China calendar day)' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export async function supervisionRoutes(app: FastifyInstance, { supervision, maxUploadBytes }: { supervision: SupervisionService; maxUploadBytes: number }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/notices',
    {
      config: { access: 'session' },
      schema: {
        tags: ['supervision'],
        summary: 'Supervision notices (督办单) in your jurisdiction',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.String({ maxLength: 50, description: 'open, replied, escalated (comma-separated)' })),
            level: Type.Optional(Type.Union([Type.Literal('town'), Type.Literal('city')])),
            caseId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          { additionalProperties: false },
        ),
        response: { ...errorResponses, 200: NoticeList },
      },
    },
    async (req) => ({
      items: await supervision.notices(actorOf(req), {
        status: csvEnum('status', req.query.status, ['open', 'replied', 'escalated'] as const),
        level: req.query.level,
        caseId: req.query.caseId,
      }),
    }),
  );
  r.post(
    '/api/notices/:id/reply',
    {
      config: { access: 'session' },
      schema: {
        tags: ['supervision'],
        summary: "The town's reply to a notice",
        params: IdParams,
        body: Type.Object({ text: Text(2000) }, { additionalProperties: false }),
        response: { ...errorResponses, 200: { ...Notice, description: 'The notice, replied' } },
      },
    },
    async (req) => supervision.reply(actorOf(req), req.params.id, req.body.text),
  );

  r.post(
    '/api/cases/:id/tasks',
    {
      config: { access: 'session' },
      schema: {
        tags: ['supervision'],
        summary: 'Assign a task on a case to a department; closing waits for every task',
        params: IdParams,
        body: Type.Object({ department: Text(50), title: Text(200), deadline: Day }, { additionalProperties: false }),
        response: { ...errorResponses, 201: { ...Task, description: 'The task' } },
      },
    },
    async (req, reply) => reply.status(201).send(await supervision.addTask(actorOf(req), req.params.id, req.body)),
  );
  r.get(
    '/api/assignees',
    {
      config: { access: 'session' },
      schema: {
        tags: ['supervision'],
        summary: 'Who cases can be assigned to (bulk assign): inspectors and town officers in your area, and the departments (offices only)',
        response: { ...errorResponses, 200: Assignees },
      },
    },
    async (req) => supervision.assignees(actorOf(req)),
  );
  r.get(
    '/api/tasks',
    {
      config: { access: 'session' },
      schema: {
        tags: ['supervision'],
        summary: "Department tasks: a department's own, or all in the jurisdiction",
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done')])) }, { additionalProperties: false }),
        response: { ...errorResponses, 200: TaskList },
      },
    },
    async (req) => ({ items: await supervision.tasks(actorOf(req), req.query.status) }),
  );
  const PHOTO_FIELDS = ['stage', 'lon', 'lat', 'accuracy', 'capturedAt', 'originals'] as const;
  const TASK_PHOTO_STAGES = ['during', 'after'] as const;
  /** The photo fields of a task upload (multipart), checked like a case photo upload. */
  const readPhotoFields = (fields: Record<string, string>, files: number) => {
    const f = formReader(fields);
    return {
      stage: f.oneOf('stage', TASK_PHOTO_STAGES) ?? 'during',
      hint: {
        lon: f.num('lon', -180, 180),
        lat: f.num('lat', -90, 90),
        accuracy: f.num('accuracy', 0, 100000),
        capturedAt: f.time('capturedAt'),
        // two phases: reduced copies now, the originals as tus uploads (docs/two-phase-report.md)
        declared: readDeclarations(fields.originals, files, maxUploadBytes),
      },
    };
  };
  const CompleteJson = Type.Object({ result: Text(2000) }, { additionalProperties: false });
  // for the API description only: the handler reads and checks the streamed parts
  const CompleteForm = Type.Partial(
    Type.Object({
      result: Text(2000),
      stage: Type.Optional(Type.Union([Type.Literal('during'), Type.Literal('after')], { description: 'stage of the photos (default during)' })),
      lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
      lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
      accuracy: Type.Optional(Type.Number({ minimum: 0, description: 'metres, from the device' })),
      capturedAt: Type.Optional(Type.String({ format: 'date-time' })),
      photo: Type.Optional(Type.Array(Type.String({ format: 'binary' }), { maxItems: 10, description: 'JPEG, PNG or HEIC' })),
      originals: Type.Optional(Type.String({ description: 'two phases: the photos are reduced copies of these originals (JSON array, one per photo), as for a report' })),
    }),
    { description: 'required: result' },
  );
  r.post(
    '/api/tasks/:id/complete',
    {
      config: { access: 'session' },
      schema: {
        tags: ['supervision'],
        summary: 'The department reports its result, optionally with photos',
        description:
          'JSON `{"result": ...}`, or multipart/form-data with `result`, optional `stage` (during | after, default during), `lon`, `lat`, `accuracy`, `capturedAt` and up to 10 files `photo`. ' +
          'The photos are photos of the case linked to the task: they pass the same checks and get the same evidence facts as any case photo. ' +
          'Every photo is checked before anything is stored; the result and the photos are recorded together or not at all. 409 `task.not_open` when the task is done.',
        params: IdParams,
        body: { content: { 'application/json': { schema: CompleteJson }, 'multipart/form-data': { schema: CompleteForm } } },
        response: { ...errorResponses, 200: { ...Task, description: 'The task, done' } },
      },
      // multipart parts are read by the handler (streamed, size-limited)
      preValidation: async (req) => {
        if (req.isMultipart()) req.body = {};
      },
    },
    async (req) => {
      if (!req.isMultipart()) return supervision.completeTask(actorOf(req), req.params.id, (req.body as { result: string }).result);
      const { fields, files } = await readMultipart(req, { fields: ['result', ...PHOTO_FIELDS], fileField: 'photo', maxFiles: 10, maxBytes: maxUploadBytes });
      const result = formReader(fields).text('result', 2000);
      if (!result) throw badRequest('task.result_required', '须填写办理结果', { field: 'result' });
      const { stage, hint } = readPhotoFields(fields, files.length);
      return supervision.completeTask(actorOf(req), req.params.id, result, { files, stage, hint });
    },
  );
  r.post(
    '/api/tasks/:id/photos',
    {
      config: { access: 'session' },
      schema: {
        tags: ['supervision'],
        summary: 'Add photos to an open department task (multipart: optional `stage` during|after, lon/lat/accuracy/capturedAt, one or more files `photo`)',
        description:
          'The photos are photos of the case, linked to the task, with the same checks and evidence facts as any case photo. 201 with the photos; 409 `task.not_open` once the task is done. ' +
          '`originals` (JSON array, one per file): two phases, the files are reduced copies and each original follows as a tus upload to `/api/uploads` (docs/two-phase-report.md).',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { ...errorResponses, 201: { ...PhotoList, description: 'The photos added' }, 200: { ...PhotoList, description: 'The same photos sent again' } },
      },
    },
    async (req, reply) => {
      const { fields, files } = await readMultipart(req, { fields: PHOTO_FIELDS, fileField: 'photo', maxFiles: 10, maxBytes: maxUploadBytes });
      if (files.length === 0) throw badRequest('photo.missing', '请至少上传一张照片', { field: 'photo' });
      const { stage, hint } = readPhotoFields(fields, files.length);
      const r2 = await supervision.addTaskPhotos(actorOf(req), req.params.id, files, stage, hint);
      return reply.status(r2.created ? 201 : 200).send({ items: r2.photos });
    },
  );
}
