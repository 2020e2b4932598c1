import { Type } from 'typebox';
import { DateTime, Enum, Nullable, Uuid } from '../../platform/schemas.js';

const STATUSES = ['matched', 'conflict', 'unmatched', 'new_case'] as const;
const MatchStatus = Enum(
  STATUSES,
  'matched (linked to a case by the matcher or a person); conflict (several cases near, or one that disagrees: a person decides); unmatched (no case near); new_case (a person made it a new case)',
);
const Fate = Enum(
  ['new', 'updated', 'unchanged', 'rejected'] as const,
  "the row's fate: a new point, an updated one (its text changed), unchanged (same text as stored), rejected (see reasons)",
);

const headerName = Type.String({ minLength: 1, maxLength: 100 });
const Mapping = Type.Object(
  {
    externalId: headerName,
    lon: headerName,
    lat: headerName,
    address: Type.Optional(headerName),
    description: Type.Optional(headerName),
    town: Type.Optional(headerName),
    foundAt: Type.Optional(headerName),
    category: Type.Optional(headerName),
  },
  { additionalProperties: false, description: "which of the list's headers holds each field; externalId, lon and lat are required" },
);

const LayoutInput = Type.Object(
  {
    statusColumn: Type.String({ minLength: 1, maxLength: 100, description: "the column the closing goes in: the list's own (e.g. 整改状态) or a new one (default 处置状态)" }),
    closedValue: Type.String({ minLength: 1, maxLength: 100, description: 'what it says for a closed case (default 已销号)' }),
    dateColumn: Type.String({ minLength: 1, maxLength: 100, description: 'the closing date column (default 销号日期)' }),
    noteColumn: Type.String({ minLength: 1, maxLength: 100, description: 'the remark column (default 处置说明)' }),
  },
  { additionalProperties: false },
);

const SourceFields = {
  name: Type.String({ minLength: 1, maxLength: 60, description: 'e.g. 浙江省违建治理平台' }),
  caseSource: Enum(['provincial', 'prefecture'] as const, 'the registry source of a case made from one of its points'),
  mapping: Mapping,
  crs: Enum(['wgs84', 'gcj02'] as const, "the list's coordinates: WGS-84/CGCS2000 as they are, GCJ-02 (AMap) converted"),
  encoding: Enum(['auto', 'utf-8', 'gbk'] as const, "a CSV's encoding (auto: UTF-8 when valid, else GBK); an .xlsx has none"),
  matchRadiusM: Type.Integer({ minimum: 5, maximum: 1000, description: 'a case within this many metres is a candidate' }),
  exportLayout: LayoutInput,
};
export const SourceCreate = Type.Object(
  { code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', description: "stable code, the case's external reference system (e.g. zj_province)" }), ...SourceFields },
  { additionalProperties: false },
);
export const SourceUpdate = Type.Object(
  { version: Type.Integer({ minimum: 1, description: 'the version read; a stale one is a 409' }), ...SourceFields },
  { additionalProperties: false },
);

export const Source = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  caseSource: Enum(['provincial', 'prefecture'] as const),
  mapping: Type.Record(Type.String(), Type.String()),
  crs: Enum(['wgs84', 'gcj02'] as const),
  encoding: Enum(['auto', 'utf-8', 'gbk'] as const),
  matchRadiusM: Type.Integer(),
  exportLayout: Type.Object({
    headers: Type.Array(Type.String(), { description: "the last list's headers in order (the layout closings go back in)" }),
    sheetName: Nullable(Type.String()),
    statusColumn: Type.String(),
    closedValue: Type.String(),
    dateColumn: Type.String(),
    noteColumn: Type.String(),
  }),
  version: Type.Integer(),
  counts: Type.Object(
    { matched: Type.Integer(), conflict: Type.Integer(), unmatched: Type.Integer(), newCase: Type.Integer(), total: Type.Integer() },
    { description: 'points in your jurisdiction by status' },
  ),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});
export const SourceList = Type.Object({ items: Type.Array(Source) });

export const SampleHeaders = Type.Object({
  format: Enum(['xlsx', 'csv'] as const),
  encoding: Nullable(Type.String()),
  sheetName: Nullable(Type.String()),
  headers: Type.Array(Type.String(), { description: 'one name per column (two header rows under merged group cells are joined; a title row is skipped)' }),
  rows: Type.Integer({ description: 'data rows' }),
  sample: Type.Array(Type.Record(Type.String(), Type.String()), { description: 'the first 5 rows, header → text' }),
  suggested: Type.Record(Type.String(), Type.String(), { description: 'a mapping guessed from the header names' }),
});

