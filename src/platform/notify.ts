import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Clock } from './clock.js';

/** Who should hear of something: a role in a division (its staff), a department, or named users. */
export type Audience = { role: 'town_officer' | 'city_office' | 'inspector'; divisionCode: string } | { department: string } | { userIds: string[] };

export interface Notice {
  kind: 'task_assigned' | 'notice_issued' | 'notice_escalated' | 'closing_returned' | 'closing_requested' | 'duplicate_suspected' | 'case_assigned' | 'deadline_approaching';
  title: string;
  body?: string;
  caseId?: string;
}

/**
 * The one seam for telling people things. The in-app channel writes notification rows in the caller's
 * transaction (a notice exists only if what caused it committed); a 浙政钉 work-message adapter would
 * implement the same call (and, being a network call, run from a job after commit).
 */
export interface Notifier {
  send(to: Audience, n: Notice): Promise<number>;
  /** Several notices, each to its audience (one statement in the in-app channel); how many rows were written. */
  sendMany(items: readonly { to: Audience; n: Notice }[]): Promise<number>;
}

export function inAppNotifier(deps: { db: Database; clock: Clock }): Notifier {
  const { db, clock } = deps;
  const sendMany: Notifier['sendMany'] = async (items) => {
    const notices = items
      .filter(({ to }) => !('userIds' in to) || to.userIds.length > 0)
      .map(({ to, n }, ord) => ({
        ord,
        kind: n.kind,
        title: n.title,
        body: n.body ?? null,
        case_id: n.caseId ?? null,
        user_ids: 'userIds' in to ? to.userIds : null,
        department: 'department' in to ? to.department : null,
        role: 'role' in to ? to.role : null,
        division_code: 'role' in to ? to.divisionCode : null,
      }));
    if (notices.length === 0) return 0;
    // one statement: a row for each active user of each notice's audience
    const res = await sql`
      insert into notifications (id, user_id, kind, title, body, case_id, created_at)
      select gen_random_uuid(), u.id, x.kind, x.title, x.body, x.case_id, ${clock.now()}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(notices)}::jsonb)
        as x(ord int, kind text, title text, body text, case_id uuid, user_ids uuid[], department text, role text, division_code text)
      join users u on u.active and (
        (x.user_ids is not null and u.id = any(x.user_ids))
        or (x.department is not null and u.role = 'department' and u.department = x.department)
        or (x.role is not null and u.role = x.role and u.division_code = x.division_code))
      order by x.ord`.execute(db.q);
    return Number(res.numAffectedRows ?? 0);
  };
  return { send: (to, n) => sendMany([{ to, n }]), sendMany };
}
