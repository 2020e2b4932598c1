import { Type } from 'typebox';
import { DateTime, Enum, Geometry, Nullable, Uuid } from '../../platform/schemas.js';
import { ROLES } from '../../../shared/enums.js';
import { Photo } from '../photos/photos.schemas.js';
import { Notice, Task } from '../supervision/supervision.schemas.js';
import { CaseFilterProps } from './cases.filter.js';
import { ALL_CATEGORIES, ALL_DISPOSAL_CLASSES, ITEM_KINDS } from '../../../shared/item-kinds.js';
import { DISPOSAL_CLASSES, LAND_TYPES, ORIGINS, OWNER_KINDS, SAFETY_RISKS, SOURCES, STATUSES, STRUCTURES, USES } from './cases.enums.js';

const E = (vals: readonly string[], description?: string) =>
  Type.Union(
    vals.map((v) => Type.Literal(v)),
    { description },
  );
const Text = (max: number, description?: string) => Type.String({ maxLength: max, description });

export const Polygon = Type.Object(
  { type: E(['Polygon', 'MultiPolygon']), coordinates: Type.Array(Type.Any(), { minItems: 1 }) },
  { additionalProperties: false, description: 'GeoJSON Polygon or MultiPolygon, WGS84' },
);

/** The registry facts (一户一档) that can be set on create and edit. */
export const CaseFieldsProps = {
  origin: Type.Optional(E(ORIGINS, 'stock 存量 / new 新增')),
  category: Type.Optional(E(ALL_CATEGORIES, "the kind's categories (shared/item-kinds.ts); violations: building, structure, shed, pole_line, other")),
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
  extra: Type.Optional(
    Type.Record(Type.String({ pattern: '^[a-zA-Z]{1,40}$' }), Nullable(Type.Union([Type.Number(), Type.String({ maxLength: 200 })])), {
      description: "the kind's own fields (waterlogging: depthCm, responsibleUnit); on an edit only those given change",
    }),
  ),
};

export const CreateCaseBody = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    crs: Type.Optional(E(['wgs84', 'gcj02'], 'coordinate system of lon/lat; gcj02 is converted on the server')),
    kind: Type.Optional(E(ITEM_KINDS, 'violation (default), campaign_item, waterlogging')),
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

/**
 * An edit of the file. The schema refuses what is no number at all (a masked 3304****…1234 sent back, letters);
 * the service names what is wrong with one that is (area ≤ 0, the ID number's length, date or check digit, the
 * phone's form) in zh-CN, all at once.
 */
export const UpdateCaseBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    ...CaseFieldsProps,
    areaM2: Type.Optional(Nullable(Type.Number({ maximum: 10_000_000, description: 'area in m², more than 0' }))),
    floors: Type.Optional(Nullable(Type.Integer({ minimum: -1000, maximum: 1000, description: 'floors, 1 to 200' }))),
    ownerIdNumber: Type.Optional(Nullable(Type.String({ pattern: '^\\s*[0-9]{1,17}[0-9Xx]?\\s*$', description: '18-digit resident ID number with the GB 11643 check digit' }))),
    ownerPhone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+\\- ]{0,20}$', description: 'mobile 1[3-9]xxxxxxxxx or a landline with its area code' }))),
    enterpriseUscc: Type.Optional(Nullable(Type.String({ maxLength: 24, pattern: '^[0-9A-Za-z ]*$', description: 'unified social credit code (统一社会信用代码)' }))),
  },
  { additionalProperties: false },
);

const ACTIONS = ['verify', 'reject', 'classify', 'start_rectification', 'request_closing', 'approve_closing', 'return_closing', 'reopen'] as const;

