// Pure: no I/O. The supervision rules (公权力监督预警) as functions over plain facts the repo loads; every
// threshold comes from the rule's settings row, none from here.
import {
  ALERT_PROBLEM_LABELS,
  ALERT_RULE_LABELS,
  ALERT_RULES,
  ALERT_THRESHOLD_FIELDS,
  type AlertPhotoPair,
  type AlertRuleCode,
  type AlertSeverity,
} from '../../../shared/alerts.js';
import { AUDIT_FIELD_LABELS } from '../../../shared/audit-vocabulary.js';
import { hammingHex } from '../photos/photo.hash.js';

/** One timeline event of a case, with what the rules read from its data. */
export interface EventFact {
  id: number;
  kind: string;
  actorId: string | null;
  at: Date;
  /** classify: the class decided. */
  disposalClass?: string | null;
  /** fields_changed: the area before and after, when the edit changed it. */
  areaFrom?: number | null;
  areaTo?: number | null;
  /** assigned: to whom. */
  assigneeId?: string | null;
  /** fields_changed: whether the case was closed (销号) when it was edited, and the fields changed. */
  afterClosing?: boolean;
  changedFields?: string[];
}

/** A photo with its perceptual hash (dHash, 64 bits as hex) and the case it belongs to. */
export interface PhotoHashFact {
  id: string;
  caseId: string;
  caseNo: string;
  stage: string;
  phash: string;
  uploadedAt: Date;
  uploadedBy: string | null;
  /** The case it counts as: the case it was merged into (a duplicate report), else its own. */
  mergeRoot: string;
  /** The status of its case (a report not yet decided, or rejected, is no case's evidence). */
  caseStatus: string;
}

/** An 'after' photo with what it proves (its evidence facts, kept at upload). */
export interface PhotoFact {
  id: string;
  uploadedAt: Date;
  uploadedBy: string | null;
  capturedAt: Date | null;
  exifPresent: boolean;
  /** The camera's make and model from EXIF; null: not from a camera as far as the file says. */
  device: string | null;
  exifGps: [number, number] | null;
}

/** A look at the owner's full personal data (查询留痕: the audit record `case.personal_data_viewed`). */
export interface ViewFact {
  auditId: number;
  actorId: string;
  actorRole: string;
  at: Date;
}

export interface CaseFacts {
  id: string;
  caseNo: string;
  status: string;
  /** How the case came (patrol, complaint, census_import …). */
  source: string;
  reportedBy: string | null;
  divisionCode: string;
  divisionPath: string;
  lon: number;
  lat: number;
  /** Every event, in time order. */
  events: EventFact[];
  afterPhotos: PhotoFact[];
  personalDataViews: ViewFact[];
  /** The case's status over time (its versions' intervals), for "was it in their to-do then". */
  history: { status: string; disposalClass: string | null; from: Date; to: Date | null }[];
  /** Supervision notices on the case with when each stopped waiting (reply or escalation). */
  notices: { level: string; issuedAt: Date; closedAt: Date | null }[];
  /** The case it counts as (the case it was merged into, else itself). */
  mergeRoot: string;
  /** Its photos that have a perceptual hash. */
  photos: PhotoHashFact[];
  /** Photos of other cases that may look like one of these (they share a band of the hash). */
  lookalikes: PhotoHashFact[];
  /** When the case was registered in the system (a report's arrival). */
  createdAt: Date;
  /** The deadline of the step the case is in (none when closed, rejected or deferred). */
  deadlineAt: Date | null;
  /** Who the case is against, in words (the enterprise, else the owner's name); null: not recorded. */
  owner: string | null;
  /** The people whose work the case is now: the town's officers, or the city office while a closing waits for review. */
  responsible: string[];
  /** Every supervision notice line (督办单) on the case, with whom it is addressed to. */
  noticeLines: NoticeLineFact[];
  /** Closings as demolished (拆除销号) of other cases near this one, before this case was reported (复建?). */
  demolitionsNearby: DemolitionFact[];
}

/** A line of a supervision notice (督办单) and its answer. */
export interface NoticeLineFact {
  id: string;
  noticeNo: string;
  level: string;
  issuedAt: Date;
  /** The China day by which it must be answered (YYYY-MM-DD). */
  replyDue: string;
  repliedAt: Date | null;
  /** The people it is addressed to: the town's officers (town notice) or the city office (city notice). */
  addressees: string[];
}

/** A case closed as demolished (拆除销号) near another case. */
export interface DemolitionFact {
  caseId: string;
  caseNo: string;
  /** The approve_closing event. */
  eventId: number;
  closedAt: Date;
  distanceM: number;
  /** Who requested and who approved the closing. */
  closers: string[];
}

/** A rule's settings as the admin left them. */
export interface RuleSetting {
  code: AlertRuleCode;
  enabled: boolean;
  severity: AlertSeverity;
  thresholds: Record<string, number>;
  version: number;
}

/** A situation a rule found: raised as one alert (again never: the key is unique per rule). */
export interface Finding {
  rule: AlertRuleCode;
  key: string;
  caseIds: string[];
  userIds: string[];
  divisionCode: string;
  divisionPath: string;
  summary: string;
  evidence: {
    eventIds: number[];
    photoIds: string[];
    auditIds: number[];
    /** What was wrong, by code (ALERT_PROBLEM_LABELS), with the figures that show it. */
    problems: { code: string; photoId?: string; distanceM?: number; detail?: string }[];
    /** Photo reuse: each later photo beside the earlier one it repeats. */
    pairs?: AlertPhotoPair[];
  };
}

