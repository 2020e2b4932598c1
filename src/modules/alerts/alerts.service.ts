import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { BlobStore } from '../../platform/blobs.js';
import type { DocumentsService } from '../documents/documents.service.js';
import { cjkFonts } from '../documents/document.pdf.js';
import { renderReferral } from './alert.pdf.js';
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
  ALERT_SEVERITY_LABELS,
  ALERT_STEP_LABELS,
  ALERT_THRESHOLD_FIELDS,
  type AlertAction,
  type AlertRuleCode,
  type AlertSeverity,
  type AlertStatus,
} from '../../../shared/alerts.js';
import { DISPOSAL_LABELS, ROLE_LABELS, STATUS_LABELS, type CaseStatus, type DisposalClass, type Role } from '../../../shared/enums.js';
import {
  evaluateCase,
  groupImported,
  rejectionsConcentrated,
  situationId,
  thresholdProblems,
  untouchedSinceRegistration,
  type CaseFacts,
  type ConcentrationFocus,
  type Finding,
  type RuleContext,
  type RuleSetting,
} from './alert.rules.js';
import { allowedAlertActions, decideAlert, referralNo } from './alert.workflow.js';
import type { AlertRow, AlertsRepo } from './alerts.repo.js';
import { oversightRepo } from './oversight.repo.js';
import { oversightService } from './oversight.service.js';

