import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { inJurisdiction, type Actor } from '../../platform/auth.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasesRepo } from '../cases/cases.repo.js';
import { addWorkingDays, chinaDay, workingDaysBetween } from '../settings/work.calendar.js';
import { STEP_LABELS, stepOf } from '../settings/deadline.policy.js';
import type { WorkTime } from '../settings/settings.service.js';
import type { CasesService } from '../cases/cases.service.js';
import type { CaseStatus } from '../cases/cases.enums.js';
import type { SupervisionRepo } from './supervision.repo.js';
import { presentNotice, presentTask, presentTaskWithCase } from './supervision.presenter.js';
import type { Notifier } from '../../platform/notify.js';
import type { DeclaredOriginal } from '../photos/photo.original.js';
import type { PhotoContext, PhotosService, PreparedPhoto } from '../photos/photos.service.js';
import type { PhotoStage } from '../cases/cases.enums.js';
import type { PhotoBytes } from '../../platform/upload.js';
import { countyOfPath } from '../divisions/division.levels.js';

/** A step's deadline this many working days away (or nearer) brings a reminder. */
export const REMIND_WORKING_DAYS = 2;

const OFFICE = new Set(['town_officer', 'city_office']);
/** Most overdue cases one sweep reads (city-wide, and again per town inside a sheet's transaction). */
const SWEEP_LIMIT = 20_000;
/** Case numbers a sheet's notification names before "等 N 件". */
const NOTIFY_LISTED = 5;

/** Where and when the device says a task photo was taken (multipart fields, already checked). */
export interface PhotoHint {
  lon?: number;
  lat?: number;
  accuracy?: number;
  capturedAt?: string;
  /** Two phases (docs/two-phase-report.md): the files are reduced copies of these originals, which follow as tus uploads. */
  declared?: DeclaredOriginal[];
}

