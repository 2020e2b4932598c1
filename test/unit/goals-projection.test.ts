import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMonths, latestProjection, pacePerMonth, projectZero } from '../../src/modules/goals/goals.projection.js';
import { letterProgress, overallStatus } from '../../src/modules/letters/letters.progress.js';

test('goals: the month of zero stock at the current pace, and none when the pace is not positive', () => {
  assert.equal(addMonths('2026-12', 5), '2027-05');
  assert.equal(addMonths('2026-01', -1), '2025-12');
  // 50 left, 60 cleared over six months: 10 a month → five months on
  assert.deepEqual(projectZero(50, pacePerMonth(110, 50), '2026-12'), { state: 'on_pace', month: '2027-05', text: '按当前进度，预计 2027年5月 清零' });
  // 3 left at 1/3 a month: exactly nine months, not ten
  assert.equal(projectZero(3, pacePerMonth(5, 3), '2026-12').month, '2027-09');
  assert.equal(projectZero(3, 0, '2026-12').text, '按当前进度无法清零');
  assert.equal(projectZero(3, pacePerMonth(2, 3), '2026-12').state, 'stalled');
  assert.equal(projectZero(0, 0, '2026-12').state, 'cleared');
  const on = (m: string) => projectZero(1, 1, m);
  assert.equal(latestProjection([on('2027-01'), on('2027-03'), projectZero(0, 0, 'x')]).month, '2027-04');
  assert.equal(latestProjection([on('2027-01'), projectZero(2, -1, '2026-12')]).state, 'stalled');
  assert.equal(latestProjection([projectZero(0, 0, 'x')]).state, 'cleared');
});

test('letters: each target against the facts; farmland is broken at the first new case; campaigns show 暂无专项', () => {
  const t = { stockCount: 10, stockArea: 1000, farmlandZero: true, safetyRate: 0.9, campaignRate: 0.7 };
  const running = letterProgress(t, { stockClosed: 5, stockClosedArea: 1200, newOnFarmland: 0, riskTotal: 10, riskHandled: 9 }, false);
  assert.deepEqual(
    running.map((i) => [i.code, i.rate, i.status]),
    [
      ['stock_count', 0.5, 'in_progress'],
      ['stock_area', 1, 'met'],
      ['farmland_zero', 1, 'in_progress'],
      ['safety', 1, 'met'],
      ['campaign', null, 'no_data'],
    ],
  );
  assert.equal(running[4].actual, '暂无专项');
  assert.equal(overallStatus(running), 'in_progress');
  const ended = letterProgress(t, { stockClosed: 10, stockClosedArea: 1000, newOnFarmland: 1, riskTotal: 0, riskHandled: 0 }, true);
  assert.equal(ended.find((i) => i.code === 'farmland_zero')!.status, 'missed');
  assert.equal(ended.find((i) => i.code === 'safety')!.actual, '无安全隐患违建');
  assert.equal(overallStatus(ended), 'missed');
  assert.equal(
    overallStatus(
      letterProgress({ ...t, farmlandZero: false, safetyRate: null }, { stockClosed: 10, stockClosedArea: 1000, newOnFarmland: 3, riskTotal: 0, riskHandled: 0 }, true),
    ),
    'met',
  );
});
