import { Type } from 'typebox';
import { Nullable, Uuid } from '../../platform/schemas.js';
import { CaseFilterProps } from './cases.filter.js';
import { CATEGORIES, DISPOSAL_CLASSES, LAND_TYPES, ORIGINS, OWNER_KINDS, SAFETY_RISKS, SOURCES, STRUCTURES, USES } from './cases.enums.js';

const E = (vals: readonly string[], description?: string) => Type.Union(vals.map((v) => Type.Literal(v)), { description });
const Text = (max: number, description?: string) => Type.String({ maxLength: max, description });

export const Polygon = Type.Object(
  { type: E(['Polygon', 'MultiPolygon']), coordinates: Type.Array(Type.Any(), { minItems: 1 }) },
  { additionalProperties: false, description: 'GeoJSON Polygon or MultiPolygon, WGS84' },
);

/** The registry facts (一户一档) that can be set on create and edit. */
export const CaseFieldsProps = {
  origin: Type.Optional(E(ORIGINS, 'stock 存量 / new 新增')),
  category: Type.Optional(E(CATEGORIES)),
  areaM2: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 10_000_000, description: 'area in m²' }))),
  floors: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 200 }))),
  structure: Type.Optional(Nullable(E(STRUCTURES))),
  use: Type.Optional(Nullable(E(USES))),
  landType: Type.Optional(Nullable(E(LAND_TYPES))),
  onCultivatedLand: Type.Optional(Type.Boolean()),
  onBasicFarmland: Type.Optional(Type.Boolean()),
  ownerKind: Type.Optional(Nullable(E(OWNER_KINDS))),
  ownerName: Type.Optional(Nullable(Text(100))),
  ownerIdNumber: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{17}[0-9Xx]$', description: '18-digit resident ID number' }))),
  ownerPhone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' }))),
  enterpriseName: Type.Optional(Nullable(Text(200))),
  enterpriseUscc: Type.Optional(Nullable(Type.String({ maxLength: 18, description: 'unified social credit code (统一社会信用代码)' }))),
  addressGroup: Type.Optional(Nullable(Text(20, 'village group (组)'))),
  addressHouseNo: Type.Optional(Nullable(Text(20, 'house number'))),
  safetyRisk: Type.Optional(E(SAFETY_RISKS)),
  note: Type.Optional(Nullable(Text(2000))),
  footprint: Type.Optional(Nullable(Polygon)),
};

export const CreateCaseBody = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    crs: Type.Optional(E(['wgs84', 'gcj02'], 'coordinate system of lon/lat; gcj02 is converted on the server')),
    source: E(SOURCES),
    foundAt: Type.Optional(Type.String({ format: 'date-time' })),
    clientId: Type.Optional(Uuid),
    externalRefs: Type.Optional(
      Type.Array(Type.Object({ system: Type.String({ pattern: '^[a-z][a-z0-9_]{1,30}$' }), externalId: Text(100) }, { additionalProperties: false }), { maxItems: 20 }),
    ),
    ...CaseFieldsProps,
  },
  { additionalProperties: false },
);

export const UpdateCaseBody = Type.Object({ version: Type.Integer({ minimum: 1 }), ...CaseFieldsProps }, { additionalProperties: false });

const ACTIONS = ['verify', 'reject', 'classify', 'start_rectification', 'request_closing', 'approve_closing', 'return_closing', 'reopen'] as const;

export const ActionBody = Type.Object(
  {
    action: E(ACTIONS),
    version: Type.Integer({ minimum: 1, description: 'the case version you saw (optimistic locking)' }),
    reason: Type.Optional(Text(1000)),
    duplicateOf: Type.Optional(Uuid),
    disposalClass: Type.Optional(E(DISPOSAL_CLASSES)),
    remedyRef: Type.Optional(Text(100)),
    deferReason: Type.Optional(Text(1000)),
    reviewDate: Type.Optional(Type.String({ format: 'date' })),
    deadline: Type.Optional(Type.String({ format: 'date' })),
    note: Type.Optional(Text(2000)),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    ...CaseFilterProps,
    sort: Type.Optional(E(['found_at', 'updated_at', 'case_no', 'area_m2', 'status'])),
    order: Type.Optional(E(['asc', 'desc'])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 })),
    format: Type.Optional(E(['json', 'geojson'])),
  },
  { additionalProperties: false },
);

export const NearbyQuery = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    crs: Type.Optional(E(['wgs84', 'gcj02'])),
    radius: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'metres, default 50, at most 500' })),
    include: Type.Optional(E(['closed'], 'also closed demolitions (a report there is a rebuild)')),
  },
  { additionalProperties: false },
);

/**
 * The patrol report as a multipart form, for the API description: the handler reads and checks it
 * (the parts are streamed, so the schema validator never sees them).
 */
export const PatrolReportForm = Type.Partial(Type.Object({
  clientId: Type.String({ format: 'uuid', description: 'generated on the device when the report is made; a resend carries the same one' }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  crs: Type.Optional(E(['wgs84', 'gcj02'])),
  accuracy: Type.Optional(Type.Number({ minimum: 0, description: 'metres, from the device' })),
  category: Type.Optional(E(CATEGORIES)),
  note: Type.Optional(Text(2000)),
  capturedAt: Type.Optional(Type.String({ format: 'date-time' })),
  photo: Type.Array(Type.String({ format: 'binary' }), { minItems: 1, maxItems: 10, description: 'JPEG, PNG or HEIC (required)' }),
}), { description: 'required: clientId, lon, lat, photo' });

/** One action for many cases: the fields of ActionBody apply to every case. */
export const BULK_ONLY_ACTIONS = ['assign', 'set_deadline'] as const;
export const BulkActionBody = Type.Object(
  {
    action: E(
      [...ACTIONS, ...BULK_ONLY_ACTIONS],
      'a workflow action, or `assign` (to a person: `assigneeId`; or a department task: `department`, `title`, `deadline`) or `set_deadline` (`deadline`)',
    ),
    items: Type.Array(Type.Object({ id: Uuid, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 200 }),
    reason: Type.Optional(Text(1000)),
    disposalClass: Type.Optional(E(DISPOSAL_CLASSES)),
    remedyRef: Type.Optional(Text(100)),
    deferReason: Type.Optional(Text(1000)),
    reviewDate: Type.Optional(Type.String({ format: 'date' })),
    deadline: Type.Optional(Type.String({ format: 'date', description: 'YYYY-MM-DD (China day); not in the past' })),
    note: Type.Optional(Text(2000)),
    assigneeId: Type.Optional(Uuid),
    department: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'assign: the department that gets a task on each case' })),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'assign to a department: the task' })),
  },
  { additionalProperties: false },
);
