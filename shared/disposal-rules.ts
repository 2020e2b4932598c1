/**
 * The words of a disposal rule's conditions (处置建议规则), pure and shared: the server stores and checks a
 * rule's `when` document; the admin's form shows it as rows "字段 比较 值" in zh-CN, and the history says
 * what changed between two versions in words. One vocabulary for both, so a field the server accepts is a
 * field the form offers.
 */
import {
  DISPOSAL_LABELS,
  LAND_TYPE_LABELS,
  LAND_TYPES,
  ORIGIN_LABELS,
  ORIGINS,
  OWNER_KIND_LABELS,
  OWNER_KINDS,
  SAFETY_RISK_LABELS,
  SAFETY_RISKS,
  STRUCTURE_LABELS,
  STRUCTURES,
  USE_LABELS,
  USES,
  type DisposalClass,
} from './enums.js';

/** 比较: at least, below (numbers); equals one value, or is one of several (choices). */
export const RULE_OPS = ['gte', 'lt', 'eq', 'in'] as const;
export type RuleOp = (typeof RULE_OPS)[number];
export const RULE_OP_LABELS: Record<RuleOp, string> = { gte: '≥', lt: '<', eq: '等于', in: '属于' };

export interface NumberField {
  kind: 'number';
  label: string;
  unit: string;
  integer: boolean;
  max: number;
  /** The `when` key of each comparison. */
  keys: { gte: string; lt: string };
}
export interface ChoiceField {
  kind: 'choice';
  label: string;
  values: readonly (string | boolean)[];
  labels: Record<string, string>;
  /** A yes/no fact has one value to compare with, never a list. */
  yesNo?: boolean;
}
export type RuleField = NumberField | ChoiceField;

const YES_NO = { true: '是', false: '否' };

/** The facts of a case a condition may test, in the order the form offers them. */
export const RULE_FIELDS = {
  areaM2: { kind: 'number', label: '面积', unit: '平方米', integer: false, max: 10_000_000, keys: { gte: 'areaAtLeast', lt: 'areaBelow' } },
  floors: { kind: 'number', label: '层数', unit: '层', integer: true, max: 200, keys: { gte: 'floorsAtLeast', lt: 'floorsBelow' } },
  structure: { kind: 'choice', label: '结构', values: STRUCTURES, labels: STRUCTURE_LABELS },
  use: { kind: 'choice', label: '用途', values: USES, labels: USE_LABELS },
  landType: { kind: 'choice', label: '土地类型', values: LAND_TYPES, labels: LAND_TYPE_LABELS },
  onBasicFarmland: { kind: 'choice', label: '占用永久基本农田', values: [true, false], labels: YES_NO, yesNo: true },
  onCultivatedLand: { kind: 'choice', label: '占用耕地', values: [true, false], labels: YES_NO, yesNo: true },
  safetyRisk: { kind: 'choice', label: '安全隐患', values: SAFETY_RISKS, labels: SAFETY_RISK_LABELS },
  ownerKind: { kind: 'choice', label: '当事人类型', values: OWNER_KINDS, labels: OWNER_KIND_LABELS },
  origin: { kind: 'choice', label: '存量/新增', values: ORIGINS, labels: ORIGIN_LABELS },
} as const satisfies Record<string, RuleField>;
export type RuleFieldKey = keyof typeof RULE_FIELDS;
export const RULE_FIELD_KEYS = Object.keys(RULE_FIELDS) as RuleFieldKey[];

/** A numeric `when` key (areaAtLeast …) and the field and comparison it stands for. */
export const NUMBER_KEYS: Record<string, { field: RuleFieldKey; op: 'gte' | 'lt' }> = Object.fromEntries(
  RULE_FIELD_KEYS.flatMap((f) => {
    const d: RuleField = RULE_FIELDS[f];
    return d.kind === 'number' ? [[d.keys.gte, { field: f, op: 'gte' as const }] as const, [d.keys.lt, { field: f, op: 'lt' as const }] as const] : [];
  }),
);

/** The comparisons a field allows. */
export function opsFor(field: RuleFieldKey): RuleOp[] {
  const d: RuleField = RULE_FIELDS[field];
  if (d.kind === 'number') return ['gte', 'lt'];
  return d.yesNo ? ['eq'] : ['eq', 'in'];
}

/** One row of the form: 字段 比较 值 (a list for 属于; null while not chosen). */
export interface RuleCondition {
  field: RuleFieldKey;
  op: RuleOp;
  value: number | string | boolean | (string | boolean)[] | null;
}