export interface RuleContext {
  /** A person's name for the summary. */
  name: (userId: string | null) => string;
  /** The moment of the evaluation: a rule with a grace time judges only what is past it. */
  now: Date;
}

const unique = (xs: (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];
const before = (events: EventFact[], at: Date, kind: string) => events.filter((e) => e.kind === kind && e.at.getTime() <= at.getTime()).at(-1) ?? null;

/** A moment as China wall-clock time to the minute. */
export function chinaMinute(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Great-circle distance in metres (WGS84 sphere). */
export function metres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const base = (c: CaseFacts) => ({ caseIds: [c.id], divisionCode: c.divisionCode, divisionPath: c.divisionPath });

/**
 * a. 销号证据不足: each closing (审核通过销号) is judged on the 'after' photos there were when it was approved.
 * A photo holds up when it is from a camera (EXIF with make and model), its EXIF place lies within
 * `maxDistanceM` of the case, and it was taken after the classification (less `clockToleranceMin`).
 * A closing with no photo that holds up is one situation.
 */
export function closingWeakEvidence(c: CaseFacts, t: Record<string, number>, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const approve of c.events.filter((e) => e.kind === 'approve_closing')) {
    const request = before(c.events, approve.at, 'request_closing');
    const decision = before(c.events, approve.at, 'classify');
    const photos = c.afterPhotos.filter((p) => p.uploadedAt.getTime() <= approve.at.getTime());
    const problems: Finding['evidence']['problems'] = [];
    let sound = 0;
    for (const p of photos) {
      const mine: Finding['evidence']['problems'] = [];
      if (!p.exifPresent || !p.device) mine.push({ code: 'no_camera_exif', photoId: p.id });
      if (!p.exifGps) mine.push({ code: 'no_exif_place', photoId: p.id });
      else {
        const d = Math.round(metres(p.exifGps, [c.lon, c.lat]));
        if (d > t.maxDistanceM) mine.push({ code: 'far_from_case', photoId: p.id, distanceM: d, detail: `距案件 ${d} 米` });
      }
      if (!p.capturedAt) mine.push({ code: 'no_capture_time', photoId: p.id });
      else if (decision && p.capturedAt.getTime() < decision.at.getTime() - t.clockToleranceMin * 60_000) {
        mine.push({ code: 'before_decision', photoId: p.id, detail: `拍摄于 ${chinaMinute(p.capturedAt)},定性于 ${chinaMinute(decision.at)}` });
      }
      if (mine.length === 0) sound++;
      problems.push(...mine);
    }
    if (sound > 0) continue;
    if (photos.length === 0) problems.push({ code: 'no_after_photo' });
    const words = photos.length
      ? photos
          .map((p, i) => {
            const mine = problems.filter((x) => x.photoId === p.id).map((x) => x.detail ?? ALERT_PROBLEM_LABELS[x.code]);
            return `照片${i + 1}:${mine.join('、')}`;
          })
          .join(';')
      : ALERT_PROBLEM_LABELS.no_after_photo;
    out.push({
      rule: 'closing_weak_evidence',
      key: `closing:${approve.id}`,
      ...base(c),
      userIds: unique([request?.actorId, approve.actorId]),
      summary: `${c.caseNo} 于 ${chinaMinute(approve.at)} 由 ${ctx.name(approve.actorId)} 审核销号,没有合格的“整改后”照片(${words})`,
      evidence: { eventIds: [request?.id, approve.id].filter((x): x is number => x !== undefined), photoIds: photos.map((p) => p.id), auditIds: [], problems },
    });
  }
  return out;
}

/**
 * b. 职责未分离: a case verified or rejected by the person who reported it; a closing requested or approved by
 * the reporter, or requested and approved by one person. One situation per decision.
 */
export function separationOfDuties(c: CaseFacts, _t: Record<string, number>, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  // a ledger or another system's point is registered by whoever imports it: nobody "reported" it
  const reporter = ESTABLISHED_SOURCES.has(c.source) ? null : c.reportedBy;
  for (const e of c.events) {
    if ((e.kind === 'verify' || e.kind === 'reject') && reporter && e.actorId === reporter) {
      const code = e.kind === 'verify' ? 'self_verify' : 'self_reject';
      out.push({
        rule: 'separation_of_duties',
        key: `duty:${e.id}`,
        ...base(c),
        userIds: [reporter],
        summary: `${c.caseNo} 由 ${ctx.name(reporter)} 上报,又由其本人${e.kind === 'verify' ? '立案' : '不予立案'}(${chinaMinute(e.at)})`,
        evidence: { eventIds: [e.id], photoIds: [], auditIds: [], problems: [{ code }] },
      });
    }
    if (e.kind === 'approve_closing') {
      const request = before(c.events, e.at, 'request_closing');
      const problems: Finding['evidence']['problems'] = [];
      const words: string[] = [];
      if (reporter && (request?.actorId === reporter || e.actorId === reporter)) {
        problems.push({ code: 'self_close' });
        words.push(`上报人 ${ctx.name(reporter)} 本人${request?.actorId === reporter ? '申请' : '审核'}销号`);
      }
      if (request?.actorId && request.actorId === e.actorId) {
        problems.push({ code: 'close_approve' });
        words.push(`${ctx.name(e.actorId)} 既申请销号又审核通过`);
      }
      if (!problems.length) continue;
      out.push({
        rule: 'separation_of_duties',
        key: `duty:${e.id}`,
        ...base(c),
        userIds: unique([reporter && problems.some((p) => p.code === 'self_close') ? reporter : null, request?.actorId, e.actorId]),
        summary: `${c.caseNo} 销号(${chinaMinute(e.at)}):${words.join(';')}`,
        evidence: { eventIds: [request?.id, e.id].filter((x): x is number => x !== undefined), photoIds: [], auditIds: [], problems },
      });
    }
  }
  return out;
}

/** Sources that arrive as established facts (a census ledger, the province's or prefecture's points, a department's transfer). */
const ESTABLISHED_SOURCES = new Set(['census_import', 'provincial', 'prefecture', 'department']);

const CLASS_ZH: Record<string, string> = { demolish: '拆除', remedy: '整改补办', defer: '暂缓' };
/**
 * The disposal classes by severity for the owner (拆一批、补一批、缓一批): demolition takes the building, a remedy
 * (整改补办) keeps it at the cost of rectifying and legalising it, a deferral (暂缓) leaves it as it is until a review
 * date. A class not here (a waterlogging point's works) is not ranked, so no change of it counts as softening.
 */
export const DISPOSAL_SEVERITY: Record<string, number> = { demolish: 3, remedy: 2, defer: 1 };

/**
 * c. 处置决定被改轻: a classification to a softer class than the case's previous classification (拆除 → 整改补办 or
 * 暂缓, 整改补办 → 暂缓), after a reopening or a deferral's review. The same class again, or a harder one
 * (暂缓 → 拆除 at the review date), is not.
 */
export function disposalSoftened(c: CaseFacts, _t: Record<string, number>, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  let previous: EventFact | null = null;
  for (const e of c.events.filter((x) => x.kind === 'classify')) {
    const was = previous?.disposalClass ? DISPOSAL_SEVERITY[previous.disposalClass] : undefined;
    const now = e.disposalClass ? DISPOSAL_SEVERITY[e.disposalClass] : undefined;
    if (previous && was !== undefined && now !== undefined && now < was) {
      out.push({
        rule: 'disposal_softened',
        key: `soften:${e.id}`,
        ...base(c),
        userIds: unique([e.actorId]),
        summary: `${c.caseNo} 于 ${chinaMinute(previous.at)} 定性为${CLASS_ZH[previous.disposalClass!]},${chinaMinute(e.at)} 由 ${ctx.name(e.actorId)} 改为${CLASS_ZH[e.disposalClass!]}`,
        evidence: { eventIds: [previous.id, e.id], photoIds: [], auditIds: [], problems: [] },
      });
    }
    previous = e;
  }
  return out;
}

/** c. 定性后调减面积: an edit after the first classification that lowers the area by both thresholds. */
export function areaReduced(c: CaseFacts, t: Record<string, number>, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const firstClassify = c.events.find((e) => e.kind === 'classify');
  if (!firstClassify) return out;
  for (const e of c.events) {
    if (e.kind !== 'fields_changed' || e.at.getTime() < firstClassify.at.getTime()) continue;
    if (e.areaFrom == null || e.areaTo == null || !(e.areaFrom > 0) || e.areaTo >= e.areaFrom) continue;
    const cut = e.areaFrom - e.areaTo;
    const pct = (cut / e.areaFrom) * 100;
    if (pct < t.minReductionPct || cut < t.minReductionM2) continue;
    out.push({
      rule: 'area_reduced',
      key: `area:${e.id}`,
      ...base(c),
      userIds: unique([e.actorId]),
      summary: `${c.caseNo} 定性后,${ctx.name(e.actorId)} 于 ${chinaMinute(e.at)} 将面积由 ${e.areaFrom} 平方米改为 ${e.areaTo} 平方米(调减 ${Math.round(pct * 10) / 10}%)`,
      evidence: { eventIds: [firstClassify.id, e.id], photoIds: [], auditIds: [], problems: [] },
    });
  }
  return out;
}

/** The statuses that put a case in a role's to-do list (todo.repo.ts says the same in SQL). */
function inTodo(role: string, status: string, disposalClass: string | null): boolean {
  if (role === 'town_officer') return ['reported', 'verified', 'rectifying'].includes(status) || (status === 'classified' && disposalClass !== 'defer');
  if (role === 'city_office') return status === 'closing_requested';
  return false;
}

/**
 * d. 越权查询当事人信息: a look at the owner's full ID number and phone on a case outside the person's work: no
 * event of theirs on the case (nor an assignment to them) up to `graceHours` after the look, the case not in
 * their role's to-do at that moment, and no open notice at their level. Once per person and case. A look whose
 * grace time is not over yet (`ctx.now`) is not judged: the person may still act on the case.
 */
export function personalDataOutsideWork(c: CaseFacts, t: Record<string, number>, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const v of c.personalDataViews) {
    if (seen.has(v.actorId)) continue;
    const until = v.at.getTime() + t.graceHours * 3600_000;
    if (until > ctx.now.getTime()) continue;
    const acted = c.events.some((e) => e.at.getTime() <= until && (e.actorId === v.actorId || (e.kind === 'assigned' && e.assigneeId === v.actorId)));
    if (acted) continue;
    const then = c.history.find((h) => h.from.getTime() <= v.at.getTime() && (h.to === null || h.to.getTime() > v.at.getTime()));
    if (then && inTodo(v.actorRole, then.status, then.disposalClass)) continue;
    const level = v.actorRole === 'city_office' ? 'city' : 'town';
    const notice = c.notices.some((n) => n.level === level && n.issuedAt.getTime() <= v.at.getTime() && (n.closedAt === null || n.closedAt.getTime() > v.at.getTime()));
    if (notice) continue;
    seen.add(v.actorId);
    out.push({
      rule: 'personal_data_outside_work',
      key: `pii:${c.id}:${v.actorId}`,
      ...base(c),
      userIds: [v.actorId],
      summary: `${ctx.name(v.actorId)} 于 ${chinaMinute(v.at)} 查看了 ${c.caseNo} 当事人的完整身份证号和电话,该案不在其工作范围内(未办理过该案,当时也不在其待办中)`,
      evidence: { eventIds: [], photoIds: [], auditIds: [v.auditId], problems: [] },
    });
  }
  return out;
}

