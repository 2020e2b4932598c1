import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { Actor } from '../../platform/auth.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CaseStatus, DisposalClass } from '../cases/cases.enums.js';
import { addWorkingDays, chinaDay, endOfChinaDay, type WorkCalendar } from './work.calendar.js';
import { checkDeadlinePolicy, DEFAULT_DEADLINES, stepOf, type DeadlinePolicy } from './deadline.policy.js';
import { checkRules, DEFAULT_RULES, matchingRules, problemText, RULE_FACTS, type CaseRuleFacts, type DisposalRule } from './disposal.rules.js';
import type { SettingsRepo } from './settings.repo.js';
import { OFFICIAL_YEARS, officialDays } from './official.holidays.js';

const CACHE_MS = 60_000;
const ADMINS = new Set(['admin']);
const RULES_KEY = 'disposal_rules';

/** The disposal rule set an admin keeps in the settings, with its version (optimistic locking, audit). */
export interface StoredRules {
  version: number;
  rules: DisposalRule[];
  updatedAt: string;
  updatedBy: string | null;
}

/**
 * The workflow's clock and the admin's settings: the official calendar (工作日历), the deadline policy
 * and the disposal rules, each edited by an admin and cached for a minute (several app processes may
 * share one database).
 */
export function settingsService(deps: { db: Database; clock: Clock; repo: SettingsRepo; audit: AuditService }) {
  const { db, clock, repo, audit } = deps;
  let cal: { at: number; value: WorkCalendar } | null = null;
  let pol: { at: number; value: DeadlinePolicy } | null = null;
  let rul: { at: number; value: StoredRules | null } | null = null;
  const fresh = (c: { at: number } | null) => c !== null && Date.now() - c.at < CACHE_MS;
  const invalidate = () => {
    cal = null;
    pol = null;
    rul = null;
  };

  async function calendar(): Promise<WorkCalendar> {
    if (fresh(cal)) return cal!.value;
    const days = await repo.calendarDays();
    const value = { holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)), workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)) };
    cal = { at: Date.now(), value };
    return value;
  }
  async function policy(): Promise<DeadlinePolicy> {
    if (fresh(pol)) return pol!.value;
    const stored = (await repo.setting('deadlines')) as Partial<DeadlinePolicy> | undefined;
    const value = { ...DEFAULT_DEADLINES, ...(stored ?? {}), rectifyDays: { ...DEFAULT_DEADLINES.rectifyDays, ...(stored?.rectifyDays ?? {}) } };
    pol = { at: Date.now(), value };
    return value;
  }
  /** The disposal rule set as stored (null: none stored, the built-in defaults apply). */
  async function storedRules(): Promise<StoredRules | null> {
    if (fresh(rul)) return rul!.value;
    const value = ((await repo.setting(RULES_KEY)) as StoredRules | undefined) ?? null;
    rul = { at: Date.now(), value };
    return value;
  }
  /** The rule set in force, its version (0: the built-in defaults) and what a rule may test. */
  async function disposalRules() {
    const stored = await storedRules();
    return {
      version: stored?.version ?? 0,
      rules: stored?.rules ?? DEFAULT_RULES,
      updatedAt: stored?.updatedAt ?? null,
      updatedBy: stored?.updatedBy ?? null,
      isDefault: !stored,
      defaults: DEFAULT_RULES,
      facts: RULE_FACTS,
    };
  }

  /** 422 with every problem: `reasons` as sentences, `problems` placed on their rule and condition (the admin's form). */
  function refuseBadRules(rules: unknown) {
    const problems = checkRules(rules);
    if (!problems.length) return;
    const reasons = problems.map((p) => problemText(p, rules));
    throw new AppError('settings.invalid_rules', 422, reasons.join(';'), { reasons, problems });
  }

  return {
    calendar,
    policy,
    invalidate,
    async rules(): Promise<DisposalRule[]> {
      return (await storedRules())?.rules ?? DEFAULT_RULES;
    },
    /**
     * The deadline of the step a case enters: end of the China day `days` working days from today.
     * `explicit` (YYYY-MM-DD) overrides it and may not lie in the past. `kindDays`: an item kind's own
     * working days by the status entered (shared/item-kinds.ts), instead of the policy's steps.
     */
    async deadlineFor(status: CaseStatus, cls: DisposalClass | null, explicit?: string, kindDays?: Partial<Record<string, number>>): Promise<Date | null> {
      const today = chinaDay(clock.now());
      if (explicit) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(explicit) || Number.isNaN(Date.parse(`${explicit}T00:00:00Z`)))
          throw badRequest('case.invalid_deadline', '期限日期无效', { field: 'deadline' });
        if (explicit < today) throw new AppError('case.deadline_in_past', 422, `期限 ${explicit} 早于今天`, { field: 'deadline', reasons: [`期限 ${explicit} 早于今天`] });
        return endOfChinaDay(explicit);
      }
      if (kindDays) {
        const days = kindDays[status];
        return days === undefined ? null : endOfChinaDay(addWorkingDays(today, days, await calendar()));
      }
      const step = stepOf(status, cls, await policy());
      if (!step) return null;
      return endOfChinaDay(addWorkingDays(today, step.days, await calendar()));
    },

    /** The days set in one year's official calendar (holidays and make-up working days). */
    async calendarYear(year: number) {
      const days = await repo.calendarDays(`${year}-01-01`, `${year + 1}-01-01`);
      return { year, days };
    },
    /** An admin sets one day of the official calendar: a holiday, or a weekend made a working day (调休). */
    async setDay(actor: Actor, day: string, kind: 'holiday' | 'workday', name: string) {
      if (!ADMINS.has(actor.role)) throw forbidden('calendar.forbidden', '只有系统管理员可以维护工作日历');
      if (Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day)
        throw badRequest('calendar.invalid_day', `日期无效: ${day}`, { field: 'day' });
      const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
      if (kind === 'workday' && dow !== 0 && dow !== 6) throw badRequest('calendar.not_weekend', '调休上班日须为周六或周日', { field: 'kind' });
      await db.transaction(async () => {
        await repo.upsertDay({ day, kind, name, updated_by: actor.id, updated_at: clock.now() });
        await audit.append(actor, { action: 'calendar.set', entity: 'calendar_day', entityId: null, after: { day, kind, name } });
      });
      invalidate();
      return { day, kind, name };
    },
    /** The State Council arrangements this release carries, and how many of each year's days the calendar holds as the notice says. */
    async officialYears() {
      const set = new Map((await repo.calendarDays()).map((d) => [d.day, d]));
      return OFFICIAL_YEARS.map((y) => {
        const days = officialDays(y);
        const matching = days.filter((d) => set.get(d.day)?.kind === d.kind).length;
        return { year: y.year, source: y.source, published: y.published, days: days.length, matching };
      });
    },
    /**
     * Sets every day of a year's State Council arrangement in one step (one audit record naming the notice).
     * `actor` null: the demo seeder. Days the admin set otherwise in that year are overwritten by the notice.
     */
    async importOfficial(actor: Actor | null, year: number) {
      if (actor && !ADMINS.has(actor.role)) throw forbidden('calendar.forbidden', '只有系统管理员可以维护工作日历');
      const y = OFFICIAL_YEARS.find((o) => o.year === year);
      if (!y) throw notFound(`${year} 年的国务院节假日安排(本版本未收录,请按通知逐日设置)`, 'calendar.no_official_year');
      const days = officialDays(y);
      await db.transaction(async () => {
        for (const d of days) await repo.upsertDay({ ...d, updated_by: actor?.id ?? null, updated_at: clock.now() });
        await audit.append(actor, { action: 'calendar.import_official', entity: 'calendar_day', entityId: null, after: { year, source: y.source, days: days.length } });
      });
      invalidate();
      return { year, source: y.source, published: y.published, days: days.length, matching: days.length };
    },
    async clearDay(actor: Actor, day: string) {
      if (!ADMINS.has(actor.role)) throw forbidden('calendar.forbidden', '只有系统管理员可以维护工作日历');
      await db.transaction(async () => {
        if (!(await repo.deleteDay(day))) throw notFound('日历日期', 'calendar.not_found');
        await audit.append(actor, { action: 'calendar.clear', entity: 'calendar_day', entityId: null, before: { day } });
      });
      invalidate();
    },

    deadlines: () => policy(),
    async setDeadlines(actor: Actor, p: DeadlinePolicy) {
      if (!ADMINS.has(actor.role)) throw forbidden('settings.forbidden', '只有系统管理员可以修改期限设置');
      const problems = checkDeadlinePolicy(p);
      if (problems.length) throw new AppError('settings.invalid', 422, problems.join(';'), { reasons: problems });
      await db.transaction(async () => {
        const before = await policy();
        await repo.putSetting('deadlines', p, actor.id, clock.now());
        await audit.append(actor, { action: 'settings.deadlines', entity: 'settings', entityId: null, before, after: p });
      });
      invalidate();
      return policy();
    },

    disposalRules,
    /**
     * An admin replaces the rule set (from the version they saw): checked with a zh-CN reason per
     * problem, stored as the next version, audited with the set before and after.
     */
    async setDisposalRules(actor: Actor, version: number, rules: unknown) {
      if (!ADMINS.has(actor.role)) throw forbidden('settings.forbidden', '只有系统管理员可以修改处置规则');
      refuseBadRules(rules);
      const clean = (rules as DisposalRule[]).map((r) => ({ id: r.id, priority: r.priority, suggest: r.suggest, reason: r.reason.trim(), when: r.when }));
      await db.transaction(async () => {
        // read inside the transaction, not from the cache: another admin may have saved a minute ago
        const stored = ((await repo.setting(RULES_KEY)) as StoredRules | undefined) ?? null;
        const current = stored?.version ?? 0;
        if (version !== current) throw conflict('settings.version_conflict', `处置规则已被他人修改(当前第 ${current} 版),请刷新后重试`, { currentVersion: current });
        const next: StoredRules = { version: current + 1, rules: clean, updatedAt: clock.now().toISOString(), updatedBy: actor.displayName };
        await repo.putSetting(RULES_KEY, next, actor.id, clock.now());
        await audit.append(actor, {
          action: 'settings.disposal_rules',
          entity: 'settings',
          entityId: null,
          before: { version: current, rules: stored?.rules ?? DEFAULT_RULES },
          after: { version: next.version, rules: clean },
        });
      });
      invalidate();
      return disposalRules();
    },
    /**
     * 试算: which rules of a set (the one in force, or the admin's unsaved draft) match the given facts, and
     * the class they suggest. Reads nothing but the set; a draft is checked as a save would check it.
     */
    async tryDisposalRules(actor: Actor, draft: unknown, facts: Partial<CaseRuleFacts>) {
      if (!ADMINS.has(actor.role)) throw forbidden('settings.forbidden', '只有系统管理员可以试算处置规则');
      if (draft !== undefined) refuseBadRules(draft);
      const rules = (draft as DisposalRule[] | undefined) ?? (await storedRules())?.rules ?? DEFAULT_RULES;
      const f: CaseRuleFacts = {
        ownerKind: null,
        onBasicFarmland: false,
        onCultivatedLand: false,
        safetyRisk: 'low',
        landType: null,
        use: null,
        structure: null,
        areaM2: null,
        floors: null,
        origin: 'new',
        enterpriseName: null,
        ...facts,
      };
      const hit = matchingRules(f, rules);
      return {
        disposalClass: hit.length ? rules[hit[0]].suggest : null,
        matches: hit.map((i) => ({ rule: i, suggest: rules[i].suggest, reason: rules[i].reason })),
      };
    },
    /** Earlier versions of the rule set, from the audit log (newest first). */
    async disposalRulesHistory(actor: Actor) {
      if (!ADMINS.has(actor.role)) throw forbidden('settings.forbidden', '只有系统管理员可以查看处置规则的修改记录');
      return (await repo.settingHistory('settings.disposal_rules', 50)).map((a) => ({ at: a.at, by: a.display_name ?? a.actor_name, before: a.before, after: a.after }));
    },
  };
}
export type SettingsService = ReturnType<typeof settingsService>;
/** What the workflow needs of the settings: the calendar, the deadline policy and the disposal rules in force. */
export type WorkTime = Pick<SettingsService, 'calendar' | 'policy' | 'rules' | 'deadlineFor'>;
