import { Type } from 'typebox';
import { STATUSES } from '../../../shared/enums.js';
import { DateTime, Enum, Geometry, Nullable, Uuid } from '../../platform/schemas.js';
import { PATCH_SOURCES, PATCH_STATUSES, VERDICTS } from './patch.rules.js';

export const PatchSource = Enum(PATCH_SOURCES, 'satellite 卫片 / drone 无人机');
export const PatchStatus = Enum(PATCH_STATUSES, 'pending 待核查 / submitted 待审核 / verified 已核查');
export const Verdict = Enum(VERDICTS, 'violation 违法建设 / legal 合法 / known 已掌握 / not_found 未发现变化');

export const PatchFigures = Type.Object(
  {
    total: Type.Integer(),
    matched: Type.Integer({ description: 'matched to a case on import (已掌握, to confirm)' }),
    pending: Type.Integer({ description: '待核查' }),
    submitted: Type.Integer({ description: '待审核' }),
    verified: Type.Integer({ description: '已核查 (approved)' }),
    onTime: Type.Integer({ description: 'verified, the verdict given by the end of the due day (China time)' }),
    late: Type.Integer({ description: 'verified, the verdict given after the due day' }),
    outstanding: Type.Integer({ description: 'not verified yet' }),
    overdue: Type.Integer({ description: 'not verified and the due day is over' }),
    onTimeRate: Nullable(Type.Number({ description: 'onTime / total, 0–1' })),
  },
  { description: 'A batch’s figures inside your jurisdiction' },
);

export const PatchBatch = Type.Object({
  id: Uuid,
  batchNo: Type.String({ description: '批次号' }),
  source: PatchSource,
  detectedOn: Type.String({ format: 'date', description: '发现(监测)日期' }),
  dueOn: Type.String({ format: 'date', description: '核查期限 (a check by the end of this China day is on time)' }),
  fileName: Type.String(),
  fileFormat: Type.String(),
  crs: Type.String(),
  matchMeters: Type.Integer(),
  note: Nullable(Type.String()),
  importedBy: Nullable(Type.String()),
  importedAt: DateTime(),
  figures: PatchFigures,
});
export const PatchBatchList = Type.Object({ items: Type.Array(PatchBatch) }, { description: 'The batches with a patch in your jurisdiction, newest first' });
export const PatchBatchDetail = Type.Object(
  { ...PatchBatch.properties, towns: Type.Array(Type.Object({ townCode: Type.String(), townName: Type.String(), ...PatchFigures.properties })) },
  { description: 'A batch with its figures per town' },
);

export const Patch = Type.Object({
  id: Uuid,
  batchId: Uuid,
  batchNo: Type.String(),
  source: PatchSource,
  detectedOn: Type.String({ format: 'date' }),
  dueOn: Type.String({ format: 'date' }),
  code: Type.String({ description: '图斑编号' }),
  areaM2: Type.Number(),
  lon: Type.Number({ description: 'a point on the polygon (WGS84)' }),
  lat: Type.Number(),
  townCode: Type.String(),
  townName: Type.String(),
  villageCode: Type.String(),
  villageName: Type.String(),
  status: PatchStatus,
  verdict: Nullable(Verdict),
  verdictNote: Nullable(Type.String()),
  verdictBy: Nullable(Type.String({ description: 'who gave the verdict (null: the import’s match)' })),
  verdictAt: Nullable(DateTime()),
  onTime: Nullable(Type.Boolean({ description: 'verified: was the verdict given by the due day' })),
  overdue: Type.Boolean({ description: 'not verified and the due day is over' }),
  matchedByImport: Type.Boolean(),
  matchDistanceM: Nullable(Type.Number()),
  matchOverlapM2: Nullable(Type.Number()),
  caseId: Nullable(Uuid),
  caseNo: Nullable(Type.String()),
  caseStatus: Nullable(Enum(STATUSES)),
  reviewedBy: Nullable(Type.String()),
  reviewedAt: Nullable(DateTime()),
  returnReason: Nullable(Type.String({ description: 'why the last verdict was sent back' })),
  returnedCount: Type.Integer(),
  version: Type.Integer(),
  attributes: Type.Record(Type.String(), Type.Unknown(), { description: 'the file’s own attributes' }),
});
export const PatchList = Type.Object({ total: Type.Integer(), items: Type.Array(Patch) }, { description: 'Patches' });

