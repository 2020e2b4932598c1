import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { NoticeRow } from '../../platform/notify.js';

/** The in-app notifications (站内通知): written for an audience, read and marked read by their user. */
export function notificationsRepo(db: Database) {
  return {
    /** One statement: a row for each active user of each notice's audience, in the notices' order; how many rows were written. */
    async insertForAudiences(notices: readonly NoticeRow[], at: Date) {
      const res = await sql`
      insert into notifications (id, user_id, kind, title, body, case_id, created_at)
      select gen_random_uuid(), u.id, x.kind, x.title, x.body, x.case_id, ${at}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(notices)}::jsonb)
        as x(ord int, kind text, title text, body text, case_id uuid, user_ids uuid[], department text, role text, division_code text)
      join users u on u.active and (
        (x.user_ids is not null and u.id = any(x.user_ids))
        or (x.department is not null and u.role = 'department' and u.department = x.department)
        or (x.role is not null and u.role = x.role and u.division_code = x.division_code))
      order by x.ord`.execute(db.q);
      return Number(res.numAffectedRows ?? 0);
    },
    /** A user's notifications, newest first. */
    list(userId: string, unreadOnly: boolean, limit: number) {
      let q = db.q.selectFrom('notifications').select(['id', 'kind', 'title', 'body', 'case_id', 'created_at', 'read_at']).where('user_id', '=', userId);
      if (unreadOnly) q = q.where('read_at', 'is', null);
      return q.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
    },
    unreadCount: async (userId: string) =>
      Number(
        (
          await db.q
            .selectFrom('notifications')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('user_id', '=', userId)
            .where('read_at', 'is', null)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    /** Marks a user's unread notifications read (the given ones, or all); how many were marked. */
    async markRead(userId: string, ids: string[] | 'all', at: Date) {
      let q = db.q.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
      if (ids !== 'all') q = q.where('id', 'in', ids);
      return Number((await q.executeTakeFirst()).numUpdatedRows);
    },
  };
}

export type NotificationsRepo = ReturnType<typeof notificationsRepo>;
