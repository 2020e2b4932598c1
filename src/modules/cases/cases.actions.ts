import { randomUUID } from 'node:crypto';
import { inJurisdiction, type Actor } from '../../platform/auth.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { chinaDay } from '../settings/work.calendar.js';
import { suggestDisposal } from '../settings/disposal.rules.js';
import { decide, type ActionInput, type CaseAction, DEFAULT_POLICY } from './case.workflow.js';
import type { CaseStatus, DisposalClass } from './cases.enums.js';
import { presentCase } from './cases.presenter.js';
import { EDITORS, kindOf, ruleFacts, type CasesCore, type CasesDeps } from './cases.core.js';
import { addressText, checkFields, checkKindFields, FIELD_COLUMNS, normalizeEdit, type CaseFields } from './cases.intake.js';
import { fileEditProblems } from '../../../shared/case-file.js';
import { countyOfPath } from '../divisions/division.levels.js';

/** Who a case can be assigned to (批量分派): field staff and town officers. */
const ASSIGNEE_ROLES = new Set(['inspector', 'town_officer']);
/** Who gives departments tasks on a case. */
const OFFICE = new Set(['town_officer', 'city_office']);
export type BulkAction = CaseAction | 'assign' | 'set_deadline';
export type BulkInput = ActionInput & { assigneeId?: string; department?: string; title?: string };

