import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';

// The admin's rule form relies on two things of the API: every problem placed on its rule, part and condition
// (so the form can show it beside them), and 试算 of an unsaved set; and a rule on 层数 reaches a case's suggestion.
let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const rulesNow = async () => (await t.req('admin', { method: 'GET', url: '/api/settings/disposal-rules' })).json();
const trial = (user: string, payload: Record<string, unknown>) => t.req(user, { method: 'POST', url: '/api/settings/disposal-rules/trial', payload });

test('a refused set names each problem with its rule, part and condition; 试算 runs a draft set on facts without storing it', async () => {
  const cur = await rulesNow();
  const bad = await t.req('admin', {
    method: 'PUT',
    url: '/api/settings/disposal-rules',
    payload: {
      version: cur.version,
      rules: [...cur.rules, { id: 'rule-9', priority: 5, suggest: 'defer', reason: '多层厂房', when: { floorsAtLeast: 2.5, areaAtLeast: 900, areaBelow: 100 } }],
    },
  });
  assert.equal(bad.statusCode, 422, bad.body);
  const at = cur.rules.length;
  assert.deepEqual(
    bad.json().details.problems.map((p: { rule: number; field: string; condition: string }) => [p.rule, p.field, p.condition]),
    [
      [at, 'when', 'floorsAtLeast'],
      [at, 'when', 'areaBelow'],
    ],
  );
  assert.match(bad.json().details.reasons[0], new RegExp(`^第 ${at + 1} 条规则\\(rule-9\\):条件“层数 ≥”须为 0–200 的整数`));

  const draft = [...cur.rules, { id: 'rule-9', priority: 200, suggest: 'defer', reason: '三层以上的企业厂房暂缓', when: { floorsAtLeast: 3, ownerKind: 'enterprise' } }];
  const tried = await trial('admin', { rules: draft, facts: { floors: 4, ownerKind: 'enterprise', structure: 'simple' } });
  assert.equal(tried.statusCode, 200, tried.body);
  assert.equal(tried.json().disposalClass, 'defer');
  assert.deepEqual(
    tried.json().matches.map((m: { rule: number }) => m.rule),
    [at, cur.rules.findIndex((r: { id: string }) => r.id === 'simple-shed')],
  );
  // the set in force when none is sent; nothing was stored
  const inForce = (await trial('admin', { facts: { floors: 4, ownerKind: 'enterprise', structure: 'simple' } })).json();
  assert.equal(inForce.disposalClass, 'demolish');
  assert.equal((await rulesNow()).version, cur.version);
  const refused = await trial('admin', { rules: [{ ...draft[at], when: {} }], facts: {} });
  assert.equal(refused.statusCode, 422);
  assert.equal(refused.json().details.problems[0].field, 'when');
  assert.equal((await trial('officer_a', { facts: {} })).statusCode, 403);
  // names that are no fact (an inherited property, a number field's own name) are refused at their condition, not a 500
  for (const name of ['toString', 'constructor', 'areaM2']) {
    const odd = await trial('admin', { rules: [{ ...draft[at], when: { [name]: 'x' } }], facts: {} });
    assert.equal(odd.statusCode, 422, `${name}: ${odd.body}`);
    assert.equal(odd.json().details.problems[0].condition, name);
  }
  assert.equal((await trial('admin', { facts: { use: 'spaceport' } })).statusCode, 400);

  // saved, a rule on floors decides the suggestion of a case with those floors
  const ok = await t.req('admin', { method: 'PUT', url: '/api/settings/disposal-rules', payload: { version: cur.version, rules: draft } });
  assert.equal(ok.statusCode, 200, ok.body);
  const [lon, lat] = t.pointIn(TOWN_A, 3);
  const made = await t.req('officer_a', {
    method: 'POST',
    url: '/api/cases',
    payload: caseBody(lon, lat, { floors: 4, ownerKind: 'enterprise', enterpriseName: '平湖市某某纸箱厂' }),
  });
  assert.equal(made.statusCode, 201, made.body);
  const got = await t.req('officer_a', { method: 'GET', url: `/api/cases/${made.json().id}` });
  assert.equal(got.statusCode, 200, got.body);
  const s = got.json().suggestion;
  assert.equal(s.disposalClass, 'defer');
  assert.equal(s.reasons[0].reason, '三层以上的企业厂房暂缓');
});
