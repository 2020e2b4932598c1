import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/http.js';
import { badRequest } from '../../platform/errors.js';
import { errorResponses, IdParams } from '../../platform/schemas.js';
import { filterFromQuery } from './cases.filter.js';
import {
  ActionBody,
  ListQuery,
  NearbyQuery,
  UpdateCaseBody,
  BulkActionBody,
  BulkResult,
  Case,
  CaseFile,
  CaseList,
  CaseListGeo,
  NearbyCases,
  PersonalData,
  RevealBody,
} from './cases.schemas.js';
import type { Static } from 'typebox';
import type { CasesService } from './cases.service.js';
import type { SupervisionService } from '../supervision/supervision.service.js';

/**
 * The case register's routes. Registering a case (POST /api/cases, JSON or a patrol report) is in
 * patrol.routes.ts; a case's whole file comes from the service that sees all of it (supervision).
 */
export async function casesRoutes(app: FastifyInstance, { cases, caseFiles }: { cases: CasesService; caseFiles: Pick<SupervisionService, 'caseFile'> }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/cases',
    {
      config: { access: 'session' },
      schema: {
        tags: ['cases'],
        summary: 'List cases (filters, sort, paging); GeoJSON with Accept: application/geo+json or format=geojson',
        querystring: ListQuery,
        response: {
          ...errorResponses,
          200: {
            description: 'A page of cases (JSON) or the page as GeoJSON points',
            content: { 'application/json': { schema: CaseList }, 'application/geo+json': { schema: CaseListGeo } },
          },
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const actor = actorOf(req);
      const result = await cases.list(actor, filterFromQuery(q), q.sort ?? 'found_at', (q.order ?? 'desc') === 'desc', q.limit ?? 50, q.offset ?? 0);
      const wantsGeo = q.format === 'geojson' || (req.headers.accept ?? '').includes('application/geo+json');
      if (!wantsGeo) return result;
      reply.type('application/geo+json');
      return {
        type: 'FeatureCollection' as const,
        numberMatched: result.total,
        numberReturned: result.items.length,
        features: result.items.map(({ lon, lat, ...props }) => ({
          type: 'Feature' as const,
          id: props.id,
          geometry: { type: 'Point' as const, coordinates: [lon, lat] },
          properties: props,
        })),
      };
    },
  );

  r.get(
    '/api/cases/nearby',
    {
      config: { access: 'session' },
      schema: {
        tags: ['cases', 'patrol'],
        summary: 'Open cases around a point, nearest first, within your jurisdiction (the duplicate check before a report)',
        description:
          '`radius` in metres (default 50, at most 500; more is a 400). `include=closed` adds closed demolitions (a report there is a rebuild). ' +
          '`distance` is in metres. `crs=gcj02` converts AMap/浙政钉 coordinates on the server.',
        querystring: NearbyQuery,
        response: { ...errorResponses, 200: NearbyCases },
      },
    },
    async (req) => {
      const q = req.query;
      return cases.nearby(actorOf(req), { lon: q.lon, lat: q.lat, crs: q.crs, radius: q.radius, includeClosed: q.include === 'closed' });
    },
  );

  r.get(
    '/api/cases/:id',
    {
      config: { access: 'session' },
      schema: {
        tags: ['cases'],
        summary:
          'One case with photos, external references, timeline, allowed actions, the suggested disposal class, department tasks (with their photos), supervision notices and the assignee',
        params: IdParams,
        response: { ...errorResponses, 200: CaseFile },
      },
    },
    async (req) => caseFiles.caseFile(actorOf(req), req.params.id),
  );

  r.post(
    '/api/cases/:id/personal-data',
    {
      config: { access: ['town_officer', 'city_office'] },
      schema: {
        tags: ['cases'],
        summary: "The owner's ID number and phone in full (town officer, city office; inside your jurisdiction); each look is audited (查询留痕)",
        description:
          'Every other answer masks them. Appends `case.personal_data_viewed` (the case, which fields, the reason if given) to the audit trail. ' +
          'Other roles get 403; a case outside your jurisdiction 404.',
        params: IdParams,
        body: RevealBody,
        response: { ...errorResponses, 200: PersonalData },
      },
    },
    async (req) => cases.revealPersonalData(actorOf(req), req.params.id, req.body?.reason),
  );

  r.patch(
    '/api/cases/:id',
    {
      config: { access: 'session' },
      schema: {
        tags: ['cases'],
        summary: 'Edit registry facts (with the version you saw)',
        params: IdParams,
        body: UpdateCaseBody,
        response: { ...errorResponses, 200: { ...Case, description: 'The case as edited' } },
      },
    },
    async (req) => {
      const { version, ...fields } = req.body;
      return cases.update(actorOf(req), req.params.id, version, fields);
    },
  );

  r.post(
    '/api/cases/bulk-actions',
    {
      config: { access: 'session' },
      schema: {
        tags: ['cases'],
        summary: 'One action on up to 200 cases (verify, assign, set a deadline, any workflow action), each with the version you saw; one result per case',
        description:
          'Each case is its own transaction: refusals (403/404/409/422) are reported per case and do not undo the others. ' +
          '`assign` with `assigneeId` assigns each case to an inspector or town officer whose area covers it (one notification to that person); ' +
          '`assign` with `department`, `title` and `deadline` gives each case a department task. `set_deadline` with `deadline` (YYYY-MM-DD) sets the deadline ' +
          'of the step each case is in; a day in the past is refused per case (422 `case.deadline_in_past`), closed, rejected and deferred cases have none (409 `case.no_deadline`).',
        body: BulkActionBody,
        response: { ...errorResponses, 200: BulkResult },
      },
    },
    async (req) => {
      const { action, items, ...input } = req.body;
      if (action === 'assign' && !input.assigneeId === !input.department)
        throw badRequest('case.bulk_assign_target', '分派须指定人员(assigneeId)或部门(department),二选一', { field: 'assigneeId' });
      if (action === 'assign' && input.department && (!input.title || !input.deadline))
        throw badRequest('case.bulk_task_fields', '派发部门任务须填写任务内容和期限', { field: input.title ? 'deadline' : 'title' });
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
    {
      config: { access: 'session' },
      schema: {
        tags: ['cases'],
        summary: 'One workflow transition (verify, reject, classify, …); see docs/workflow.md',
        params: IdParams,
        body: ActionBody,
        response: { ...errorResponses, 200: { ...Case, description: 'The case after the action' } },
      },
    },
    async (req) => {
      const { action, version, ...input } = req.body;
      // with a person acting, the service answers the presented case (the raw row is for the scheduler)
      return (await cases.act(actorOf(req), req.params.id, action, version, input)) as Static<typeof Case>;
    },
  );
}
