import type { DisposalClass } from './cases.enums.js';

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
  { id: 'residential-construction-land', priority: 40, suggest: 'remedy', reason: '建设用地上的自住用房,符合"一户一宅"的可补办', when: { ownerKind: 'individual', landType: 'construction', use: 'residential' } },
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
