import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionsOf, describeWhen, ruleSetChanges, whenOf } from '../../shared/disposal-rules.js';
import { checkRules, DEFAULT_RULES, matchingRules, problemText, suggestDisposal, type CaseRuleFacts } from '../../src/modules/settings/disposal.rules.js';

const facts = (f: Partial<CaseRuleFacts>): CaseRuleFacts => ({
  ownerKind: null,
  onBasicFarmland: false,
  onCultivatedLand: false,
  safetyRisk: 'low',
  landType: null,
  use: null,
  structure: null,
  areaM2: null,
  origin: 'new',
  enterpriseName: null,
  ...f,
});

test('a stored condition document reads as rows and goes back unchanged, in words without codes', () => {
  for (const r of DEFAULT_RULES) assert.deepEqual(whenOf(conditionsOf(r.when)), r.when, r.id);
  const when = { ownerKind: 'enterprise', use: ['production', 'storage'], areaAtLeast: 1000, floorsBelow: 3, onBasicFarmland: true };
  assert.deepEqual(
    conditionsOf(when).map((c) => [c.field, c.op]),
    [
      ['areaM2', 'gte'],
      ['floors', 'lt'],
      ['use', 'in'],
      ['onBasicFarmland', 'eq'],
      ['ownerKind', 'eq'],
    ],
    'in the form’s order of fields, whatever order the keys come in',
  );
  assert.equal(describeWhen(when), '面积 ≥ 1000 平方米 且 层数 < 3 层 且 用途 属于 生产、仓储 且 占用永久基本农田 等于 是 且 当事人类型 等于 企业');
});

test('the history of a set says each change in words', () => {
  const before = DEFAULT_RULES;
  const after = [
    ...DEFAULT_RULES.filter((r) => r.id !== 'simple-shed').map((r) =>
      r.id === 'enterprise-large-stock' ? { ...r, priority: 35, suggest: 'remedy' as const, when: { ...r.when, areaAtLeast: 2000, floorsAtLeast: 2 } } : r,
    ),
    { id: 'rule-8', priority: 5, suggest: 'defer' as const, reason: '养殖用房待规划', when: { use: 'livestock' } },
  ];
  const said = ruleSetChanges(before, after);
  assert.ok(said.includes('规则「存量企业大体量厂房,涉及生产经营,可暂缓处置待规…」的建议处置由 暂缓 改为 整改补办'), said.join('\n'));
  assert.ok(said.includes('规则「存量企业大体量厂房,涉及生产经营,可暂缓处置待规…」的优先级由 30 改为 35'), said.join('\n'));
  assert.ok(said.includes('规则「存量企业大体量厂房,涉及生产经营,可暂缓处置待规…」的条件由「面积 ≥ 1000 平方米」改为「面积 ≥ 2000 平方米」'), said.join('\n'));
  assert.ok(said.includes('规则「存量企业大体量厂房,涉及生产经营,可暂缓处置待规…」增加条件:层数 ≥ 2 层'), said.join('\n'));
  assert.ok(said.includes('新增规则「养殖用房待规划」:用途 等于 养殖 时建议暂缓,优先级 5'), said.join('\n'));
  assert.ok(said.includes('删除规则「简易棚房,拆除成本低」(结构 等于 简易 时建议拆除)'), said.join('\n'));
  assert.equal(said.length, 6, said.join('\n'));
  assert.deepEqual(ruleSetChanges(before, before), []);
});

test('floors can be tested; equal priorities follow the list order', () => {
  const rules = [
    { id: 'low-sheds', priority: 10, suggest: 'demolish' as const, reason: '一层简易', when: { floorsBelow: 2, structure: 'simple' } },
    { id: 'tall', priority: 10, suggest: 'defer' as const, reason: '多层', when: { floorsAtLeast: 3 } },
  ];
  assert.equal(suggestDisposal(facts({ floors: 1, structure: 'simple' }), rules).disposalClass, 'demolish');
  assert.equal(suggestDisposal(facts({ floors: 4 }), rules).disposalClass, 'defer');
  assert.equal(suggestDisposal(facts({ floors: null, structure: 'simple' }), rules).disposalClass, null, 'unknown floors never match');
  assert.deepEqual(matchingRules(facts({ floors: 1, structure: 'simple' }), [...rules, { ...rules[0], id: 'x' }]), [0, 2]);
});

test('each problem is placed on its rule, part and condition, in words of the form', () => {
  const rules = [
    { id: 'a', priority: 5000, suggest: 'burn', reason: ' ', when: { areaAtLeast: 500, areaBelow: 100, use: [], structure: null, floorsAtLeast: 2.5, landType: 'moon' } },
    { id: 'b', priority: 1, suggest: 'defer', reason: 'y', when: {} },
  ];
  const ps = checkRules(rules);
  const find = (rule: number, field: string, condition: string | null, re: RegExp) =>
    assert.ok(
      ps.some((p) => p.rule === rule && p.field === field && p.condition === condition && re.test(p.message)),
      `${rule} ${field} ${condition} ${re} in ${JSON.stringify(ps)}`,
    );
  find(0, 'priority', null, /^优先级须为 0–1000 的整数$/);
  find(0, 'suggest', null, /^建议处置须为 拆除、整改补办或暂缓$/);
  find(0, 'reason', null, /须写明理由/);
  find(0, 'when', 'areaBelow', /^面积范围为空/);
  find(0, 'when', 'use', /“用途”至少须选一个取值/);
  find(0, 'when', 'structure', /“结构”未选择取值/);
  find(0, 'when', 'floorsAtLeast', /“层数 ≥”须为 0–200 的整数/);
  find(0, 'when', 'landType', /取值“moon”无效,可选:建设用地、农用地、耕地、永久基本农田、未利用地、其他/);
  find(1, 'when', null, /至少须有一个适用条件/);
  assert.ok(!ps.some((p) => /construction|demolish/.test(p.message)), 'no code in a message');
  assert.equal(problemText(ps.find((p) => p.field === 'priority')!, rules), '第 1 条规则(a):优先级须为 0–1000 的整数');
  assert.deepEqual(checkRules(DEFAULT_RULES), []);
});
