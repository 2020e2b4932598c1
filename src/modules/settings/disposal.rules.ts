import { DISPOSAL_CLASSES, LAND_TYPES, ORIGINS, OWNER_KINDS, SAFETY_RISKS, STRUCTURES, USES, type DisposalClass } from '../cases/cases.enums.js';

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
  origin: string;
  enterpriseName: string | null;
}

export interface DisposalRule {
  id: string;
  /** Higher wins when rules disagree. */
  priority: number;
  suggest: DisposalClass;
  reason: string;
  /** Every listed fact must match (a list means "one of"). */
  when: Partial<{ [K in keyof CaseRuleFacts]: CaseRuleFacts[K] | CaseRuleFacts[K][] }> & { areaAtLeast?: number; areaBelow?: number };
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
  const { areaAtLeast, areaBelow, ...facts } = rule.when;
  if (areaAtLeast !== undefined && !(f.areaM2 !== null && f.areaM2 >= areaAtLeast)) return false;
  if (areaBelow !== undefined && !(f.areaM2 !== null && f.areaM2 < areaBelow)) return false;
  return Object.entries(facts).every(([k, want]) => {
    const have = f[k as keyof CaseRuleFacts];
    return Array.isArray(want) ? (want as unknown[]).includes(have) : want === have;
  });
}

export interface Suggestion {
  disposalClass: DisposalClass | null;
  /** Every rule that matched, strongest first: the reasons shown to the officer. */
  reasons: { ruleId: string; suggest: DisposalClass; reason: string }[];
}

export function suggestDisposal(f: CaseRuleFacts, rules: DisposalRule[] = DEFAULT_RULES): Suggestion {
  const hit = rules.filter((r) => matches(r, f)).sort((a, b) => b.priority - a.priority);
  return { disposalClass: hit[0]?.suggest ?? null, reasons: hit.map((r) => ({ ruleId: r.id, suggest: r.suggest, reason: r.reason })) };
}

/** The facts a rule may test, with the values each accepts (for the admin's editor and its validation). */
export const RULE_FACTS = {
  ownerKind: { label: '权属人类型', values: OWNER_KINDS },
  onBasicFarmland: { label: '占用永久基本农田', values: [true, false] },
  onCultivatedLand: { label: '占用耕地', values: [true, false] },
  safetyRisk: { label: '安全隐患', values: SAFETY_RISKS },
  landType: { label: '土地类型', values: LAND_TYPES },
  use: { label: '用途', values: USES },
  structure: { label: '结构', values: STRUCTURES },
  origin: { label: '存量/新增', values: ORIGINS },
} as const;
const AREA_KEYS = { areaAtLeast: '面积不小于', areaBelow: '面积小于' } as const;
export const MAX_RULES = 100;

/**
 * Refuses a rule set that could not work, one zh-CN reason per problem (the admin edits rules at
 * runtime; a bad set must never reach the officers' suggestions).
 */
export function checkRules(input: unknown): string[] {
  const out: string[] = [];
  if (!Array.isArray(input)) return ['规则集须为列表'];
  if (input.length === 0) out.push('规则集不能为空');
  if (input.length > MAX_RULES) out.push(`规则最多 ${MAX_RULES} 条`);
  const ids = new Set<string>();
  input.forEach((r: unknown, i) => {
    const at = `第 ${i + 1} 条规则`;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return out.push(`${at}格式无效`);
    const rule = r as Record<string, unknown>;
    for (const k of Object.keys(rule)) if (!['id', 'priority', 'suggest', 'reason', 'when'].includes(k)) out.push(`${at}含未知字段“${k}”`);
    const id = rule.id;
    if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,49}$/.test(id)) out.push(`${at}的编号须为 1–50 位小写字母、数字或连字符`);
    else if (ids.has(id)) out.push(`${at}的编号“${id}”重复`);
    else ids.add(id);
    const name = typeof id === 'string' && id ? `${at}(${id})` : at;
    if (!Number.isInteger(rule.priority) || (rule.priority as number) < 0 || (rule.priority as number) > 1000) out.push(`${name}的优先级须为 0–1000 的整数`);
    if (!DISPOSAL_CLASSES.includes(rule.suggest as DisposalClass)) out.push(`${name}的建议处置须为 拆除(demolish)、整改补办(remedy)或暂缓(defer)`);
    if (typeof rule.reason !== 'string' || !rule.reason.trim() || rule.reason.length > 200) out.push(`${name}须写明理由(1–200 字)`);
    const when = rule.when;
    if (typeof when !== 'object' || when === null || Array.isArray(when)) return out.push(`${name}须有适用条件`);
    const conds = Object.entries(when as Record<string, unknown>);
    if (conds.length === 0) out.push(`${name}至少须有一个适用条件(否则对所有案件都成立)`);
    for (const [k, v] of conds) {
      if (k in AREA_KEYS) {
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 10_000_000) out.push(`${name}的“${AREA_KEYS[k as keyof typeof AREA_KEYS]}”须为 0–10000000 的数字(平方米)`);
        continue;
      }
      const fact = RULE_FACTS[k as keyof typeof RULE_FACTS];
      if (!fact) {
        out.push(`${name}的条件“${k}”不是可用的事实`);
        continue;
      }
      const vals = Array.isArray(v) ? v : [v];
      if (vals.length === 0) out.push(`${name}的条件“${fact.label}”不能为空列表`);
      for (const x of vals) if (!(fact.values as readonly unknown[]).includes(x)) out.push(`${name}的条件“${fact.label}”取值“${String(x)}”无效,可选:${fact.values.join('、')}`);
    }
    const w = when as { areaAtLeast?: number; areaBelow?: number };
    if (typeof w.areaAtLeast === 'number' && typeof w.areaBelow === 'number' && w.areaAtLeast >= w.areaBelow)
      out.push(`${name}的面积范围为空(不小于 ${w.areaAtLeast} 且小于 ${w.areaBelow})`);
  });
  return out;
}
