import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, type Access } from '../../platform/http.js';
import { badRequest } from '../../platform/errors.js';
import { formReader, readFileForm, readMultipart } from '../../platform/multipart.js';
import { csvEnum, errorResponses, IdParams, Uuid } from '../../platform/schemas.js';
import { NEARBY_DEFAULT_METERS, PATCH_STATUSES, VERDICTS, type PatchStatus, type Verdict } from './patch.rules.js';
import { ImportReport, NearCaseList, NearPatchList, Patch, PatchBatchDetail, PatchBatchList, PatchDetail, PatchList, ReviewBody } from './patches.schemas.js';
import type { BatchInput, PatchesService } from './patches.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IMPORTERS: Access = ['city_office', 'admin'];
/** Who reads patches: the field, the offices and the supervisor (a department has no part in them). */
const VIEWERS = ['inspector', 'town_officer', 'city_office', 'supervisor', 'admin'] as const;
/** A batch file is a few MB (a county's month of patches is hundreds of polygons). */
const MAX_FILE_BYTES = 50 * 1024 * 1024;
const TEXT_FIELDS = ['batchNo', 'source', 'detectedOn', 'dueOn', 'crs', 'encoding', 'codeField', 'matchMeters', 'note'] as const;

const DESCRIPTION =
  'multipart/form-data: the file field `file` (GeoJSON, a zipped Shapefile with .shp .shx .dbf .prj (.cpg), or a GeoPackage; read and transformed ' +
  'as boundaries are: CGCS2000 geographic or Gauss-Krüger projected such as EPSG:4528, WGS84, GCJ-02) and the text fields `batchNo` (批次号), ' +
  '`source` (satellite | drone), `detectedOn` and `dueOn` (YYYY-MM-DD), optional `crs` (when the file does not say), `encoding` (GBK | UTF-8), ' +
  '`codeField` (the attribute with the patch code; else TBBH, JCBH, BSM, code … or the position), `matchMeters` (a case point this close makes ' +
  'the patch 已掌握; default 30), `note`. Each feature: a field task for its town (`task`), matched to a case (`matched`: its footprint overlaps, or ' +
  'its point is within matchMeters), outside the county or your jurisdiction (`skipped`), or refused with the reason (`refused`: then nothing is ' +
  'written). Invalid geometry is repaired with ST_MakeValid and reported. The same file again answers `alreadyImported` and writes nothing.';

async function readBatchForm(req: FastifyRequest): Promise<BatchInput> {
  const { file, fields } = await readFileForm(req, {
    fields: TEXT_FIELDS,
    maxBytes: MAX_FILE_BYTES,
    upload: '图斑文件',
    missing: { code: 'patch.file_missing', message: '请选择图斑文件(GeoJSON、压缩的 Shapefile 或 GeoPackage)' },
  });
  for (const k of ['batchNo', 'source', 'detectedOn', 'dueOn'] as const)
    if (!fields[k]) throw badRequest('validation_failed', `缺少必填字段: ${k}`, [{ field: k, message: 'required' }]);
  const f = formReader(fields as Record<string, string>);
  return {
    filename: file.filename,
    bytes: new Uint8Array(file.data),
    batchNo: fields.batchNo!,
    source: fields.source!,
    detectedOn: fields.detectedOn!,
    dueOn: fields.dueOn!,
    crs: fields.crs ?? null,
    encoding: fields.encoding ?? null,
    codeField: fields.codeField ?? null,
    matchMeters: f.num('matchMeters', 0, 500) ?? null,
    note: fields.note ?? null,
  };
}

