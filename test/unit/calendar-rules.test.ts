import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addWorkingDays, chinaDay, isWorkingDay, workingDaysBetween, type WorkCalendar } from '../../src/modules/settings/work.calendar.js';
import { checkDeadlinePolicy, DEFAULT_DEADLINES, stepOf } from '../../src/modules/settings/deadline.policy.js';
import { suggestDisposal, type CaseRuleFacts } from '../../src/modules/settings/disposal.rules.js';

// A Labour Day week like China's: Fri 1 May – Tue 5 May off, Sat 9 May worked instead (调休).
const cal: WorkCalendar = {
  holidays: new Set(['2026-05-01', '2026-05-04', '2026-05-05']),
  workdays: new Set(['2026-05-09']),
};

test('working days skip weekends and holidays and count make-up Saturdays', () => {
  assert.equal(isWorkingDay('2026-04-30', cal), true); // Thursday
  assert.equal(isWorkingDay('2026-05-01', cal), false); // holiday
  assert.equal(isWorkingDay('2026-05-02', cal), false); // Saturday
  assert.equal(isWorkingDay('2026-05-09', cal), true); // make-up Saturday
  // from Thursday 30 April: 6 May (Wed) is the 1st working day, then 7, 8, 9 (Sat, worked), 11
  assert.equal(addWorkingDays('2026-04-30', 1, cal), '2026-05-06');
  assert.equal(addWorkingDays('2026-04-30', 4, cal), '2026-05-09');
  assert.equal(addWorkingDays('2026-04-30', 5, cal), '2026-05-11');
  // without the holidays the same 5 working days end a week earlier
  assert.equal(addWorkingDays('2026-04-30', 5, { holidays: new Set(), workdays: new Set() }), '2026-05-07');
  assert.equal(addWorkingDays('2026-04-30', 0, cal), '2026-04-30');
  assert.equal(workingDaysBetween('2026-04-30', '2026-05-11', cal), 5);
  assert.equal(workingDaysBetween('2026-05-11', '2026-04-30', cal), -5);
  assert.throws(() => addWorkingDays('2026-04-30', -1, cal));
  assert.throws(() => addWorkingDays('2026-04-30', 1.5, cal));
});

test('the China day of an instant is UTC+8', () => {
  assert.equal(chinaDay(new Date('2026-04-30T15:59:59Z')), '2026-04-30');
  assert.equal(chinaDay(new Date('2026-04-30T16:00:00Z')), '2026-05-01');
});

test('each state has the step its deadline measures; deferred and finished cases have none', () => {
  const p = DEFAULT_DEADLINES;
  assert.deepEqual(stepOf('reported', null, p), { step: 'verify', days: p.verifyDays });
  assert.deepEqual(stepOf('verified', null, p), { step: 'classify', days: p.classifyDays });
  assert.deepEqual(stepOf('classified', 'demolish', p), { step: 'rectify', days: p.rectifyDays.demolish });
  assert.deepEqual(stepOf('rectifying', 'remedy', p), { step: 'rectify', days: p.rectifyDays.remedy });
  assert.equal(stepOf('classified', 'defer', p), null);
  assert.deepEqual(stepOf('closing_requested', 'demolish', p), { step: 'review', days: p.reviewDays });
  assert.equal(stepOf('closed', 'demolish', p), null);
  assert.equal(stepOf('rejected', null, p), null);
  assert.deepEqual(checkDeadlinePolicy(p), []);
  assert.equal(checkDeadlinePolicy({ ...p, verifyDays: 0, rectifyDays: { demolish: 1.5, remedy: 10 } }).length, 2);
});

const facts = (f: Partial<CaseRuleFacts>): CaseRuleFacts => ({
  ownerKind: 'individual',
  onBasicFarmland: false,
  onCultivatedLand: false,
  safetyRisk: 'low',
  landType: 'construction',
  use: 'storage',
  structure: 'brick_concrete',
  areaM2: 120,
  origin: 'stock',
  enterpriseName: null,
  ...f,
});

test('disposal rules: the strongest matching rule suggests, every match is a reason', () => {
  const farm = suggestDisposal(facts({ ownerKind: 'enterprise', landType: 'basic_farmland', onBasicFarmland: true, onCultivatedLand: true, use: 'production' }));
  assert.equal(farm.disposalClass, 'demolish');
  assert.equal(farm.reasons[0].ruleId, 'basic-farmland');
  const ent = suggestDisposal(facts({ ownerKind: 'enterprise', use: 'production', areaM2: 2000 }));
  assert.equal(ent.disposalClass, 'remedy');
  assert.deepEqual(
    ent.reasons.map((r) => r.ruleId),
    ['enterprise-production-construction-land', 'enterprise-large-stock'],
  );
  const risky = suggestDisposal(facts({ ownerKind: 'enterprise', use: 'production', safetyRisk: 'high' }));
  assert.equal(risky.disposalClass, 'demolish', 'safety first: high risk beats the enterprise remedy rule');
  assert.equal(risky.reasons.length, 2);
  assert.deepEqual(suggestDisposal(facts({ landType: 'unused', use: 'other' })), { disposalClass: null, reasons: [] });
});
