import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../../platform/http.js';
import { readFileForm } from '../../platform/multipart.js';
import { errorResponses, File, IdParams } from '../../platform/schemas.js';
import {
  ActiveCampaigns,
  CampaignDetail,
  CampaignInput,
  CampaignList,
  CampaignPatch,
  FieldItemCreated,
  FieldItemInput,
  ImportQuery,
  ImportReport,
  NearbyItems,
  NearbyQuery,
} from './campaigns.schemas.js';
import { MAX_ITEMS } from './campaigns.files.js';
import { CAMPAIGN_EXPORT_MAX, type CampaignsService } from './campaigns.service.js';

const READERS = ['inspector', 'town_officer', 'city_office', 'department', 'supervisor', 'admin'] as const;
const EDITORS = ['city_office', 'admin'] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Campaigns (专项整治, docs/campaigns.md). Their items are cases of kind `campaign_item`: listed by
 * `GET /api/cases?kind=campaign_item&campaignId=…`, mapped by `GET /api/cases/map?kind=campaign_item&campaignId=…`,
 * worked through `POST /api/cases/{id}/actions` like any case.
 */
export async function campaignsRoutes(app: FastifyInstance, { campaigns }: { campaigns: CampaignsService }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['campaigns'];

  r.get(
    '/api/campaigns',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Campaigns (专项整治) with their progress: items, done (销号), done / total (e.g. 5,083 / 7,292 = 0.697)',
        description: 'Every campaign; the counts are of its items inside your jurisdiction (rejected reports not counted).',
        response: { ...errorResponses, 200: CampaignList },
      },
    },
    async (req) => campaigns.list(actorOf(req)),
  );

  r.get(
    '/api/campaigns/active',
    {
      config: { access: READERS },
      schema: { tags, summary: 'Campaigns running today (the patrol app offers them when reporting)', response: { ...errorResponses, 200: ActiveCampaigns } },
    },
    async () => campaigns.active(),
  );

  r.get(
    '/api/campaigns/nearby',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Open items of running campaigns near a point (the patrol app’s 周边专项), nearest first',
        description: 'Inside your jurisdiction; at most 200 items within `radius` metres (default 1,000).',
        querystring: NearbyQuery,
        response: { ...errorResponses, 200: NearbyItems },
      },
    },
    async (req) => campaigns.nearby(actorOf(req), req.query),
  );

  r.post(
    '/api/campaigns',
    {
      config: { access: EDITORS },
      schema: {
        tags,
        summary: 'Create a campaign (city office, admin): name, period, scope (divisions and/or a drawn polygon), the units its items may be given to',
        description: 'A name already taken is a 409 `campaign.name_taken`; an end before the start a 400 `campaign.invalid_period`.',
        body: CampaignInput,
        response: { ...errorResponses, 201: CampaignDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await campaigns.create(actorOf(req), req.body)),
  );

  r.get(
    '/api/campaigns/:id',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'A campaign with its progress in total, by town, by responsible unit and week by week, and its overdue items',
        description:
          'Counts inside your jurisdiction. `done` is closed (销号); `overdue` is open and past its step deadline or the campaign’s end. Its items: GET /api/cases?kind=campaign_item&campaignId={id}.',
        params: IdParams,
        response: { ...errorResponses, 200: CampaignDetail },
      },
    },
    async (req) => campaigns.get(actorOf(req), req.params.id),
  );

  r.patch(
    '/api/campaigns/:id',
    {
      config: { access: EDITORS },
      schema: {
        tags,
        summary: 'Edit a campaign (city office, admin); the fields given change',
        description: 'With the `version` you read: a save in between is a 409 `campaign.version_conflict`.',
        params: IdParams,
        body: CampaignPatch,
        response: { ...errorResponses, 200: CampaignDetail },
      },
    },
    async (req) => campaigns.update(actorOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/campaigns/:id/import',
    {
      config: { access: ['city_office', 'town_officer'] },
      schema: {
        tags,
        summary: 'Import a campaign’s target items from Excel (.xlsx), a zipped Shapefile or GeoJSON: a dry run first (the default), then the import',
        description:
          `multipart/form-data with one file in the field \`file\` (at most ${MAX_ITEMS} rows). Excel: the first sheet, headers in row 1: ` +
          '编号, 名称, 类别 (杆线/构筑物/房屋/其他), 责任单位, 经度, 纬度 (WGS84), 备注. A zipped Shapefile (.shp, .shx, .dbf and .prj, GBK or UTF-8 attributes; ' +
          'CGCS2000 geographic or Gauss-Krüger, WGS84, GCJ-02; `crs` names it when the .prj is missing) or a GeoJSON FeatureCollection: one feature per item ' +
          '(a point; a line counts at its middle vertex, a polygon at its vertices’ average), with those names or ref/name/category/responsibleUnit/note as attributes. `dryRun=true` (default) reports every row: new, unchanged (the campaign ' +
          'already has an item with that 编号 — or, without one, at that place) or rejected with its reasons. `dryRun=false` makes the new items as cases of kind ' +
          'campaign_item (already verified) in one transaction; with any rejected row nothing is imported (422 `campaign.import_rejected`, the report in `details`). ' +
          'Importing the same file again changes nothing.',
        consumes: ['multipart/form-data'],
        params: IdParams,
        querystring: ImportQuery,
        response: { ...errorResponses, 200: ImportReport },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { file } = await readFileForm(req, {
        maxBytes: MAX_FILE_BYTES,
        upload: '文件',
        missing: { code: 'campaign.file_missing', message: '请选择要上传的 Excel、Shapefile(.zip)或 GeoJSON 文件' },
      });
      return campaigns.importFile(actor, req.params.id, file, req.query.dryRun ?? true, req.query.crs);
    },
  );

  r.post(
    '/api/campaigns/:id/items',
    {
      config: { access: ['inspector', 'town_officer', 'city_office', 'department'] },
      schema: {
        tags,
        summary: 'Report an item of a running campaign found in the field (patrol app, the campaign chosen): a case of kind campaign_item in the campaign',
        description:
          'The point must lie in the campaign’s scope and your jurisdiction. The item starts as reported (上报), and follows the case workflow. Add photos with POST /api/cases/{id}/photos. A resend with the same clientId returns the same item (created: false).',
        params: IdParams,
        body: FieldItemInput,
        response: { ...errorResponses, 201: FieldItemCreated, 200: FieldItemCreated },
      },
    },
    async (req, reply) => {
      const out = await campaigns.reportItem(actorOf(req), req.params.id, req.body);
      return reply.status(out.created ? 201 : 200).send(out);
    },
  );

  r.get(
    '/api/campaigns/:id/export.xlsx',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'The campaign’s items as an Excel workbook for the weekly report: progress by town, then every item (zh-CN headers and words, no codes)',
        description: `Inside your jurisdiction; at most ${CAMPAIGN_EXPORT_MAX} items. Recorded on the audit trail.`,
        params: IdParams,
        response: { ...errorResponses, 200: File(XLSX, 'The workbook (.xlsx)') },
      },
    },
    async (req, reply) => {
      const out = await campaigns.excel(actorOf(req), req.params.id);
      reply.header('content-type', XLSX);
      reply.header('content-disposition', `attachment; filename="campaign.xlsx"; filename*=UTF-8''${encodeURIComponent(out.filename)}`);
      reply.header('x-total-count', String(out.count));
      return reply.send(out.body);
    },
  );
}
