import { DISPOSAL_CLASSES, type DisposalClass } from '../cases/cases.enums.js';
import { DISPOSAL_LABELS } from '../../../shared/enums.js';
import {
  NUMBER_KEYS,
  RULE_FIELD_KEYS,
  RULE_FIELDS,
  RULE_OP_LABELS,
  type ChoiceField,
  type NumberField,
  type RuleField,
  type RuleFieldKey,
} from '../../../shared/disposal-rules.js';

/**
 * Suggested disposal class from the facts of a case (the industrial-enterprise recognition and
 * classified-disposal policy as data). The first matching rule of the highest priority decides the
 * class; every matching rule is a reason shown to the officer. The officer decides; a decision
 * against the suggestion is recorded as an override with its reason.
 */
export interface CaseRuleFacts {
  ownerKind: string | null;
  onBasicFarmland: boolean;
  onCultivatedLand: boolean;
  safetyRisk: string;
  landType: string | null;
  use: string | null;
  structure: string | null;
  areaM2: number | null;
  /** 层数; optional for callers that do not know it (a rule on floors then does not match). */
  floors?: number | null;
  origin: string;
  enterpriseName: string | null;
}

export interface DisposalRule {
  id: string;
  /** Higher wins when rules disagree. */
  priority: number;
  suggest: DisposalClass;
  reason: string;
  /**
   * Every listed fact must match (a list means "one of"); areaAtLeast / areaBelow (m²) and floorsAtLeast /
   * floorsBelow compare numbers (shared/disposal-rules.ts names them for the admin's form).
   */
  when: Partial<{ [K in keyof CaseRuleFacts]: CaseRuleFacts[K] | CaseRuleFacts[K][] }> & {
    areaAtLeast?: number;
    areaBelow?: number;
    floorsAtLeast?: number;
    floorsBelow?: number;
  };
}

export const DEFAULT_RULES: DisposalRule[] = [
  { id: 'basic-farmland', priority: 100, suggest: 'demolish', reason: '占用永久基本农田,依法应当拆除', when: { onBasicFarmland: true } },
  { id: 'high-risk', priority: 90, suggest: 'demolish', reason: '存在重大安全隐患,应优先拆除', when: { safetyRisk: 'high' } },
  { id: 'new-on-cultivated', priority: 80, suggest: 'demolish', reason: '新增违建占用耕地,即查即拆', when: { origin: 'new', onCultivatedLand: true } },
  { id: 'simple-shed', priority: 60, suggest: 'demolish', reason: '简易棚房,拆除成本低', when: { structure: 'simple' } },
  {
    id: 'enterprise-production-construction-land',
    priority: 50,
    suggest: 'remedy',
    reason: '企业在建设用地上的生产经营用房,符合规划的可整改补办手续',
    when: { ownerKind: 'enterprise', landType: 'construction', use: ['production', 'storage'] },
  },
  {
    id: 'residential-construction-land',
    priority: 40,
    suggest: 'remedy',
    reason: '建设用地上的自住用房,符合"一户一宅"的可补办',
    when: { ownerKind: 'individual', landType: 'construction', use: 'residential' },
  },
  {
    id: 'enterprise-large-stock',
    priority: 30,
    suggest: 'defer',
    reason: '存量企业大体量厂房,涉及生产经营,可暂缓处置待规划明确',
    when: { ownerKind: 'enterprise', origin: 'stock', areaAtLeast: 1000 },
  },
];

function matches(rule: DisposalRule, f: CaseRuleFacts): boolean {
  return Object.entries(rule.when).every(([k, want]) => {
    const num = NUMBER_KEYS[k];
    if (num) {
      // the numeric fields (areaM2, floors) are named as the facts are
      const have = f[num.field as keyof CaseRuleFacts] as number | null | undefined;
      if (have === null || have === undefined || typeof want !== 'number') return false;
      return num.op === 'gte' ? have >= want : have < want;
    }
    const have = f[k as keyof CaseRuleFacts];
    return Array.isArray(want) ? (want as unknown[]).includes(have) : want === have;
  });
}

export interface Suggestion {
  disposalClass: DisposalClass | null;
  /** Every rule that matched, strongest first: the reasons shown to the officer. */
  reasons: { ruleId: string; suggest: DisposalClass; reason: string }[];
}

/** The places (from 0) of the rules that match, strongest first (equal priorities keep the list's order). */
export function matchingRules(f: CaseRuleFacts, rules: DisposalRule[]): number[] {
  return rules
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => matches(r, f))
    .sort((a, b) => b.r.priority - a.r.priority || a.i - b.i)
    .map(({ i }) => i);
}

export function suggestDisposal(f: CaseRuleFacts, rules: DisposalRule[] = DEFAULT_RULES): Suggestion {
  const hit = matchingRules(f, rules).map((i) => rules[i]);
  return { disposalClass: hit[0]?.suggest ?? null, reasons: hit.map((r) => ({ ruleId: r.id, suggest: r.suggest, reason: r.reason })) };
}

/** The facts a rule may test by value, with the values each accepts (GET /api/settings/disposal-rules). */
export const RULE_FACTS = Object.fromEntries(
  RULE_FIELD_KEYS.flatMap((k) => {
    const d: RuleField = RULE_FIELDS[k];
    return d.kind === 'choice' ? [[k, { label: d.label, values: d.values }]] : [];
  }),
) as Record<string, { label: string; values: readonly (string | boolean)[] }>;
export const MAX_RULES = 100;