export function supervisionService(deps: {
  db: Database;
  clock: Clock;
  repo: SupervisionRepo;
  casesRepo: CasesRepo;
  /** The case register: its access check, the case's page, department tasks. */
  cases: Pick<CasesService, 'get' | 'addTask'>;
  audit: AuditService;
  /** The official calendar and deadline policy (settings module). */
  work: Pick<WorkTime, 'calendar' | 'policy'>;
  notifier?: Notifier;
  /** The photo pipeline (checks, rendering, evidence facts): a task's photos go through it like any other. */
  photos: Pick<PhotosService, 'prepare' | 'withBlobs' | 'insertRows' | 'ofCase'>;
}) {
  const { db, clock, repo, casesRepo, cases, audit, work } = deps;

  /** The task, its case and whether the actor may work on it (the task's department, or an office). */
  async function taskFor(actor: Actor, id: string) {
    const k = await repo.task(id);
    const c = k ? await casesRepo.byId(k.case_id) : undefined;
    if (!k || !c || !inJurisdiction(actor, c.division_path)) throw notFound('任务', 'task.not_found');
    const mine = actor.role === 'department' && actor.department === k.department;
    if (!mine && !OFFICE.has(actor.role)) throw forbidden('task.complete_forbidden', `该任务由“${k.department}”办理`);
    return { k, c };
  }

  /** Checks and renders photos for a task before anything is stored (the same pipeline as every case photo). */
  async function prepareTaskPhotos(actor: Actor, c: NonNullable<Awaited<ReturnType<CasesRepo['byId']>>>, bufs: PhotoBytes[], hint: PhotoHint): Promise<PreparedPhoto[]> {
    const capturedAt = hint.capturedAt ? new Date(hint.capturedAt) : null;
    const ctx: PhotoContext = {
      fix: hint.lon !== undefined && hint.lat !== undefined ? [hint.lon, hint.lat] : null,
      accuracyM: hint.accuracy ?? null,
      capturedAt: capturedAt && !Number.isNaN(capturedAt.getTime()) ? capturedAt : null,
      casePoint: [c.lon, c.lat],
      placeText: [c.town_name, c.division_name].filter(Boolean).join(' '),
      caseNo: c.case_no,
    };
    const out: PreparedPhoto[] = [];
    for (const [i, b] of bufs.entries()) out.push(await deps.photos.prepare(actor, b, ctx, { declared: hint.declared?.[i] }));
    return out;
  }

  /** One line of a 督办单: a case, the step whose deadline it missed and why it is on the notice. */
  interface SheetLine {
    c: { id: string; case_no: string; town_code: string; division_path: string };
    step: string;
    reason: string;
    missed: string;
  }

  /**
   * One 督办单 to a town (level town, issued in the town's name) or about a town (level city, by the
   * city's 三改一拆办), listing every case `collect` returns: one number for the sheet, a line per case
   * (its own record, numbered 第k项 when there are several, with its timeline event, reply and audit
   * record) and one notification for the whole sheet. The number is taken first: its counter row locks
   * the issuer's series, so a second sweep at the same time waits and then finds the lines taken.
   * Nothing to list: the transaction is rolled back, the number with it. Returns the lines issued.
   */
  async function issueSheet(level: 'town' | 'city', townCode: string, cityCode: string, now: Date, collect: () => Promise<SheetLine[]>): Promise<number> {
    const nothing = new Error('nothing to notice');
    try {
      return await db.transaction(async () => {
        const policy = await work.policy();
        const year = Number(chinaDay(now).slice(0, 4));
        const unit = level === 'city' ? cityCode : townCode;
        const no = await repo.nextNoticeNo(unit, year);
        const lines = await collect();
        if (lines.length === 0) throw nothing;
        const unitName = (await repo.divisionShortName(unit)) ?? unit;
        const sheetNo = `${unitName}${level === 'city' ? '三改一拆办' : ''}督〔${year}〕${no}号`;
        const replyDue = addWorkingDays(chinaDay(now), policy.noticeReplyDays, await work.calendar());
        for (const [i, l] of lines.entries()) {
          const id = randomUUID();
          const notice = {
            id,
            notice_no: lines.length === 1 ? sheetNo : `${sheetNo}第${i + 1}项`,
            case_id: l.c.id,
            town_code: l.c.town_code,
            division_path: l.c.division_path,
            level,
            step: l.step,
            reason: l.reason,
            deadline_missed: l.missed,
            issued_at: now,
            reply_due: replyDue,
            status: 'open' as const,
          };
          await repo.insertNotice(notice);
          await casesRepo.insertEvent({
            case_id: l.c.id,
            at: now,
            actor_id: null,
            kind: level === 'city' ? 'escalated' : 'overdue_notice',
            note: l.reason,
            data: { noticeId: id, noticeNo: notice.notice_no, level, replyDue },
          });
          await audit.append(null, { action: level === 'city' ? 'notice.escalate' : 'notice.issue', entity: 'supervision_notice', entityId: id, after: notice });
        }
        const townName = level === 'city' ? ((await repo.divisionShortName(townCode)) ?? townCode) : '';
        const listed = lines.slice(0, NOTIFY_LISTED).map((l) => l.c.case_no);
        await deps.notifier?.send(level === 'city' ? { role: 'city_office', divisionCode: unit } : { role: 'town_officer', divisionCode: townCode }, {
          kind: level === 'city' ? 'notice_escalated' : 'notice_issued',
          title: lines.length === 1 ? `督办单 ${sheetNo}:案件 ${lines[0].c.case_no}` : `督办单 ${sheetNo}:${townName}逾期案件 ${lines.length} 件`,
          body:
            lines.length === 1
              ? `${lines[0].reason};请于 ${replyDue} 前回复`
              : `${listed.join('、')}${lines.length > listed.length ? ` 等 ${lines.length} 件` : ''};请于 ${replyDue} 前逐件回复(待办中每件一项)`,
          caseId: lines.length === 1 ? lines[0].c.id : undefined,
        });
        return lines.length;
      });
    } catch (err) {
      if (err === nothing) return 0;
      throw err;
    }
  }

  return {
    presentNotice,
    /**
     * The overdue sweep (run by every worker process; safe twice: one line per case and missed deadline,
     * see issueSheet). Each town gets one 督办单 per sweep listing all its cases overdue for the first
     * time, not a notice per case: after a backlog (the first sweep over an imported ledger or the demo
     * city) a town finds one sheet of N cases among its notifications, and answers case by case on its
     * to-do list. Cases overdue again after earlier notices, and town lines not answered in time, go on
     * one city-level sheet per town.
     */
    async sweepOverdue(): Promise<{ issued: number; escalated: number; sheets: number }> {
      const now = clock.now();
      const today = chinaDay(now);
      const policy = await work.policy();
      const line = (c: SheetLine['c'] & { status: string; deadline_at: Date }, repeated: boolean): SheetLine => {
        const missed = chinaDay(new Date(c.deadline_at));
        const step = stepOf(c.status as CaseStatus, null, policy)?.step ?? (c.status === 'classified' || c.status === 'rectifying' ? 'rectify' : 'verify');
        const label = STEP_LABELS[step as keyof typeof STEP_LABELS] ?? step;
        return { c, step, missed, reason: `${label}逾期(期限 ${missed})${repeated ? ',多次逾期,升级督办' : ''}` };
      };
      const towns = new Map<string, string>();
      for (const c of await repo.overdueWithoutNotice(now, SWEEP_LIMIT)) towns.set(c.town_code, countyOfPath(c.division_path));
      for (const n of await repo.lateNotices(today, SWEEP_LIMIT)) towns.set(n.town_code, countyOfPath(n.division_path));
      let issued = 0;
      let escalated = 0;
      let sheets = 0;
      for (const [town, city] of [...towns].sort(([a], [b]) => a.localeCompare(b))) {
        const n = await issueSheet('town', town, city, now, async () =>
          (await repo.overdueWithoutNotice(now, SWEEP_LIMIT, town)).filter((c) => c.notices < policy.escalateAfterNotices).map((c) => line(c, false)),
        );
        issued += n;
        const m = await issueSheet('city', town, city, now, async () => {
          const lines = (await repo.overdueWithoutNotice(now, SWEEP_LIMIT, town)).filter((c) => c.notices >= policy.escalateAfterNotices).map((c) => line(c, true));
          for (const x of await repo.lateNotices(today, SWEEP_LIMIT, town)) {
            const r = await repo.setNotice(x.id, 'open', { status: 'escalated', escalated_at: now });
            if (Number(r.numUpdatedRows) !== 1) continue;
            lines.push({
              c: { id: x.case_id, case_no: x.case_no, town_code: x.town_code, division_path: x.division_path },
              step: x.step,
              missed: x.deadline_missed,
              reason: `督办单 ${x.notice_no} 未按期回复(应于 ${x.reply_due} 前),升级至市级督办`,
            });
          }
          return lines;
        });
        escalated += m;
        sheets += (n ? 1 : 0) + (m ? 1 : 0);
      }
      return { issued, escalated, sheets };
    },

    /**
     * Deadline reminders (part of the periodic sweep): an in-app notification when a step's deadline is
     * REMIND_WORKING_DAYS working days away or nearer, once per case, step and deadline (a new deadline
     * for the step gets its own reminder). The town's officers hear of verify/classify/rectify, the city
     * office of its review, the assignee of every step; a department of its task's deadline.
     */
    async remindApproaching(): Promise<{ cases: number; tasks: number }> {
      const now = clock.now();
      const today = chinaDay(now);
      const until = addWorkingDays(today, REMIND_WORKING_DAYS, await work.calendar());
      let cases = 0;
      let tasks = 0;
      for (const c of await repo.approachingWithoutReminder(now, until, 1000)) {
        await db.transaction(async () => {
          if (!(await repo.insertReminder({ case_id: c.id, step: c.step, deadline: c.deadline, sent_at: now }))) return;
          const left = workingDaysBetween(today, c.deadline, await work.calendar());
          const label = STEP_LABELS[c.step as keyof typeof STEP_LABELS] ?? c.step;
          const n = {
            kind: 'deadline_approaching' as const,
            title: `即将到期:${c.case_no} ${label}`,
            body: `期限 ${c.deadline}${left > 0 ? `,还剩 ${left} 个工作日` : ',今天到期'}`,
            caseId: c.id,
          };
          await deps.notifier?.send(
            c.step === 'review' ? { role: 'city_office', divisionCode: countyOfPath(c.division_path) } : { role: 'town_officer', divisionCode: c.town_code },
            n,
          );
          if (c.assignee_id) await deps.notifier?.send({ userIds: [c.assignee_id] }, n);
          cases++;
        });
      }
      for (const k of await repo.tasksApproachingWithoutReminder(today, until, 1000)) {
        await db.transaction(async () => {
          if (!(await repo.insertReminder({ case_id: k.case_id, step: `task:${k.id}`, deadline: k.deadline, sent_at: now }))) return;
          await deps.notifier?.send(
            { department: k.department },
            { kind: 'deadline_approaching', title: `部门任务即将到期:${k.title}`, body: `案件 ${k.case_no},期限 ${k.deadline}`, caseId: k.case_id },
          );
          tasks++;
        });
      }
      return { cases, tasks };
    },

    async notices(actor: Actor, f: { caseId?: string; status?: string[]; level?: 'town' | 'city' }) {
      return (await repo.notices({ ...f, scopePath: actor.divisionPath })).map(presentNotice);
    },

    /** The town's answer to a notice (a city-level notice is answered by the city office or the town). */
    async reply(actor: Actor, id: string, text: string) {
      return db.transaction(async () => {
        const n = await repo.notice(id);
        if (!n || !inJurisdiction(actor, n.division_path)) throw notFound('督办单', 'notice.not_found');
        if (!OFFICE.has(actor.role)) throw forbidden('notice.reply_forbidden', '只有镇街专员或市三改一拆办可以回复督办单');
        if (n.status !== 'open') throw conflict('notice.not_open', n.status === 'replied' ? '该督办单已回复' : '该督办单已升级,请回复市级督办单');
        if (!text.trim()) throw badRequest('notice.reply_required', '回复内容不能为空', { field: 'text' });
        const now = clock.now();
        await repo.setNotice(id, 'open', { status: 'replied', reply_text: text.trim(), replied_at: now, replied_by: actor.id });
        await casesRepo.insertEvent({ case_id: n.case_id, at: now, actor_id: actor.id, kind: 'notice_replied', note: text.trim(), data: { noticeId: id, noticeNo: n.notice_no } });
        await audit.append(actor, { action: 'notice.reply', entity: 'supervision_notice', entityId: id, after: { text: text.trim(), late: chinaDay(now) > n.reply_due } });
        return presentNotice({ ...(await repo.notice(id))! });
      });
    },

    /** A department task on a case (created by the case register, which also does it in bulk). */
    async addTask(actor: Actor, caseId: string, t: { department: string; title: string; deadline: string }) {
      const row = await cases.addTask(actor, caseId, t);
      return presentTask({ ...row, result: null, done_at: null }, []);
    },
    /**
     * The department reports its result, optionally with photos (the office may record it for them).
     * Photos are checked and rendered first; the photos, their link to the task and the result are
     * recorded in one transaction, or nothing is.
     */
    async completeTask(actor: Actor, id: string, result: string, upload?: { files: PhotoBytes[]; stage: PhotoStage; hint: PhotoHint }) {
      const { k, c } = await taskFor(actor, id);
      if (!result.trim()) throw badRequest('task.result_required', '须填写办理结果', { field: 'result' });
      if (k.status !== 'open') throw conflict('task.not_open', '该任务已办结');
      const prepared = upload?.files.length ? await prepareTaskPhotos(actor, c, upload.files, upload.hint) : [];
      const record = () =>
        db.transaction(async () => {
          const now = clock.now();
          const r = await repo.completeTask(id, result.trim(), actor.id, now);
          if (Number(r.numUpdatedRows) !== 1) throw conflict('task.not_open', '该任务已办结');
          const photos = prepared.length ? await deps.photos.insertRows(actor, k.case_id, upload!.stage, prepared) : [];
          await repo.linkTaskPhotos(
            id,
            photos.map((p) => p.photo.id),
          );
          const photoIds = photos.map((p) => p.photo.id);
          await casesRepo.insertEvent({
            case_id: k.case_id,
            at: now,
            actor_id: actor.id,
            kind: 'task_done',
            note: result.trim(),
            data: { taskId: id, department: k.department, photoIds },
          });
          await audit.append(actor, { action: 'task.complete', entity: 'case_task', entityId: id, after: { result: result.trim(), photoIds } });
          return presentTask((await repo.task(id))!, await repo.taskPhotos([id]));
        });
      return prepared.length ? deps.photos.withBlobs(prepared, record) : record();
    },
    /** Photos for an open task before its result (e.g. during the work); they are photos of the case, linked to the task. */
    async addTaskPhotos(actor: Actor, id: string, files: PhotoBytes[], stage: PhotoStage, hint: PhotoHint) {
      const { k, c } = await taskFor(actor, id);
      if (k.status !== 'open') throw conflict('task.not_open', '该任务已办结,不能再上传照片');
      if (files.length === 0) throw badRequest('photo.missing', '请至少上传一张照片', { field: 'photo' });
      const prepared = await prepareTaskPhotos(actor, c, files, hint);
      return deps.photos.withBlobs(prepared, () =>
        db.transaction(async () => {
          // the task may have been closed while the photos were being rendered
          if ((await repo.task(id))?.status !== 'open') throw conflict('task.not_open', '该任务已办结,不能再上传照片');
          const photos = await deps.photos.insertRows(actor, k.case_id, stage, prepared);
          await repo.linkTaskPhotos(
            id,
            photos.map((p) => p.photo.id),
          );
          await audit.append(actor, { action: 'task.photos', entity: 'case_task', entityId: id, after: { photoIds: photos.map((p) => p.photo.id), stage } });
          return { created: photos.some((p) => p.created), photos: photos.map((p) => p.photo) };
        }),
      );
    },
    async assigneeOf(caseId: string) {
      const a = await repo.assigneeOf(caseId);
      return a ? { id: a.id, displayName: a.display_name, role: a.role, assignedAt: a.assigned_at } : null;
    },
    /** Who the actor can assign cases to: people whose area lies in the actor's, and the departments. */
    async assignees(actor: Actor) {
      if (!OFFICE.has(actor.role)) throw forbidden('case.assign_forbidden', '只有镇街专员或市三改一拆办可以分派案件');
      const [people, departments] = await Promise.all([repo.assignablePeople(actor.divisionPath), repo.departments()]);
      return { people: people.map((p) => ({ id: p.id, displayName: p.display_name, role: p.role, divisionName: p.division_name })), departments };
    },
    async tasksOf(caseId: string) {
      const tasks = await repo.tasksOf(caseId);
      const photos = await repo.taskPhotos(tasks.map((k) => k.id));
      return tasks.map((k) => presentTask(k, photos));
    },
    /** A department sees its own tasks city-wide; offices see the tasks in their jurisdiction. */
    async tasks(actor: Actor, status?: 'open' | 'done') {
      const department = actor.role === 'department' ? (actor.department ?? '—') : undefined;
      const tasks = await repo.tasks({ scopePath: actor.divisionPath, department, status });
      const photos = await repo.taskPhotos(tasks.map((k) => k.id));
      return tasks.map((k) => presentTaskWithCase(k, photos));
    },
    /**
     * A case's whole file as its page shows it: the case (access checked first: nothing else is read for
     * a case the actor may not see), its photos, department tasks, notices and assignee.
     */
    async caseFile(actor: Actor, id: string) {
      const c = await cases.get(actor, id);
      const [photoList, tasks, notices, assignee] = await Promise.all([deps.photos.ofCase(id), this.tasksOf(id), this.notices(actor, { caseId: id }), this.assigneeOf(id)]);
      return { ...c, photos: photoList, tasks, notices, assignee };
    },
  };
}
export type SupervisionService = ReturnType<typeof supervisionService>;