/** What people do to a case after it is registered: edit, the workflow transitions, assign, deadlines. */
export function casesActions(deps: CasesDeps, core: CasesCore) {
  const { db, clock, casesRepo: repo, audit } = deps;
  const policy = deps.policy ?? DEFAULT_POLICY;
  const { load, recordChange, apply, rules } = core;

  /** Edits registry facts; `version` must match (optimistic locking). */
  async function update(actor: Actor, id: string, version: number, fields: CaseFields) {
    return db.transaction(async () => {
      const before = await load(actor, id);
      if (!EDITORS.has(actor.role)) throw forbidden('case.update_forbidden', '当前角色不能修改案件信息');
      if (before.version !== version) throw conflict('case.version_conflict', '案件已被他人修改,请刷新后重试', { currentVersion: before.version });
      fields = normalizeEdit(fields);
      checkFields(fields);
      if (fields.footprint) await core.assertValidPolygon(fields.footprint);
      const patch: Record<string, unknown> = {};
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const [k, col] of Object.entries(FIELD_COLUMNS)) {
        const v = (fields as Record<string, unknown>)[k];
        if (v === undefined) continue;
        const old = (before as Record<string, unknown>)[col];
        const same = old === v || (k === 'areaM2' && old !== null && v !== null && Number(old) === v);
        if (!same) {
          patch[col] = v;
          changes[k] = { from: old, to: v };
        }
      }
      // only what changes is checked: a number registered before these rules does not block editing the rest
      const problems = fileEditProblems(Object.fromEntries(Object.keys(changes).map((k) => [k, (fields as Record<string, unknown>)[k]])));
      if (problems.length) throw badRequest(problems[0].code, problems.map((p) => p.message).join(';'), { field: problems[0].field, problems });
      if (fields.footprint !== undefined) changes.footprint = { from: before.footprint_geojson, to: fields.footprint };
      if (fields.extra) {
        // the kind's own fields: those given change (null clears one), the others stay
        checkKindFields(kindOf(before), fields, true);
        const old = (typeof before.extra === 'string' ? JSON.parse(before.extra) : (before.extra ?? {})) as Record<string, unknown>;
        const next = Object.fromEntries(Object.entries({ ...old, ...fields.extra }).filter(([, v]) => v !== null && v !== ''));
        if (JSON.stringify(next) !== JSON.stringify(old)) {
          patch.extra = JSON.stringify(next);
          changes.extra = { from: old, to: next };
        }
      }
      if (fields.category !== undefined) checkKindFields(kindOf(before), { category: fields.category });
      if (Object.keys(changes).length === 0) return presentCase(actor, before);
      if ('addressGroup' in changes || 'addressHouseNo' in changes) {
        const group = (patch.address_group !== undefined ? patch.address_group : before.address_group) as string | null;
        const houseNo = (patch.address_house_no !== undefined ? patch.address_house_no : before.address_house_no) as string | null;
        patch.address_text = addressText(before.town_name, before.division_name, group, houseNo);
      }
      patch.updated_at = clock.now();
      const updated = await apply(before, patch, fields.footprint);
      const after = await recordChange(actor, before, updated, { kind: 'fields_changed', data: { changes, afterClosing: before.status === 'closed' } }, 'case.update');
      return presentCase(actor, after);
    });
  }

  /** Whether the case's current deadline is one an officer gave (at 定性 or with 设定期限), not the calendar's. */
  async function officerSetDeadline(id: string): Promise<boolean> {
    const last = await repo.lastDeadlineDecision(id);
    const data = (typeof last?.data === 'string' ? JSON.parse(last.data) : last?.data) as { deadline?: unknown } | undefined;
    return !!data && typeof data.deadline === 'string' && data.deadline !== '';
  }

  /** One workflow transition (see case.workflow.ts). */
  async function act(actor: Actor | 'system', id: string, action: CaseAction, version: number | null, input: ActionInput) {
    return db.transaction(async () => {
      const c = actor === 'system' ? await repo.byId(id) : await load(actor, id);
      if (!c) throw notFound('案件', 'case.not_found');
      if (version !== null && c.version !== version) throw conflict('case.version_conflict', '案件已被他人修改,请刷新后重试', { currentVersion: c.version });
      const now = clock.now();
      const kind = kindOf(c);
      const facts = {
        kind: kind.kind,
        status: c.status as CaseStatus,
        disposalClass: c.disposal_class as DisposalClass | null,
        classifiedAt: c.classified_at ? new Date(c.classified_at) : null,
        afterPhotos: action === 'request_closing' ? await repo.afterPhotoFacts(id) : [],
        openTasks: action === 'request_closing' ? await repo.openTaskCount(id) : 0,
        // the disposal rules are about illegal buildings
        suggested: action === 'classify' && kind.kind === 'violation' ? suggestDisposal(ruleFacts(c), await rules()).disposalClass : null,
      };
      const d = decide(action, actor === 'system' ? 'system' : actor.role, facts, input, now, policy);
      if (!d.ok) throw new AppError(d.code, d.status, d.reasons.join(';'), { reasons: d.reasons, action, status: c.status });
      const patch: Record<string, unknown> = { status: d.to, updated_at: now };
      let mergedInto: string | null = null;
      if (action === 'verify') patch.verified_at = now;
      if (action === 'reject') {
        patch.reject_reason = input.reason ?? '重复上报';
        if (input.duplicateOf) {
          if (input.duplicateOf === id) throw badRequest('case.duplicate_of_self', '不能合并到自身', { field: 'duplicateOf' });
          const kept = actor === 'system' ? await repo.byId(input.duplicateOf) : await load(actor, input.duplicateOf).catch(() => undefined);
          if (!kept) throw badRequest('case.duplicate_target_missing', '被合并的目标案件不存在', { field: 'duplicateOf' });
          patch.duplicate_of = input.duplicateOf;
          mergedInto = kept.case_no;
          await repo.resolveCandidates(id, input.duplicateOf, 'merged', actor === 'system' ? null : actor.id, now);
        }
        // a rejected case is no longer anyone's duplicate question
        await repo.resolveCandidates(id, null, 'dismissed', actor === 'system' ? null : actor.id, now);
        await repo.resolvePointingTo(id, input.duplicateOf ?? null, actor === 'system' ? null : actor.id, now);
      }
      if (action === 'classify') {
        patch.disposal_class = input.disposalClass;
        patch.classified_at = now;
        patch.remedy_ref = input.disposalClass === 'remedy' ? input.remedyRef : null;
        patch.defer_reason = input.disposalClass === 'defer' ? input.deferReason : null;
        patch.review_date = input.disposalClass === 'defer' ? input.reviewDate : null;
      }
      // the deadline of the step the case enters (working days on the official calendar), or the one given
      const cls = (patch.disposal_class !== undefined ? patch.disposal_class : c.disposal_class) as DisposalClass | null;
      // a day an officer gave at 定性 (or set since) is his decision: 开始整改 keeps it instead of counting anew
      const kept = action === 'start_rectification' && !input.deadline && c.deadline_at !== null && (await officerSetDeadline(id));
      if (kept) patch.deadline_at = c.deadline_at;
      else if (deps.work) patch.deadline_at = await deps.work.deadlineFor(d.to, action === 'reopen' || action === 'review_due' ? null : cls, input.deadline, kind.deadlineDays);
      else if (input.deadline) patch.deadline_at = new Date(`${input.deadline}T23:59:59+08:00`);
      if (action === 'classify' && kind.kind === 'violation') {
        const s = suggestDisposal(ruleFacts(c), await rules());
        input = { ...input, suggestion: s.disposalClass, override: s.disposalClass !== null && s.disposalClass !== input.disposalClass } as ActionInput;
      }
      if (action === 'approve_closing') patch.closed_at = now;
      if (action === 'reopen' || action === 'review_due') {
        patch.closed_at = null;
        patch.disposal_class = null;
        patch.classified_at = null;
        patch.review_date = null;
      }
      const applied = await apply(c, patch);
      const updated = mergedInto ? { ...applied, duplicate_of_case_no: mergedInto } : applied;
      const who = actor === 'system' ? null : actor;
      const after = await recordChange(
        who,
        c,
        updated,
        {
          kind: action,
          from: c.status,
          to: d.to,
          note: input.reason ?? input.note ?? input.deferReason ?? null,
          data: mergedInto ? { ...input, duplicateOfCaseNo: mergedInto } : { ...input },
        },
        `case.${action}`,
      );
      // the next ones to act hear of it
      if (action === 'request_closing') {
        await deps.notifier?.send(
          { role: 'city_office', divisionCode: countyOfPath(c.division_path) },
          { kind: 'closing_requested', title: `销号申请待审核:${c.case_no}`, body: `${c.town_name ?? ''} ${c.division_name ?? ''}`, caseId: id },
        );
      }
      if (action === 'return_closing') {
        await deps.notifier?.send(
          { role: 'town_officer', divisionCode: c.town_code },
          { kind: 'closing_returned', title: `销号申请被退回:${c.case_no}`, body: input.reason ?? undefined, caseId: id },
        );
      }
      return who ? presentCase(who, after) : after;
    });
  }

  /**
   * One action on many cases (批量办理): each case in its own transaction, so one refusal does not undo
   * the others; every case gets its own result, nothing partial is hidden. Besides the workflow actions:
   * `assign` (to a person, or a task for a department) and `set_deadline`.
   */
  async function bulkAct(actor: Actor, action: BulkAction, items: { id: string; version: number }[], input: BulkInput) {
    const one = (it: { id: string; version: number }) => {
      if (action === 'assign') return input.assigneeId ? assign(actor, it.id, it.version, input.assigneeId) : assignTask(actor, it.id, it.version, input);
      if (action === 'set_deadline') return setDeadline(actor, it.id, it.version, input.deadline!);
      return act(actor, it.id, action, it.version, input) as Promise<{ version: number; status: string }>;
    };
    const results = [];
    for (const it of items) {
      try {
        const c = (await one(it)) as { version: number; status: string };
        results.push({ id: it.id, caseNo: c && 'caseNo' in c ? (c.caseNo as string) : undefined, ok: true as const, status: c.status, version: c.version });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        results.push({ id: it.id, ok: false as const, httpStatus: e.status, code: e.code, message: e.message });
      }
    }
    const succeeded = results.filter((r) => r.ok).length;
    // one notification for the person the cases went to, not one per case
    if (action === 'assign' && input.assigneeId && succeeded) {
      await deps.notifier?.send(
        { userIds: [input.assigneeId] },
        { kind: 'case_assigned', title: `${actor.displayName} 向您分派了 ${succeeded} 件案件`, body: input.note ?? undefined },
      );
    }
    return { action, succeeded, failed: results.filter((r) => !r.ok).length, results };
  }

  /** Assigns a case to a person (批量分派): an inspector or officer whose area covers the case. */
  async function assign(actor: Actor, id: string, version: number, assigneeId: string) {
    return db.transaction(async () => {
      const c = await load(actor, id);
      if (!EDITORS.has(actor.role)) throw forbidden('case.assign_forbidden', '只有镇街专员或市三改一拆办可以分派案件');
      if (c.version !== version) throw conflict('case.version_conflict', '案件已被他人修改,请刷新后重试', { currentVersion: c.version });
      if (c.status === 'closed' || c.status === 'rejected') throw conflict('case.not_open', '案件已办结,不能分派');
      const u = await repo.assigneeCandidate(assigneeId);
      if (!u || !u.active || !ASSIGNEE_ROLES.has(u.role)) throw new AppError('case.invalid_assignee', 422, '只能分派给在岗的巡查员或镇街专员', { field: 'assigneeId' });
      if (!inJurisdiction({ divisionPath: u.path }, c.division_path))
        throw new AppError('case.assignee_out_of_area', 422, `${u.display_name} 不负责该案件所在区域`, { field: 'assigneeId' });
      const now = clock.now();
      const previousAssigneeId = await repo.assigneeId(id);
      await repo.setAssignee({ case_id: id, user_id: u.id, assigned_by: actor.id, assigned_at: now });
      const updated = await apply(c, { updated_at: now });
      const after = await recordChange(
        actor,
        c,
        updated,
        { kind: 'assigned', note: u.display_name, data: { assigneeId: u.id, assigneeName: u.display_name, previousAssigneeId } },
        'case.assign',
      );
      return presentCase(actor, after);
    });
  }

  /** A department task on a case, through the bulk bar: the version the officer saw must still hold. */
  async function assignTask(actor: Actor, id: string, version: number, t: { department?: string; title?: string; deadline?: string }) {
    return db.transaction(async () => {
      const c = await load(actor, id);
      if (c.version !== version) throw conflict('case.version_conflict', '案件已被他人修改,请刷新后重试', { currentVersion: c.version });
      await addTask(actor, id, { department: t.department!, title: t.title!, deadline: t.deadline! });
      return presentCase(actor, c);
    });
  }

  /** Sets the deadline of the step a case is in (设定期限): a China day, not in the past. */
  async function setDeadline(actor: Actor, id: string, version: number, deadline: string) {
    return db.transaction(async () => {
      const c = await load(actor, id);
      if (!EDITORS.has(actor.role)) throw forbidden('case.deadline_forbidden', '只有镇街专员或市三改一拆办可以设定期限');
      if (c.version !== version) throw conflict('case.version_conflict', '案件已被他人修改,请刷新后重试', { currentVersion: c.version });
      if (c.status === 'closed' || c.status === 'rejected') throw conflict('case.no_deadline', '案件已办结,没有办理期限');
      if (c.disposal_class === 'defer' && c.status === 'classified') throw conflict('case.no_deadline', '暂缓处置的案件按复核日期办理,不设期限');
      const at = deps.work ? await deps.work.deadlineFor(c.status as CaseStatus, null, deadline, kindOf(c).deadlineDays) : new Date(`${deadline}T23:59:59+08:00`);
      const updated = await apply(c, { deadline_at: at, updated_at: clock.now() });
      const after = await recordChange(actor, c, updated, { kind: 'deadline_set', note: deadline, data: { deadline, previous: c.deadline_at } }, 'case.set_deadline');
      return presentCase(actor, after);
    });
  }

  /** Deferred cases return for a new decision at their review date (暂缓到期). Safe to run from several processes. */
  async function reviewDue(): Promise<number> {
    const today = new Date(clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    let n = 0;
    for (const id of await repo.deferredDue(today)) {
      try {
        await act('system', id, 'review_due', null, {});
        n++;
      } catch (e) {
        if (!(e instanceof AppError && (e.status === 409 || e.status === 422))) throw e;
      }
    }
    return n;
  }

  /** A task for a department on a case (自然资源、综合执法、住建、电力/通信 …); closing waits for all of them. Returns the new row. */
  async function addTask(actor: Actor, caseId: string, t: { department: string; title: string; deadline: string }) {
    return db.transaction(async () => {
      const c = await load(actor, caseId);
      if (!OFFICE.has(actor.role)) throw forbidden('task.create_forbidden', '只有镇街专员或市三改一拆办可以派发部门任务');
      if (['closed', 'rejected'].includes(c.status)) throw conflict('task.case_closed', '案件已办结,不能再派发任务');
      const today = chinaDay(clock.now());
      if (t.deadline < today) throw new AppError('task.deadline_in_past', 422, `任务期限 ${t.deadline} 早于今天`, { field: 'deadline' });
      const now = clock.now();
      const row = {
        id: randomUUID(),
        case_id: caseId,
        department: t.department.trim(),
        title: t.title.trim(),
        deadline: t.deadline,
        status: 'open' as const,
        created_by: actor.id,
        created_at: now,
      };
      await repo.insertTask(row);
      await repo.insertEvent({
        case_id: caseId,
        at: now,
        actor_id: actor.id,
        kind: 'task_assigned',
        note: row.title,
        data: { taskId: row.id, department: row.department, deadline: row.deadline },
      });
      await audit.append(actor, { action: 'task.assign', entity: 'case_task', entityId: row.id, after: row });
      await deps.notifier?.send(
        { department: row.department },
        { kind: 'task_assigned', title: `新的部门任务:${row.title}`, body: `案件 ${c.case_no},期限 ${row.deadline}`, caseId },
      );
      return row;
    });
  }

  return { update, act, bulkAct, assign, assignTask, addTask, setDeadline, reviewDue };
}
