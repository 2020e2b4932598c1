import { Type } from 'typebox';
import { ROLES, STATUSES } from '../../../shared/enums.js';
import { DateTime, Enum, Nullable, Uuid } from '../../platform/schemas.js';
import { PhotoStage, PhotoUrls } from '../photos/photos.schemas.js';

/** A photo linked to a department task (the case's photo, in short). */
export const TaskPhoto = Type.Object({
  id: Uuid,
  stage: PhotoStage,
  capturedAt: Nullable(DateTime()),
  uploadedAt: DateTime(),
  evidenceFlags: Type.Array(Type.String()),
  urls: PhotoUrls,
});

/** A department task on a case. */
export const Task = Type.Object({
  id: Uuid,
  caseId: Uuid,
  department: Type.String(),
  title: Type.String(),
  deadline: Type.String({ description: 'YYYY-MM-DD (China day)' }),
  status: Enum(['open', 'done'] as const),
  result: Nullable(Type.String()),
  createdAt: DateTime(),
  doneAt: Nullable(DateTime()),
  photos: Type.Array(TaskPhoto),
});
/** A task with the case it is on (the department's list). */
export const TaskWithCase = Type.Object({ ...Task.properties, caseNo: Type.String(), caseStatus: Enum(STATUSES), townName: Type.String(), addressText: Nullable(Type.String()) });
export const TaskList = Type.Object({ items: Type.Array(TaskWithCase) }, { description: 'Department tasks' });

/** A supervision notice (督办单). In a list it names its case; on the case page it does not. */
export const Notice = Type.Object({
  id: Uuid,
  noticeNo: Type.String(),
  caseId: Uuid,
  caseNo: Type.Optional(Type.String()),
  caseStatus: Type.Optional(Enum(STATUSES)),
  townCode: Type.String(),
  townName: Type.Optional(Type.String()),
  level: Enum(['town', 'city'] as const),
  step: Type.String({ description: 'the step whose deadline was missed' }),
  reason: Type.String(),
  deadlineMissed: Type.String({ description: 'YYYY-MM-DD' }),
  issuedAt: DateTime(),
  replyDue: Type.String({ description: 'YYYY-MM-DD' }),
  status: Enum(['open', 'replied', 'escalated'] as const),
  replyText: Nullable(Type.String()),
  repliedAt: Nullable(DateTime()),
  escalatedAt: Nullable(DateTime()),
});
export const NoticeList = Type.Object({ items: Type.Array(Notice) }, { description: 'Supervision notices' });

export const Assignees = Type.Object(
  { people: Type.Array(Type.Object({ id: Uuid, displayName: Type.String(), role: Enum(ROLES), divisionName: Type.String() })), departments: Type.Array(Type.String()) },
  { description: 'Who cases can be assigned to' },
);