const Counts = Type.Record(Type.String(), Type.Integer(), { description: 'new, updated, unchanged, rejected; and of the new and updated: matched, conflict, unmatched' });
const RowReport = Type.Object({
  rowNo: Type.Integer({ description: 'the row (line) in the file' }),
  externalId: Nullable(Type.String()),
  fate: Fate,
  reasons: Type.Array(Type.String(), { description: 'why rejected (zh-CN)' }),
  notes: Type.Array(Type.String(), { description: 'what was read differently from how it was written: swapped lon/lat, DMS, GCJ-02 converted' }),
  changes: Type.Array(Type.String(), { description: 'updated: the headers whose text changed' }),
  match: Nullable(
    Type.Object({
      status: MatchStatus,
      caseId: Nullable(Uuid),
      caseNo: Nullable(Type.String()),
      note: Type.String(),
    }),
  ),
});
export const ImportResult = Type.Object({
  dryRun: Type.Boolean(),
  importId: Nullable(Uuid),
  format: Enum(['xlsx', 'csv'] as const),
  encoding: Nullable(Type.String()),
  sheetName: Nullable(Type.String()),
  headers: Type.Array(Type.String()),
  totalRows: Type.Integer(),
  counts: Counts,
  rows: Type.Array(RowReport),
});
const ImportSummary = {
  id: Uuid,
  filename: Type.String(),
  fileSize: Type.Integer(),
  format: Type.String(),
  encoding: Nullable(Type.String()),
  totalRows: Type.Integer(),
  counts: Counts,
  importedBy: Type.String(),
  importedAt: DateTime(),
};
export const ImportList = Type.Object({ items: Type.Array(Type.Object(ImportSummary)) });
export const ImportDetail = Type.Object({ ...ImportSummary, sourceId: Uuid, rows: Type.Array(RowReport) });

const Candidate = Type.Object({
  caseId: Uuid,
  caseNo: Type.String(),
  distanceM: Type.Number(),
  score: Type.Number(),
  agrees: Type.Boolean({ description: 'category and address agree with the point' }),
  why: Nullable(Type.String({ description: 'why it disagrees (zh-CN)' })),
});
const PointFields = {
  id: Uuid,
  sourceId: Uuid,
  sourceName: Type.String(),
  sourceCode: Type.String(),
  externalId: Type.String(),
  rowNo: Nullable(Type.Integer()),
  lon: Type.Number({ description: 'WGS-84 (converted when the source sends GCJ-02)' }),
  lat: Type.Number(),
  address: Nullable(Type.String()),
  description: Nullable(Type.String()),
  town: Nullable(Type.String({ description: 'the town as the list names it' })),
  category: Nullable(Type.String({ description: 'the category as the list names it' })),
  foundOn: Nullable(Type.String({ description: 'YYYY-MM-DD' })),
  divisionCode: Type.String({ description: 'the village the point lies in' }),
  divisionName: Nullable(Type.String()),
  status: MatchStatus,
  caseId: Nullable(Uuid),
  caseNo: Nullable(Type.String()),
  caseStatus: Nullable(Type.String()),
  note: Nullable(Type.String({ description: "the matcher's or the person's note (zh-CN)" })),
  candidates: Type.Array(Candidate),
  decidedBy: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  decidedAt: Nullable(DateTime()),
  raw: Type.Record(Type.String(), Type.String(), { description: 'the row as received, header → text' }),
  updatedAt: DateTime('send it back with a decision: a point changed since is a 409'),
};
const Point = Type.Object(PointFields);
export const PointList = Type.Object({ total: Type.Integer(), items: Type.Array(Point) });
export const PointDetail = Type.Object({
  ...PointFields,
  candidateCases: Type.Array(
    Type.Object({
      caseId: Uuid,
      caseNo: Type.String(),
      status: Type.String(),
      category: Type.String(),
      areaM2: Nullable(Type.Number()),
      address: Nullable(Type.String()),
      villageName: Nullable(Type.String()),
      foundAt: DateTime(),
      distanceM: Type.Number(),
      score: Nullable(Type.Number()),
      agrees: Nullable(Type.Boolean()),
      why: Nullable(Type.String()),
      linked: Type.Boolean({ description: 'the case the point is linked to now' }),
      photoId: Nullable(Uuid),
      photoCount: Type.Integer(),
    }),
    { description: 'the candidates (and the linked case) side by side' },
  ),
});
export const Decision = Type.Object(
  {
    action: Enum(['link', 'new_case', 'unlink'] as const, 'link to a case (caseId or caseNo); make a new case from the point; undo a link (back to unmatched)'),
    caseId: Type.Optional(Uuid),
    caseNo: Type.Optional(Type.String({ maxLength: 40 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    updatedAt: Type.String({ description: "the point's updatedAt as read" }),
  },
  { additionalProperties: false },
);
export const PointQuery = Type.Object(
  {
    sourceId: Type.Optional(Uuid),
    status: Type.Optional(MatchStatus),
    caseId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'external id, address or case number contains' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