export const PatchPhoto = Type.Object({
  id: Uuid,
  kind: Enum(['photo', 'proof'] as const, 'photo 现场照片 / proof 合法证明'),
  sha256: Type.String(),
  mime: Type.String(),
  bytes: Type.Integer(),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  capturedAt: Nullable(DateTime()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  uploadedBy: Nullable(Type.String()),
  uploadedAt: DateTime(),
  urls: Type.Object({ original: Type.String(), display: Type.String(), thumbnail: Type.String() }),
});
export const PatchDetail = Type.Object(
  { ...Patch.properties, geometry: Geometry, photos: Type.Array(PatchPhoto) },
  {
    description: 'A patch with its polygon and its field photos',
  },
);
export const NearPatchList = Type.Object(
  { items: Type.Array(Type.Object({ ...Patch.properties, distanceM: Type.Integer(), geometry: Geometry })) },
  { description: 'Pending patches around the point, nearest first' },
);
export const NearCaseList = Type.Object(
  {
    items: Type.Array(Type.Object({ id: Uuid, caseNo: Type.String(), status: Enum(STATUSES), addressText: Nullable(Type.String()), distanceM: Type.Integer() })),
  },
  { description: 'Registered cases within 300 m of the patch, nearest first' },
);

const Fate = Type.Object({
  n: Type.Integer({ description: 'position in the file (1-based)' }),
  code: Nullable(Type.String()),
  fate: Enum(['task', 'matched', 'skipped', 'refused'] as const, 'task 核查任务 / matched 已掌握(待确认) / skipped 不在本县或辖区 / refused 无法导入'),
  reason: Nullable(Type.String()),
  repaired: Nullable(Type.String({ description: 'why the geometry was invalid (repaired with ST_MakeValid)' })),
  areaM2: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  townCode: Nullable(Type.String()),
  townName: Nullable(Type.String()),
  villageCode: Nullable(Type.String()),
  villageName: Nullable(Type.String()),
  match: Nullable(Type.Object({ caseId: Uuid, caseNo: Type.String(), caseStatus: Type.String(), distanceM: Type.Number(), overlapM2: Type.Number() })),
});
export const ImportReport = Type.Object(
  {
    applied: Type.Boolean({ description: 'written (false for a preview, a blocked report or a file imported before)' }),
    blocked: Type.Boolean({ description: 'a problem stops the import: nothing is written' }),
    alreadyImported: Nullable(Type.Object({ batchId: Uuid, batchNo: Type.String(), importedAt: DateTime() }, { description: 'this very file was imported before' })),
    batchId: Nullable(Uuid),
    batchNo: Type.String(),
    source: Type.String(),
    detectedOn: Type.String(),
    dueOn: Type.String(),
    matchMeters: Type.Integer(),
    file: Type.Object({
      name: Type.String(),
      sha256: Type.String(),
      format: Nullable(Type.String()),
      crs: Nullable(Type.Object({ id: Type.String(), label: Type.String(), from: Type.String() })),
      encoding: Nullable(Type.String()),
      codeField: Nullable(Type.String()),
    }),
    problems: Type.Array(Type.String()),
    counts: Type.Object({
      features: Type.Integer(),
      tasks: Type.Integer(),
      matched: Type.Integer(),
      skipped: Type.Integer(),
      refused: Type.Integer(),
      repaired: Type.Integer(),
    }),
    features: Type.Array(Fate),
  },
  { description: 'What the batch import did (or would do), feature by feature' },
);

export const ReviewBody = Type.Object(
  {
    action: Enum(['approve', 'return'] as const, 'approve 通过 / return 退回重新核查'),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
