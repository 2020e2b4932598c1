// Pure: no I/O.
import {
  DOCUMENT_LABELS,
  LAND_TYPE_LABELS,
  ORIGIN_LABELS,
  OWNER_KIND_LABELS,
  ROLE_LABELS,
  SAFETY_RISK_LABELS,
  SOURCE_LABELS,
  STAGE_LABELS,
  STATUS_LABELS,
  STRUCTURE_LABELS,
  USE_LABELS,
} from '../../../shared/enums.js';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, AUDIT_FIELD_LABELS } from '../../../shared/audit-vocabulary.js';
import { ALL_CATEGORY_LABELS, ALL_DISPOSAL_LABELS, ITEM_KIND_LABELS } from '../../../shared/item-kinds.js';
import { ALERT_RULE_LABELS, ALERT_SEVERITY_LABELS, ALERT_STATUS_LABELS } from '../../../shared/alerts.js';

/** One audit record with what the read joined to it (audit.repo.ts `search`). */
export interface AuditRowView {
  id: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorDisplayName: string | null;
  actorRole: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  /** The case the record belongs to (a case's own record, or its photo, task, paper or notice), resolved at read time. */
  caseId: string | null;
  caseNo: string | null;
  /** The object's own name where it has one: a task's title, a paper's number, a notice's number, an account's name. */
  objectName: string | null;
}

/** What ids and codes in the records stand for: case numbers, people's names, divisions' names, papers' numbers. */
export interface AuditNames {
  cases: ReadonlyMap<string, string>;
  users: ReadonlyMap<string, string>;
  divisions: ReadonlyMap<string, string>;
  documents: ReadonlyMap<string, string>;
}

