import { test } from 'node:test';
import assert from 'node:assert/strict';
import { disposalSoftened, groupImported, untouchedSinceRegistration, type CaseFacts, type ImportOrigin, type RuleContext } from '../../src/modules/alerts/alert.rules.js';
import { caseFacts } from '../support/alerts.js';

// 处置决定被改轻 over every pair of classes, and the grouping of findings on an imported ledger's untouched cases.

const ctx: RuleContext = { name: (id) => id ?? '系统', now: new Date('2026-12-07T00:00:00Z') };
const at = (day: number) => new Date(Date.UTC(2026, 10, day));

const facts = (over: Partial<CaseFacts> = {}) => caseFacts({ status: 'verified', source: 'census_import', reportedBy: 'u0', ...over });

test('every move to a softer class is one situation, a move to the same or a harder class none', () => {
  const rank = { demolish: 3, remedy: 2, defer: 1 } as const;
  for (const from of ['demolish', 'remedy', 'defer'] as const) {
    for (const to of ['demolish', 'remedy', 'defer'] as const) {
      const events = [
        { id: 1, kind: 'classify', actorId: 'o1', at: at(1), disposalClass: from },
        { id: 2, kind: 'reopen', actorId: 'o1', at: at(2) },
        { id: 3, kind: 'classify', actorId: 'o2', at: at(3), disposalClass: to },
      ];
      const found = disposalSoftened(facts({ events }), {}, ctx);
      assert.equal(found.length, rank[to] < rank[from] ? 1 : 0, `${from} → ${to}`);
      if (found.length) {
        assert.equal(found[0].key, 'soften:3');
        assert.deepEqual(found[0].userIds, ['o2']);
        assert.deepEqual(found[0].evidence.eventIds, [1, 3]);
      }
    }
  }
  // judged against the previous classification: demolish → defer → remedy is one (the first move), not two
  const chain = [
    { id: 1, kind: 'classify', actorId: 'o1', at: at(1), disposalClass: 'demolish' },
    { id: 2, kind: 'classify', actorId: 'o1', at: at(2), disposalClass: 'defer' },
    { id: 3, kind: 'classify', actorId: 'o1', at: at(3), disposalClass: 'remedy' },
  ];
  assert.deepEqual(
    disposalSoftened(facts({ events: chain }), {}, ctx).map((f) => f.key),
    ['soften:2'],
  );
  // a class that is not ranked (a waterlogging point's works) is never softening
  const works = [
    { id: 1, kind: 'classify', actorId: 'o1', at: at(1), disposalClass: 'pumping' },
    { id: 2, kind: 'classify', actorId: 'o1', at: at(2), disposalClass: 'dredging' },
  ];
  assert.deepEqual(disposalSoftened(facts({ events: works }), {}, ctx), []);
});

test('untouched since registration: only its registration and the system’s own events', () => {
  const created = { id: 1, kind: 'created', actorId: 'u0', at: at(1) };
  assert.equal(untouchedSinceRegistration(facts({ events: [created] })), true);
  assert.equal(untouchedSinceRegistration(facts({ events: [created, { id: 2, kind: 'overdue_notice', actorId: null, at: at(9) }] })), true);
  assert.equal(untouchedSinceRegistration(facts({ events: [created, { id: 2, kind: 'fields_changed', actorId: 'o1', at: at(9) }] })), false);
  const photo = { id: 'p', uploadedAt: at(5), uploadedBy: 'i1', capturedAt: null, exifPresent: false, device: null, exifGps: null };
  assert.equal(untouchedSinceRegistration(facts({ events: [created], afterPhotos: [photo] })), false);
});

test('findings on untouched imported cases go into one group per rule, import and town; the rest stay alone', () => {
  const origin = (importId: string, townCode: string): ImportOrigin => ({
    importId,
    townCode,
    townPath: `city/${townCode}`,
    townName: `镇${townCode}`,
    filename: '台账.xlsx',
    importedAt: at(1),
    importer: '张三',
  });
  const f = (caseIds: string[], rule: 'overdue_idle' | 'notice_unanswered' = 'overdue_idle', users = ['o1']) => ({
    rule,
    key: `${rule}:${caseIds.join(',')}`,
    caseIds,
    userIds: users,
    divisionCode: 'v',
    divisionPath: 'city/t/v',
    summary: caseIds.join(','),
    evidence: { eventIds: [], photoIds: [], auditIds: [], problems: [] },
    severity: 'medium' as const,
    ruleVersion: 1,
  });
  const origins = new Map([
    ['a1', origin('i1', 't1')],
    ['a2', origin('i1', 't1')],
    ['b1', origin('i1', 't2')],
    ['c1', origin('i2', 't1')],
    ['touched', origin('i1', 't1')],
  ]);
  const untouched = new Set(['a1', 'a2', 'b1', 'c1', 'hand']);
  const found = [f(['a1']), f(['a2'], 'overdue_idle', ['o2']), f(['a1'], 'notice_unanswered'), f(['b1']), f(['c1']), f(['touched']), f(['hand']), f(['a1', 'b1'])];
  const { single, groups } = groupImported(found, origins, untouched, '2027-02-01');
  assert.deepEqual(
    single.map((x) => x.caseIds.join(',')),
    ['touched', 'hand', 'a1,b1'],
  );
  assert.deepEqual(
    groups.map((g) => [g.rule, g.key, g.members.length]),
    [
      ['overdue_idle', 'import:i1:t1:2027-02-01', 2],
      ['notice_unanswered', 'import:i1:t1:2027-02-01', 1],
      ['overdue_idle', 'import:i1:t2:2027-02-01', 1],
      ['overdue_idle', 'import:i2:t1:2027-02-01', 1],
    ],
  );
  const g = groups[0];
  assert.deepEqual(g.userIds, ['o1', 'o2']);
  assert.equal(g.divisionCode, 't1');
  assert.equal(g.divisionPath, 'city/t1');
  assert.equal(g.importId, 'i1');
  assert.match(g.summary, /^镇t1:2026-11-01 由 张三 导入的存量普查台账《台账\.xlsx》中,导入后在本系统尚无人办理的案件触发“逾期案件长期未动”\(2027-02-01 发现\)/);
});
