import type { Static } from 'typebox';
import type { CaseStatus } from '../cases/cases.enums.js';
import type { SupervisionRepo } from './supervision.repo.js';
import type { Notice, Task, TaskPhoto, TaskWithCase } from './supervision.schemas.js';

type TaskPhotoRow = Awaited<ReturnType<SupervisionRepo['taskPhotos']>>[number];

/** A task's photo, as the case page shows it on the task (the full photo is in the case's photo list). */
function presentTaskPhoto(p: TaskPhotoRow): Static<typeof TaskPhoto> {
  const flags = ((p.evidence as { flags?: string[] } | null)?.flags ?? []) as string[];
  return {
    id: p.id,
    stage: p.stage,
    capturedAt: p.captured_at,
    uploadedAt: p.uploaded_at,
    evidenceFlags: flags,
    urls: { original: `/api/photos/${p.id}/original`, display: `/api/photos/${p.id}/display`, thumbnail: `/api/photos/${p.id}/thumbnail` },
  };
}

export function presentTask(
  k: { id: string; case_id: string; department: string; title: string; deadline: string; status: string; result: string | null; created_at: Date; done_at: Date | null },
  photos: TaskPhotoRow[] = [],
): Static<typeof Task> {
  return {
    id: k.id,
    caseId: k.case_id,
    department: k.department,
    title: k.title,
    deadline: k.deadline,
    status: k.status as Static<typeof Task>['status'],
    result: k.result,
    createdAt: k.created_at,
    doneAt: k.done_at,
    photos: photos.filter((p) => p.task_id === k.id).map(presentTaskPhoto),
  };
}

/** A task with the case it is on (the department's list): the task plus the case's number, status and place. */
export function presentTaskWithCase(
  k: Parameters<typeof presentTask>[0] & { case_no: string; case_status: string; town_name: string; address_text: string | null },
  photos: TaskPhotoRow[] = [],
): Static<typeof TaskWithCase> {
  return { ...presentTask(k, photos), caseNo: k.case_no, caseStatus: k.case_status as CaseStatus, townName: k.town_name, addressText: k.address_text };
}

/** A notice's row → its API shape; a list's rows also name the case. */
export function presentNotice(
  n: NonNullable<Awaited<ReturnType<SupervisionRepo['notice']>>> & { case_no?: string; town_name?: string; case_status?: string },
): Static<typeof Notice> {
  return {
    id: n.id,
    noticeNo: n.notice_no,
    caseId: n.case_id,
    caseNo: n.case_no,
    caseStatus: n.case_status as CaseStatus | undefined,
    townCode: n.town_code,
    townName: n.town_name,
    level: n.level,
    step: n.step,
    reason: n.reason,
    deadlineMissed: n.deadline_missed,
    issuedAt: n.issued_at,
    replyDue: n.reply_due,
    status: n.status,
    replyText: n.reply_text,
    repliedAt: n.replied_at,
    escalatedAt: n.escalated_at,
  };
}
