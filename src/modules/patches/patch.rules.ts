/**
 * The rules of change patches (变化图斑), pure: the vocabulary, which attribute holds a patch's code, what each
 * verdict needs, who may give and review one, and when a check is on time (by the end of its due day, China time).
 */

export const PATCH_SOURCES = ['satellite', 'drone'] as const;
export type PatchSource = (typeof PATCH_SOURCES)[number];
export const PATCH_SOURCE_LABELS: Record<PatchSource, string> = { satellite: '卫片', drone: '无人机' };

/** pending 待核查: a field task; submitted 待审核: a verdict (or the import's match) awaits the town; verified 已核查. */
export const PATCH_STATUSES = ['pending', 'submitted', 'verified'] as const;
export type PatchStatus = (typeof PATCH_STATUSES)[number];
export const PATCH_STATUS_LABELS: Record<PatchStatus, string> = { pending: '待核查', submitted: '待审核', verified: '已核查' };

export const VERDICTS = ['violation', 'legal', 'known', 'not_found'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const VERDICT_LABELS: Record<Verdict, string> = { violation: '违法建设', legal: '合法', known: '已掌握', not_found: '未发现变化' };

/** Who checks patches in the field and who reviews the verdicts. */
export const VERDICT_ROLES = new Set(['inspector', 'town_officer']);
export const REVIEW_ROLES = new Set(['town_officer', 'city_office']);
export const IMPORT_ROLES = new Set(['city_office', 'admin']);

/** A case point this close to a patch (or a footprint overlapping it) makes the patch known (已掌握) on import. */
export const DEFAULT_MATCH_METERS = 30;
/** The case a 已掌握 verdict names must lie this close to the patch. */
export const KNOWN_CASE_MAX_METERS = 300;
/** How far the phone looks for patches around the inspector by default. */
export const NEARBY_DEFAULT_METERS = 3000;

/** The attribute names patch files use for their code (监测图斑编号 …), checked in this order, case-insensitive. */
const CODE_FIELDS = ['tbbh', 'jcbh', 'bsm', 'code', 'bh', 'tb_bh', '图斑编号', '监测图斑编号', '编号'];

/** The field that holds the patch codes: the one named, else the first usual name; null when none. */
export function codeFieldOf(fields: string[], wanted?: string | null): string | null {
  if (wanted) return fields.find((f) => f === wanted) ?? fields.find((f) => f.toLowerCase() === wanted.toLowerCase()) ?? null;
  for (const u of CODE_FIELDS) {
    const f = fields.find((x) => x.trim().toLowerCase() === u);
    if (f) return f;
  }
  return null;
}

/** A feature's code: its attribute, trimmed (null when empty). */
export function patchCode(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s ? s.slice(0, 60) : null;
}
export const positionalCode = (n: number) => `TB${String(n).padStart(4, '0')}`;

/** What a verdict needs from the field: a reason it cannot be given, or null. */
export function verdictProblem(v: { verdict: Verdict; photos: number; note: string | null; caseId: string | null }): string | null {
  switch (v.verdict) {
    case 'violation':
      return v.photos > 0 ? null : '认定为违法建设须上传现场照片';
    case 'legal':
      if (v.photos === 0) return '认定为合法须上传证明材料(许可证、批文等)的照片';
      return v.note ? null : '认定为合法须填写证明(如规划许可证号、批准文号)';
    case 'known':
      return v.caseId ? null : '已掌握须选择对应的已登记案件';
    case 'not_found':
      return v.photos > 0 ? null : '未发现变化须上传现场照片';
  }
}

/** The last instant of a China day (YYYY-MM-DD): a check given before it is on time. */
export function dueEnd(dueOn: string): Date {
  return new Date(new Date(`${dueOn}T00:00:00+08:00`).getTime() + 86_400_000);
}

export interface PatchFigures {
  total: number;
  /** matched to a case on import (已掌握, to confirm) */
  matched: number;
  pending: number;
  submitted: number;
  verified: number;
  /** verified, the verdict given by the end of the due day */
  onTime: number;
  /** verified, the verdict given after it */
  late: number;
  /** not verified yet */
  outstanding: number;
  /** not verified and the due day is over */
  overdue: number;
}

/** A batch's figures from its patches (the SQL computes the same; this is the rule, for tests and the demo). */
export function figuresOf(patches: { status: PatchStatus; verdictAt: Date | null; matched: boolean }[], dueOn: string, now: Date): PatchFigures {
  const end = dueEnd(dueOn).getTime();
  const f: PatchFigures = { total: 0, matched: 0, pending: 0, submitted: 0, verified: 0, onTime: 0, late: 0, outstanding: 0, overdue: 0 };
  for (const p of patches) {
    f.total++;
    if (p.matched) f.matched++;
    f[p.status]++;
    if (p.status === 'verified') {
      if (p.verdictAt && p.verdictAt.getTime() < end) f.onTime++;
      else f.late++;
    } else {
      f.outstanding++;
      if (now.getTime() >= end) f.overdue++;
    }
  }
  return f;
}