const STAGE_ZH: Record<string, string> = { before: '整改前', during: '整改中', after: '整改后' };

/** How many bits of a hex hash are 1. */
export function onesHex(h: string): number {
  let n = 0;
  for (const ch of h) {
    let v = Number.parseInt(ch, 16);
    while (v) {
      n += v & 1;
      v >>= 1;
    }
  }
  return n;
}

/**
 * e. 照片跨案件重复使用: a photo of this case whose perceptual hash lies within `maxHammingBits` of a photo
 * uploaded earlier to another case. The later upload is the reuse: one situation per reusing photo, naming
 * every earlier photo it repeats. Only photos of registered cases count (立案 onwards): a report not yet
 * decided is the duplicate check's business (the same building reported twice with the same picture), and a
 * rejected one, merged or not, is no case's evidence; cases merged as duplicates are one case. A hash with fewer than `minDetailBits` ones or zeros (a plain, dark or blank picture: all such
 * pictures hash alike) is not compared.
 */
export function photoReused(c: CaseFacts, t: Record<string, number>, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const detailed = (h: string) => {
    const ones = onesHex(h);
    return ones >= t.minDetailBits && 64 - ones >= t.minDetailBits;
  };
  const registered = (status: string) => status !== 'reported' && status !== 'rejected';
  if (!registered(c.status)) return out;
  const earlier = (p: PhotoHashFact, q: PhotoHashFact) => p.uploadedAt.getTime() < q.uploadedAt.getTime() || (p.uploadedAt.getTime() === q.uploadedAt.getTime() && p.id < q.id);
  for (const q of c.photos) {
    if (!detailed(q.phash)) continue;
    const matches = c.lookalikes
      .filter((p) => p.caseId !== c.id && p.mergeRoot !== c.mergeRoot && registered(p.caseStatus) && earlier(p, q) && detailed(p.phash))
      .map((p) => ({ p, bits: hammingHex(p.phash, q.phash) }))
      .filter((m) => m.bits <= t.maxHammingBits)
      .sort((a, b) => a.bits - b.bits || a.p.uploadedAt.getTime() - b.p.uploadedAt.getTime());
    if (!matches.length) continue;
    const others = unique(matches.map((m) => m.p.caseNo));
    out.push({
      rule: 'photo_reused',
      key: `reuse:${q.id}`,
      ...base(c),
      caseIds: unique([c.id, ...matches.map((m) => m.p.caseId)]),
      userIds: unique([q.uploadedBy]),
      summary:
        `${c.caseNo} 的“${STAGE_ZH[q.stage] ?? q.stage}”照片(${ctx.name(q.uploadedBy)} 于 ${chinaMinute(q.uploadedAt)} 上传)` +
        `与${others.length > 1 ? '' : '案件 '}${others.join('、')} 先前的照片${matches[0].bits === 0 ? '相同(感知哈希一致)' : `几乎相同(感知哈希相差 ${matches[0].bits} 位)`}`,
      evidence: {
        eventIds: [],
        photoIds: [q.id, ...matches.map((m) => m.p.id)],
        auditIds: [],
        problems: [
          {
            code: 'photo_match',
            photoId: q.id,
            detail: matches[0].bits === 0 ? `与 ${others.join('、')} 的照片感知哈希一致` : `与 ${others.join('、')} 的照片感知哈希相差 ${matches[0].bits} 位`,
          },
          ...matches.map((m) => ({ code: 'photo_match', photoId: m.p.id, detail: `${chinaMinute(m.p.uploadedAt)} 上传于 ${m.p.caseNo},被 ${c.caseNo} 重复使用` })),
        ],
        pairs: matches.map((m) => ({ photoId: q.id, otherPhotoId: m.p.id, bits: m.bits })),
      },
    });
  }
  return out;
}

