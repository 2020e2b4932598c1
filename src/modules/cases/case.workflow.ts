import type { Role } from '../../db/schema.js';
import type { CaseStatus, DisposalClass } from './cases.enums.js';
import { actionLabel, KINDS, type ItemKind } from '../../../shared/item-kinds.js';

/**
 * The case state machine as a transition table with guards. Pure: the service loads the facts,
 * asks `decide`, and writes what it returns.
 *
 *   reported ─verify→ verified ─classify→ classified ─start_rectification→ rectifying
 *      └─reject→ rejected              (defer waits; at its review date → verified)
 *   rectifying ─request_closing→ closing_requested ─approve_closing→ closed (销号)
 *                                       └─return_closing→ rectifying
 *   closed ─reopen (复建)→ verified
 */
export type CaseAction = 'verify' | 'reject' | 'classify' | 'start_rectification' | 'request_closing' | 'approve_closing' | 'return_closing' | 'reopen' | 'review_due';

export const ACTION_LABELS: Record<CaseAction, string> = {
  verify: '核实立案',
  reject: '不予立案',
  classify: '定性处置(拆/补/缓)',
  start_rectification: '开始整改',
  request_closing: '申请销号',
  approve_closing: '审核通过销号',
  return_closing: '退回销号申请',
  reopen: '重新立案(复建)',
  review_due: '暂缓到期复议',
};

export interface CaseFacts {
  /** the item's kind (shared/item-kinds.ts): its disposal choices, evidence and actors; violation when absent */
  kind?: ItemKind;
  status: CaseStatus;
  disposalClass: DisposalClass | null;
  classifiedAt: Date | null;
  /** 'after' photos with capture time and distance from the case point (m), when known. */
  afterPhotos: { capturedAt: Date | null; distanceM: number | null }[];
  /** Department tasks not yet done (closing waits for all of them). */
  openTasks?: number;
  /** The class the disposal rules suggest (settings/disposal.rules.ts); deciding otherwise needs a reason. */
  suggested?: DisposalClass | null;
}

export interface ActionInput {
  reason?: string;
  duplicateOf?: string;
  disposalClass?: DisposalClass;
  remedyRef?: string;
  deferReason?: string;
  reviewDate?: string; // YYYY-MM-DD
  deadline?: string;
  note?: string;
}

export interface WorkflowPolicy {
  /** The longest a 暂缓 may last before its review. */
  maxDeferDays: number;
  /** How far from the case an 'after' photo may be taken and still prove the place. */
  evidenceRadiusM: number;
}
export const DEFAULT_POLICY: WorkflowPolicy = { maxDeferDays: 365, evidenceRadiusM: 100 };

type Who = Role | 'system';

interface Transition {
  from: CaseStatus[];
  to: CaseStatus;
  roles: Who[];
  /** What the action needs, for people (published in docs/workflow.md). */
  needs: string;
  /** Returns the reasons the action may not happen (empty: allowed). */
  guard?: (f: CaseFacts, i: ActionInput, now: Date, p: WorkflowPolicy) => string[];
}

const OFFICE: Who[] = ['town_officer', 'city_office'];
const CLASS_ZH: Record<DisposalClass, string> = { demolish: '拆除', remedy: '整改补办', defer: '暂缓' };