/** 图斑核查: batches in, the field verdicts, the town's review, the figures per batch. */
export async function patchesRoutes(app: FastifyInstance, { patches, maxUploadBytes }: { patches: PatchesService; maxUploadBytes: number }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['patches'];

  r.post(
    '/api/patches/batches/preview',
    {
      config: { access: IMPORTERS },
      schema: {
        tags,
        summary: 'Preview importing a batch of change patches (图斑) (city office, admin): done in a transaction that is rolled back',
        description: DESCRIPTION,
        consumes: ['multipart/form-data'],
        response: { ...errorResponses, 200: ImportReport },
      },
    },
    async (req) => patches.preview(actorOf(req), await readBatchForm(req)),
  );
  r.post(
    '/api/patches/batches',
    {
      config: { access: IMPORTERS },
      schema: {
        tags,
        summary: 'Import a batch of change patches (city office, admin): one transaction, audited; a report with a problem writes nothing',
        description: DESCRIPTION,
        consumes: ['multipart/form-data'],
        response: { ...errorResponses, 200: ImportReport },
      },
    },
    async (req) => patches.importBatch(actorOf(req), await readBatchForm(req)),
  );
  r.get(
    '/api/patches/batches',
    {
      config: { access: VIEWERS },
      schema: {
        tags,
        summary: 'The batches with a patch in your jurisdiction and their figures there (verified on time, late, outstanding)',
        response: { ...errorResponses, 200: PatchBatchList },
      },
    },
    async (req) => patches.batches(actorOf(req)),
  );
  r.get(
    '/api/patches/batches/:id',
    {
      config: { access: VIEWERS },
      schema: { tags, summary: 'One batch with its figures per town of your jurisdiction', params: IdParams, response: { ...errorResponses, 200: PatchBatchDetail } },
    },
    async (req) => patches.batch(actorOf(req), req.params.id),
  );
  r.get(
    '/api/patches',
    {
      config: { access: VIEWERS },
      schema: {
        tags,
        summary: 'The patches of your jurisdiction: by batch, status (pending,submitted,verified), verdict, town',
        querystring: Type.Object(
          {
            batchId: Type.Optional(Uuid),
            status: Type.Optional(Type.String({ description: 'comma-separated: pending, submitted, verified' })),
            verdict: Type.Optional(Type.String({ description: 'comma-separated: violation, legal, known, not_found' })),
            town: Type.Optional(Type.String({ pattern: '^\\d{9}$' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { ...errorResponses, 200: PatchList },
      },
    },
    async (req) =>
      patches.list(actorOf(req), {
        batchId: req.query.batchId,
        status: csvEnum('status', req.query.status, PATCH_STATUSES) as PatchStatus[] | undefined,
        verdict: csvEnum('verdict', req.query.verdict, VERDICTS) as Verdict[] | undefined,
        town: req.query.town,
        limit: req.query.limit ?? 100,
        offset: req.query.offset ?? 0,
      }),
  );
  r.get(
    '/api/patches/near',
    {
      config: { access: VIEWERS },
      schema: {
        tags,
        summary: 'Pending patches (field tasks) around a point in your jurisdiction, nearest first, with their polygons (the patrol app)',
        querystring: Type.Object(
          {
            lon: Type.Number({ minimum: -180, maximum: 180 }),
            lat: Type.Number({ minimum: -90, maximum: 90 }),
            radius: Type.Optional(Type.Integer({ minimum: 10, maximum: 50_000, default: NEARBY_DEFAULT_METERS })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { ...errorResponses, 200: NearPatchList },
      },
    },
    async (req) => patches.near(actorOf(req), req.query.lon, req.query.lat, req.query.radius ?? NEARBY_DEFAULT_METERS, req.query.limit ?? 50),
  );
  r.get(
    '/api/patches/:id',
    { config: { access: VIEWERS }, schema: { tags, summary: 'One patch with its polygon and field photos', params: IdParams, response: { ...errorResponses, 200: PatchDetail } } },
    async (req) => patches.one(actorOf(req), req.params.id),
  );
  r.get(
    '/api/patches/:id/cases',
    {
      config: { access: VIEWERS },
      schema: { tags, summary: 'Registered cases within 300 m of the patch (the choice for 已掌握)', params: IdParams, response: { ...errorResponses, 200: NearCaseList } },
    },
    async (req) => patches.nearbyCases(actorOf(req), req.params.id),
  );
  r.post(
    '/api/patches/:id/verdict',
    {
      config: { access: ['inspector', 'town_officer'] },
      schema: {
        tags,
        summary: 'The field check’s verdict on a pending patch with photos (inspector, town officer)',
        description:
          'multipart/form-data: `verdict` (violation 违法建设: photos required, a new case is registered on the patch with them and linked; legal 合法: the proof ' +
          '(`note`: permit number …) and its photo; known 已掌握: `caseId` of a registered case within 300 m; not_found 未发现变化: photos of the ground), ' +
          '`version` (the patch’s), optional `note`, `lon`/`lat`/`accuracy`/`capturedAt` (the phone’s fix), files `photo` (up to 10), and `clientId` ' +
          '(a UUID made on the phone, as a report’s: the same verdict sent again — an answer lost on a weak signal — is answered 200 with the patch as it ' +
          'stands and changes nothing; 409 patch.client_id_taken when it landed on another patch). The patch then awaits ' +
          'the town’s review (submitted). 409 patch.not_pending / patch.stale; 422 patch.verdict_incomplete / patch.case_not_near.',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { ...errorResponses, 200: Patch },
      },
      preValidation: async (req) => {
        if (req.isMultipart()) req.body = {};
      },
    },
    async (req) => {
      const { fields, files } = await readMultipart(req, {
        fields: ['verdict', 'note', 'caseId', 'version', 'lon', 'lat', 'accuracy', 'capturedAt', 'clientId'],
        fileField: 'photo',
        maxFiles: 10,
        maxBytes: maxUploadBytes,
      });
      const f = formReader(fields);
      const verdict = f.oneOf('verdict', VERDICTS);
      if (!verdict) throw badRequest('validation_failed', '缺少必填字段: verdict', [{ field: 'verdict', message: 'required' }]);
      const version = f.num('version', 1, 1e9, true)!;
      const caseId = fields.caseId?.trim() || null;
      if (caseId && !UUID.test(caseId)) throw badRequest('validation_failed', 'caseId 无效', [{ field: 'caseId', message: 'uuid' }]);
      const clientId = fields.clientId?.trim() || null;
      if (clientId && !UUID.test(clientId)) throw badRequest('validation_failed', 'clientId 须为 UUID', [{ field: 'clientId', message: 'uuid' }]);
      return patches.verdict(actorOf(req), req.params.id, { verdict, note: f.text('note', 1000)?.trim() || null, caseId, version, clientId }, files, {
        lon: f.num('lon', -180, 180),
        lat: f.num('lat', -90, 90),
        accuracy: f.num('accuracy', 0, 100_000),
        capturedAt: f.time('capturedAt'),
      });
    },
  );
  r.post(
    '/api/patches/:id/review',
    {
      config: { access: ['town_officer', 'city_office'] },
      schema: {
        tags,
        summary: 'The town’s review of a submitted verdict (or of the import’s 已掌握 match): approve, or send back to the field with a reason',
        description:
          '`{"action": "approve" | "return", "reason", "version"}`. Approved, the patch is verified (已核查); sent back, it is a field task again (the verdict cleared, the reason kept): ' +
          'the case a 违法建设 verdict registered is rejected as a false report (误报), a case linked before is unlinked. 409 patch.case_taken_up when ' +
          'that registered case has been verified or beyond; 409 patch.stale / patch.not_submitted.',
        params: IdParams,
        body: ReviewBody,
        response: { ...errorResponses, 200: Patch },
      },
    },
    async (req) => patches.review(actorOf(req), req.params.id, { action: req.body.action, reason: req.body.reason ?? null, version: req.body.version }),
  );
  r.get(
    '/api/patches/photos/:id/:variant',
    {
      config: { access: VIEWERS },
      schema: {
        tags,
        summary: 'A patch photo’s bytes: original, display (≤1280 px, watermarked) or thumbnail',
        params: Type.Object({ id: Uuid, variant: Type.Union([Type.Literal('original'), Type.Literal('display'), Type.Literal('thumbnail')]) }, { additionalProperties: false }),
        response: {
          ...errorResponses,
          200: {
            description: 'The image',
            content: Object.fromEntries(['image/jpeg', 'image/png', 'image/heic'].map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
          },
        },
      },
    },
    async (req, reply) => {
      const f = await patches.openPhoto(actorOf(req), req.params.id, req.params.variant);
      reply.header('cache-control', 'private, max-age=86400');
      return reply.type(f.mime).send(f.stream());
    },
  );
}