/**
 * g. 暂缓反复延期: a case classified 暂缓 `minDeferrals` times or more (each review date reached, then deferred
 * again). Once per case.
 */
export function deferralRenewed(c: CaseFacts, t: Record<string, number>, ctx: RuleContext): Finding[] {
  const defers = c.events.filter((e) => e.kind === 'classify' && e.disposalClass === 'defer');
  if (defers.length < t.minDeferrals) return [];
  const last = defers[defers.length - 1];
  const reviews = c.events.filter((e) => e.kind === 'review_due' && e.at.getTime() <= last.at.getTime());
  return [
    {
      rule: 'deferral_renewed',
      key: `defer:${c.id}`,
      ...base(c),
      userIds: unique(defers.map((e) => e.actorId)),
      summary: `${c.caseNo} 已 ${defers.length} 次定为暂缓(${defers.map((e) => chinaMinute(e.at).slice(0, 10)).join('、')}),最近一次由 ${ctx.name(last.actorId)} 决定`,
      evidence: { eventIds: [...defers, ...reviews].map((e) => e.id), photoIds: [], auditIds: [], problems: [] },
    },
  ];
}

/** A changed field's name in zh-CN (the audit vocabulary names the columns: areaM2 → area_m2). */
const fieldLabel = (k: string) => AUDIT_FIELD_LABELS[k] ?? AUDIT_FIELD_LABELS[k.replace(/([A-Z])/g, '_$1').toLowerCase()] ?? (k === 'footprint' ? '占地范围' : k);