/** Cases read and judged together: one statement per kind of fact for all of them. */
const SWEEP_PAGE = 500;
/** The China hour from which the periodic tick queues the night's sweep (once per day, see scheduleNightly). */
const NIGHTLY_HOUR = 2;
/** The nightly sweep looks for lookalikes of the photos uploaded in these last days only (older ones were judged on earlier nights). */
const SWEEP_PHOTO_DAYS = 3;
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
export function alertsService(deps: {
  db: Database;
  clock: Clock;
  repo: AlertsRepo;
  audit: AuditService;
  photos: PhotosService;
  jobs: JobQueue;
  blobs: BlobStore;
  /** The referral sheet's location map (the dossier's). */
  documents: DocumentsService;
  fontDir: string;
}) {
  const { db, clock, repo, audit } = deps;

  async function settings(): Promise<RuleSetting[]> {
    return (await repo.rules())
      .filter((r) => (ALERT_RULES as readonly string[]).includes(r.code))
      .map((r) => ({ code: r.code as AlertRuleCode, enabled: r.enabled, severity: r.severity, thresholds: r.thresholds as Record<string, number>, version: r.version }));
  }

  /**
   * Runs every enabled rule over these cases and raises what is new. A situation raised before (same rule
   * and key) is not raised again, whatever its status: safe to run any number of times, from any process.
   * `sweeping`: a page of the nightly sweep, which compares only the photos of the last days and judges the
   * concentrations once at its end instead of around each page's rejections.
   */
  async function evaluate(caseIds: string[], sweeping = false): Promise<number> {
    const ids = [...new Set(caseIds)];
    if (!ids.length) return 0;
    return db.transaction(async () => {
      const rules = await settings();
      const rebuild = rules.find((r) => r.code === 'rebuild_after_demolition' && r.enabled);
      const facts = await repo.caseFacts(ids, {
        ...(sweeping ? { photosSince: new Date(clock.now().getTime() - SWEEP_PHOTO_DAYS * 86400_000) } : {}),
        ...(rebuild ? { rebuild: { radiusM: rebuild.thresholds.radiusM, withinDays: rebuild.thresholds.withinDays } } : {}),
      });
      const people = new Set<string>();
      for (const c of facts) {
        for (const e of c.events) {
          if (e.actorId) people.add(e.actorId);
          if (e.assigneeId) people.add(e.assigneeId);
        }
        for (const d of c.demolitionsNearby) for (const u of d.closers) people.add(u);
        for (const v of c.personalDataViews) people.add(v.actorId);
        if (c.reportedBy) people.add(c.reportedBy);
      }
      for (const c of facts) for (const p of c.photos) if (p.uploadedBy) people.add(p.uploadedBy);
      const ctx = await context([...people]);
      const found = facts.flatMap((c) => evaluateCase(c, rules, ctx));
      if (!sweeping) found.push(...(await concentration(rules, recentRejections(facts, rules))));
      return raise(found, facts);
    });
  }

  async function context(people: string[]): Promise<RuleContext> {
    const names = await repo.userNames(people);
    return { name: (id: string | null) => (id ? (names.get(id) ?? '(已删除的账号)') : '系统'), now: clock.now() };
  }

  /** The people and places of rejections among these cases within the concentration rule's window: where it looks again. */
  function recentRejections(facts: CaseFacts[], rules: RuleSetting[]): ConcentrationFocus | undefined {
    const s = rules.find((r) => r.code === 'rejections_concentrated' && r.enabled);
    if (!s) return undefined;
    const since = clock.now().getTime() - s.thresholds.windowDays * 86400_000;
    const focus: ConcentrationFocus = { users: new Set(), points: [] };
    for (const c of facts) {
      for (const e of c.events) {
        if (e.kind !== 'reject' || e.at.getTime() < since) continue;
        if (e.actorId) focus.users.add(e.actorId);
        focus.points.push([c.lon, c.lat]);
      }
    }
    return focus.points.length ? focus : undefined;
  }

  /**
   * 不予立案或合并集中: judged over the decisions of the last three windows (a window, the one before it for the
   * situation's start, and the one before that for the start's own window): of everyone (`null`: the sweep), or
   * of the people and around the places given; none when `focus` is undefined.
   */
  async function concentration(rules: RuleSetting[], focus: ConcentrationFocus | null | undefined) {
    const s = rules.find((r) => r.code === 'rejections_concentrated' && r.enabled);
    if (!s || focus === undefined) return [];
    const now = clock.now();
    const since = new Date(now.getTime() - 3 * s.thresholds.windowDays * 86400_000);
    let box: [number, number, number, number] | null = null;
    if (focus) {
      // the points and three radii around them: every rejection within a radius of them, and its own neighbours' neighbours
      const dLat = (3 * s.thresholds.radiusM) / 111_320;
      for (const [lon, lat] of focus.points) {
        const dLon = dLat / Math.cos((lat * Math.PI) / 180);
        box = box
          ? [Math.min(box[0], lon - dLon), Math.min(box[1], lat - dLat), Math.max(box[2], lon + dLon), Math.max(box[3], lat + dLat)]
          : [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
      }
    }
    const decisions = await repo.decisions(since, focus ? { users: [...focus.users], box } : null);
    const people = [...new Set(decisions.map((d) => d.actorId).filter((x): x is string => !!x))];
    const [ctx, homes] = await Promise.all([context(people), repo.homes(people)]);
    return rejectionsConcentrated(decisions, s.thresholds, ctx, focus, homes).map((f) => ({ ...f, severity: s.severity, ruleVersion: s.version }));
  }

  /**
   * Raises what is new among these findings. The findings on imported cases nobody has acted on yet (among `facts`)
   * are kept as members of their import's alert for the day (groupImported), made when the first of them is found;
   * a situation is new when it is neither an alert nor a member yet. Returns the alerts written.
   */
  async function raise(all: (Finding & { severity: AlertSeverity; ruleVersion: number })[], facts: CaseFacts[] = []): Promise<number> {
    if (!all.length) return 0;
    const now = clock.now();
    // Known in committed rows (alerts and members are never deleted): nothing to raise. The others are locked and
    // looked up again, so that another transaction raising one of them at the same time (a change's job and the
    // sweep's page, one alone and one in a group) is waited for and seen, and the situation is raised once.
    const known = await repo.knownSituations(all);
    const unknown = all.filter((f) => !known.has(situationId(f.rule, f.key)));
    if (!unknown.length) return 0;
    await repo.lockSituations(unknown);
    const raced = await repo.knownSituations(unknown);
    const found = unknown.filter((f) => !raced.has(situationId(f.rule, f.key)));
    if (!found.length) return 0;
    const untouched = new Set(facts.filter(untouchedSinceRegistration).map((c) => c.id));
    const candidates = [...new Set(found.filter((f) => f.caseIds.length === 1 && untouched.has(f.caseIds[0])).map((f) => f.caseIds[0]))];
    const origins = await repo.importOrigins(candidates);
    const { single, groups } = groupImported(found, origins, untouched, chinaDay(now));
    const evidence = { eventIds: [], photoIds: [], auditIds: [], problems: [] };
    const rows = [
      ...single.map((f) => ({
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
        import_id: null,
      })),
      // a group's cases are its members: the alert itself names none
      ...groups.map((g) => ({
        id: randomUUID(),
        rule: g.rule,
        severity: g.severity,
        status: 'open' as const,
        situation_key: g.key,
        case_ids: [],
        user_ids: g.userIds,
        division_code: g.divisionCode,
        division_path: g.divisionPath,
        summary: g.summary,
        evidence,
        rule_version: g.ruleVersion,
        created_at: now,
        import_id: g.importId,
      })),
    ];
    const written = new Set((await repo.insertAlerts(rows)).map((r) => r.id));
    // a group made earlier today (an earlier page of the sweep) takes the members found since
    for (const [i, g] of groups.entries()) {
      const row = rows[single.length + i];
      const alertId = written.has(row.id) ? row.id : await repo.alertIdOf(g.rule, g.key);
      if (!alertId) continue;
      await repo.insertMembers(
        g.members.map((m) => ({
          alert_id: alertId,
          rule: m.rule,
          situation_key: m.key,
          case_id: m.caseIds[0],
          user_ids: m.userIds,
          summary: m.summary,
          evidence: m.evidence as unknown as Record<string, unknown>,
          created_at: now,
        })),
      );
    }
    // one statement for the steps: a first sweep raises thousands (bench/alerts-sweep.ts)
    await repo.insertRaiseSteps(
      rows.filter((x) => written.has(x.id)).map((r) => r.id),
      now,
    );
    for (const r of rows.filter((x) => written.has(x.id))) {
      await audit.append(null, { action: 'alert.raise', entity: 'alert', entityId: r.id, after: { rule: r.rule, severity: r.severity, status: 'open', summary: r.summary } });
    }
    return written.size;
  }

  /** The nightly sweep: every case, a page at a time, each page in its own transaction; then the concentrations over everyone. */
  async function sweep(): Promise<{ cases: number; raised: number }> {
    let after: string | null = null;
    let cases = 0;
    let raised = 0;
    for (;;) {
      const ids = await repo.caseIdsAfter(after, SWEEP_PAGE);
      if (!ids.length) break;
      raised += await evaluate(ids, true);
      cases += ids.length;
      after = ids[ids.length - 1];
    }
    raised += await db.transaction(async () => raise(await concentration(await settings(), null)));
    return { cases, raised };
  }

  /** A supervisor who may read this alert: in his jurisdiction and not about him. */
  function visible(actor: Actor, a: AlertRow | undefined): AlertRow {
    if (!a || !inJurisdiction(actor, a.division_path) || a.user_ids.includes(actor.id)) throw notFound('预警', 'alert.not_found');
    return a;
  }

  function assertSupervisor(actor: Actor) {
    if (actor.role !== 'supervisor') throw forbidden('alert.forbidden', '只有纪检监察人员可以查看和处理预警');
  }

  /** The inbox rows with the case numbers, people and places they name; a group with its import and how many cases the reader may see in it. */
  async function present(rows: AlertRow[], readerId: string) {
    const caseIds = [...new Set(rows.flatMap((r) => r.case_ids))];
    const userIds = [...new Set(rows.flatMap((r) => r.user_ids))];
    const groupIds = rows.filter((r) => r.import_id).map((r) => r.id);
    const [cases, users, places, counts, imports] = await Promise.all([
      repo.cases(caseIds),
      repo.users(userIds),
      repo.townOf([...new Set(rows.map((r) => r.division_code))]),
      repo.memberCounts(groupIds, readerId),
      repo.importBriefs([...new Set(rows.flatMap((r) => (r.import_id ? [r.import_id] : [])))]),
    ]);
    const caseNo = new Map<string, string>(cases.map((c) => [c.id, c.case_no]));
    const user = new Map(users.map((u) => [u.id, u]));
    return rows.map((r) => {
      const imp = r.import_id ? imports.get(r.import_id) : undefined;
      return {
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
        group: r.import_id && imp ? { importId: r.import_id, filename: imp.filename, importedAt: imp.importedAt, caseCount: counts.get(r.id) ?? 0 } : null,
      };
    });
  }

  const service = {
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
      return { items: await present(items, actor.id), total };
    },

    /** One alert with its evidence: the cases (numbers, places), their photos, their audit records as sentences, and its steps. */
    async get(actor: Actor, id: string) {
      assertSupervisor(actor);
      const a = visible(actor, await repo.byId(id));
      const [item] = await present([a], actor.id);
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
      const shown = new Set<string>(photos.map((p) => p.id));
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
        photoPairs: (ev.pairs ?? []).filter((x) => shown.has(x.photoId) && shown.has(x.otherPhotoId)),
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

    /** A page of the cases a group lists (an import's untouched cases, each with what was found on it), never those about the reader. */
    async members(actor: Actor, id: string, page: { limit?: number; offset?: number }) {
      assertSupervisor(actor);
      const a = visible(actor, await repo.byId(id));
      if (!a.import_id) throw conflict('alert.not_a_group', '该预警不是导入批次的汇总预警,涉及案件见预警详情');
      const { items, total } = await repo.members(a.id, actor.id, page.limit ?? 50, page.offset ?? 0);
      return {
        items: items.map((m) => ({
          caseId: m.case_id,
          caseNo: m.case_no,
          status: m.status as CaseStatus,
          placeName: `${m.town_name} ${m.village_name}`,
          addressText: m.address_text,
          summary: m.summary,
          foundAt: m.created_at,
        })),
        total,
      };
    },

    /**
     * The referral sheet (问题线索移送单) of a referred alert as a PDF: its number, rule, finding, people, cases,
     * the review's steps and reasons; the photos it judged (a reused photo beside the one it repeats), the place
     * and the cases' audit records with their hashes attached. Each download is audited.
     */
    async referralPdf(actor: Actor, id: string) {
      const d = await this.get(actor, id);
      const refer = d.steps.find((s) => s.action === 'refer');
      if (d.status !== 'referred' || !refer?.referralNo) throw conflict('alert.not_referred', '预警尚未移送,没有问题线索移送单', { status: d.status });
      const fonts = cjkFonts(deps.fontDir);
      if (!fonts) throw new AppError('documents.font_missing', 503, '随产品安装的中文字体缺失,无法生成移送单;请重新执行 npm ci');
      const at = (t: Date | string) => new Date(new Date(t).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
      const image = async (photoId: string) => {
        const ref = await deps.photos.open(actor, photoId, 'display');
        return sharp(await deps.blobs.get(ref.key))
          .resize(900, 700, { fit: 'inside' })
          .jpeg({ quality: 80 })
          .toBuffer()
          .catch(() => null);
      };
      const caseNo = new Map(d.cases.map((c) => [c.id, c.caseNo]));
      const STAGE: Record<string, string> = { before: '整改前', during: '整改中', after: '整改后' };
      const caption = (p: (typeof d.photos)[number]) =>
        `${caseNo.get(p.caseId) ?? ''}【${STAGE[p.stage] ?? p.stage}】${p.capturedAt ? `拍摄 ${at(p.capturedAt)}` : '拍摄时间不详'}${p.problems.length ? `;${p.problems.map((x) => x.detail ?? x.label).join(';')}` : ''}`;
      const photoRows: { image: Buffer; caption: string }[][] = [];
      const placed = new Set<string>();
      for (const pair of d.photoPairs) {
        const row = [];
        for (const pid of [pair.photoId, pair.otherPhotoId]) {
          const p = d.photos.find((x) => x.id === pid)!;
          const img = await image(pid);
          if (img) row.push({ image: img, caption: caption(p) });
          placed.add(pid);
        }
        if (row.length) photoRows.push(row);
      }
      // then the other photos the rule judged, and without any, the cases' 'after' photos (what a closing rests on)
      const involved = d.photos.filter((p) => p.involved && !placed.has(p.id));
      const rest = involved.length || placed.size ? involved : d.photos.filter((p) => p.stage === 'after').slice(0, 6);
      let row: { image: Buffer; caption: string }[] = [];
      for (const p of rest) {
        const img = await image(p.id);
        if (!img) continue;
        row.push({ image: img, caption: caption(p) });
        if (row.length === 2) {
          photoRows.push(row);
          row = [];
        }
      }
      if (row.length) photoRows.push(row);
      // an import group names its cases in its list: the sheet lists them (the first 200, and how many in all)
      const members = d.group ? await repo.members(d.id, actor.id, 200, 0) : null;
      const first = d.cases[0];
      const map = first ? await deps.documents.mapImage(first.id).catch(() => null) : null;
      const referrer = refer.actorName;
      await audit.append(actor, { action: 'alert.referral_pdf', entity: 'alert', entityId: d.id, after: { referralNo: refer.referralNo, rule: d.rule } });
      const pdf = await renderReferral(fonts, {
        referralNo: refer.referralNo,
        to: '市纪委监委',
        intro: `经“无违建”公权力监督预警发现并核查,${ALERT_RULE_LABELS[d.rule]}问题线索属实,现予移送,请依规依纪处置。证据照片、案件位置和相关审计记录附后。`,
        rows: [
          ['移送编号', refer.referralNo],
          ['预警规则', `${ALERT_RULE_LABELS[d.rule]}(严重程度:${ALERT_SEVERITY_LABELS[d.severity]};规则第 ${d.ruleVersion} 版)`],
          ['预警时间', at(d.createdAt)],
          ['问题摘要', d.summary],
          ['发现问题', [...d.problems, ...d.photos.flatMap((p) => p.problems)].map((x) => x.detail ?? x.label).join(';') || '见问题摘要'],
          ['涉及人员', d.users.map((u) => `${u.displayName}${u.role ? `(${ROLE_LABELS[u.role as Role] ?? u.role})` : ''}`).join('、')],
          [
            '涉及案件',
            d.cases
              .map(
                (c) =>
                  `${c.caseNo} ${c.addressText || `${c.townName} ${c.villageName}`},${STATUS_LABELS[c.status]}${c.disposalClass ? `,${DISPOSAL_LABELS[c.disposalClass]}` : ''}${c.areaM2 !== null ? `,${c.areaM2} 平方米` : ''}`,
              )
              .join('\n') ||
              (members
                ? `${d.group?.filename} 导入的案件共 ${members.total} 件:\n` +
                  members.items.map((m) => `${m.case_no} ${m.address_text || `${m.town_name} ${m.village_name}`},${STATUS_LABELS[m.status as CaseStatus]}`).join('\n') +
                  (members.total > members.items.length ? `\n……等 ${members.total} 件(完整清单见系统)` : '')
                : ''),
          ],
          ['核查经过', d.steps.map((s) => `${at(s.at)} ${s.actorName} ${ALERT_STEP_LABELS[s.action]}${s.reason ? `:${s.reason}` : ''}`).join('\n')],
          ['移送人', `${referrer},${at(refer.at)}`],
        ],
        signature: {
          issuer: '纪检监察(公权力监督)',
          date: at(refer.at)
            .slice(0, 10)
            .replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_, y, m, dd) => `${y}年${Number(m)}月${Number(dd)}日`),
        },
        photoRows,
        map: map && first ? { image: map, caption: `${first.caseNo} ${first.townName} ${first.villageName}(${first.lon.toFixed(6)}, ${first.lat.toFixed(6)})` } : null,
        audit: d.auditRecords.map((r) => ({
          id: r.id,
          at: at(r.at),
          who: r.actorLabel,
          sentence: r.sentence,
          hash: r.hash,
          prevHash: r.prev_hash,
          involved: r.involved,
        })),
        generatedAt: at(clock.now()),
      });
      return { name: `问题线索移送单${refer.referralNo}.pdf`, pdf };
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
  // the profile per official and the monthly supervision report read the inbox's list as the reader may see it
  const overview = oversightService({ clock, repo: oversightRepo(db), fontDir: deps.fontDir, listAlerts: (actor, q) => service.list(actor, q) });
  return { ...service, officialProfile: overview.profile, monthlyReport: overview.monthly, monthlyReportPdf: overview.monthlyPdf };
}
export type AlertsService = ReturnType<typeof alertsService>;
