import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { Actor } from '../../platform/auth.js';
import { badRequest } from '../../platform/errors.js';

/** What waits on whom (待办): a kind of work, the case it is on, and its deadline. */
export type TodoKind = 'verify' | 'classify' | 'rectify' | 'photo' | 'review' | 'notice' | 'task' | 'duplicate' | 'assigned';

interface TodoRow {
  kind: TodoKind;
  case_id: string;
  case_no: string;
  case_status: string;
  town_name: string;
  division_name: string;
  address_text: string | null;
  deadline: Date | string | null;
  ref_id: string | null;
  title: string | null;
}

const scope = (path: string) => sql`(c.division_path = ${path} or c.division_path like ${`${path}/%`})`;
const base = sql`c.id as case_id, c.case_no, c.status as case_status, t.short_name as town_name, v.short_name as division_name, c.address_text`;
const names = sql`join divisions t on t.code = c.town_code join divisions v on v.code = c.division_code`;

function queryFor(actor: Actor) {
  const s = scope(actor.divisionPath);
  switch (actor.role) {
    case 'town_officer':
      return sql<TodoRow>`
        select case c.status when 'reported' then 'verify' when 'verified' then 'classify' else 'rectify' end as kind, ${base},
               c.deadline_at as deadline, null as ref_id, null as title
        from cases c ${names}
        where ${s} and (c.status in ('reported','verified','rectifying') or (c.status = 'classified' and c.disposal_class <> 'defer'))
        union all
        select 'notice', ${base}, n.reply_due::timestamptz, n.id, n.notice_no
        from supervision_notices n join cases c on c.id = n.case_id ${names}
        where ${s} and n.status = 'open' and n.level = 'town'
        union all
        select distinct on (c.id) 'duplicate', ${base}, null::timestamptz, d.candidate_id, null
        from case_duplicate_candidates d join cases c on c.id = d.case_id ${names}
        where ${s} and d.resolution is null and c.status = 'reported'`;
    case 'city_office':
      return sql<TodoRow>`
        select 'review' as kind, ${base}, c.deadline_at as deadline, null as ref_id, null as title
        from cases c ${names} where ${s} and c.status = 'closing_requested'
        union all
        select 'notice', ${base}, n.reply_due::timestamptz, n.id, n.notice_no
        from supervision_notices n join cases c on c.id = n.case_id ${names}
        where ${s} and n.status = 'open' and n.level = 'city'`;
    case 'department':
      return sql<TodoRow>`
        select 'task' as kind, ${base}, k.deadline::timestamptz as deadline, k.id as ref_id, k.title
        from case_tasks k join cases c on c.id = k.case_id ${names}
        where ${s} and k.status = 'open' and k.department = ${actor.department ?? '—'}`;
    case 'inspector':
      // cases being rectified that still lack an "after" photo taken since the decision (拆后取证)
      return sql<TodoRow>`
        select 'photo' as kind, ${base}, c.deadline_at as deadline, null as ref_id, null as title
        from cases c ${names}
        where ${s} and c.status = 'rectifying'
          and not exists (select 1 from photos p where p.case_id = c.id and p.stage = 'after' and p.captured_at >= c.classified_at)
        union all
        select 'assigned', ${base}, c.deadline_at, null, null
        from case_assignees a join cases c on c.id = a.case_id ${names}
        where ${s} and a.user_id = ${actor.id} and c.status in ('reported','verified','classified','rectifying')
          and not (c.status = 'rectifying' and not exists (select 1 from photos p where p.case_id = c.id and p.stage = 'after' and p.captured_at >= c.classified_at))`;
    default:
      return null;
  }
}

export function todoService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /** The actor's to-do list: overdue first, then by deadline; counts per kind over the whole list. */
    async list(actor: Actor, limit: number) {
      const q = queryFor(actor);
      if (!q) return { total: 0, overdue: 0, counts: {}, items: [] };
      const rows = (await q.execute(db.q)).rows;
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
            caseStatus: r.case_status,
            townName: r.town_name,
            divisionName: r.division_name,
            addressText: r.address_text,
            deadline: due?.toISOString() ?? null,
            overdue: due !== null && due.getTime() < now,
            refId: r.ref_id,
            title: r.title,
          };
        })
        .sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.caseNo.localeCompare(b.caseNo));
      const counts: Record<string, number> = {};
      for (const i of items) counts[i.kind] = (counts[i.kind] ?? 0) + 1;
      return { total: items.length, overdue: items.filter((i) => i.overdue).length, counts, items: items.slice(0, limit) };
    },
    async notifications(actor: Actor, unreadOnly: boolean, limit: number) {
      let q = db.q.selectFrom('notifications').select(['id', 'kind', 'title', 'body', 'case_id', 'created_at', 'read_at']).where('user_id', '=', actor.id);
      if (unreadOnly) q = q.where('read_at', 'is', null);
      const [items, unread] = await Promise.all([
        q.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute(),
        db.q.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', actor.id).where('read_at', 'is', null).executeTakeFirstOrThrow(),
      ]);
      return {
        unread: Number(unread.n),
        items: items.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, caseId: n.case_id, createdAt: n.created_at, read: n.read_at !== null })),
      };
    },
    /** Marks the actor's own notifications read: the given ones, or all. */
    async markRead(actor: Actor, ids: string[] | 'all') {
      if (ids !== 'all' && ids.length === 0) throw badRequest('notification.ids_required', '请指定要标记的通知', { field: 'ids' });
      let q = db.q.updateTable('notifications').set({ read_at: clock.now() }).where('user_id', '=', actor.id).where('read_at', 'is', null);
      if (ids !== 'all') q = q.where('id', 'in', ids);
      const r = await q.executeTakeFirst();
      return { marked: Number(r.numUpdatedRows) };
    },
  };
}
export type TodoService = ReturnType<typeof todoService>;