/** h. 销号后修改案件: an edit of the registry facts of a case while it was closed (销号). One situation per edit. */
export function closedCaseEdited(c: CaseFacts, _t: Record<string, number>, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const e of c.events) {
    if (e.kind !== 'fields_changed' || !e.afterClosing) continue;
    const closing = before(c.events, e.at, 'approve_closing');
    const fields = (e.changedFields ?? []).map(fieldLabel);
    const area = e.areaFrom != null && e.areaTo != null ? `(面积由 ${e.areaFrom} 平方米改为 ${e.areaTo} 平方米)` : '';
    out.push({
      rule: 'closed_case_edited',
      key: `closed-edit:${e.id}`,
      ...base(c),
      userIds: unique([e.actorId]),
      summary: `${c.caseNo}${closing ? ` 于 ${chinaMinute(closing.at)} 销号后` : ' 销号后'},${ctx.name(e.actorId)} 于 ${chinaMinute(e.at)} 修改了${fields.join('、') || '登记信息'}${area}`,
      evidence: { eventIds: [closing?.id, e.id].filter((x): x is number => x !== undefined), photoIds: [], auditIds: [], problems: [] },
    });
  }
  return out;
}

/** The statuses with a running step (a deferred case waits for its review date, with no deadline). */
const OPEN_STEPS = new Set(['reported', 'verified', 'classified', 'rectifying', 'closing_requested']);
const DAY = 86400_000;

/**
 * i. 逾期案件长期未动: a case past its step's deadline on which nobody has acted for `idleDays`, counted from
 * the later of the deadline and the last action of a person (an event of his, an 'after' photo). A case that
 * never moves may be one someone protects; the owner (the enterprise, else the person) is named so that a
 * supervisor sees the same owner's cases together. Once per case and deadline (a new step or a new deadline set
 * by an officer is a new situation).
 */
export function overdueIdle(c: CaseFacts, t: Record<string, number>, ctx: RuleContext): Finding[] {
  // a deferred case has no deadline: it waits for its review date
  if (!c.deadlineAt || !OPEN_STEPS.has(c.status)) return [];
  const now = ctx.now.getTime();
  if (c.deadlineAt.getTime() >= now) return [];
  const acts = [...c.events.filter((e) => e.actorId).map((e) => e.at.getTime()), ...c.afterPhotos.filter((p) => p.uploadedBy).map((p) => p.uploadedAt.getTime())];
  const lastAct = acts.length ? Math.max(...acts) : null;
  const idleFrom = Math.max(c.deadlineAt.getTime(), lastAct ?? 0);
  const idle = Math.floor((now - idleFrom) / DAY);
  if (idle < t.idleDays) return [];
  const overdue = Math.floor((now - c.deadlineAt.getTime()) / DAY);
  const assignee = c.events.filter((e) => e.kind === 'assigned').at(-1)?.assigneeId ?? null;
  const people = assignee ? [assignee] : c.responsible;
  const last = lastAct === null ? '从未有人办理' : `最后一次办理在 ${chinaMinute(new Date(lastAct)).slice(0, 10)}`;
  return [
    {
      rule: 'overdue_idle',
      key: `idle:${c.id}:${c.deadlineAt.toISOString()}`,
      ...base(c),
      userIds: unique(people),
      summary:
        `${c.caseNo}${c.owner ? `(当事人:${c.owner})` : ''}处于“${STATUS_ZH[c.status] ?? c.status}”,期限 ${chinaMinute(c.deadlineAt).slice(0, 10)} 已逾期 ${overdue} 天,` +
        `${last},已 ${idle} 天无任何办理动作${assignee ? `(承办人 ${ctx.name(assignee)})` : ''}`,
      evidence: {
        eventIds: c.events
          .filter((e) => e.actorId)
          .slice(-3)
          .map((e) => e.id),
        photoIds: [],
        auditIds: [],
        problems: [{ code: 'overdue_idle', detail: `逾期 ${overdue} 天,${idle} 天无办理动作` }],
      },
    },
  ];
}

const STATUS_ZH: Record<string, string> = { reported: '待核查', verified: '已立案待定性', classified: '已定性', rectifying: '整改中', closing_requested: '待销号审核' };

/** The end of a China day (YYYY-MM-DD) plus some days, as a moment. */
const endOfChinaDay = (day: string, plusDays = 0) => new Date(`${day}T00:00:00+08:00`).getTime() + (plusDays + 1) * DAY;

