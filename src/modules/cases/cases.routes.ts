import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../../deps.js';
import { actorOf } from '../../platform/http.js';
import { csvEnum, errors, IdParams, parseBbox } from '../../platform/schemas.js';
import { ActionBody, CreateCaseBody, ListQuery, UpdateCaseBody } from './cases.schemas.js';
import { DISPOSAL_CLASSES, LAND_TYPES, ORIGINS, SOURCES, STATUSES } from './cases.enums.js';

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
        {
          bbox: parseBbox(q.bbox),
          division: q.division,
          status: csvEnum('status', q.status, STATUSES),
          origin: csvEnum('origin', q.origin, ORIGINS),
          disposalClass: csvEnum('disposalClass', q.disposalClass, DISPOSAL_CLASSES),
          source: csvEnum('source', q.source, SOURCES),
          landType: csvEnum('landType', q.landType, LAND_TYPES),
          onBasicFarmland: q.onBasicFarmland,
          onCultivatedLand: q.onCultivatedLand,
          foundFrom: q.foundFrom ? new Date(`${q.foundFrom}T00:00:00+08:00`) : undefined,
          foundTo: q.foundTo ? new Date(`${q.foundTo}T00:00:00+08:00`) : undefined,
          q: q.q?.trim() || undefined,
        },
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

  r.post(
    '/api/cases',
    { schema: { tags: ['cases'], summary: 'Register a case (the division is derived from the location)', body: CreateCaseBody, response: errors } },
    async (req, reply) => {
      const { created, case: c } = await cases.create(actorOf(req), req.body);
      return reply.status(created ? 201 : 200).send(c);
    },
  );

  r.get('/api/cases/:id', { schema: { tags: ['cases'], summary: 'One case with photos, external references, timeline and allowed actions', params: IdParams, response: errors } }, async (req) => {
    const actor = actorOf(req);
    const c = await cases.get(actor, req.params.id);
    const photos = await deps.services.photos.listForCase(actor, req.params.id);
    return { ...c, photos };
  });

  r.patch('/api/cases/:id', { schema: { tags: ['cases'], summary: 'Edit registry facts (with the version you saw)', params: IdParams, body: UpdateCaseBody, response: errors } }, async (req) => {
    const { version, ...fields } = req.body;
    return cases.update(actorOf(req), req.params.id, version, fields);
  });

  r.post(
    '/api/cases/:id/actions',
    { schema: { tags: ['cases'], summary: 'One workflow transition (verify, reject, classify, …); see docs/workflow.md', params: IdParams, body: ActionBody, response: errors } },
    async (req) => {
      const { action, version, ...input } = req.body;
      return cases.act(actorOf(req), req.params.id, action, version, input);
    },
  );
}