/**
 * One problem of a rule set: which rule (its place in the list, from 0; null for the set as a whole), which
 * part of it (`field`; `condition` is the `when` key for one condition) and the zh-CN message, short enough to
 * stand beside that part in the admin's form.
 */
export interface RuleProblem {
  rule: number | null;
  field: 'id' | 'priority' | 'suggest' | 'reason' | 'when' | null;
  condition: string | null;
  message: string;
}

/** A problem as one sentence that names its rule ("第 2 条规则(high-risk):优先级须为…"). */
export function problemText(p: RuleProblem, rules: unknown): string {
  if (p.rule === null) return p.message;
  const r = Array.isArray(rules) ? (rules[p.rule] as { id?: unknown } | undefined) : undefined;
  const id = r && typeof r === 'object' && typeof r.id === 'string' && r.id ? `(${r.id})` : '';
  return `第 ${p.rule + 1} 条规则${id}:${p.message}`;
}

const CLASS_WORDS = DISPOSAL_CLASSES.map((c) => DISPOSAL_LABELS[c]);

/**
 * Refuses a rule set that could not work, every problem at once (the admin edits rules at runtime; a bad set
 * must never reach the officers' suggestions). Messages use the form's words, never a code.
 */
export function checkRules(input: unknown): RuleProblem[] {
  const out: RuleProblem[] = [];
  const set = (message: string) => out.push({ rule: null, field: null, condition: null, message });
  if (!Array.isArray(input)) {
    set('规则集须为列表');
    return out;
  }
  if (input.length === 0) set('规则集不能为空,至少须有一条规则');
  if (input.length > MAX_RULES) set(`规则最多 ${MAX_RULES} 条`);
  const ids = new Set<string>();
  input.forEach((r: unknown, i) => {
    const add = (field: RuleProblem['field'], message: string, condition: string | null = null) => out.push({ rule: i, field, condition, message });
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return add(null, '格式无效');
    const rule = r as Record<string, unknown>;
    for (const k of Object.keys(rule)) if (!['id', 'priority', 'suggest', 'reason', 'when'].includes(k)) add(null, `含未知字段“${k}”`);
    const id = rule.id;
    if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,49}$/.test(id)) add('id', '编号须为 1–50 位小写字母、数字或连字符');
    else if (ids.has(id)) add('id', `编号“${id}”重复`);
    else ids.add(id);
    if (!Number.isInteger(rule.priority) || (rule.priority as number) < 0 || (rule.priority as number) > 1000) add('priority', '优先级须为 0–1000 的整数');
    if (!DISPOSAL_CLASSES.includes(rule.suggest as DisposalClass)) add('suggest', `建议处置须为 ${CLASS_WORDS.slice(0, -1).join('、')}或${CLASS_WORDS.at(-1)}`);
    if (typeof rule.reason !== 'string' || !rule.reason.trim() || rule.reason.length > 200) add('reason', '须写明理由(1–200 字)');
    const when = rule.when;
    if (typeof when !== 'object' || when === null || Array.isArray(when)) return add('when', '须有适用条件');
    const conds = Object.entries(when as Record<string, unknown>);
    if (conds.length === 0) add('when', '至少须有一个适用条件(否则对所有案件都成立)');
    for (const [k, v] of conds) {
      // own keys only: `toString` or `constructor` is no fact, nor a number field's own name (areaM2)
      const num = Object.hasOwn(NUMBER_KEYS, k) ? NUMBER_KEYS[k] : undefined;
      if (num) {
        const d = RULE_FIELDS[num.field] as NumberField;
        const what = `“${d.label} ${RULE_OP_LABELS[num.op]}”`;
        if (v === null || v === undefined) add('when', `条件${what}未填写数值`, k);
        else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > d.max || (d.integer && !Number.isInteger(v)))
          add('when', `条件${what}须为 0–${d.max} 的${d.integer ? '整数' : '数'}(${d.unit})`, k);
        continue;
      }
      const field: RuleField | undefined = Object.hasOwn(RULE_FIELDS, k) ? RULE_FIELDS[k as RuleFieldKey] : undefined;
      if (!field || field.kind !== 'choice') {
        add('when', `条件“${k}”不是可用的事实`, k);
        continue;
      }
      const d = field;
      if (v === null || v === undefined) {
        add('when', `条件“${d.label}”未选择取值`, k);
        continue;
      }
      if (Array.isArray(v) && d.yesNo) {
        add('when', `条件“${d.label}”只能取“是”或“否”之一`, k);
        continue;
      }
      const vals = Array.isArray(v) ? v : [v];
      if (vals.length === 0) add('when', `条件“${d.label}”至少须选一个取值`, k);
      for (const x of vals)
        if (!d.values.includes(x as string | boolean)) add('when', `条件“${d.label}”取值“${String(x)}”无效,可选:${d.values.map((y) => d.labels[String(y)]).join('、')}`, k);
    }
    const w = when as Record<string, unknown>;
    for (const f of RULE_FIELD_KEYS) {
      const d: RuleField = RULE_FIELDS[f];
      if (d.kind !== 'number') continue;
      const lo = w[d.keys.gte];
      const hi = w[d.keys.lt];
      if (typeof lo === 'number' && typeof hi === 'number' && lo >= hi) add('when', `${d.label}范围为空(≥ ${lo} 且 < ${hi}),没有案件能满足`, d.keys.lt);
    }
  });
  return out;
}