/**
 * j. 督办单逾期未答复: a line of a supervision notice (督办单) not answered `daysLate` days after its reply date,
 * whether it is still waiting or was answered later (the situation is the same however late it is judged).
 * An escalation to the city does not answer the town's line. Once per line.
 */
export function noticeUnanswered(c: CaseFacts, t: Record<string, number>, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const n of c.noticeLines) {
    const limit = endOfChinaDay(n.replyDue, t.daysLate);
    const answeredInTime = n.repliedAt !== null && n.repliedAt.getTime() <= limit;
    if (answeredInTime) continue;
    if (n.repliedAt === null && ctx.now.getTime() <= limit) continue;
    const late = n.repliedAt ? `${chinaMinute(n.repliedAt)} 才答复` : `至今未答复(已超过答复期限 ${Math.floor((ctx.now.getTime() - endOfChinaDay(n.replyDue)) / DAY)} 天)`;
    out.push({
      rule: 'notice_unanswered',
      key: `notice:${n.id}`,
      ...base(c),
      userIds: unique(n.addressees),
      summary: `${n.level === 'city' ? '市级' : '镇级'}督办单 ${n.noticeNo}(${c.caseNo},${chinaMinute(n.issuedAt).slice(0, 10)} 下发,应于 ${n.replyDue} 前答复)${late}`,
      evidence: { eventIds: [], photoIds: [], auditIds: [], problems: [{ code: n.repliedAt ? 'notice_late_reply' : 'notice_unanswered', detail: `${n.noticeNo}:${late}` }] },
    });
  }
  return out;
}

/**
 * k. 拆除销号后复建: a case reported within `radiusM` of a case closed as demolished (拆除销号), within
 * `withinDays` after that closing. A demolition that is soon built again may never have happened: the closing
 * is what is questioned, so the alert names who requested and who approved it. Once per closing (a second
 * report of the same rebuild raises nothing more).
 */
export function rebuildAfterDemolition(c: CaseFacts, t: Record<string, number>, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const d of c.demolitionsNearby) {
    if (d.caseId === c.id || d.distanceM > t.radiusM) continue;
    const gap = c.createdAt.getTime() - d.closedAt.getTime();
    if (gap <= 0 || gap > t.withinDays * DAY) continue;
    const days = Math.floor(gap / DAY);
    out.push({
      rule: 'rebuild_after_demolition',
      key: `rebuild:${d.eventId}`,
      caseIds: [d.caseId, c.id],
      userIds: unique(d.closers),
      divisionCode: c.divisionCode,
      divisionPath: c.divisionPath,
      summary:
        `${d.caseNo} 于 ${chinaMinute(d.closedAt)} 拆除销号(${d.closers.map((u) => ctx.name(u)).join('、') || '—'} 办理),` +
        `${days} 天后在其 ${Math.round(d.distanceM)} 米处又报告了 ${c.caseNo}(${chinaMinute(c.createdAt)})`,
      evidence: { eventIds: [d.eventId], photoIds: [], auditIds: [], problems: [{ code: 'rebuild_reported', detail: `相距 ${Math.round(d.distanceM)} 米,销号后 ${days} 天` }] },
    });
  }
  return out;
}

/** The rules judged one case at a time (the concentration of rejections is judged over many: rejectionsConcentrated). */
export const RULES: Partial<Record<AlertRuleCode, (c: CaseFacts, t: Record<string, number>, ctx: RuleContext) => Finding[]>> = {
  closing_weak_evidence: closingWeakEvidence,
  separation_of_duties: separationOfDuties,
  disposal_softened: disposalSoftened,
  area_reduced: areaReduced,
  personal_data_outside_work: personalDataOutsideWork,
  photo_reused: photoReused,
  deferral_renewed: deferralRenewed,
  closed_case_edited: closedCaseEdited,
  overdue_idle: overdueIdle,
  notice_unanswered: noticeUnanswered,
  rebuild_after_demolition: rebuildAfterDemolition,
};

/** Every enabled rule over one case: the situations found, each with the severity its rule sets. */
export function evaluateCase(c: CaseFacts, settings: RuleSetting[], ctx: RuleContext): (Finding & { severity: AlertSeverity; ruleVersion: number })[] {
  const out: (Finding & { severity: AlertSeverity; ruleVersion: number })[] = [];
  for (const s of settings) {
    const rule = RULES[s.code];
    if (!s.enabled || !ALERT_RULES.includes(s.code) || !rule) continue;
    for (const f of rule(c, s.thresholds, ctx)) out.push({ ...f, severity: s.severity, ruleVersion: s.version });
  }
  return out;
}

/** A situation's identity: its rule and key, raised once among the alerts and the members of groups together. */
export const situationId = (rule: string, key: string) => `${rule}\u0000${key}`;

/**
 * Nobody has acted on the case in this system since it was registered: no event of a person but its registration
 * (the system's own events, a notice issued by the nightly check, do not count), no 'after' photo of a person.
 */
export function untouchedSinceRegistration(c: CaseFacts): boolean {
  return c.events.every((e) => !e.actorId || e.kind === 'created') && c.afterPhotos.every((p) => !p.uploadedBy);
}

/** Where an imported case came from: its census import (存量普查导入) and its town. */
export interface ImportOrigin {
  importId: string;
  townCode: string;
  townPath: string;
  townName: string;
  filename: string;
  importedAt: Date;
  importer: string | null;
}

type Raised = Finding & { severity: AlertSeverity; ruleVersion: number };