export const ActionBody = Type.Object(
  {
    action: E(ACTIONS),
    version: Type.Integer({ minimum: 1, description: 'the case version you saw (optimistic locking)' }),
    reason: Type.Optional(Text(1000)),
    duplicateOf: Type.Optional(Uuid),
    disposalClass: Type.Optional(E(ALL_DISPOSAL_CLASSES, "one of the kind's disposal choices (shared/item-kinds.ts)")),
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
export const PatrolReportForm = Type.Partial(
  Type.Object({
    clientId: Type.String({ format: 'uuid', description: 'generated on the device when the report is made; a resend carries the same one' }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    crs: Type.Optional(E(['wgs84', 'gcj02'])),
    accuracy: Type.Optional(Type.Number({ minimum: 0, description: 'metres, from the device' })),
    category: Type.Optional(E(ALL_CATEGORIES)),
    kind: Type.Optional(E(['violation', 'waterlogging'], 'violation (default) or waterlogging (积水点: needs depthCm)')),
    depthCm: Type.Optional(Type.Number({ minimum: 1, maximum: 500, description: 'waterlogging: the depth of the water (cm)' })),
    campaignId: Type.Optional(Type.String({ format: 'uuid', description: 'a running campaign (专项整治) the report belongs to: the case is its item (kind campaign_item)' })),
    note: Type.Optional(Text(2000)),
    capturedAt: Type.Optional(Type.String({ format: 'date-time' })),
    photo: Type.Array(Type.String({ format: 'binary' }), { minItems: 1, maxItems: 10, description: 'JPEG, PNG or HEIC (required); with `originals`: the reduced copies' }),
    originals: Type.Optional(
      Type.String({
        description:
          'two phases: JSON array, one per `photo` in order, `{sha256, bytes, width, height, exif}` of the original that follows as a tus upload (exif as shared/photo-exif.ts reads it, or null)',
      }),
    ),
  }),
  { description: 'required: clientId, lon, lat, photo' },
);

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
    disposalClass: Type.Optional(E(ALL_DISPOSAL_CLASSES, "one of the kind's disposal choices (shared/item-kinds.ts)")),
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

/* ---- responses ---- */

const Status = Enum(STATUSES);
const Disposal = Nullable(Enum(ALL_DISPOSAL_CLASSES, "violations: demolish 拆除 / remedy 整改补办 / defer 暂缓; other kinds' choices in shared/item-kinds.ts"));
const Code = (description: string) => Type.String({ description });
const NullableCode = (description: string) => Nullable(Type.String({ description }));

/** What a case in the list and a case on its page both say. */
const CaseCoreProps = {
  id: Uuid,
  caseNo: Type.String({ description: 'e.g. PH-2026-000123; each kind its own prefix (waterlogging JS-2026-000001)' }),
  kind: Enum(ITEM_KINDS, 'violation, campaign_item, waterlogging'),
  extra: Type.Record(Type.String(), Type.Unknown(), { description: "the kind's own fields (waterlogging: depthCm, responsibleUnit)" }),
  status: Status,
  origin: Enum(ORIGINS, 'stock 存量 / new 新增'),
  disposalClass: Disposal,
  source: Code('patrol, complaint, satellite, drone, census_import, department, provincial, prefecture'),
  category: Code("building, structure, shed, pole_line, other; other kinds' in shared/item-kinds.ts"),
  lon: Type.Number(),
  lat: Type.Number(),
  divisionCode: Type.String({ description: 'the village' }),
  divisionName: Type.String(),
  townCode: Type.String(),
  townName: Type.String(),
  areaM2: Nullable(Type.Number()),
  floors: Nullable(Type.Integer()),
  structure: NullableCode('brick_concrete, frame, steel, simple, wood, other'),
  use: NullableCode('residential, production, storage, commercial, livestock, other'),
  landType: NullableCode('construction, agricultural, cultivated, basic_farmland, unused, other'),
  onCultivatedLand: Type.Boolean(),
  onBasicFarmland: Type.Boolean(),
  ownerKind: NullableCode('individual, enterprise, collective'),
  ownerName: Nullable(Type.String()),
  enterpriseName: Nullable(Type.String()),
  addressText: Nullable(Type.String()),
  safetyRisk: Code('low, medium, high'),
  foundAt: DateTime(),
  deadlineAt: Nullable(DateTime('the deadline of the step the case is in')),
  reviewDate: Nullable(Type.String({ description: 'deferred: the day it is reviewed (YYYY-MM-DD)' })),
  updatedAt: DateTime(),
  version: Type.Integer({ description: 'for optimistic locking: send it back with an edit or an action' }),
};

/** A case as a row of the registry (list, map). */
export const CaseListItem = Type.Object({ ...CaseCoreProps, photoCount: Type.Integer() });
export const CaseList = Type.Object({ total: Type.Integer(), items: Type.Array(CaseListItem) }, { description: 'A page of cases' });
export const CaseListGeo = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    numberMatched: Type.Integer(),
    numberReturned: Type.Integer(),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        id: Uuid,
        geometry: Type.Object({ type: Type.Literal('Point'), coordinates: Type.Array(Type.Number()) }),
        properties: Type.Object(Type.Omit(CaseListItem, ['lon', 'lat']).properties),
      }),
    ),
  },
  { description: 'The page of cases as GeoJSON points' },
);

/** A case: the registry facts (一户一档); the owner's ID number and phone masked for every role. */
export const Case = Type.Object({
  ...CaseCoreProps,
  clientId: Nullable(Type.String({ description: "the patrol app's id of the report it came from" })),
  footprint: Nullable(Geometry),
  ownerIdNumber: Nullable(Type.String({ description: 'masked (3304**********1234); in full only from POST /api/cases/{id}/personal-data' })),
  ownerPhone: Nullable(Type.String({ description: 'masked (138****5678)' })),
  personalDataMasked: Type.Boolean({ description: 'always true: the ID number and phone above are masked' }),
  personalDataRevealable: Type.Boolean({ description: 'whether the viewer may reveal them in full (town officer, city office), each look audited' }),
  enterpriseUscc: Nullable(Type.String()),
  addressGroup: Nullable(Type.String()),
  addressHouseNo: Nullable(Type.String()),
  remedyRef: Nullable(Type.String()),
  deferReason: Nullable(Type.String()),
  rejectReason: Nullable(Type.String()),
  duplicateOf: Nullable(Uuid),
  duplicateOfCaseNo: Nullable(Type.String({ description: 'the case number of the case this one was merged into' })),
  note: Nullable(Type.String()),
  reportedBy: Nullable(Uuid),
  verifiedAt: Nullable(DateTime()),
  classifiedAt: Nullable(DateTime()),
  closedAt: Nullable(DateTime()),
  createdAt: DateTime(),
});

