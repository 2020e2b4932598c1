import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/http.js';
import { readFileForm } from '../../platform/multipart.js';
import { errorResponses, IdParams, Uuid } from '../../platform/schemas.js';
import {
  Decision,
  ImportDetail,
  ImportList,
  ImportResult,
  PointDetail,
  PointList,
  PointQuery,
  SampleHeaders,
  Source,
  SourceCreate,
  SourceList,
  SourceUpdate,
} from './external.schemas.js';
import { MAX_POINT_FILE_BYTES, MAX_POINT_ROWS } from './external.table.js';
import type { ExternalService } from './external.service.js';

const attachment = (filename: string, ascii: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
/** The closings' two forms (a computed map: the type provider then leaves the body to the handler). */
const closingFiles = {
  description: 'The workbook (.xlsx) or a zip with it and 照片/<external id>[-n].jpg',
  content: Object.fromEntries(
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/zip'].map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
  ),
};
// an import's report lists every row of the county-wide list: the city's offices, not a town
const IMPORT_VIEWERS = ['city_office', 'admin', 'supervisor'] as const;
const VIEWERS = ['city_office', 'town_officer', 'admin', 'supervisor'] as const;
const EDITORS = ['city_office', 'admin'] as const;

/** One file in the field `file` and a few text fields, kept as sent. */
const fileAndFields = (req: FastifyRequest) =>
  readFileForm(req, { maxBytes: MAX_POINT_FILE_BYTES, upload: '文件', missing: { code: 'external.file_missing', message: '请选择要上传的文件' } });

const fileHelp = `multipart/form-data with one file in the field \`file\`: an .xlsx workbook (recognised by its bytes) or a CSV in UTF-8 or GBK; at most ${MAX_POINT_FILE_BYTES / 1024 / 1024} MB and ${MAX_POINT_ROWS} rows. A title row merged across the sheet is skipped; two header rows under merged group cells are joined; blank rows are skipped.`;

export async function externalRoutes(app: FastifyInstance, { external }: { external: ExternalService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['external'];

  r.get(
    '/api/external/sources',
    {
      config: { access: VIEWERS },
      schema: {
        tags,
        summary: 'The systems that send point lists (省平台, 嘉兴市平台 …) with their column mapping, export layout and point counts by status',
        response: { ...errorResponses, 200: SourceList },
      },
    },
    async (req) => external.sources(actorOf(req)),
  );

  r.post(
    '/api/external/sources',
    {
      config: { access: EDITORS },
      schema: { tags, summary: 'Add a source system with its column mapping (admin, city office)', body: SourceCreate, response: { ...errorResponses, 201: Source } },
    },
    async (req, reply) => reply.status(201).send(await external.createSource(actorOf(req), req.body)),
  );

  r.put(
    '/api/external/sources/:id',
    {
      config: { access: EDITORS },
      schema: {
        tags,
        summary: "Change a source's name, mapping, coordinates, encoding, radius or export columns (its code stays)",
        params: IdParams,
        body: SourceUpdate,
        response: { ...errorResponses, 200: Source },
      },
    },
    async (req) => {
      const { version, ...rest } = req.body;
      return external.updateSource(actorOf(req), req.params.id, version, rest);
    },
  );

  r.post(
    '/api/external/headers',
    {
      config: { access: EDITORS },
      schema: {
        tags,
        summary: "A sample file's headers, first rows and a suggested mapping (for the mapping form); nothing is stored",
        description: `${fileHelp} Optional field \`encoding\` (auto, utf-8, gbk).`,
        consumes: ['multipart/form-data'],
        response: { ...errorResponses, 200: SampleHeaders },
      },
    },
    async (req) => {
      const { file, fields } = await fileAndFields(req);
      return external.sampleHeaders(actorOf(req), file, fields.encoding ?? null);
    },
  );

  r.post(
    '/api/external/sources/:id/imports',
    {
      config: { access: ['city_office'] },
      schema: {
        tags,
        summary:
          "Import a source's point list through its saved mapping: a dry run (field dryRun=true) reports each row's fate and writes nothing; otherwise the same is written in one transaction",
        description:
          `${fileHelp} Each row: rejected (no external id, no or bad coordinates, outside the county, an external id repeated in the file — with reasons), ` +
          'new, updated (its text changed: the headers that changed are named) or unchanged (the same file again changes nothing). New points are matched to cases: ' +
          'matched (one case near that agrees), conflict (several, or one that disagrees), unmatched. Swapped lon/lat, DMS text and GCJ-02 (when the source says so) are read and noted. Audited as external.import.',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { ...errorResponses, 200: ImportResult, 201: ImportResult, 413: errorResponses[400] },
      },
    },
    async (req, reply) => {
      const { file, fields } = await fileAndFields(req);
      const dryRun = fields.dryRun === 'true' || fields.dryRun === '1';
      const out = await external.importList(actorOf(req), req.params.id, file, dryRun);
      return reply.status(dryRun ? 200 : 201).send(out);
    },
  );

  r.get(
    '/api/external/sources/:id/imports',
    {
      config: { access: IMPORT_VIEWERS },
      schema: { tags, summary: "A source's imports, newest first, with their counts", params: IdParams, response: { ...errorResponses, 200: ImportList } },
    },
    async (req) => external.imports(actorOf(req), req.params.id),
  );

  r.get(
    '/api/external/imports/:id',
    {
      config: { access: IMPORT_VIEWERS },
      schema: { tags, summary: "An import with every row's fate as it was reported", params: IdParams, response: { ...errorResponses, 200: ImportDetail } },
    },
    async (req) => external.importReport(actorOf(req), req.params.id),
  );

  r.get(
    '/api/external/points',
    {
      config: { access: VIEWERS },
      schema: {
        tags,
        summary: 'Points in your jurisdiction (by the village they lie in), newest change first; filter by source, status, case, text',
        querystring: PointQuery,
        response: { ...errorResponses, 200: PointList },
      },
    },
    async (req) => {
      const { limit = 50, offset = 0, ...f } = req.query;
      return external.points(actorOf(req), f, limit, offset);
    },
  );

  r.get(
    '/api/external/points/:id',
    {
      config: { access: VIEWERS },
      schema: {
        tags,
        summary: "A point with its candidates' cases side by side (distance, case number, status, a photo)",
        params: IdParams,
        response: { ...errorResponses, 200: PointDetail },
      },
    },
    async (req) => external.point(actorOf(req), req.params.id),
  );

  r.post(
    '/api/external/points/:id/decision',
    {
      config: { access: ['city_office', 'town_officer'] },
      schema: {
        tags,
        summary:
          "Decide a point: link it to a case, make it a new case (source provincial/prefecture, carrying the external reference), or undo a link; the case's external reference follows; audited as external.decide",
        params: IdParams,
        body: Decision,
        response: { ...errorResponses, 200: PointDetail },
      },
    },
    async (req) => external.decide(actorOf(req), req.params.id, req.body),
  );

  r.get(
    '/api/external/sources/:id/closings.:format',
    {
      config: { access: ['city_office'] },
      schema: {
        tags,
        summary:
          "The closings to send back to a source: its points whose case was closed (销号) since a date, in the source's own layout (its headers and ids; the closing in its status column or appended), as .xlsx, or .zip with the workbook and the proof photos named by external id",
        params: Type.Object({ id: Uuid, format: Type.Union([Type.Literal('xlsx'), Type.Literal('zip')]) }, { additionalProperties: false }),
        querystring: Type.Object({ since: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China day)' }) }, { additionalProperties: false }),
        response: {
          ...errorResponses,
          200: closingFiles,
        },
      },
    },
    async (req, reply) => {
      const out = await external.closings(actorOf(req), req.params.id, req.query.since, req.params.format);
      return reply
        .type(out.type)
        .header('content-disposition', attachment(out.filename, `closings.${req.params.format}`))
        .send(out.buffer);
    },
  );

  r.get(
    '/api/external/cases/:id/points',
    {
      config: { access: VIEWERS },
      schema: { tags, summary: 'The points of other systems that name a case (its external references)', params: IdParams, response: { ...errorResponses, 200: PointList } },
    },
    async (req) => external.casePoints(actorOf(req), req.params.id),
  );
}