/** One alert standing for the situations found on the untouched cases of one import in one town under one rule. */
export interface ImportGroup {
  rule: AlertRuleCode;
  key: string;
  importId: string;
  divisionCode: string;
  divisionPath: string;
  summary: string;
  userIds: string[];
  severity: AlertSeverity;
  ruleVersion: number;
  members: Raised[];
}

/**
 * Splits the findings: a finding about one case that came from an import (`origins`) and that nobody has acted on
 * since (`untouched`) is the ledger's past, not anyone's action here. A county's first sweeps after importing its
 * stock find thousands of them (each old case overdue and idle, each automatic notice unanswered); raised one by one
 * they would bury the alerts about people's actions. They go into one alert per rule, import, town and China day
 * (`day`), which lists them; a finding on several cases, or on a case someone has handled, stays an alert of its own.
 */
export function groupImported(found: Raised[], origins: Map<string, ImportOrigin>, untouched: Set<string>, day: string): { single: Raised[]; groups: ImportGroup[] } {
  const single: Raised[] = [];
  const groups = new Map<string, ImportGroup>();
  for (const f of found) {
    const o = f.caseIds.length === 1 && untouched.has(f.caseIds[0]) ? origins.get(f.caseIds[0]) : undefined;
    if (!o) {
      single.push(f);
      continue;
    }
    const key = `import:${o.importId}:${o.townCode}:${day}`;
    let g = groups.get(`${f.rule}|${key}`);
    if (!g) {
      g = {
        rule: f.rule,
        key,
        importId: o.importId,
        divisionCode: o.townCode,
        divisionPath: o.townPath,
        summary:
          `${o.townName}:${chinaMinute(o.importedAt).slice(0, 10)}${o.importer ? ` 由 ${o.importer}` : ''} 导入的存量普查台账《${o.filename}》中,` +
          `导入后在本系统尚无人办理的案件触发“${ALERT_RULE_LABELS[f.rule]}”(${day} 发现),按导入批次归为一条,逐件列出`,
        userIds: [],
        severity: f.severity,
        ruleVersion: f.ruleVersion,
        members: [],
      };
      groups.set(`${f.rule}|${key}`, g);
    }
    g.members.push(f);
    g.userIds = unique([...g.userIds, ...f.userIds]);
  }
  return { single, groups: [...groups.values()] };
}

/** A decision on a report: 立案 (verify) or 不予立案 (reject; a merge when it names the kept case). */
export interface DecisionFact {
  eventId: number;
  caseId: string;
  caseNo: string;
  kind: 'verify' | 'reject';
  merge: boolean;
  actorId: string | null;
  at: Date;
  lon: number;
  lat: number;
  divisionCode: string;
  divisionPath: string;
}

/** Where to judge: only these people, and only rejections within the radius of these points; null: everyone, everywhere (the sweep). */
export interface ConcentrationFocus {
  users: Set<string>;
  points: [number, number][];
}

/**
 * f. 不予立案或合并集中: over a sliding window of `windowDays`, rejections (不予立案, a merge counted apart) that
 * reach `minCount` and `minSharePct` of the decisions (立案 + 不予立案) they are among, either
 * - by one person: his rejections against all his decisions in the window, or
 * - in one small area: the rejections within `radiusM` of a rejected case against all decisions there.
 * A rejection "triggers" when the window ending with it meets both thresholds; a situation starts at a
 * triggering rejection with no triggering one (same person, or within the radius) in the window before it, so
 * the same concentration is one alert however often it is judged, and a new one after a quiet window is
 * another. Both angles may find the same rejections (a person who rejects too much, all in one place).
 * `decisions` must hold every decision since 3 windows before now for the people and places judged.
 */