const DuplicateCandidate = Type.Object({
  caseId: Uuid,
  caseNo: Type.String(),
  status: Status,
  townName: Type.String(),
  divisionName: Type.String(),
  distanceM: Type.Number(),
  score: Type.Number({ description: '0–1' }),
  factors: Type.Record(Type.String(), Type.Unknown(), { description: 'photoHamming, sameCategory, footprintIoU, rebuild' }),
  visible: Type.Boolean({ description: 'whether the viewer may open (and merge into) the other case' }),
});
const ExternalRef = Type.Object({
  system: Type.String(),
  systemName: Nullable(Type.String({ description: "the name of the point list's source (上级点位) whose code `system` is; null for the built-in systems" })),
  externalId: Type.String(),
  createdAt: DateTime(),
});
const TimelineEvent = Type.Object({
  id: Type.Integer(),
  at: DateTime(),
  kind: Type.String({ description: 'created, a workflow action, photo_added, fields_changed, overdue_notice, …' }),
  fromStatus: Nullable(Status),
  toStatus: Nullable(Status),
  note: Nullable(Type.String()),
  data: Nullable(Type.Record(Type.String(), Type.Unknown())),
  actorName: Nullable(Type.String()),
  actorRole: Nullable(Enum([...ROLES, 'system'] as const)),
});
const DisposalSuggestion = Type.Object(
  { disposalClass: Disposal, reasons: Type.Array(Type.Object({ ruleId: Type.String(), suggest: Enum(DISPOSAL_CLASSES), reason: Type.String() })) },
  { description: 'the class the disposal rules suggest' },
);

/** A case's whole file: the case page. */
export const CaseFile = Type.Object(
  {
    ...Case.properties,
    photos: Type.Array(Photo),
    tasks: Type.Array(Task),
    notices: Type.Array(Notice),
    assignee: Nullable(Type.Object({ id: Uuid, displayName: Type.String(), role: Enum(ROLES), assignedAt: DateTime() })),
    externalRefs: Type.Array(ExternalRef),
    timeline: Type.Array(TimelineEvent),
    allowedActions: Type.Array(Type.String({ description: 'the workflow actions the viewer may take now' })),
    suggestion: DisposalSuggestion,
    duplicateCandidates: Type.Array(DuplicateCandidate),
  },
  { description: 'The case with its photos, tasks, notices, assignee, references, timeline, allowed actions, suggestion and duplicate candidates' },
);

/** A case registered from a patrol report: the case and its photos. */
export const ReportedCase = Type.Object({ ...Case.properties, photos: Type.Optional(Type.Array(Photo)) }, { description: 'The case (with its photos, for a patrol report)' });

export const NearbyCases = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        id: Uuid,
        caseNo: Type.String(),
        status: Status,
        disposalClass: Disposal,
        category: Type.String(),
        lon: Type.Number(),
        lat: Type.Number(),
        distance: Type.Number({ description: 'metres' }),
        divisionName: Type.String(),
        townName: Type.String(),
        foundAt: DateTime(),
        note: Nullable(Type.String()),
        version: Type.Integer(),
        photoCount: Type.Integer(),
        thumbnails: Type.Array(Type.String()),
      }),
    ),
  },
  { description: 'Cases around the point, nearest first' },
);

export const BulkResult = Type.Object(
  {
    action: Type.String(),
    succeeded: Type.Integer(),
    failed: Type.Integer(),
    results: Type.Array(
      Type.Object({
        id: Uuid,
        ok: Type.Boolean(),
        caseNo: Type.Optional(Type.String()),
        status: Type.Optional(Type.String({ description: 'the status it reached' })),
        version: Type.Optional(Type.Integer()),
        httpStatus: Type.Optional(Type.Integer({ description: 'a refusal: the status the single request would get' })),
        code: Type.Optional(Type.String()),
        message: Type.Optional(Type.String()),
      }),
    ),
  },
  { description: 'One result per case' },
);

/** Why the full personal data is looked at (kept on the audit record); optional. */
export const RevealBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 200, description: 'why the full values are needed (e.g. 送达文书), kept on the audit record' })) },
  { additionalProperties: false },
);
export const PersonalData = Type.Object(
  {
    caseId: Uuid,
    ownerName: Nullable(Type.String()),
    ownerIdNumber: Nullable(Type.String({ description: 'in full' })),
    ownerPhone: Nullable(Type.String({ description: 'in full' })),
    viewedAt: DateTime('when the look was recorded on the audit trail'),
  },
  { description: "The owner's ID number and phone in full; the look is on the audit trail (case.personal_data_viewed)" },
);
