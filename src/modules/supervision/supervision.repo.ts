import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

/** Supervision notices, reminders, department tasks and assignees: all SQL of the supervision module. */
export function supervisionRepo(db: Database) {
  return {
    /** The short name of a division (a notice number begins with its issuer's name). */
    divisionShortName: async (code: string) => (await db.q.selectFrom('divisions').select('short_name').where('code', '=', code).executeTakeFirst())?.short_name,
    async nextNoticeNo(unitCode: string, year: number): Promise<number> {
      const r = await sql<{ last_no: number }>`
        insert into notice_counters (town_code, year, last_no) values (${unitCode}, ${year}, 1)
        on conflict (town_code, year) do update set last_no = notice_counters.last_no + 1
        returning last_no`.execute(db.q);
      return r.rows[0].last_no;
    },
    /** Open cases whose step deadline has passed and that have no notice for that deadline yet (of one town, or all). */
    overdueWithoutNotice: async (now: Date, limit: number, townCode?: string) =>
      (
        await sql<{ id: string; case_no: string; status: string; town_code: string; division_path: string; deadline_at: Date; notices: number }>`
          select c.id, c.case_no, c.status, c.town_code, c.division_path, c.deadline_at,
                 (select count(*) from supervision_notices n where n.case_id = c.id)::int as notices
          from cases c
          where c.deadline_at < ${now}
            ${townCode === undefined ? sql`` : sql`and c.town_code = ${townCode}`}
            and c.status in ('reported','verified','classified','rectifying','closing_requested')
            and not (c.status = 'classified' and c.disposal_class = 'defer')
            and not exists (select 1 from supervision_notices n where n.case_id = c.id
                            and n.deadline_missed = (c.deadline_at at time zone 'Asia/Shanghai')::date)
          order by c.deadline_at, c.id
          limit ${limit}`.execute(db.q)
      ).rows,
    /**
     * Open cases whose step deadline falls between now and the end of `untilDay` (China day) and that have
     * had no reminder for that step and deadline yet; with the step and the assignee.
     */
    approachingWithoutReminder: async (now: Date, untilDay: string, limit: number) =>
      (
        await sql<{ id: string; case_no: string; status: string; step: string; deadline: string; town_code: string; division_path: string; assignee_id: string | null }>`
          select c.id, c.case_no, c.status, s.step, (c.deadline_at at time zone 'Asia/Shanghai')::date::text as deadline,
                 c.town_code, c.division_path, a.user_id as assignee_id
          from cases c
          cross join lateral (select case c.status when 'reported' then 'verify' when 'verified' then 'classify'
                                                   when 'closing_requested' then 'review' else 'rectify' end as step) s
          left join case_assignees a on a.case_id = c.id
          where c.deadline_at >= ${now} and c.deadline_at <= ${`${untilDay}T23:59:59+08:00`}::timestamptz
            and c.status in ('reported','verified','classified','rectifying','closing_requested')
            and not (c.status = 'classified' and c.disposal_class = 'defer')
            and not exists (select 1 from deadline_reminders r where r.case_id = c.id and r.step = s.step
                            and r.deadline = (c.deadline_at at time zone 'Asia/Shanghai')::date)
          order by c.deadline_at, c.id
          limit ${limit}`.execute(db.q)
      ).rows,
    /** Open department tasks due from `fromDay` to `untilDay` without a reminder yet. */
    tasksApproachingWithoutReminder: (fromDay: string, untilDay: string, limit: number) =>
      db.q
        .selectFrom('case_tasks as k')
        .innerJoin('cases as c', 'c.id', 'k.case_id')
        .select(['k.id', 'k.case_id', 'k.department', 'k.title', 'k.deadline', 'c.case_no'])
        .where('k.status', '=', 'open')
        .where('k.deadline', '>=', fromDay)
        .where('k.deadline', '<=', untilDay)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('deadline_reminders as r')
                .select('r.case_id')
                .whereRef('r.case_id', '=', 'k.case_id')
                .where('r.step', '=', sql<string>`'task:' || k.id::text`)
                .whereRef('r.deadline', '=', 'k.deadline'),
            ),
          ),
        )
        .orderBy('k.deadline')
        .orderBy('k.id')
        .limit(limit)
        .execute(),
    /** Records a reminder; false when one was sent already (two sweeps at once: the key decides). */
    insertReminder: async (r: { case_id: string; step: string; deadline: string; sent_at: Date }) =>
      (await db.q
        .insertInto('deadline_reminders')
        .values(r)
        .onConflict((oc) => oc.columns(['case_id', 'step', 'deadline']).doNothing())
        .returning('case_id')
        .executeTakeFirst()) !== undefined,
    /** Town notices whose reply is late (of one town, or all), with their case's number: they go up to the city. */
    lateNotices: (today: string, limit: number, townCode?: string) => {
      let q = db.q
        .selectFrom('supervision_notices as n')
        .innerJoin('cases as c', 'c.id', 'n.case_id')
        .selectAll('n')
        .select('c.case_no')
        .where('n.status', '=', 'open')
        .where('n.level', '=', 'town')
        .where('n.reply_due', '<', today);
      if (townCode !== undefined) q = q.where('n.town_code', '=', townCode);
      return q.orderBy('n.reply_due').orderBy('n.issued_at').orderBy('n.id').limit(limit).execute();
    },
    insertNotice: (n: {
      id: string;
      notice_no: string;
      case_id: string;
      town_code: string;
      division_path: string;
      level: 'town' | 'city';
      step: string;
      reason: string;
      deadline_missed: string;
      issued_at: Date;
      reply_due: string;
      status: 'open';
    }) => db.q.insertInto('supervision_notices').values(n).execute(),
    notice: (id: string) => db.q.selectFrom('supervision_notices').selectAll().where('id', '=', id).executeTakeFirst(),
    setNotice: (
      id: string,
      expectStatus: 'open' | 'replied' | 'escalated',
      patch: { status: 'replied' | 'escalated'; reply_text?: string; replied_at?: Date; replied_by?: string; escalated_at?: Date },
    ) => db.q.updateTable('supervision_notices').set(patch).where('id', '=', id).where('status', '=', expectStatus).executeTakeFirst(),
    notices: (f: { scopePath: string; caseId?: string; status?: string[]; level?: 'town' | 'city' }) => {
      let q = db.q
        .selectFrom('supervision_notices as n')
        .innerJoin('cases as c', 'c.id', 'n.case_id')
        .innerJoin('divisions as t', 't.code', 'n.town_code')
        .selectAll('n')
        .select(['c.case_no', 'c.status as case_status', 't.short_name as town_name'])
        .where((eb) => eb.or([eb('n.division_path', '=', f.scopePath), eb('n.division_path', 'like', `${f.scopePath}/%`)]));
      if (f.caseId) q = q.where('n.case_id', '=', f.caseId);
      if (f.status?.length) q = q.where('n.status', 'in', f.status as any);
      if (f.level) q = q.where('n.level', '=', f.level);
      return q.orderBy('n.issued_at', 'desc').orderBy('n.id').limit(500).execute();
    },

    task: (id: string) => db.q.selectFrom('case_tasks').selectAll().where('id', '=', id).executeTakeFirst(),
    completeTask: (id: string, result: string, by: string, at: Date) =>
      db.q.updateTable('case_tasks').set({ status: 'done', result, done_by: by, done_at: at }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst(),
    tasksOf: (caseId: string) => db.q.selectFrom('case_tasks').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute(),
    /** The photos each of these tasks carries (photos of the case, linked to the task). */
    taskPhotos: (taskIds: string[]) =>
      taskIds.length === 0
        ? Promise.resolve([])
        : db.q
            .selectFrom('case_task_photos as l')
            .innerJoin('photos as p', 'p.id', 'l.photo_id')
            .select(['l.task_id', 'p.id', 'p.stage', 'p.captured_at', 'p.uploaded_at', 'p.evidence', 'p.display_key'])
            .where('l.task_id', 'in', taskIds)
            .orderBy('p.uploaded_at')
            .orderBy('p.id')
            .execute(),
    linkTaskPhotos: (taskId: string, photoIds: string[]) =>
      photoIds.length === 0
        ? Promise.resolve()
        : db.q
            .insertInto('case_task_photos')
            .values(photoIds.map((photo_id) => ({ task_id: taskId, photo_id })))
            .onConflict((oc) => oc.columns(['task_id', 'photo_id']).doNothing())
            .execute()
            .then(() => undefined),
    /** Who a case is assigned to (批量分派), with the name to show. */
    assigneeOf: (caseId: string) =>
      db.q
        .selectFrom('case_assignees as a')
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .select(['u.id', 'u.display_name', 'u.role', 'a.assigned_at'])
        .where('a.case_id', '=', caseId)
        .executeTakeFirst(),
    /** Active inspectors and town officers in a division subtree: the people cases can be assigned to. */
    assignablePeople: (scopePath: string) =>
      db.q
        .selectFrom('users as u')
        .innerJoin('divisions as d', 'd.code', 'u.division_code')
        .select(['u.id', 'u.display_name', 'u.role', 'd.short_name as division_name'])
        .where('u.active', '=', true)
        .where('u.role', 'in', ['inspector', 'town_officer'])
        .where((eb) => eb.or([eb('d.path', '=', scopePath), eb('d.path', 'like', `${scopePath}/%`)]))
        .orderBy('u.role')
        .orderBy('u.display_name')
        .limit(500)
        .execute(),
    departments: async () =>
      (
        await db.q
          .selectFrom('users')
          .select('department')
          .distinct()
          .where('role', '=', 'department')
          .where('active', '=', true)
          .where('department', 'is not', null)
          .orderBy('department')
          .execute()
      ).map((r) => r.department!),
    tasks: (f: { scopePath: string; department?: string; status?: 'open' | 'done' }) => {
      let q = db.q
        .selectFrom('case_tasks as k')
        .innerJoin('cases as c', 'c.id', 'k.case_id')
        .innerJoin('divisions as t', 't.code', 'c.town_code')
        .selectAll('k')
        .select(['c.case_no', 'c.status as case_status', 'c.address_text', 't.short_name as town_name'])
        .where((eb) => eb.or([eb('c.division_path', '=', f.scopePath), eb('c.division_path', 'like', `${f.scopePath}/%`)]));
      if (f.department) q = q.where('k.department', '=', f.department);
      if (f.status) q = q.where('k.status', '=', f.status);
      return q.orderBy('k.deadline').orderBy('k.id').limit(500).execute();
    },
  };
}
export type SupervisionRepo = ReturnType<typeof supervisionRepo>;