export function rejectionsConcentrated(
  decisions: DecisionFact[],
  t: Record<string, number>,
  ctx: RuleContext,
  focus: ConcentrationFocus | null,
  homes: Map<string, { divisionCode: string; divisionPath: string }>,
): Finding[] {
  const W = t.windowDays * 86400_000;
  const order = (a: DecisionFact, b: DecisionFact) => a.at.getTime() - b.at.getTime() || a.eventId - b.eventId;
  const all = [...decisions].sort(order);
  /** d lies in the window that ends with r (r included). */
  const inWindow = (d: DecisionFact, r: DecisionFact) => d.at.getTime() > r.at.getTime() - W && order(d, r) <= 0;
  const day = (d: Date) => chinaMinute(d).slice(0, 10);
  const pct = (n: number, of: number) => Math.round((n / of) * 1000) / 10;
  const meets = (n: number, of: number) => n >= t.minCount && n * 100 >= t.minSharePct * of;
  const out: Finding[] = [];

  for (const merge of [false, true]) {
    const isHit = (d: DecisionFact) => d.kind === 'reject' && d.merge === merge;
    const what = merge ? '合并为重复上报' : '不予立案';

    // by person
    const byUser = new Map<string, DecisionFact[]>();
    for (const d of all) {
      if (!d.actorId || (focus && !focus.users.has(d.actorId))) continue;
      const list = byUser.get(d.actorId);
      if (list) list.push(d);
      else byUser.set(d.actorId, [d]);
    }
    for (const [u, list] of byUser) {
      const home = homes.get(u);
      if (!home) continue;
      // one pass with the window's start moving forward: a busy office's thousands of decisions stay linear
      let start = 0;
      let hitsIn = 0;
      let lastTrigger: DecisionFact | null = null;
      for (let i = 0; i < list.length; i++) {
        const r = list[i];
        if (isHit(r)) hitsIn++;
        while (list[start].at.getTime() <= r.at.getTime() - W) {
          if (isHit(list[start])) hitsIn--;
          start++;
        }
        if (!isHit(r)) continue;
        const of = i + 1 - start;
        if (!meets(hitsIn, of)) continue;
        const previous = lastTrigger;
        lastTrigger = r;
        if (previous && inWindow(previous, r)) continue;
        const mine = list.slice(start, i + 1).filter(isHit);
        out.push({
          rule: 'rejections_concentrated',
          key: `${merge ? 'merge' : 'reject'}-user:${u}:${r.eventId}`,
          caseIds: mine.map((d) => d.caseId),
          userIds: [u],
          divisionCode: home.divisionCode,
          divisionPath: home.divisionPath,
          summary: `${ctx.name(u)} 在 ${t.windowDays} 天内(${day(mine[0].at)} 至 ${day(r.at)})${what} ${mine.length} 件,占其同期立案与不予立案 ${of} 件的 ${pct(mine.length, of)}%`,
          evidence: { eventIds: mine.map((d) => d.eventId), photoIds: [], auditIds: [], problems: [{ code: merge ? 'merges_by_user' : 'rejects_by_user' }] },
        });
      }
    }

    // in one small area: a grid of cells about the radius wide, so each look is at 9 cells
    const cellLat = t.radiusM / 111_320;
    const cellOf = (d: { lon: number; lat: number }) => [Math.floor(d.lat / cellLat), Math.floor((d.lon * Math.cos((d.lat * Math.PI) / 180)) / cellLat)] as const;
    const grid = new Map<string, DecisionFact[]>();
    for (const d of all) {
      const [y, x] = cellOf(d);
      const k = `${y}:${x}`;
      const list = grid.get(k);
      if (list) list.push(d);
      else grid.set(k, [d]);
    }
    const near = (r: DecisionFact) => {
      const [y, x] = cellOf(r);
      const out: DecisionFact[] = [];
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) for (const d of grid.get(`${y + dy}:${x + dx}`) ?? []) if (metres([d.lon, d.lat], [r.lon, r.lat]) <= t.radiusM) out.push(d);
      return out;
    };
    const memo = new Map<number, { hits: DecisionFact[]; of: number; triggers: boolean }>();
    const judge = (r: DecisionFact) => {
      let m = memo.get(r.eventId);
      if (!m) {
        const around = near(r).filter((d) => inWindow(d, r));
        const hits = around.filter(isHit).sort(order);
        m = { hits, of: around.length, triggers: meets(hits.length, around.length) };
        memo.set(r.eventId, m);
      }
      return m;
    };
    const focused = (r: DecisionFact) => !focus || focus.points.some((p) => metres(p, [r.lon, r.lat]) <= t.radiusM);
    for (const r of all) {
      if (!isHit(r) || !focused(r)) continue;
      const m = judge(r);
      if (!m.triggers) continue;
      if (near(r).some((x) => x !== r && isHit(x) && inWindow(x, r) && judge(x).triggers)) continue;
      const people = unique(m.hits.map((d) => d.actorId));
      out.push({
        rule: 'rejections_concentrated',
        key: `${merge ? 'merge' : 'reject'}-area:${r.eventId}`,
        caseIds: m.hits.map((d) => d.caseId),
        userIds: people,
        divisionCode: r.divisionCode,
        divisionPath: r.divisionPath,
        summary:
          `${r.caseNo} 周边 ${t.radiusM} 米内,${t.windowDays} 天内(${day(m.hits[0].at)} 至 ${day(r.at)})${what} ${m.hits.length} 件` +
          `(${people.map((p) => ctx.name(p)).join('、')}),占该范围同期立案与不予立案 ${m.of} 件的 ${pct(m.hits.length, m.of)}%`,
        evidence: { eventIds: m.hits.map((d) => d.eventId), photoIds: [], auditIds: [], problems: [{ code: merge ? 'merges_in_area' : 'rejects_in_area' }] },
      });
    }
  }
  return out;
}

/** The case events the rules read: a change of one of these kinds queues the case's evaluation. */
export const ALERT_TRIGGER_KINDS: ReadonlySet<string> = new Set(['verify', 'reject', 'classify', 'request_closing', 'approve_closing', 'fields_changed', 'assigned']);

/** A rule's thresholds as the admin sent them: exactly its fields, each a number within its bounds. Empty: valid. */
export function thresholdProblems(code: AlertRuleCode, value: Record<string, unknown>): { field: string; message: string }[] {
  const fields = ALERT_THRESHOLD_FIELDS[code];
  const out: { field: string; message: string }[] = [];
  for (const k of Object.keys(value)) if (!fields.some((f) => f.key === k)) out.push({ field: k, message: `规则没有阈值 ${k}` });
  for (const f of fields) {
    const v = value[f.key];
    if (typeof v !== 'number' || !Number.isFinite(v)) out.push({ field: f.key, message: `${f.label}须为数字` });
    else if (f.integer && !Number.isInteger(v)) out.push({ field: f.key, message: `${f.label}须为整数` });
    else if (v < f.min || v > f.max) out.push({ field: f.key, message: `${f.label}须在 ${f.min} 至 ${f.max} ${f.unit}之间` });
  }
  return out;
}
