import { Type } from 'typebox';
import { DateTime, Enum, Geometry, Nullable, Uuid } from '../../platform/schemas.js';

const Day = (description: string) => Type.String({ format: 'date', description });
const Rate = Type.Number({ minimum: 0, maximum: 1, description: 'done / total, 0–1 (0 when there are no items)' });

/** One campaign in the list: its period and progress inside the caller's jurisdiction. */
export const CampaignSummary = Type.Object({
  id: Uuid,
  name: Type.String({ description: '专项整治名称, e.g. 农村废弃杆线整治' }),
  startsOn: Day('first day (China)'),
  endsOn: Day('last day (China)'),
  total: Type.Integer({ description: 'items (rejected reports not counted) inside your jurisdiction' }),
  done: Type.Integer({ description: 'of those, closed (销号)' }),
  progress: Rate,
});
export const CampaignList = Type.Object({ items: Type.Array(CampaignSummary), total: Type.Integer() }, { description: 'Campaigns, newest start first' });

export const CampaignInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    startsOn: Day('first day'),
    endsOn: Day('last day (on or after startsOn)'),
    scopeDivisions: Type.Optional(
      Type.Array(Type.String({ pattern: '^[0-9]{6,12}$' }), { maxItems: 200, description: 'division codes the campaign covers; empty: the whole city' }),
    ),
    scopeArea: Type.Optional(Nullable(Geometry)),
    units: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50, description: 'responsible units offered for its items (镇街, 部门, 供电公司 …)' }),
    ),
  },
  { additionalProperties: false },
);
export const CampaignPatch = Type.Object(
  { ...Type.Partial(CampaignInput).properties, version: Type.Integer({ minimum: 1, description: 'the version you edited (409 if someone saved in between)' }) },
  { additionalProperties: false },
);

const Counts = {
  total: Type.Integer(),
  done: Type.Integer({ description: 'closed (销号)' }),
  open: Type.Integer({ description: 'neither closed nor rejected' }),
  overdue: Type.Integer({ description: 'open, past their step deadline or the campaign’s end' }),
  progress: Rate,
};

export const CampaignDetail = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    description: Nullable(Type.String()),
    startsOn: Day('first day'),
    endsOn: Day('last day'),
    scopeDivisions: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
    scopeArea: Nullable(Geometry),
    units: Type.Array(Type.String()),
    version: Type.Integer(),
    createdBy: Nullable(Type.String({ description: 'the creator’s name' })),
    createdAt: DateTime(),
    ...Counts,
    summary: Type.String({ description: 'the sentence of the weekly report: 共 7,292 个,已完成 5,083 个,完成率 69.7%' }),
    byTown: Type.Array(Type.Object({ townCode: Type.String(), townName: Type.String(), ...Counts }), { description: 'progress by town' }),
    byUnit: Type.Array(Type.Object({ unit: Type.String({ description: '责任单位 (未指定 when none)' }), ...Counts }), { description: 'progress by responsible unit' }),
    weekly: Type.Array(
      Type.Object({
        weekEnding: Day('the last day of the week (China)'),
        total: Type.Integer({ description: 'items found by then' }),
        done: Type.Integer({ description: 'items closed by then (and still closed)' }),
        progress: Rate,
      }),
      { description: 'progress over time, week by week from the start to today or the end' },
    ),
    overdueItems: Type.Array(
      Type.Object({
        id: Uuid,
        caseNo: Type.String(),
        ref: Nullable(Type.String()),
        name: Nullable(Type.String()),
        townName: Type.String(),
        villageName: Type.String(),
        responsibleUnit: Nullable(Type.String()),
        status: Type.String(),
        statusLabel: Type.String({ description: 'zh-CN' }),
        deadlineAt: Nullable(DateTime()),
      }),
      { description: 'the first 100 overdue items, the longest overdue first' },
    ),
  },
  { description: 'A campaign with its progress by town, by unit and over time, and its overdue items (inside your jurisdiction)' },
);

export const ImportQuery = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ default: true, description: 'true (default): only check and report; false: import (all or nothing)' })),
    crs: Type.Optional(
      Type.String({ maxLength: 20, description: 'a Shapefile without .prj: its coordinate system (EPSG:4490, EPSG:4528, GCJ02 …); must agree with the .prj when there is one' }),
    ),
  },
  { additionalProperties: false },
);

export const ImportReport = Type.Object(
  {
    dryRun: Type.Boolean(),
    format: Enum(['xlsx', 'geojson', 'shapefile'] as const),
    rows: Type.Integer({ description: 'rows (features) read' }),
    created: Type.Integer({ description: 'new items (made, or that would be made on a dry run)' }),
    unchanged: Type.Integer({ description: 'rows whose 编号 is already an item of the campaign: left as they are' }),
    rejected: Type.Integer(),
    report: Type.Array(
      Type.Object({
        row: Type.Integer({ description: 'the sheet row (header is row 1) or the feature number (from 1)' }),
        ref: Nullable(Type.String()),
        outcome: Enum(['new', 'unchanged', 'rejected'] as const),
        reasons: Type.Array(Type.String({ description: 'zh-CN' })),
        caseNo: Nullable(Type.String({ description: 'the item made or found' })),
      }),
      { description: 'one line per row' },
    ),
  },
  { description: 'What an import did (or would do). With any rejected row, nothing is imported.' },
);

export const FieldItemInput = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    crs: Type.Optional(Enum(['wgs84', 'gcj02'] as const)),
    category: Type.Optional(Type.String({ maxLength: 30 })),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    responsibleUnit: Type.Optional(Type.String({ maxLength: 50 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    clientId: Type.Optional(Type.String({ format: 'uuid', description: 'the phone’s id of the report: a resend returns the same item' })),
  },
  { additionalProperties: false },
);
export const FieldItemCreated = Type.Object(
  { id: Uuid, caseNo: Type.String(), created: Type.Boolean() },
  { description: 'The item (a case of kind campaign_item); add photos with POST /api/cases/{id}/photos' },
);

export const NearbyQuery = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    radius: Type.Optional(Type.Integer({ minimum: 10, maximum: 5000, default: 1000, description: 'metres' })),
  },
  { additionalProperties: false },
);
export const NearbyItems = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        id: Uuid,
        caseNo: Type.String(),
        campaignId: Uuid,
        campaignName: Type.String(),
        name: Nullable(Type.String()),
        ref: Nullable(Type.String()),
        category: Type.String(),
        categoryLabel: Type.String(),
        status: Type.String(),
        statusLabel: Type.String(),
        responsibleUnit: Nullable(Type.String()),
        lon: Type.Number(),
        lat: Type.Number(),
        distanceM: Type.Number(),
      }),
    ),
  },
  { description: 'Open items of running campaigns near a point, nearest first (at most 200)' },
);
export const ActiveCampaigns = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        id: Uuid,
        name: Type.String(),
        endsOn: Day('last day'),
        scopeDivisions: Type.Array(Type.String(), { description: 'division codes the campaign covers (empty: the whole city)' }),
        scopeArea: Nullable(Geometry),
      }),
    ),
  },
  { description: 'Campaigns running today (the patrol app offers them when reporting)' },
);
