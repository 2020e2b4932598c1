import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goalpostsFromBaseline, roundGoalpost } from '../../src/modules/index/index.baseline.js';
import { normalise } from '../../src/modules/index/index.engine.js';

// Goalposts from a county's own baseline (index.baseline.ts): the worse goalpost at a percentile of the
// baseline's units, rounded outward to two significant digits; the better one the policy's target.

/** 1, 2, …, 20 in a shuffled order with gaps (null: a unit with no value) that the rule must skip. */
const ONE_TO_TWENTY = [7, 20, null, 3, 14, 1, 18, 9, 12, undefined, 5, 16, 2, 11, 19, 4, 13, 8, 6, 17, 10, 15, Number.NaN];

test('a "lower is better" density: the 90th percentile of the baseline scores 0, the target 0 scores 100', () => {
  const g = goalpostsFromBaseline(ONE_TO_TWENTY, 'lower', { worstShare: 0.9, best: { target: 0 } });
  assert.ok(g.goalposts);
  // nearest rank: ceil(0.9 × 20) = 18th of 20 ascending values
  assert.equal(g.worstRaw, 18);
  assert.deepEqual(g.goalposts, { lower: 0, upper: 18 });
  assert.equal(g.n, 20);
  // what the engine makes of it: the worst tenth (19, 20) and the unit at the percentile score 0, the target 100
  assert.deepEqual(normalise([0, 9, 18, 19, 20], { direction: 'lower', goalposts: g.goalposts }, 'goalposts'), [100, 50, 0, 0, 0]);
});

test('a "higher is better" rate: the 10th percentile of the baseline scores 0, the target 100 % scores 100', () => {
  const rates = ONE_TO_TWENTY.map((x) => (typeof x === 'number' && Number.isFinite(x) ? 5 * x : x)); // 5 … 100 %
  const g = goalpostsFromBaseline(rates, 'higher', { worstShare: 0.9, best: { target: 100 } });
  // 90 % of the units (18 of 20) at or above the worse goalpost: the 3rd lowest
  assert.deepEqual(g.goalposts, { lower: 15, upper: 100 });
});

test('the better goalpost can be a percentile too (e.g. the best tenth of the baseline scores 100)', () => {
  const g = goalpostsFromBaseline(ONE_TO_TWENTY, 'lower', { worstShare: 0.9, best: { share: 0.1 } });
  assert.deepEqual(g.goalposts, { lower: 2, upper: 18 });
  const h = goalpostsFromBaseline(ONE_TO_TWENTY, 'higher', { worstShare: 0.75, best: { share: 0.1 } });
  // higher is better: 75 % (15 of 20) at or above the worse goalpost (6th lowest), 10 % (2) at or above the better one
  assert.deepEqual(h.goalposts, { lower: 6, upper: 19 });
});

test('goalposts are rounded outward to two significant digits, so they read as published numbers', () => {
  assert.equal(roundGoalpost(1139.35, 'up'), 1200);
  assert.equal(roundGoalpost(35.93, 'up'), 36);
  assert.equal(roundGoalpost(3.77, 'up'), 3.8);
  assert.equal(roundGoalpost(0.0123, 'up'), 0.013);
  assert.equal(roundGoalpost(47.37, 'down'), 47);
  assert.equal(roundGoalpost(18, 'up'), 18);
  assert.equal(roundGoalpost(0, 'up'), 0);
  // a skewed baseline as a county's villages have (most with few violations, a few with many)
  const villages = [0, 0, 0, 0, 0, 12, 40, 75, 110, 160, 220, 300, 390, 480, 620, 800, 950, 1139.35, 1400, 2100];
  const g = goalpostsFromBaseline(villages, 'lower', { worstShare: 0.9, best: { target: 0 } });
  assert.deepEqual(g.goalposts, { lower: 0, upper: 1200 });
  assert.equal(g.worstRaw, 1139.35);
});

test('a baseline that cannot tell units apart sets no goalposts: too few units, or no spread beyond the target', () => {
  const few = goalpostsFromBaseline([1, 2, 3], 'lower', { worstShare: 0.9, best: { target: 0 }, minUnits: 10 });
  assert.deepEqual(few, { goalposts: null, reason: 'too_few_units', n: 3 });
  assert.deepEqual(goalpostsFromBaseline([null, undefined], 'lower', { worstShare: 0.9, best: { target: 0 } }), { goalposts: null, reason: 'too_few_units', n: 0 });
  // every closing of the baseline valid (100 %): the target is already the 10th percentile
  const flat = goalpostsFromBaseline(Array(30).fill(100), 'higher', { worstShare: 0.9, best: { target: 100 } });
  assert.deepEqual(flat, { goalposts: null, reason: 'no_spread', n: 30 });
  // nine villages in ten without a rebuild: the 90th percentile is the target 0
  const rebuilds = [...Array(27).fill(0), 5, 10, 20];
  assert.equal(goalpostsFromBaseline(rebuilds, 'lower', { worstShare: 0.9, best: { target: 0 } }).goalposts, null);
  assert.deepEqual(goalpostsFromBaseline(rebuilds, 'lower', { worstShare: 0.95, best: { target: 0 } }).goalposts, { lower: 0, upper: 10 });
});
