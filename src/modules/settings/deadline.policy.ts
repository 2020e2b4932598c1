import type { CaseStatus, DisposalClass } from '../cases/cases.enums.js';

/**
 * How long each step may take, in working days (configurable: the admin edits these in the settings;
 * this is the default). The deadline of a case is the deadline of the step it is in.
 */
export interface DeadlinePolicy {
  /** reported → verified: the town looks at a new report (核查). */
  verifyDays: number;
  /** verified → classified: the town decides 拆/补/缓 (定性). */
  classifyDays: number;
  /** classified/rectifying → closing requested, by class: demolition (拆除), remedy (补办). */
  rectifyDays: Record<Exclude<DisposalClass, 'defer'>, number>;
  /** closing requested → closed or returned: the city reviews the evidence (销号审核). */
  reviewDays: number;
  /** A supervision notice (督办单) must be answered within this many working days. */
  noticeReplyDays: number;
  /** After this many notices on one case, the next overdue goes to the city (升级督办). */
  escalateAfterNotices: number;
}

export const DEFAULT_DEADLINES: DeadlinePolicy = {
  verifyDays: 5,
  classifyDays: 10,
  rectifyDays: { demolish: 30, remedy: 60 },
  reviewDays: 5,
  noticeReplyDays: 3,
  escalateAfterNotices: 1,
};

export type Step = 'verify' | 'classify' | 'rectify' | 'review';

export const STEP_LABELS: Record<Step, string> = { verify: '核查立案', classify: '定性处置', rectify: '整改到位', review: '销号审核' };

/** The step a case in this state is waiting on, and its length in working days; null: no clock runs. */
export function stepOf(status: CaseStatus, cls: DisposalClass | null, p: DeadlinePolicy): { step: Step; days: number } | null {
  switch (status) {
    case 'reported':
      return { step: 'verify', days: p.verifyDays };
    case 'verified':
      return { step: 'classify', days: p.classifyDays };
    case 'classified':
    case 'rectifying':
      // a deferred case waits for its review date, not for a deadline
      return cls === 'demolish' || cls === 'remedy' ? { step: 'rectify', days: p.rectifyDays[cls] } : null;
    case 'closing_requested':
      return { step: 'review', days: p.reviewDays };
    default:
      return null;
  }
}

/** Refuses a policy that could not work (for the admin's edit). */
export function checkDeadlinePolicy(p: DeadlinePolicy): string[] {
  const out: string[] = [];
  const whole = (v: number, name: string, max = 365) => {
    if (!Number.isInteger(v) || v < 1 || v > max) out.push(`${name} 须为 1–${max} 的整数(工作日)`);
  };
  whole(p.verifyDays, '核查期限');
  whole(p.classifyDays, '定性期限');
  whole(p.rectifyDays.demolish, '拆除整改期限');
  whole(p.rectifyDays.remedy, '补办整改期限');
  whole(p.reviewDays, '销号审核期限');
  whole(p.noticeReplyDays, '督办回复期限', 60);
  whole(p.escalateAfterNotices, '升级督办次数', 10);
  return out;
}
