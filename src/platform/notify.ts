import type { Clock } from './clock.js';

/** Who should hear of something: a role in a division (its staff), a department, or named users. */
export type Audience = { role: 'town_officer' | 'city_office' | 'inspector'; divisionCode: string } | { department: string } | { userIds: string[] };

export interface Notice {
  kind:
    | 'task_assigned'
    | 'notice_issued'
    | 'notice_escalated'
    | 'closing_returned'
    | 'closing_requested'
    | 'duplicate_suspected'
    | 'case_assigned'
    | 'deadline_approaching'
    | 'original_missing'
    | 'original_refused';
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

/** A notice with its audience as one row: what the in-app channel stores (one of user_ids, department, role with division_code is set). */
export interface NoticeRow {
  /** the notice's place in its batch: rows are written in this order */
  ord: number;
  kind: Notice['kind'];
  title: string;
  body: string | null;
  case_id: string | null;
  user_ids: string[] | null;
  department: string | null;
  role: string | null;
  division_code: string | null;
}

/** Where the in-app channel writes (notifications.repo.ts): a row for each active user of each notice's audience; how many rows were written. */
export interface NotificationWriter {
  insertForAudiences(notices: readonly NoticeRow[], at: Date): Promise<number>;
}

export function inAppNotifier(deps: { repo: NotificationWriter; clock: Clock }): Notifier {
  const { repo, clock } = deps;
  const sendMany: Notifier['sendMany'] = async (items) => {
    const notices: NoticeRow[] = items
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
    return repo.insertForAudiences(notices, clock.now());
  };
  return { send: (to, n) => sendMany([{ to, n }]), sendMany };
}
