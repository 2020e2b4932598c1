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
}

export function inAppNotifier(deps: { db: Database; clock: Clock }): Notifier {
  const { db, clock } = deps;
  return {
    async send(to, n) {
      if ('userIds' in to && to.userIds.length === 0) return 0;
      const now = clock.now();
      // one statement: a row for each active user of the audience
      const res = await db.q
        .insertInto('notifications')
        .columns(['id', 'user_id', 'kind', 'title', 'body', 'case_id', 'created_at'])
        .expression((eb) => {
          let q = eb
            .selectFrom('users')
            .select([
              sql<string>`gen_random_uuid()`.as('nid'),
              'id',
              sql<string>`${n.kind}::text`.as('kind'),
              sql<string>`${n.title}::text`.as('title'),
              sql<string | null>`${n.body ?? null}::text`.as('body'),
              sql<string | null>`${n.caseId ?? null}::uuid`.as('case_id'),
              sql<Date>`${now}::timestamptz`.as('created_at'),
            ])
            .where('active', '=', true);
          if ('userIds' in to) q = q.where('id', 'in', to.userIds);
          else if ('department' in to) q = q.where('role', '=', 'department').where('department', '=', to.department);
          else q = q.where('role', '=', to.role).where('division_code', '=', to.divisionCode);
          return q;
        })
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0);
    },
  };
}
