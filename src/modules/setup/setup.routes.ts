import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf, type Access } from '../../platform/http.js';
import { badRequest } from '../../platform/errors.js';
import { type FormFile, readUploadForm } from '../../platform/multipart.js';
import { errorResponses } from '../../platform/schemas.js';
import { SetupReport } from './setup.schemas.js';
import type { SetupInput, SetupService } from './setup.service.js';

const ADMINS: Access = ['admin'];
/** A county's village Shapefile is a few MB to a few tens; the code table far less. */
const MAX_FILE_BYTES = 100 * 1024 * 1024;
const TEXT_FIELDS = ['county', 'csvEncoding', 'crs', 'encoding', 'codeField', 'nameField', 'fingerprint'] as const;

const DESCRIPTION =
  'multipart/form-data: the file fields `divisions` (the division code table, CSV) and/or `boundaries` (GeoJSON, or a zipped Shapefile ' +
  'with .shp .shx .dbf .prj and .cpg), and the text fields `county` (the county to load from a province-wide table), `csvEncoding`, `crs` ' +
  '(EPSG:4490, EPSG:4513–4554, EPSG:4491–4512, EPSG:4326, GCJ02: when the file does not say), `encoding` (the Shapefile attributes, ' +
  'GBK or UTF-8, when it has no .cpg), `codeField`, `nameField`. The same as `npm run cli -- setup` (docs/going-live.md).';

async function readForm(req: FastifyRequest): Promise<{ input: SetupInput; fields: Partial<Record<(typeof TEXT_FIELDS)[number], string>> }> {
  const { files, fields } = await readUploadForm(req, {
    files: ['divisions', 'boundaries'],
    fields: TEXT_FIELDS,
    maxBytes: MAX_FILE_BYTES,
    upload: '区划代码表和/或边界文件',
    missing: { code: 'setup.file_missing', message: '请选择区划代码表(CSV)和/或边界文件', field: 'boundaries' },
  });
  const bytesOf = (f: FormFile | undefined) => f && { filename: f.filename, bytes: new Uint8Array(f.data) };
  const divisions = bytesOf(files.divisions);
  const boundaries = bytesOf(files.boundaries);
  const input: SetupInput = {};
  if (divisions) input.divisions = { ...divisions, county: fields.county, encoding: fields.csvEncoding };
  if (boundaries) input.boundaries = { ...boundaries, crs: fields.crs, encoding: fields.encoding, codeField: fields.codeField, nameField: fields.nameField, declaredIn: 'dialog' };
  return { input, fields };
}

/** 上线与边界更新 on the admin screen: preview, then apply exactly that preview. */
export async function setupRoutes(app: FastifyInstance, { setup }: { setup: SetupService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['setup'];

  r.post(
    '/api/setup/preview',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: 'Preview loading a division code table and/or boundaries (admin): everything is done in a transaction that is rolled back',
        description: `${DESCRIPTION} The report lists each row's and feature's fate, the boundaries added, moved, unchanged and removed, and the cases that change village.`,
        consumes: ['multipart/form-data'],
        response: { ...errorResponses, 200: SetupReport },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { input } = await readForm(req);
      return setup.run(input, { apply: false, actor });
    },
  );

  r.post(
    '/api/setup/apply',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: 'Apply a previewed load (admin): the same files and the preview’s `fingerprint`; one transaction, audited',
        description:
          `${DESCRIPTION} The text field \`fingerprint\` (from the preview) is required: when the database changed since, so that the apply would ` +
          'write something else, nothing is written and the report says `stale`. A report with a problem (`blocked`) writes nothing either.',
        consumes: ['multipart/form-data'],
        response: { ...errorResponses, 200: SetupReport },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { input, fields } = await readForm(req);
      if (!fields.fingerprint) throw badRequest('setup.fingerprint_missing', '请先预览,再应用预览的结果', { field: 'fingerprint' });
      return setup.run(input, { apply: true, actor, expect: fields.fingerprint });
    },
  );
}
