import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { inJurisdiction, type Actor } from '../../platform/auth.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import type { JobQueue } from '../../platform/jobs.js';
import type { AuditService } from '../audit/audit.service.js';
import type { PhotosService } from '../photos/photos.service.js';
import {
  ALERT_PROBLEM_LABELS,
  ALERT_RULE_LABELS,
  ALERT_RULES,
  ALERT_THRESHOLD_FIELDS,
  type AlertAction,
  type AlertRuleCode,
  type AlertSeverity,
  type AlertStatus,
} from '../../../shared/alerts.js';
import type { CaseStatus, DisposalClass } from '../../../shared/enums.js';
import { evaluateCase, thresholdProblems, type Finding, type RuleSetting } from './alert.rules.js';
import { allowedAlertActions, decideAlert, referralNo } from './alert.workflow.js';
import type { AlertRow, AlertsRepo } from './alerts.repo.js';

/** Cases read and judged together: one statement per kind of fact for all of them. */
const SWEEP_PAGE = 500;
/** The China hour from which the periodic tick queues the night's sweep (once per day, see scheduleNightly). */
const NIGHTLY_HOUR = 2;
/** The most audit records of one case the evidence shows. */
const EVIDENCE_AUDIT_MAX = 200;

export interface AlertQuery {
  status?: string[];
  rule?: string[];
  severity?: string[];
  division?: string;
  user?: string;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export interface RuleUpdate {
  code: AlertRuleCode;
  enabled: boolean;
  severity: AlertSeverity;
  thresholds: Record<string, number>;
  version: number;
}

const chinaDay = (t: Date) => new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const chinaDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
/** A case event's audit action (the timeline and the audit trail record the same change). */
const eventAction = (kind: string) => (kind === 'fields_changed' ? 'case.update' : kind === 'assigned' ? 'case.assign' : `case.${kind}`);

/**
 * Supervision of public power (公权力监督闭环): the rules as data (alert_rules), the evaluation of cases (a job
 * per relevant change, a nightly sweep over all), the supervisor's inbox with its evidence and the alert's
 * lifecycle, each step audited. Reads the case, photo and audit records; changes none of them.
 */
export function alertsService(deps: { db: Database; clock: Clock; repo: AlertsRepo; audit: AuditService; photos: PhotosService; jobs: JobQueue }) {
  const { db, clock, repo, audit } = deps;

  async function settings(): Promise<RuleSetting[]> {
    return (await repo.rules())
      .filter((r) => (ALERT_RULES as readonly string[]).includes(r.code))
      .map((r) => ({ code: r.code as AlertRuleCode, enabled: r.enabled, severity: r.severity, thresholds: r.thresholds as Record<string, number>, version: r.version }));
  }

  /**
   * Runs every enabled rule over these cases and raises what is new. A situation raised before (same rule
   * and key) is not raised again, whatever its status: safe to run any number of times, from any process.
   */
  async function evaluate(caseIds: string[]): Promise<number> {
    const ids = [...new Set(caseIds)];
    if (!ids.length) return 0;
    return db.transaction(async () => {
      const rules = await settings();
      const facts = await repo.caseFacts(ids);
      const people = new Set<string>();
      for (const c of facts) {
        for (const e of c.events) if (e.actorId) people.add(e.actorId);
        for (const v of c.personalDataViews) people.add(v.actorId);
        if (c.reportedBy) people.add(c.reportedBy);
      }
      const names = await repo.userNames([...people]);
      const ctx = { name: (id: string | null) => (id ? (names.get(id) ?? '(已删除的账号)') : '系统'), now: clock.now() };
      const found = facts.flatMap((c) => evaluateCase(c, rules, ctx));
      return raise(found);
    });
  }

  async function raise(found: (Finding & { severity: AlertSeverity; ruleVersion: number })[]): Promise<number> {
    if (!found.length) return 0;
    const now = clock.now();
    const rows = found.map((f) => ({
      id: randomUUID(),
      rule: f.rule,
      severity: f.severity,
      status: 'open' as const,
      situation_key: f.key,
      case_ids: f.caseIds,
      user_ids: f.userIds,
      division_code: f.divisionCode,
      division_path: f.divisionPath,
      summary: f.summary,
      evidence: f.evidence as unknown as Record<string, unknown>,
      rule_version: f.ruleVersion,
      created_at: now,
    }));
    const written = new Set((await repo.insertAlerts(rows)).map((r) => r.id));
    for (const r of rows.filter((x) => written.has(x.id))) {
      await repo.insertStep({ alert_id: r.id, at: now, actor_id: null, action: 'raise', from_status: null, to_status: 'open', reason: null, referral_no: null });
      await audit.append(null, { action: 'alert.raise', entity: 'alert', entityId: r.id, after: { rule: r.rule, severity: r.severity, status: 'open', summary: r.summary } });
    }
    return written.size;
  }

  /** The nightly sweep: every case, a page at a time, each page in its own transaction. */
  async function sweep(): Promise<{ cases: number; raised: number }> {
    let after: string | null = null;
    let cases = 0;
    let raised = 0;
    for (;;) {
      const ids = await repo.caseIdsAfter(after, SWEEP_PAGE);
      if (!ids.length) return { cases, raised };
      raised += await evaluate(ids);
      cases += ids.length;
      after = ids[ids.length - 1];
    }
  }

  /** A supervisor who may read this alert: in his jurisdiction and not about him. */
  function visible(actor: Actor, a: AlertRow | undefined): AlertRow {
    if (!a || !inJurisdiction(actor, a.division_path) || a.user_ids.includes(actor.id)) throw notFound('预警', 'alert.not_found');
    return a;
  }

  function assertSupervisor(actor: Actor) {
    if (actor.role !== 'supervisor') throw forbidden('alert.forbidden', '只有纪检监察人员可以查看和处理预警');
  }

  /** The inbox rows with the case numbers, people and places they name. */
  async function present(rows: AlertRow[]) {
    const caseIds = [...new Set(rows.flatMap((r) => r.case_ids))];
    const userIds = [...new Set(rows.flatMap((r) => r.user_ids))];
    const [cases, users, places] = await Promise.all([repo.cases(caseIds), repo.users(userIds), repo.townOf([...new Set(rows.map((r) => r.division_code))])]);
    const caseNo = new Map(cases.map((c) => [c.id, c.case_no]));
    const user = new Map(users.map((u) => [u.id, u]));
    return rows.map((r) => ({
      id: r.id,
      rule: r.rule as AlertRuleCode,
      severity: r.severity,
      status: r.status,
      caseIds: r.case_ids,
      userIds: r.user_ids,
      createdAt: r.created_at,
      summary: r.summary,
      divisionCode: r.division_code,
      placeName: places.get(r.division_code) ?? '',
      cases: r.case_ids.map((id) => ({ id, caseNo: caseNo.get(id) ?? '' })),
      users: r.user_ids.map((id) => ({ id, displayName: user.get(id)?.display_name ?? '(已删除的账号)', role: user.get(id)?.role ?? null })),
    }));
  }

  return {
    evaluate,
    sweep,

    /** Queues one evaluation of a case (a job, so the change that asked for it commits first). */
    enqueueCase: (caseId: string) => deps.jobs.enqueue('alerts.evaluate', { caseId }),

    /**
     * Called by every worker's periodic tick: from NIGHTLY_HOUR (China time) on, the first process to claim
     * the day queues its sweep job; the others find the day taken. Returns whether this call queued it.
     */
    async scheduleNightly(): Promise<boolean> {
      const now = clock.now();
      if (new Date(now.getTime() + 8 * 3600_000).getUTCHours() < NIGHTLY_HOUR) return false;
      const day = chinaDay(now);
      return db.transaction(async () => {
        if (!(await repo.claimSweep(day, now))) return false;
        await deps.jobs.enqueue('alerts.sweep', { day });
        return true;
      });
    },

    async list(actor: Actor, q: AlertQuery) {
      assertSupervisor(actor);
      let divisionPath: string | undefined;
      if (q.division) {
        const p = await repo.divisionPath(q.division);
        if (!p) throw badRequest('alert.unknown_division', `未知行政区划代码: ${q.division}`, { field: 'division' });
        divisionPath = p;
      }
      if (q.from && q.to && q.from > q.to) throw badRequest('alert.invalid_range', '开始日期晚于结束日期', { field: 'from' });
      const { items, total } = await repo.list({
        scopePath: actor.divisionPath,
        readerId: actor.id,
        status: q.status,
        rule: q.rule,
        severity: q.severity,
        divisionPath,
        userId: q.user,
        from: q.from ? chinaDayStart(q.from) : undefined,
        to: q.to ? new Date(chinaDayStart(q.to).getTime() + 86400_000) : undefined,
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      });
      return { items: await present(items), total };
    },

    /** One alert with its evidence: the cases (numbers, places), their photos, their audit records as sentences, and its steps. */
    async get(actor: Actor, id: string) {
      assertSupervisor(actor);
      const a = visible(actor, await repo.byId(id));
      const [item] = await present([a]);
      const ev = a.evidence as unknown as Finding['evidence'];
      const [cases, steps] = await Promise.all([repo.cases(a.case_ids), repo.steps(a.id)]);
      const caseFacts = await repo.caseFacts(a.case_ids);
      const involvedEvents = caseFacts.flatMap((c) => c.events.filter((e) => ev.eventIds.includes(e.id)));
      const photos = [];
      const records = [];
      for (const c of cases) {
        for (const p of await deps.photos.listForCase(actor, c.id)) {
          const problems = ev.problems.filter((x) => x.photoId === p.id).map((x) => ({ code: x.code, label: ALERT_PROBLEM_LABELS[x.code] ?? x.code, detail: x.detail ?? null }));
          photos.push({ ...p, involved: ev.photoIds.includes(p.id), problems });
        }
        const { items } = await audit.search(actor, { caseId: c.id, limit: EVIDENCE_AUDIT_MAX, offset: 0 });
        for (const r of items) {
          const at = new Date(r.at).getTime();
          const involved =
            ev.auditIds.includes(r.id) || involvedEvents.some((e) => eventAction(e.kind) === r.action && e.actorId === r.actor_id && Math.abs(e.at.getTime() - at) < 2000);
          records.push({ ...r, involved });
        }
      }
      records.sort((x, y) => x.id - y.id);
      return {
        ...item,
        ruleVersion: a.rule_version,
        problems: ev.problems.filter((x) => !x.photoId).map((x) => ({ code: x.code, label: ALERT_PROBLEM_LABELS[x.code] ?? x.code, detail: x.detail ?? null })),
        cases: cases.map((c) => ({
          id: c.id,
          caseNo: c.case_no,
          status: c.status as CaseStatus,
          disposalClass: c.disposal_class as DisposalClass | null,
          areaM2: c.area_m2 === null ? null : Number(c.area_m2),
          addressText: c.address_text,
          townName: c.town_name,
          villageName: c.village_name,
          lon: Number(c.lon),
          lat: Number(c.lat),
        })),
        photos,
        auditRecords: records,
        steps: steps.map((s) => ({
          at: s.at,
          action: s.action,
          fromStatus: s.from_status as AlertStatus | null,
          toStatus: s.to_status as AlertStatus,
          reason: s.reason,
          referralNo: s.referral_no,
          actorName: s.actor_id ? (s.actor_name ?? '(已删除的账号)') : '系统',
        })),
        allowedActions: allowedAlertActions(a.status),
      };
    },

    /** A step of the alert's lifecycle (review, dismiss with a reason, confirm, refer with a referral number), audited. */
    async act(actor: Actor, id: string, action: AlertAction, reason?: string) {
      assertSupervisor(actor);
      await db.transaction(async () => {
        const a = visible(actor, await repo.byId(id, true));
        const d = decideAlert(action, a.status, reason);
        if (!d.ok) throw new AppError(d.code, d.status, d.message, d.code === 'alert.reason_required' ? { field: 'reason' } : { status: a.status, action });
        const now = clock.now();
        const year = Number(chinaDay(now).slice(0, 4));
        const no = action === 'refer' ? referralNo(year, await repo.nextReferral(year)) : null;
        const text = reason?.trim() || null;
        await repo.insertStep({ alert_id: a.id, at: now, actor_id: actor.id, action, from_status: a.status, to_status: d.to, reason: text, referral_no: no });
        const moved = await repo.setStatus(a.id, a.status, d.to);
        if (Number(moved.numUpdatedRows) !== 1) throw conflict('alert.changed', '预警已被他人处理,请刷新后重试');
        await audit.append(actor, {
          action: `alert.${action}`,
          entity: 'alert',
          entityId: a.id,
          before: { status: a.status },
          after: { rule: a.rule, status: d.to, reason: text, referralNo: no },
        });
      });
      return this.get(actor, id);
    },

    /** The rules with their settings and threshold fields (admin). */
    async rules() {
      return {
        items: (await repo.rules())
          .filter((r) => (ALERT_RULES as readonly string[]).includes(r.code))
          .sort((x, y) => ALERT_RULES.indexOf(x.code as AlertRuleCode) - ALERT_RULES.indexOf(y.code as AlertRuleCode))
          .map((r) => ({
            code: r.code as AlertRuleCode,
            label: ALERT_RULE_LABELS[r.code as AlertRuleCode],
            description: r.description,
            enabled: r.enabled,
            severity: r.severity,
            thresholds: r.thresholds as Record<string, number>,
            fields: ALERT_THRESHOLD_FIELDS[r.code as AlertRuleCode],
            version: r.version,
            updatedAt: r.updated_at,
            updatedBy: r.updated_by ? (r.updated_by_name ?? '(已删除的账号)') : null,
          })),
      };
    },

    /** Changes one rule's settings (admin): thresholds checked against the rule's fields, the version must hold, audited before → after. */
    async updateRule(actor: Actor, u: RuleUpdate) {
      if (actor.role !== 'admin') throw forbidden('alert_rule.forbidden', '只有系统管理员可以设置预警规则');
      const problems = thresholdProblems(u.code, u.thresholds as Record<string, unknown>);
      if (problems.length) throw badRequest('alert_rule.invalid_thresholds', problems.map((p) => p.message).join(';'), { field: `thresholds.${problems[0].field}`, problems });
      await db.transaction(async () => {
        const row = await repo.rule(u.code);
        if (!row) throw notFound('预警规则', 'alert_rule.not_found');
        if (row.version !== u.version) throw conflict('alert_rule.version_conflict', '规则已被他人修改,请刷新后重试', { currentVersion: row.version });
        const updated = await repo.updateRule(u.code, u.version, {
          enabled: u.enabled,
          severity: u.severity,
          thresholds: u.thresholds,
          updated_by: actor.id,
          updated_at: clock.now(),
        });
        if (!updated) throw conflict('alert_rule.version_conflict', '规则已被他人修改,请刷新后重试');
        await audit.append(actor, {
          action: 'alert_rule.update',
          entity: 'alert_rule',
          entityId: u.code,
          before: { enabled: row.enabled, severity: row.severity, thresholds: row.thresholds },
          after: { enabled: updated.enabled, severity: updated.severity, thresholds: updated.thresholds },
        });
      });
      return this.rules();
    },
  };
}
export type AlertsService = ReturnType<typeof alertsService>;
