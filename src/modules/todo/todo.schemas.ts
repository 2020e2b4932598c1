import { Type } from 'typebox';
import { STATUSES } from '../../../shared/enums.js';
import { DateTime, Enum, Nullable, Uuid } from '../../platform/schemas.js';

const TODO_KINDS = ['verify', 'classify', 'rectify', 'photo', 'review', 'notice', 'task', 'duplicate', 'assigned', 'patch_verify', 'patch_review'] as const;

/** One thing waiting on the user (待办). */
export const TodoItem = Type.Object({
  kind: Enum(TODO_KINDS),
  caseId: Nullable(Uuid),
  caseNo: Type.String({ description: 'the case number, or a patch batch’s number (patch_verify, patch_review)' }),
  caseStatus: Nullable(Enum(STATUSES)),
  townName: Type.String(),
  divisionName: Type.String(),
  addressText: Nullable(Type.String()),
  deadline: Nullable(Type.String({ format: 'date-time', description: 'due by (a day-deadline: the end of that China day)' })),
  overdue: Type.Boolean(),
  refId: Nullable(Type.String({ description: 'the notice, task or duplicate candidate it is about' })),
  title: Nullable(Type.String()),
  href: Nullable(Type.String({ description: 'where the web app opens an item that is not a case (a patch batch: /patches?batch=…)' })),
});
export const TodoList = Type.Object(
  { total: Type.Integer(), overdue: Type.Integer(), counts: Type.Record(Type.String(), Type.Integer(), { description: 'items per kind' }), items: Type.Array(TodoItem) },
  { description: 'Your to-do list, overdue first' },
);

export const Notification = Type.Object({
  id: Uuid,
  kind: Type.String({ description: 'e.g. case.assigned, notice.issued, closing.returned' }),
  title: Type.String(),
  body: Nullable(Type.String()),
  caseId: Nullable(Uuid),
  createdAt: DateTime(),
  read: Type.Boolean(),
});
export const NotificationList = Type.Object({ unread: Type.Integer(), items: Type.Array(Notification) }, { description: 'Your notifications, newest first, and the unread count' });
export const MarkedRead = Type.Object({ marked: Type.Integer({ description: 'notifications marked read' }) }, { description: 'Marked' });
