import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { Actor } from '../../platform/auth.js';
import type { JobQueue } from '../../platform/jobs.js';
import { actorOf } from '../../platform/http.js';
import { errorResponses, Uuid } from '../../platform/schemas.js';
import { Coverage, Track } from './patrol.schemas.js';
import { formReader, readMultipart } from '../../platform/multipart.js';
import { ALL_CATEGORIES } from '../../../shared/item-kinds.js';
import { CreateCaseBody, PatrolReportForm, ReportedCase } from '../cases/cases.schemas.js';
import type { CasesService } from '../cases/cases.service.js';
import { TRACK_LIMITS, type PatrolService } from './patrol.service.js';
import { readDeclarations } from '../photos/photos.routes.js';

const REPORT_FIELDS = ['clientId', 'lon', 'lat', 'crs', 'accuracy', 'category', 'note', 'capturedAt', 'originals', 'kind', 'depthCm', 'campaignId'] as const;

const TrackBody = Type.Object(
  {
    clientId: Uuid,
    points: Type.Array(
      Type.Object(
        {
          at: Type.String({ format: 'date-time' }),
          lon: Type.Number({ minimum: -180, maximum: 180 }),
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 2, maxItems: TRACK_LIMITS.maxPoints },
    ),
  },
  { additionalProperties: false },
);

const CoverageQuery = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'first day (China time), YYYY-MM-DD' }),
    to: Type.String({ format: 'date', description: 'day after the last (exclusive), YYYY-MM-DD' }),
    town: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$', description: 'limit to one division subtree' })),
  },
  { additionalProperties: false },
);

/**
 * Patrol routes, and the one route that registers a case: POST /api/cases takes a patrol report
 * (multipart, to the patrol service) or an office entry (JSON, to the case register).
 */
export async function patrolRoutes(
  app: FastifyInstance,
  deps: { patrol: PatrolService; cases: Pick<CasesService, 'create'>; jobs: Pick<JobQueue, 'hold'>; maxUploadBytes: number },
) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { patrol, cases, jobs, maxUploadBytes } = deps;

  r.post(
    '/api/cases',
    {
      config: { access: 'session' },
      schema: {
        tags: ['cases', 'patrol'],
        summary: 'Register a case: JSON (office entry) or multipart/form-data (a patrol report with photos)',
        description:
          'JSON: the registry facts (CreateCaseBody). Multipart (the patrol app): fields `clientId` (UUID, required), `lon`, `lat`, optional `crs` ' +
          '(`wgs84` default or `gcj02`), `accuracy` (m), `category`, `note`, `capturedAt` (ISO 8601), and one or more files `photo` (JPEG, PNG or HEIC). ' +
          '201 with the case; 200 with the existing case when the same report is sent again (same clientId and content); 409 `case.client_id_conflict` ' +
          'when the clientId was used with different content. The division is derived from the location on the server. Every photo is checked ' +
          '(type from the bytes, pixel limit, one decode) before any case exists; nothing is stored when one fails. ' +
          'Two phases (a weak link): with `originals` (JSON array, one declaration per file: `{sha256, bytes, width, height, exif}`) the files are reduced copies ' +
          '(≤ 1600 px, ≤ 300 KB, EXIF kept); each photo answers `original.status = awaiting` and its original follows as a tus upload to `/api/uploads` ' +
          "(docs/two-phase-report.md). A resend is recognised by the originals' hashes. " +
          'A waterlogging point (积水点): `kind=waterlogging` and `depthCm`; a report within 30 m of a closed point reopens that point (再次积水: 200, ' +
          'the point with its history, the photos added as new evidence) instead of making a second one (docs/item-kinds.md). ' +
          'In a campaign (专项整治): `campaignId` makes the report an item of that campaign (kind `campaign_item`, its categories); 422 ' +
          '`report.campaign_unknown`, `report.campaign_not_running`, `report.campaign_outside_jurisdiction` or `report.campaign_outside_scope` ' +
          'when the campaign does not take it (docs/campaigns.md).',
        // JSON is validated by the schema; a multipart body is read by the handler (streamed, size-limited, checked field by field)
        body: { content: { 'application/json': { schema: CreateCaseBody }, 'multipart/form-data': { schema: PatrolReportForm } } },
        response: {
          ...errorResponses,
          201: { ...ReportedCase, description: 'The case registered' },
          200: { ...ReportedCase, description: 'The same report sent again: the case it made' },
        },
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
        const release = jobs.hold();
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
    const { fields, files } = await readMultipart(req, { fields: REPORT_FIELDS, fileField: 'photo', maxFiles: 10, maxBytes: maxUploadBytes });
    const f = formReader(fields);
    const report = {
      clientId: f.uuid('clientId', true)!,
      lon: f.num('lon', -180, 180, true)!,
      lat: f.num('lat', -90, 90, true)!,
      crs: f.oneOf('crs', ['wgs84', 'gcj02'] as const),
      accuracy: f.num('accuracy', 0, 100_000),
      category: f.oneOf('category', ALL_CATEGORIES),
      kind: f.oneOf('kind', ['violation', 'waterlogging'] as const),
      depthCm: f.num('depthCm', 1, 500),
      campaignId: f.uuid('campaignId'),
      note: f.text('note', 2000),
      capturedAt: f.time('capturedAt'),
    };
    // two phases: the files are reduced copies, `originals` declares each original that follows (docs/two-phase-report.md)
    const declared = readDeclarations(fields.originals, files.length, maxUploadBytes);
    const out = await patrol.report(actor, report, files, declared);
    return reply.status(out.created ? 201 : 200).send({ ...out.case, photos: out.photos });
  }

  r.post(
    '/api/patrol/tracks',
    {
      config: { access: ['inspector', 'town_officer', 'city_office', 'department'] },
      schema: {
        tags: ['patrol'],
        summary: 'A batch of a patrol track (coarse GPS points sent with the queue); idempotent per clientId',
        description: `2–${TRACK_LIMITS.maxPoints} points; fixes worse than ${TRACK_LIMITS.maxAccuracyM} m are dropped. 201 new, 200 on a resend, 409 when the clientId was used with other points.`,
        body: TrackBody,
        response: { ...errorResponses, 201: { ...Track, description: 'Stored' }, 200: { ...Track, description: 'Sent again: the stored batch' } },
      },
    },
    async (req, reply) => {
      const { created, track } = await patrol.addTrack(actorOf(req), req.body.clientId, req.body.points);
      return reply.status(created ? 201 : 200).send(track);
    },
  );

  r.get(
    '/api/patrol/coverage',
    {
      config: { access: 'session' },
      schema: {
        tags: ['patrol'],
        summary: 'Patrol coverage per village in a period: tracks, inspectors, length walked, share of the village within 50 m of a track',
        querystring: CoverageQuery,
        response: { ...errorResponses, 200: Coverage },
      },
    },
    async (req) => {
      const q = req.query;
      return patrol.coverage(actorOf(req), new Date(`${q.from}T00:00:00+08:00`), new Date(`${q.to}T00:00:00+08:00`), q.town);
    },
  );
}
