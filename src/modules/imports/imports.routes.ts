import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/http.js';
import { readFileForm } from '../../platform/multipart.js';
import { errorResponses, File, IdParams } from '../../platform/schemas.js';
import { CaseImportDetail, CaseImportList, ImportQueued } from './imports.schemas.js';
import { MAX_FILE_BYTES, MAX_ROWS, XLSX_TYPE } from './imports.xlsx.js';
import { ERRORS_SHOWN, type ImportsService } from './imports.service.js';

const attachment = (filename: string, ascii: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

export async function importsRoutes(app: FastifyInstance, { imports }: { imports: ImportsService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['imports'];

  r.get(
    '/api/imports/cases/template.xlsx',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The census ledger template (存量普查台账): zh-CN headers, drop-downs for coded columns, and a sheet explaining every column and its allowed values',
        response: { ...errorResponses, 200: File(XLSX_TYPE, 'The template (.xlsx)') },
      },
    },
    async (req, reply) => {
      actorOf(req);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment('存量普查台账模板.xlsx', 'census-template.xlsx'))
        .send(await imports.template());
    },
  );

  r.post(
    '/api/imports/cases',
    {
      config: { access: ['city_office', 'town_officer'] },
      schema: {
        tags,
        summary: 'Upload a census ledger (.xlsx) to import stock cases (city office; a town officer for his own town); a background job creates the cases',
        description:
          `multipart/form-data with one file in the field \`file\` (at most ${MAX_FILE_BYTES / 1024 / 1024} MB, ${MAX_ROWS} data rows). ` +
          'The file is recognised by its bytes (an .xlsx is a zip archive); anything else is a 400 `import.bad_file`. The header row must hold 经度 and 纬度 ' +
          '(`import.missing_columns` otherwise); other headers are matched by their zh-CN names and unknown ones are ignored (listed in `ignoredColumns`). ' +
          'Answers 202 with the import id; follow it with GET /api/imports/{id}. Each row becomes a case of source `census_import` (origin stock, already verified) ' +
          'through the same path as POST /api/cases, or is rejected with its reasons.',
        consumes: ['multipart/form-data'],
        response: {
          ...errorResponses,
          202: ImportQueued,
        },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { file } = await readFileForm(req, {
        maxBytes: MAX_FILE_BYTES,
        upload: ' Excel 文件',
        missing: { code: 'import.file_missing', message: '请选择要上传的 Excel 文件' },
      });
      return reply.status(202).send(await imports.upload(actor, file));
    },
  );

  r.get(
    '/api/imports',
    {
      config: { access: ['city_office', 'town_officer', 'admin', 'supervisor'] },
      schema: {
        tags,
        summary: 'Imports, newest first, uploaded inside your jurisdiction (city office, town officer, admin, supervisor)',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }, { additionalProperties: false }),
        response: { ...errorResponses, 200: CaseImportList },
      },
    },
    async (req) => imports.list(actorOf(req), req.query.limit ?? 50),
  );

  r.get(
    '/api/imports/:id',
    {
      config: { access: ['city_office', 'town_officer', 'admin', 'supervisor'] },
      schema: {
        tags,
        summary: `An import: state (queued / running / done / failed), progress (rows done of total), created and rejected counts, the first ${ERRORS_SHOWN} rejected rows with their reasons, and \`casesLink\` (the list of its cases)`,
        description: 'The cases it made are listed by GET /api/cases?importId={id}. An import uploaded outside your jurisdiction is a 404.',
        params: IdParams,
        response: { ...errorResponses, 200: CaseImportDetail },
      },
    },
    async (req) => imports.get(actorOf(req), req.params.id),
  );

  r.get(
    '/api/imports/:id/errors.xlsx',
    {
      config: { access: ['city_office', 'town_officer', 'admin', 'supervisor'] },
      schema: {
        tags,
        summary: 'The rejected rows as a ledger workbook: original row number, the reasons (zh-CN), then the template columns as read — fix and upload again',
        params: IdParams,
        response: { ...errorResponses, 200: File(XLSX_TYPE, 'The rejected rows (.xlsx)') },
      },
    },
    async (req, reply) => {
      const { filename, buffer } = await imports.errorsFile(actorOf(req), req.params.id);
      return reply.type(XLSX_TYPE).header('content-disposition', attachment(filename, 'import-errors.xlsx')).send(buffer);
    },
  );
}
