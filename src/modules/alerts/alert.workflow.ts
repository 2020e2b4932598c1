// Pure: no I/O. An alert's lifecycle as a transition table:
//
//   open ─review→ under_review ─dismiss (reason)→ dismissed
//                     └─confirm→ confirmed ─refer (移送, a referral number)→ referred
import { ALERT_ACTION_LABELS, ALERT_STATUS_LABELS, type AlertAction, type AlertStatus } from '../../../shared/alerts.js';

export const ALERT_TRANSITIONS: Record<AlertAction, { from: AlertStatus[]; to: AlertStatus; needsReason: boolean }> = {
  review: { from: ['open'], to: 'under_review', needsReason: false },
  dismiss: { from: ['under_review'], to: 'dismissed', needsReason: true },
  confirm: { from: ['under_review'], to: 'confirmed', needsReason: false },
  refer: { from: ['confirmed'], to: 'referred', needsReason: false },
};

export type AlertDecision = { ok: true; to: AlertStatus } | { ok: false; code: 'alert.invalid_transition' | 'alert.reason_required'; status: 409 | 422; message: string };

export function decideAlert(action: AlertAction, status: AlertStatus, reason: string | undefined): AlertDecision {
  const t = ALERT_TRANSITIONS[action];
  if (!t.from.includes(status)) {
    return { ok: false, code: 'alert.invalid_transition', status: 409, message: `预警当前为“${ALERT_STATUS_LABELS[status]}”,不能${ALERT_ACTION_LABELS[action]}` };
  }
  if (t.needsReason && !reason?.trim()) return { ok: false, code: 'alert.reason_required', status: 422, message: '排除预警须说明理由' };
  return { ok: true, to: t.to };
}

/** What can be done to an alert in this status. */
export function allowedAlertActions(status: AlertStatus): AlertAction[] {
  return (Object.keys(ALERT_TRANSITIONS) as AlertAction[]).filter((a) => ALERT_TRANSITIONS[a].from.includes(status));
}

/** A referral's number (问题线索移送编号), the n-th of its year. */
export function referralNo(year: number, n: number): string {
  return `纪移〔${year}〕${n}号`;
}
