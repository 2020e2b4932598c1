import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { IndexService } from './index.service.js';
import { actorOf } from '../../platform/http.js';
import { errorResponses, File, IdParams } from '../../platform/schemas.js';
import {
  CurrentDefinition,
  DefinitionHistory,
  DefinitionPreview,
  DefinitionVersion,
  IndexRunList,
  IndexRunWithDefinition,
  IndexTrend,
  PreviewDefinitionBody,
  ResultsQuery,
  RunQueued,
  RunResults,
  RunsQuery,
  SaveDefinitionBody,
  SavedDefinition,
  StartRunBody,
  UnitParams,
  UnitResultPage,
  VersionParams,
} from './index.schemas.js';

export async function indexRoutes(app: FastifyInstance, { index }: { index: IndexService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['index'];

  r.get(
    '/api/index/definition',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The current indicator definition (指标体系): dimensions, indicators, goalposts, weights, red lines, grading, method',
        response: { ...errorResponses, 200: CurrentDefinition },
      },
    },
    async (req) => {
      actorOf(req);
      return index.currentDefinition();
    },
  );

  r.get(
    '/api/index/definitions',
    { config: { access: 'session' }, schema: { tags, summary: 'Every saved definition version, newest first', response: { ...errorResponses, 200: DefinitionHistory } } },
    async (req) => {
      actorOf(req);
      return index.definitionHistory();
    },
  );

  r.get(
    '/api/index/definitions/:version',
    { config: { access: 'session' }, schema: { tags, summary: 'One saved definition version', params: VersionParams, response: { ...errorResponses, 200: DefinitionVersion } } },
    async (req) => {
      actorOf(req);
      return index.definitionVersion(req.params.version);
    },
  );

  r.post(
    '/api/index/definitions',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Save a new definition version (admin); refused with every problem named (422 index.invalid_definition); audited with every edit',
        body: SaveDefinitionBody,
        response: { ...errorResponses, 201: SavedDefinition },
      },
    },
    async (req, reply) => reply.status(201).send(await index.saveDefinition(actorOf(req), req.body.definition, req.body.note ?? null, req.body.baseVersion)),
  );

  r.post(
    '/api/index/definitions/preview',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Preview an edited definition (admin; saves nothing): the last finished period recomputed with it, colours before → after',
        description:
          'Validates like a save (422 `index.invalid_definition` with `details.problems`), then recomputes the period of the latest complete run with the edited definition, its measures computed as a run computes them, and compares each town and village with that run: colour counts before → after per level and every unit whose colour changes. 409 `index.preview_no_run` while no complete run exists.',
        body: PreviewDefinitionBody,
        response: { ...errorResponses, 200: DefinitionPreview },
      },
    },
    async (req) => index.previewDefinition(actorOf(req), req.body.definition),
  );

  r.post(
    '/api/index/runs',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Start an index run for a month or quarter (city office, admin); computed by a background job',
        body: StartRunBody,
        response: { ...errorResponses, 202: RunQueued },
      },
    },
    async (req, reply) => reply.status(202).send(await index.startRun(actorOf(req), req.body)),
  );

  r.get(
    '/api/index/runs',
    {
      config: { access: 'session' },
      schema: { tags, summary: 'Runs, newest first (optionally of one period)', querystring: RunsQuery, response: { ...errorResponses, 200: IndexRunList } },
    },
    async (req) => index.listRuns(actorOf(req), req.query.period ?? null, req.query.limit ?? 100),
  );

  r.get(
    '/api/index/runs/:id',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: "A run's status, summary and the definition it used",
        description:
          'While the run is computed (`status: running`), `progress` is the step it is at: `{ step, steps: 4, name }` with name `measures` (this period), `previous` (the previous period, when no finished run has it), `engine` (scores, ranks, Monte Carlo) or `saving`; null otherwise. `summary` is set once the run is done.',
        params: IdParams,
        response: { ...errorResponses, 200: IndexRunWithDefinition },
      },
    },
    async (req) => index.getRun(actorOf(req), req.params.id),
  );

  r.get(
    '/api/index/runs/:id/results',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Scores, ranks, colours, dimensions, indicators, rank intervals, colour probabilities and change, per town or village (inside your jurisdiction)',
        params: IdParams,
        querystring: ResultsQuery,
        response: { ...errorResponses, 200: RunResults },
      },
    },
    async (req) => index.results(actorOf(req), req.params.id, req.query.level ?? 'town'),
  );

  r.get(
    '/api/index/runs/:id/export.xlsx',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The run as an Excel workbook: one sheet per level (indicators as columns, zh-CN headers) and the indicators explained',
        params: IdParams,
        response: { ...errorResponses, 200: File('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'The run (.xlsx)') },
      },
    },
    async (req, reply) => {
      const { filename, buffer } = await index.exportRun(actorOf(req), req.params.id);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="index-export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .send(buffer);
    },
  );

  r.get(
    '/api/index/divisions/:code/trend',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: "A town's or village's score, rank and colour in the latest finished run of every period (oldest first)",
        params: Type.Object({ code: Type.String({ pattern: '^[0-9]{6,12}$' }) }, { additionalProperties: false }),
        response: { ...errorResponses, 200: IndexTrend },
      },
    },
    async (req) => index.trend(actorOf(req), req.params.code),
  );

  r.get(
    '/api/index/runs/:id/units/:code',
    {
      config: { access: 'session' },
      schema: { tags, summary: "One town's or village's result with the definition it was graded by", params: UnitParams, response: { ...errorResponses, 200: UnitResultPage } },
    },
    async (req) => index.unitResult(actorOf(req), req.params.id, req.params.code),
  );
}