export interface AuditChange {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

export interface AuditDescription {
  actorLabel: string;
  actionLabel: string;
  entityLabel: string;
  objectLabel: string;
  sentence: string;
  changes: AuditChange[];
}

/** Bookkeeping that says nothing to a reader (the row's version, its clock, keys). */
const HIDDEN = new Set(['id', 'version', 'updated_at', 'division_path', 'client_id', 'client_fingerprint', 'import_id', 'sha256', 'clientId', 'seed', 'options']);
const CASE_REFS = new Set(['duplicate_of', 'caseId', 'case_id']);
const USER_REFS = new Set(['reported_by', 'created_by', 'done_by', 'replied_by']);
const DIVISION_REFS = new Set(['division_code', 'town_code', 'divisionCode']);
const DOCUMENT_REFS = new Set(['refersTo']);

const TASK_STATUS: Record<string, string> = { open: '办理中', done: '已办结' };
const NOTICE_STATUS: Record<string, string> = { open: '待回复', replied: '已回复', escalated: '已升级' };
const NOTICE_LEVEL: Record<string, string> = { town: '镇街', city: '市级' };
const CALENDAR_KIND: Record<string, string> = { holiday: '节假日', workday: '调休上班' };
const EVIDENCE_FLAGS: Record<string, string> = {
  no_exif: '无 EXIF',
  no_exif_gps: 'EXIF 无定位',
  no_exif_time: 'EXIF 无时间',
  gps_mismatch: '照片定位与上报位置不符',
  far_from_case: '拍摄点远离案件',
  stale_capture: '非近期拍摄',
  future_capture: '拍摄时间异常',
  original_missing: '原图逾期未到',
  original_mismatch: '原图核验不符',
};
/** What a refused original contradicts (photos/photo.original.ts). */
const ORIGINAL_MISMATCHES: Record<string, string> = {
  sha256: '哈希不同',
  bytes: '大小不同',
  type: '不是可读的图片',
  width: '宽度不同',
  height: '高度不同',
  exif: 'EXIF 有无不同',
  'exif.make': '相机厂商不同',
  'exif.model': '相机型号不同',
  'exif.dateTimeOriginal': '拍摄时间(原文)不同',
  'exif.capturedAt': '拍摄时间不同',
  'exif.latitude': '纬度不同',
  'exif.longitude': '经度不同',
  'exif.orientation': '方向不同',
  'exif.software': '软件不同',
  duplicate_on_case: '本案已有同一张照片',
};
const PERSONAL_DATA: Record<string, string> = { masked: '已脱敏', full: '完整' };

/** `kind`: an item's kind on a case (积水点), a paper's kind on a document. */
const KIND_OR_DOCUMENT: Record<string, string> = { ...DOCUMENT_LABELS, ...ITEM_KIND_LABELS };

/** The code → label map of a field, where its values are codes. */
function codeLabels(entity: string, field: string): Record<string, string> | null {
  switch (field) {
    case 'status':
      if (entity === 'alert') return ALERT_STATUS_LABELS;
      return entity === 'case_task' ? TASK_STATUS : entity === 'supervision_notice' ? NOTICE_STATUS : STATUS_LABELS;
    case 'disposal_class':
    case 'disposalClass':
      return ALL_DISPOSAL_LABELS;
    case 'origin':
      return ORIGIN_LABELS;
    case 'source':
      return SOURCE_LABELS;
    case 'land_type':
    case 'landType':
      return LAND_TYPE_LABELS;
    case 'category':
      return ALL_CATEGORY_LABELS;
    case 'structure':
      return STRUCTURE_LABELS;
    case 'use':
      return USE_LABELS;
    case 'safety_risk':
      return SAFETY_RISK_LABELS;
    case 'owner_kind':
      return OWNER_KIND_LABELS;
    case 'stage':
      return STAGE_LABELS;
    case 'role':
      return ROLE_LABELS;
    case 'level':
      return NOTICE_LEVEL;
    case 'kind':
      return entity === 'calendar_day' ? CALENDAR_KIND : KIND_OR_DOCUMENT;
    case 'evidenceFlags':
      return EVIDENCE_FLAGS;
    case 'mismatches':
      return ORIGINAL_MISMATCHES;
    case 'personalData':
      return PERSONAL_DATA;
    case 'rule':
      return ALERT_RULE_LABELS;
    case 'severity':
      return ALERT_SEVERITY_LABELS;
    case 'fields':
      return AUDIT_FIELD_LABELS;
    default:
      return null;
  }
}

/** A time as a China wall-clock time (UTC+8), to the minute; a day stays a day. */
export function chinaTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const fieldLabel = (k: string) => AUDIT_FIELD_LABELS[k] ?? k;
const FIELD_ORDER = new Map(Object.keys(AUDIT_FIELD_LABELS).map((k, i) => [k, i]));
const fieldRank = (k: string) => FIELD_ORDER.get(k) ?? FIELD_ORDER.size;

/** A value as a reader says it: labels for codes, names for ids, China time for instants, 是/否, counts for long lists. */
export function valueText(entity: string, field: string, v: unknown, names: AuditNames, depth = 0): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    if (CASE_REFS.has(field)) return names.cases.get(v) ?? '(已不存在的案件)';
    if (USER_REFS.has(field)) return names.users.get(v) ?? '(未知用户)';
    if (DIVISION_REFS.has(field)) return names.divisions.get(v) ?? v;
    if (DOCUMENT_REFS.has(field)) return names.documents.get(v) ?? '(文书)';
    const labels = codeLabels(entity, field);
    if (labels && labels[v] !== undefined) return labels[v];
    if (ISO_TIME.test(v)) return chinaTime(v);
    // an id nobody can read is not shown as such
    if (UUID.test(v)) return '(内部编号)';
    return v.length > 200 ? `${v.slice(0, 200)}…` : v;
  }
  if (Array.isArray(v)) {
    if (field === 'photoIds') return `${v.length} 张`;
    if (field === 'gps' && v.length === 2 && v.every((x) => typeof x === 'number')) return `${(v[0] as number).toFixed(6)}, ${(v[1] as number).toFixed(6)}`;
    if (v.length === 0) return '无';
    if (v.length <= 6 && v.every((x) => typeof x !== 'object' || x === null)) return v.map((x) => valueText(entity, field, x, names, depth + 1) ?? '空').join('、');
    return `${v.length} 项`;
  }
  if (typeof v === 'object') {
    if (depth > 1) return '…';
    const parts = Object.entries(v as Record<string, unknown>)
      .filter(([k, x]) => !HIDDEN.has(k) && x !== null && x !== undefined && !(Array.isArray(x) && x.length === 0))
      .map(([k, x]) => `${fieldLabel(k)}:${valueText(entity, k, x, names, depth + 1) ?? '空'}`);
    const s = parts.join(',');
    return s.length > 300 ? `${s.slice(0, 300)}…` : s || null;
  }
  return String(v);
}

