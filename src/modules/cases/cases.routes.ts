import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/auth.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import type { Deps } from '../../deps.js';
import { actorOf } from '../../platform/http.js';
import { badRequest } from '../../platform/errors.js';
import { errors, IdParams } from '../../platform/schemas.js';
import { formReader, readMultipart } from '../../platform/multipart.js';
import { filterFromQuery } from './cases.filter.js';
import { ActionBody, CreateCaseBody, ListQuery, NearbyQuery, PatrolReportForm, UpdateCaseBody, BulkActionBody } from './cases.schemas.js';
import { CATEGORIES } from './cases.enums.js';

const REPORT_FIELDS = ['clientId', 'lon', 'lat', 'crs', 'accuracy', 'category', 'note', 'capturedAt'] as const;

export async function casesRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { cases } = deps.services;

  r.get(
    '/api/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'List cases (filters, sort, paging); GeoJSON with Accept: application/geo+json or format=geojson',
        querystring: ListQuery,
        response: errors,
      },
    },
    async (req, reply) => {
      const q = req.query;
      const actor = actorOf(req);
      const result = await cases.list(
        actor,
        filterFromQuery(q),
        q.sort ?? 'found_at',
        (q.order ?? 'desc') === 'desc',
        q.limit ?? 50,
        q.offset ?? 0,
      );
      const wantsGeo = q.format === 'geojson' || (req.headers.accept ?? '').includes('application/geo+json');
      if (!wantsGeo) return result;
      reply.type('application/geo+json');
      return {
        type: 'FeatureCollection',
        numberMatched: result.total,
        numberReturned: result.items.length,
        features: result.items.map(({ lon, lat, ...props }) => ({ type: 'Feature', id: props.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: props })),
      };
    },
  );

  r.get(
    '/api/cases/nearby',
    {
      schema: {
        tags: ['cases', 'patrol'],
        summary: 'Open cases around a point, nearest first, within your jurisdiction (the duplicate check before a report)',
        description:
          '`radius` in metres (default 50, at most 500; more is a 400). `include=closed` adds closed demolitions (a report there is a rebuild). ' +
          '`distance` is in metres. `crs=gcj02` converts AMap/浙政钉 coordinates on the server.',
        querystring: NearbyQuery,
        response: errors,
      },
    },
    async (req) => {
      const q = req.query;
      return cases.nearby(actorOf(req), { lon: q.lon, lat: q.lat, crs: q.crs, radius: q.radius, includeClosed: q.include === 'closed' });
    },
  );

  r.post(
    '/api/cases',
    {
      schema: {
        tags: ['cases', 'patrol'],
        summary: 'Register a case: JSON (office entry) or multipart/form-data (a patrol report with photos)',
        description:
          'JSON: the registry facts (CreateCaseBody). Multipart (the patrol app): fields `clientId` (UUID, required), `lon`, `lat`, optional `crs` ' +
          '(`wgs84` default or `gcj02`), `accuracy` (m), `category`, `note`, `capturedAt` (ISO 8601), and one or more files `photo` (JPEG, PNG or HEIC). ' +
          '201 with the case; 200 with the existing case when the same report is sent again (same clientId and content); 409 `case.client_id_conflict` ' +
          'when the clientId was used with different content. The division is derived from the location on the server. Every photo is checked ' +
          '(type from the bytes, pixel limit, one decode) before any case exists; nothing is stored when one fails.',
        // JSON is validated by the schema; a multipart body is read by the handler (streamed, size-limited, checked field by field)
        body: { content: { 'application/json': { schema: CreateCaseBody }, 'multipart/form-data': { schema: PatrolReportForm } } },
        response: errors,
      },
      // the multipart parts are still unread here: validate an empty stand-in, the handler checks the real fields
      preValidation: async (req) => {
        if (req.isMultipart()) req.body = {};
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      if (req.isMultipart()) {
        // reports that arrive together have their duplicate scoring claimed together (jobs.hold)
        const release = deps.jobs.hold();
        try {
          return await patrolReport(req, reply, actor);
        } finally {
          release();
        }
      }
      const { created, case: c } = await cases.create(actor, req.body as Static<typeof CreateCaseBody>);
      return reply.status(created ? 201 : 200).send(c);
    },
  );

  /** A patrol report (multipart): the fields read and checked, then `patrol.report`; 201 new, 200 a resend. */
  async function patrolReport(req: FastifyRequest, reply: FastifyReply, actor: Actor) {
    const { fields, files } = await readMultipart(req, { fields: REPORT_FIELDS, fileField: 'photo', maxFiles: 10, maxBytes: deps.config.maxUploadBytes });
    const f = formReader(fields);
    const report = {
      clientId: f.uuid('clientId', true)!,
      lon: f.num('lon', -180, 180, true)!,
      lat: f.num('lat', -90, 90, true)!,
      crs: f.oneOf('crs', ['wgs84', 'gcj02'] as const),
      accuracy: f.num('accuracy', 0, 100_000),
      category: f.oneOf('category', CATEGORIES),
      note: f.text('note', 2000),
      capturedAt: f.time('capturedAt'),
    };
    const out = await deps.services.patrol.report(actor, report, files);
    // a new case answers with the photos it just recorded; a resend lists the case's photos
    return reply.status(out.created ? 201 : 200).send({ ...out.case, photos: 'photos' in out ? out.photos : await deps.services.photos.listForCase(actor, out.case.id) });
  }

  r.get('/api/cases/:id', { schema: { tags: ['cases'], summary: 'One case with photos, external references, timeline, allowed actions, the suggested disposal class, department tasks (with their photos), supervision notices and the assignee', params: IdParams, response: errors } }, async (req) => {
    const actor = actorOf(req);
    const c = await cases.get(actor, req.params.id);
    const [photos, tasks, notices, assignee] = await Promise.all([
      deps.services.photos.listForCase(actor, req.params.id),
      deps.services.supervision.tasksOf(req.params.id),
      deps.services.supervision.notices(actor, { caseId: req.params.id }),
      deps.services.supervision.assigneeOf(req.params.id),
    ]);
    return { ...c, photos, tasks, notices, assignee };
  });

  r.patch('/api/cases/:id', { schema: { tags: ['cases'], summary: 'Edit registry facts (with the version you saw)', params: IdParams, body: UpdateCaseBody, response: errors } }, async (req) => {
    const { version, ...fields } = req.body;
    return cases.update(actorOf(req), req.params.id, version, fields);
  });

  r.post(
    '/api/cases/bulk-actions',
    {
      schema: {
        tags: ['cases'],
        summary: 'One action on up to 200 cases (verify, assign, set a deadline, any workflow action), each with the version you saw; one result per case',
        description:
          'Each case is its own transaction: refusals (403/404/409/422) are reported per case and do not undo the others. ' +
          '`assign` with `assigneeId` assigns each case to an inspector or town officer whose area covers it (one notification to that person); ' +
          '`assign` with `department`, `title` and `deadline` gives each case a department task. `set_deadline` with `deadline` (YYYY-MM-DD) sets the deadline ' +
          'of the step each case is in; a day in the past is refused per case (422 `case.deadline_in_past`), closed, rejected and deferred cases have none (409 `case.no_deadline`).',
        body: BulkActionBody,
        response: errors,
      },
    },
    async (req) => {
      const { action, items, ...input } = req.body;
      if (action === 'assign' && !input.assigneeId === !input.department) throw badRequest('case.bulk_assign_target', '分派须指定人员(assigneeId)或部门(department),二选一', { field: 'assigneeId' });
      if (action === 'assign' && input.department && (!input.title || !input.deadline)) throw badRequest('case.bulk_task_fields', '派发部门任务须填写任务内容和期限', { field: input.title ? 'deadline' : 'title' });
      if (action === 'set_deadline' && !input.deadline) throw badRequest('case.bulk_deadline_required', '请填写期限', { field: 'deadline' });
      const seen = new Set<string>();
      for (const it of items) {
        if (seen.has(it.id)) throw badRequest('case.bulk_duplicate_id', `同一案件重复出现: ${it.id}`, { field: 'items' });
        seen.add(it.id);
      }
      return cases.bulkAct(actorOf(req), action, items, input);
    },
  );

  r.post(
    '/api/cases/:id/actions',
    { schema: { tags: ['cases'], summary: 'One workflow transition (verify, reject, classify, …); see docs/workflow.md', params: IdParams, body: ActionBody, response: errors } },
    async (req) => {
      const { action, version, ...input } = req.body;
      return cases.act(actorOf(req), req.params.id, action, version, input);
    },
  );
}
