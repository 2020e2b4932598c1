import { randomUUID } from 'node:crypto';
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
}

export function inAppNotifier(deps: { db: Database; clock: Clock }): Notifier {
  const { db, clock } = deps;
  return {
    async send(to, n) {
      let q = db.q.selectFrom('users').select('id').where('active', '=', true);
      if ('userIds' in to) {
        if (to.userIds.length === 0) return 0;
        q = q.where('id', 'in', to.userIds);
      } else if ('department' in to) q = q.where('role', '=', 'department').where('department', '=', to.department);
      else q = q.where('role', '=', to.role).where('division_code', '=', to.divisionCode);
      const users = await q.execute();
      if (users.length === 0) return 0;
      const now = clock.now();
      await db.q
        .insertInto('notifications')
        .values(users.map((u) => ({ id: randomUUID(), user_id: u.id, kind: n.kind, title: n.title, body: n.body ?? null, case_id: n.caseId ?? null, created_at: now })))
        .execute();
      return users.length;
    },
  };
}
