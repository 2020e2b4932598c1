import { Type } from 'typebox';
import { DateTime, Enum, Nullable, Uuid } from '../../platform/schemas.js';

export const ImportQueued = Type.Object(
  {
    id: Uuid,
    status: Type.Literal('queued'),
    totalRows: Type.Integer({ description: 'data rows in the file' }),
    ignoredColumns: Type.Array(Type.String(), { description: 'headers not recognised' }),
  },
  { description: 'The import is queued' },
);

/** A census ledger import (存量普查台账导入). */
const CaseImport = Type.Object({
  id: Uuid,
  filename: Type.String(),
  fileSize: Type.Integer({ description: 'bytes' }),
  status: Enum(['queued', 'running', 'done', 'failed'] as const),
  totalRows: Type.Integer(),
  rowsDone: Type.Integer(),
  createdCount: Type.Integer(),
  rejectedCount: Type.Integer(),
  progress: Type.Number({ description: 'rows done of total, 0–1' }),
  error: Nullable(Type.String()),
  requestedBy: Type.Object({ id: Uuid, name: Type.String() }),
  divisionCode: Type.String(),
  divisionName: Type.String(),
  createdAt: DateTime(),
  startedAt: Nullable(DateTime()),
  finishedAt: Nullable(DateTime()),
  casesLink: Type.String({ description: 'the list of its cases (GET /api/cases?importId=…)' }),
});
export const CaseImportList = Type.Object({ items: Type.Array(CaseImport) }, { description: 'Imports, newest first' });
export const CaseImportDetail = Type.Object(
  {
    ...CaseImport.properties,
    errors: Type.Array(Type.Object({ row: Type.Integer({ description: 'row number in the sheet' }), reasons: Type.Array(Type.String({ description: 'zh-CN' })) })),
  },
  { description: 'The import, with its first rejected rows' },
);