const asRecord = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/**
 * A document whose settings are data, not columns (the index definition), records its edits itself as
 * `changes: [{ label, before, after }]`, already in zh-CN (index.diff.ts): each becomes one field of the record.
 */
const LISTED_CHANGES = new Set(['index_definition']);
function listedChanges(entity: string, a: Record<string, unknown> | null): AuditChange[] {
  if (!LISTED_CHANGES.has(entity) || !Array.isArray(a?.changes)) return [];
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return (a.changes as unknown[])
    .map((c) => asRecord(c))
    .filter((c): c is Record<string, unknown> => !!c && typeof c.label === 'string')
    .map((c) => ({ field: 'changes', label: c.label as string, before: str(c.before), after: str(c.after) }));
}

/** Field by field: what changed (a record with before and after) or what was recorded (after only). */
export function auditChanges(r: Pick<AuditRowView, 'entity' | 'before' | 'after'>, names: AuditNames): AuditChange[] {
  const b = asRecord(r.before);
  const a = asRecord(r.after);
  const listed = listedChanges(r.entity, a);
  // in the vocabulary's order (status, class, facts, dates), not jsonb's (which sorts keys by length)
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])]
    .filter((k) => !HIDDEN.has(k) && !(listed.length && k === 'changes'))
    .sort((x, y) => fieldRank(x) - fieldRank(y));
  const out: AuditChange[] = [];
  for (const k of keys) {
    const before = b ? valueText(r.entity, k, b[k], names) : null;
    const after = a ? valueText(r.entity, k, a[k], names) : null;
    // a record of what was (after only) lists what it holds; a change lists what differs
    if (b && a && before === after) continue;
    if (!b && after === null) continue;
    out.push({ field: k, label: fieldLabel(k), before: b ? before : null, after });
  }
  // the edits first: they are what the record is about
  return [...listed, ...out];
}

/** The actor as a reader names him: 王主任(市三改一拆办); nobody signed in: the account tried, or 系统. */
export function actorLabel(r: Pick<AuditRowView, 'actorId' | 'actorName' | 'actorDisplayName' | 'actorRole' | 'action' | 'after'>): string {
  if (!r.actorId && !r.actorName) {
    const tried = asRecord(r.after)?.username;
    return r.action.startsWith('auth.') && typeof tried === 'string' ? `${tried}(未登录)` : '系统';
  }
  const name = r.actorDisplayName ?? r.actorName ?? '(已删除的账号)';
  const role = r.actorRole ? (ROLE_LABELS as Record<string, string>)[r.actorRole] : null;
  return role ? `${name}(${role})` : name;
}

