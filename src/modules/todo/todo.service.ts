import type { Clock } from '../../platform/clock.js';
import type { Actor } from '../../platform/auth.js';
import { badRequest } from '../../platform/errors.js';
import type { NotificationsRepo } from '../notifications/notifications.repo.js';
import type { TodoRepo } from './todo.repo.js';
import type { CaseStatus } from '../../../shared/enums.js';

/** The actor's waiting work, read for their role; null for a role without a to-do list. */
function itemsFor(repo: TodoRepo, actor: Actor) {
  switch (actor.role) {
    case 'town_officer':
      return repo.townOfficer(actor.divisionPath);
    case 'city_office':
      return repo.cityOffice(actor.divisionPath);
    case 'department':
      return repo.department(actor.divisionPath, actor.department ?? '—');
    case 'inspector':
      return repo.inspector(actor.divisionPath, actor.id);
    default:
      return null;
  }
}

export function todoService(deps: { repo: TodoRepo; notifications: NotificationsRepo; clock: Clock }) {
  const { repo, notifications, clock } = deps;
  return {
    /** The actor's to-do list: overdue first, then by deadline; counts per kind over the whole list. */
    async list(actor: Actor, limit: number) {
      const pending = itemsFor(repo, actor);
      if (!pending) return { total: 0, overdue: 0, counts: {}, items: [] };
      const rows = await pending;
      const now = clock.now().getTime();
      const items = rows
        .map((r) => {
          const deadline = r.deadline === null ? null : new Date(r.deadline);
          // a notice's reply date and a task's deadline are days: due until that day's end (China time)
          const due = deadline && (r.kind === 'notice' || r.kind === 'task') ? new Date(`${deadline.toISOString().slice(0, 10)}T23:59:59+08:00`) : deadline;
          return {
            kind: r.kind,
            caseId: r.case_id,
            caseNo: r.case_no,
            caseStatus: r.case_status as CaseStatus | null,
            townName: r.town_name,
            divisionName: r.division_name,
            addressText: r.address_text,
            deadline: due?.toISOString() ?? null,
            overdue: due !== null && due.getTime() < now,
            refId: r.ref_id,
            title: r.title,
            href: r.kind === 'patch_verify' || r.kind === 'patch_review' ? `/patches?batch=${r.ref_id}` : null,
          };
        })
        .sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.caseNo.localeCompare(b.caseNo));
      const counts: Record<string, number> = {};
      for (const i of items) counts[i.kind] = (counts[i.kind] ?? 0) + 1;
      return { total: items.length, overdue: items.filter((i) => i.overdue).length, counts, items: items.slice(0, limit) };
    },
    async notifications(actor: Actor, unreadOnly: boolean, limit: number) {
      const [items, unread] = await Promise.all([notifications.list(actor.id, unreadOnly, limit), notifications.unreadCount(actor.id)]);
      return {
        unread,
        items: items.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, caseId: n.case_id, createdAt: n.created_at, read: n.read_at !== null })),
      };
    },
    /** Marks the actor's own notifications read: the given ones, or all. */
    async markRead(actor: Actor, ids: string[] | 'all') {
      if (ids !== 'all' && ids.length === 0) throw badRequest('notification.ids_required', '请指定要标记的通知', { field: 'ids' });
      return { marked: await notifications.markRead(actor.id, ids, clock.now()) };
    },
  };
}
export type TodoService = ReturnType<typeof todoService>;