/** The `when` key a condition is stored under. */
export function whenKeyOf(c: Pick<RuleCondition, 'field' | 'op'>): string {
  const d: RuleField = RULE_FIELDS[c.field];
  return d.kind === 'number' ? (c.op === 'lt' ? d.keys.lt : d.keys.gte) : c.field;
}

/**
 * A stored `when` as rows, in the form's order of fields (≥ before <), whatever order the database keeps the
 * keys in; keys that are no field are left out (the server refuses them).
 */
export function conditionsOf(when: Record<string, unknown>): RuleCondition[] {
  const out: RuleCondition[] = [];
  for (const [k, v] of Object.entries(when ?? {})) {
    const num = NUMBER_KEYS[k];
    if (num) out.push({ field: num.field, op: num.op, value: typeof v === 'number' ? v : null });
    else if (k in RULE_FIELDS) out.push({ field: k as RuleFieldKey, op: Array.isArray(v) ? 'in' : 'eq', value: v as RuleCondition['value'] });
  }
  const rank = (c: RuleCondition) => RULE_FIELD_KEYS.indexOf(c.field) * 10 + RULE_OPS.indexOf(c.op);
  return out.sort((a, b) => rank(a) - rank(b));
}

/** Rows back to the stored `when` (an unchosen value is sent as null, which the server names). */
export function whenOf(conds: RuleCondition[]): Record<string, unknown> {
  const when: Record<string, unknown> = {};
  for (const c of conds) when[whenKeyOf(c)] = c.value ?? null;
  return when;
}

const valueLabel = (d: ChoiceField, v: unknown) => d.labels[String(v)] ?? String(v);

/** "面积 ≥ 1000 平方米", "用途 属于 生产、仓储", "占用永久基本农田 等于 是". */
export function describeCondition(c: RuleCondition): string {
  const d: RuleField = RULE_FIELDS[c.field];
  const op = RULE_OP_LABELS[c.op];
  if (d.kind === 'number') return `${d.label} ${op} ${c.value ?? '(未填)'} ${d.unit}`;
  const vals = Array.isArray(c.value) ? c.value : c.value === null || c.value === undefined ? [] : [c.value];
  return `${d.label} ${op} ${vals.length ? vals.map((v) => valueLabel(d, v)).join('、') : '(未选)'}`;
}

/** All conditions of a rule in words, joined by 且. */
export function describeWhen(when: Record<string, unknown>): string {
  const cs = conditionsOf(when);
  return cs.length ? cs.map(describeCondition).join(' 且 ') : '(无条件)';
}

export interface RuleLike {
  id: string;
  priority: number;
  suggest: DisposalClass | string;
  reason: string;
  when: Record<string, unknown>;
}

const cls = (s: string) => DISPOSAL_LABELS[s as DisposalClass] ?? s;
const short = (s: string) => (s.length > 24 ? `${s.slice(0, 24)}…` : s);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What changed from one version of the rule set to the next, one sentence a change, a rule named by its
 * reason (as the officer reads it): added, removed, and each changed part of a kept rule before → after.
 */
export function ruleSetChanges(before: RuleLike[], after: RuleLike[]): string[] {
  const out: string[] = [];
  const old = new Map(before.map((r) => [r.id, r]));
  const now = new Set(after.map((r) => r.id));
  for (const r of after) {
    const o = old.get(r.id);
    if (!o) {
      out.push(`新增规则「${short(r.reason)}」:${describeWhen(r.when)} 时建议${cls(r.suggest)},优先级 ${r.priority}`);
      continue;
    }
    const name = `规则「${short(o.reason)}」`;
    if (o.reason !== r.reason) out.push(`${name}的理由改为「${r.reason}」`);
    if (o.suggest !== r.suggest) out.push(`${name}的建议处置由 ${cls(o.suggest)} 改为 ${cls(r.suggest)}`);
    if (o.priority !== r.priority) out.push(`${name}的优先级由 ${o.priority} 改为 ${r.priority}`);
    if (!same(o.when, r.when)) {
      const was = new Map(conditionsOf(o.when).map((c) => [whenKeyOf(c), c]));
      const is = new Map(conditionsOf(r.when).map((c) => [whenKeyOf(c), c]));
      for (const [k, c] of is) {
        const w = was.get(k);
        if (!w) out.push(`${name}增加条件:${describeCondition(c)}`);
        else if (!same(w, c)) out.push(`${name}的条件由「${describeCondition(w)}」改为「${describeCondition(c)}」`);
      }
      for (const [k, w] of was) if (!is.has(k)) out.push(`${name}删去条件:${describeCondition(w)}`);
    }
  }
  for (const o of before) if (!now.has(o.id)) out.push(`删除规则「${short(o.reason)}」(${describeWhen(o.when)} 时建议${cls(o.suggest)})`);
  return out;
}