/** The object as a reader names it: a case by its number, a paper by its kind and number, an account by its name. */
export function objectLabel(r: AuditRowView): string {
  const a = asRecord(r.after) ?? asRecord(r.before) ?? {};
  const caseNo = r.caseNo ?? (typeof a.caseNo === 'string' ? a.caseNo : null);
  const ofCase = (what: string) => (caseNo ? `${caseNo} 的${what}` : what);
  switch (r.entity) {
    case 'case':
      return caseNo ?? '';
    case 'photo':
      return ofCase(`${typeof a.stage === 'string' ? ((STAGE_LABELS as Record<string, string>)[a.stage] ?? '') : ''}照片`);
    case 'case_task':
      return ofCase(r.objectName ? `部门任务「${r.objectName}」` : '部门任务');
    case 'case_document':
      return ofCase(r.objectName ?? '文书');
    case 'supervision_notice':
      return ofCase(r.objectName ? `督办单 ${r.objectName}` : '督办单');
    case 'user':
      return r.objectName ?? (typeof a.username === 'string' ? a.username : '账号');
    case 'index_definition':
      return r.entityId ? `指标体系第 ${r.entityId} 版` : '指标体系';
    case 'index_run':
      return typeof a.period === 'string' ? `${a.period} 治理指数` : '治理指数';
    case 'case_import':
      return r.objectName ? `普查台账「${r.objectName}」` : '普查台账';
    case 'alert':
      return typeof a.rule === 'string' ? `预警「${(ALERT_RULE_LABELS as Record<string, string>)[a.rule] ?? a.rule}」` : '预警';
    case 'alert_rule':
      return r.entityId ? `预警规则「${(ALERT_RULE_LABELS as Record<string, string>)[r.entityId] ?? r.entityId}」` : '预警规则';
    case 'calendar_day':
      return typeof a.day === 'string' ? a.day : typeof a.year === 'number' ? `${a.year} 年` : '';
    default:
      return '';
  }
}

/** Instants the step stamps (the record's own time says when); a deadline moved stays in the sentence. */
const OUT_OF_SENTENCE = /^(verified|classified|closed|created|found|issued|replied|done|escalated)_at$/;
const SENTENCE_CHANGES = 4;

/**
 * The record as a sentence a discipline inspector reads: "王主任(市三改一拆办) 将 PH-2026-001011 的处置类别由
 * 拆除 改为 暂缓", "李四(镇街专员) 定性 PH-2026-000003:状态由 已立案 改为 已定性,处置类别由 空 改为 拆除".
 */
export function describeAudit(r: AuditRowView, names: AuditNames): AuditDescription {
  const actor = actorLabel(r);
  const action = AUDIT_ACTION_LABELS[r.action] ?? r.action;
  const object = objectLabel(r);
  const changes = auditChanges(r, names);
  const diffs = r.before ? changes.filter((c) => !OUT_OF_SENTENCE.test(c.field)).map((c) => `${c.label}由 ${c.before ?? '空'} 改为 ${c.after ?? '空'}`) : [];
  const shown = diffs.slice(0, SENTENCE_CHANGES).join(',') + (diffs.length > SENTENCE_CHANGES ? ` 等 ${diffs.length} 项` : '');
  let sentence: string;
  if (r.action.endsWith('.update') && diffs.length && object) sentence = `${actor} 将 ${object} 的${shown}`;
  else sentence = [actor, action, object].filter(Boolean).join(' ') + (shown ? `:${shown}` : '');
  return { actorLabel: actor, actionLabel: action, entityLabel: AUDIT_ENTITY_LABELS[r.entity] ?? r.entity, objectLabel: object, sentence, changes };
}

/** The ids and codes a page of records refers to, to look their names up in one go. */
export function referencedIds(rows: readonly Pick<AuditRowView, 'before' | 'after'>[]) {
  const cases = new Set<string>();
  const users = new Set<string>();
  const divisions = new Set<string>();
  const documents = new Set<string>();
  for (const r of rows) {
    for (const o of [asRecord(r.before), asRecord(r.after)]) {
      if (!o) continue;
      for (const [k, v] of Object.entries(o)) {
        if (typeof v !== 'string') continue;
        if (CASE_REFS.has(k) && UUID.test(v)) cases.add(v);
        else if (USER_REFS.has(k) && UUID.test(v)) users.add(v);
        else if (DIVISION_REFS.has(k)) divisions.add(v);
        else if (DOCUMENT_REFS.has(k) && UUID.test(v)) documents.add(v);
      }
    }
  }
  return { cases: [...cases], users: [...users], divisions: [...divisions], documents: [...documents] };
}