export const TRANSITIONS: Record<CaseAction, Transition> = {
  verify: { from: ['reported'], to: 'verified', roles: OFFICE, needs: '—; optional deadline' },
  reject: {
    from: ['reported'],
    to: 'rejected',
    roles: OFFICE,
    needs: 'a reason, or `duplicateOf` (the kept case): a merge, nothing is deleted',
    guard: (_f, i) => (i.reason?.trim() || i.duplicateOf ? [] : ['不予立案须说明理由(非违建/重复上报)']),
  },
  classify: {
    from: ['verified'],
    to: 'classified',
    roles: OFFICE,
    needs:
      '`disposalClass`; remedy (补) needs `remedyRef`; defer (缓) needs `deferReason` and a `reviewDate` after today and at most `maxDeferDays` ahead; ' +
      'a class other than the rules suggest needs a `reason` (the override is recorded)',
    guard: (f, i, now, p) => {
      const out: string[] = [];
      const choices = KINDS[f.kind ?? 'violation'].disposalClasses;
      if (!i.disposalClass)
        out.push(
          `须选择处置类别:${Object.values(choices)
            .join('、')
            .replace(/、([^、]*)$/, '或$1')}`,
        );
      else if (!(i.disposalClass in choices)) out.push(`${KINDS[f.kind ?? 'violation'].label}的处置类别只能是:${Object.values(choices).join('、')}`);
      if (i.disposalClass && f.suggested && i.disposalClass !== f.suggested && !i.reason?.trim()) {
        out.push(`与系统建议的处置类别(${CLASS_ZH[f.suggested]})不同,须说明理由`);
      }
      if (i.disposalClass === 'remedy' && !i.remedyRef?.trim()) out.push('整改补办须填写补办手续文号');
      if (i.disposalClass === 'defer') {
        if (!i.deferReason?.trim()) out.push('暂缓须说明理由');
        if (!i.reviewDate) out.push('暂缓须设定复议日期');
        else {
          const d = Date.parse(`${i.reviewDate}T00:00:00Z`);
          const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
          if (!(d > today)) out.push('复议日期须晚于今天');
          else if (d - today > p.maxDeferDays * 86400_000) out.push(`暂缓期限不得超过 ${p.maxDeferDays} 天`);
        }
      }
      return out;
    },
  },
  start_rectification: {
    from: ['classified'],
    to: 'rectifying',
    roles: OFFICE,
    needs: 'class demolish or remedy (a deferred case waits for its review date)',
    guard: (f) => (f.disposalClass === 'defer' ? ['暂缓类案件须等复议日期,不能直接进入整改'] : []),
  },
  request_closing: {
    from: ['rectifying'],
    to: 'closing_requested',
    roles: OFFICE,
    needs: 'at least one `after` photo taken after the classification; for a demolition one of them within `evidenceRadiusM` of the case; no open department task',
    // every unmet condition at once, so the officer fixes them in one go instead of one refusal at a time
    guard: (f, _i, _now, p) => {
      const out: string[] = [];
      if (f.openTasks) out.push(`还有 ${f.openTasks} 项部门任务未办结,须全部办结后才能申请销号`);
      if (f.afterPhotos.length === 0) out.push('申请销号须至少上传一张“整改后”照片');
      else {
        // the evidence must postdate the decision: a photo from before the classification proves nothing about the rectification
        const afterDecision = f.afterPhotos.filter((ph) => ph.capturedAt !== null && f.classifiedAt !== null && ph.capturedAt >= f.classifiedAt);
        if (afterDecision.length === 0) out.push('“整改后”照片须在定性之后拍摄(照片无拍摄时间或早于定性决定)');
      }
      const kind = KINDS[f.kind ?? 'violation'];
      if (f.disposalClass && kind.placeProofClasses.includes(f.disposalClass)) {
        const ok = f.afterPhotos.some(
          (ph) => ph.capturedAt !== null && f.classifiedAt !== null && ph.capturedAt >= f.classifiedAt && ph.distanceM !== null && ph.distanceM <= p.evidenceRadiusM,
        );
        const cls = kind.disposalClasses[f.disposalClass] ?? f.disposalClass;
        if (!ok) out.push(`${cls}类销号须有一张定性之后、在${f.kind && f.kind !== 'violation' ? kind.label : '案件'}位置 ${p.evidenceRadiusM} 米内拍摄的“整改后”照片`);
      }
      return out;
    },
  },
  approve_closing: { from: ['closing_requested'], to: 'closed', roles: ['city_office'], needs: '— (the city reviews the evidence)' },
  return_closing: {
    from: ['closing_requested'],
    to: 'rectifying',
    roles: ['city_office'],
    needs: 'a reason',
    guard: (_f, i) => (i.reason?.trim() ? [] : ['退回须说明理由']),
  },
  reopen: {
    from: ['closed'],
    to: 'verified',
    roles: OFFICE,
    needs: 'a reason (e.g. rebuilt, 复建); class and closing are cleared for a new decision',
    guard: (_f, i) => (i.reason?.trim() ? [] : ['重新立案须说明理由(如复建)']),
  },
  review_due: {
    from: ['classified'],
    to: 'verified',
    roles: ['system'],
    needs: 'class defer and the review date reached; the case returns for a new decision',
    guard: (f) => (f.disposalClass === 'defer' ? [] : ['只有暂缓类案件会到期复议']),
  },
};

export type Decision =
  | { ok: true; to: CaseStatus }
  | { ok: false; code: 'case.invalid_transition' | 'case.role_forbidden' | 'case.guard_failed'; status: 409 | 403 | 422; reasons: string[] };

export function decide(action: CaseAction, who: Who, f: CaseFacts, input: ActionInput, now: Date, policy: WorkflowPolicy = DEFAULT_POLICY): Decision {
  const t = TRANSITIONS[action];
  const kind = f.kind ?? 'violation';
  const label = actionLabel(kind, action, ACTION_LABELS[action]);
  if (!mayAct(who, action, kind)) {
    return { ok: false, code: 'case.role_forbidden', status: 403, reasons: [`当前角色无权执行“${label}”`] };
  }
  if (!t.from.includes(f.status)) {
    return { ok: false, code: 'case.invalid_transition', status: 409, reasons: [`${kind === 'violation' ? '案件' : KINDS[kind].label}当前状态不能执行“${label}”`] };
  }
  const reasons = t.guard?.(f, input, now, policy) ?? [];
  return reasons.length ? { ok: false, code: 'case.guard_failed', status: 422, reasons } : { ok: true, to: t.to };
}

/** Whether a role (or the system) may take an action on an item of this kind: the case's roles and the kind's extra actors. */
function mayAct(who: Who, action: CaseAction, kind: ItemKind): boolean {
  return TRANSITIONS[action].roles.includes(who) || (KINDS[kind].extraActors?.[action]?.includes(who) ?? false);
}

/** Actions a role could take on a case in this status (guards aside): drives the UI's buttons. */
export function availableActions(who: Who, status: CaseStatus, kind: ItemKind = 'violation'): CaseAction[] {
  return (Object.keys(TRANSITIONS) as CaseAction[]).filter((a) => mayAct(who, a, kind) && TRANSITIONS[a].from.includes(status));
}
