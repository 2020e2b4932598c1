import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aggregate,
  bandColor,
  competitionRanks,
  computeIndex,
  mulberry32,
  normalise,
  percentileSorted,
  quotaColor,
  type PeriodInput,
  type UnitInput,
  type UnitResult,
} from '../../src/modules/index/index.engine.js';
import type { IndexDefinition } from '../../src/modules/index/index.definition.js';

// A small fixture whose every number below was worked out by hand (the arithmetic is in the comments).
const def: IndexDefinition = {
  label: 'fixture',
  weightTotal: 100,
  params: { flowWindowMonths: 12, quickRemovalDays: 90, redecisionDays: 30 },
  dimensions: [
    { id: 'X', name: { zh: '甲', en: 'X' } },
    { id: 'Y', name: { zh: '乙', en: 'Y' } },
  ],
  indicators: [
    {
      id: 'I1',
      name: { zh: '一', en: 'one' },
      dimension: 'X',
      level: 'both',
      formula: 'open_count',
      unit: '处',
      direction: 'lower',
      goalposts: { lower: 0, upper: 10 },
      weight: 30,
      meaning: 'm',
    },
    {
      id: 'I2',
      name: { zh: '二', en: 'two' },
      dimension: 'X',
      level: 'both',
      formula: '100 * stock_closed_area_m2 / stock_area_m2',
      unit: '%',
      direction: 'higher',
      goalposts: { lower: 0, upper: 100 },
      weight: 20,
      meaning: 'm',
    },
    {
      id: 'I3',
      name: { zh: '三', en: 'three' },
      dimension: 'Y',
      level: 'both',
      formula: '1000 * new_count / population',
      unit: '‰',
      direction: 'lower',
      goalposts: { lower: 0, upper: 20 },
      weight: 25,
      meaning: 'm',
    },
    // no data source: dimension Y's 50 points all go to I3
    {
      id: 'I4',
      name: { zh: '四', en: 'four' },
      dimension: 'Y',
      level: 'both',
      formula: 'land_reused_area_m2',
      unit: 'm²',
      direction: 'higher',
      goalposts: { lower: 0, upper: 1 },
      weight: 25,
      meaning: 'm',
    },
  ],
  redLines: [{ id: 'R1', name: { zh: '红线', en: 'red line' }, formula: 'new_basic_farmland_period_count', op: '>', threshold: 0, cap: 'orange', level: 'both' }],
  grading: { mode: 'bands', bands: { green: 90, blue: 80, yellow: 70, orange: 60 }, quota: { green: 0.2, blue: 0.2, yellow: 0.2, orange: 0.2, red: 0.2 } },
  method: { normalisation: 'goalposts', aggregation: 'arithmetic', monteCarlo: { draws: 1000, weightSpread: 0.25, switchMethods: false } },
};

const unit = (code: string, level: 'town' | 'village', parentCode: string | null, m: Record<string, number | null>): UnitInput => ({
  code,
  name: code,
  level,
  parentCode,
  measures: { new_basic_farmland_period_count: 0, ...m },
});

const status: PeriodInput['measureStatus'] = { land_reused_area_m2: 'no_source' };
const current: PeriodInput = {
  measureStatus: status,
  units: [
    unit('T1', 'town', null, { open_count: 2, stock_closed_area_m2: 80, stock_area_m2: 100, new_count: 5, population: 1000 }),
    unit('T2', 'town', null, { open_count: 0, stock_closed_area_m2: 50, stock_area_m2: 50, new_count: 0, population: 1000, new_basic_farmland_period_count: 1 }),
    unit('T3', 'town', null, { open_count: 12, stock_closed_area_m2: 0, stock_area_m2: 0, new_count: 10, population: 1000 }),
    unit('V1', 'village', 'T1', { open_count: 1, stock_closed_area_m2: 30, stock_area_m2: 60, new_count: 2, population: 500 }),
    unit('V2', 'village', 'T1', { open_count: 5, stock_closed_area_m2: 10, stock_area_m2: 10, new_count: 1, population: null }),
    unit('V3', 'village', 'T2', { open_count: 0, stock_closed_area_m2: 0, stock_area_m2: 0, new_count: 0, population: 0 }),
    unit('V4', 'village', 'T2', { open_count: 10, stock_closed_area_m2: 40, stock_area_m2: 100, new_count: 10, population: 2000 }),
  ],
};
const previous: PeriodInput = {
  measureStatus: status,
  units: current.units.map((u) => (u.code === 'T1' ? { ...u, measures: { ...u.measures, open_count: 6 } } : u)),
};

const run = (over: Partial<Parameters<typeof computeIndex>[0]> = {}) => computeIndex({ definition: def, current, previous, seed: 42, ...over });
const by = (rs: UnitResult[], code: string) => rs.find((r) => r.divisionCode === code)!;
const ind = (r: UnitResult, id: string) => r.indicators.find((i) => i.id === id)!;

test('goalposts: towns scored by hand', () => {
  const out = run();
  const t1 = by(out.results, 'T1');
  // I1: 100·(10−2)/10 = 80; I2: 80 %; I3: 5 ‰ → 100·(20−5)/20 = 75
  assert.deepEqual(
    ['I1', 'I2', 'I3'].map((id) => ind(t1, id).normalised),
    [80, 80, 75],
  );
  // effective weights 30 / 20 / 50 (I4 has no source: its 25 go to I3); total (2400 + 1600 + 3750) / 100
  assert.deepEqual(
    ['I1', 'I2', 'I3', 'I4'].map((id) => ind(t1, id).weight),
    [30, 20, 50, 0],
  );
  assert.equal(ind(t1, 'I4').status, 'no_source');
  assert.equal(t1.score, 77.5);
  assert.equal(t1.color, 'yellow');
  assert.deepEqual(t1.dimensions, [
    { id: 'X', score: 80, weight: 50 },
    { id: 'Y', score: 75, weight: 50 },
  ]);
  // contributions add up to the score; points lost are weight·(100 − s)/100
  assert.deepEqual(
    ['I1', 'I2', 'I3'].map((id) => ind(t1, id).contribution),
    [24, 16, 37.5],
  );
  assert.deepEqual(
    ['I1', 'I2', 'I3'].map((id) => ind(t1, id).pointsLost),
    [6, 4, 12.5],
  );

  const t2 = by(out.results, 'T2');
  assert.equal(t2.score, 100);
  // a red line caps the colour after the bands: 100 points, but a new case on basic farmland
  assert.equal(t2.bandColor, 'green');
  assert.equal(t2.color, 'orange');
  assert.deepEqual(t2.redLines, [{ id: 'R1', cap: 'orange', value: 1 }]);

  const t3 = by(out.results, 'T3');
  // I1: 12 is past the upper goalpost → 0; I2: 0/0 → imputed with the median of 80 and 100 = 90; I3: 10 → 50
  assert.equal(ind(t3, 'I2').raw, null);
  assert.equal(ind(t3, 'I2').missing, 'zero_denominator');
  assert.equal(ind(t3, 'I2').imputed, 90);
  assert.deepEqual(
    ['I1', 'I2', 'I3'].map((id) => ind(t3, id).normalised),
    [0, 90, 50],
  );
  assert.equal(t3.score, 43); // (0 + 1800 + 2500) / 100
  assert.equal(t3.color, 'red');
  assert.deepEqual(t3.flags, ['I2:zero_denominator']);
  assert.deepEqual(
    ['T1', 'T2', 'T3'].map((c) => by(out.results, c).rank),
    [2, 1, 3],
  );
  assert.equal(out.levels.town.indicators.find((i) => i.id === 'I4')!.status, 'no_source');
  assert.deepEqual(out.levels.town.colors, { green: 0, blue: 0, yellow: 1, orange: 1, red: 1 });
});

test('villages: missing and zero denominators are flagged and imputed, never NaN; ranks overall and in town', () => {
  const out = run();
  // I3 values with data: V1 4 ‰, V4 5 ‰ → median 4.5 for V2 (no population) and V3 (population 0)
  const v2 = by(out.results, 'V2');
  const v3 = by(out.results, 'V3');
  assert.equal(ind(v2, 'I3').missing, 'missing_measure');
  assert.equal(ind(v3, 'I3').missing, 'zero_denominator');
  assert.equal(ind(v2, 'I3').imputed, 4.5);
  assert.equal(ind(v2, 'I3').normalised, 77.5);
  // I2 with data: 50, 100, 40 → V3 imputed 50
  assert.equal(ind(v3, 'I2').imputed, 50);
  // V1 27 + 10 + 40; V2 15 + 20 + 38.75; V3 30 + 10 + 38.75; V4 0 + 8 + 37.5
  assert.deepEqual(
    ['V1', 'V2', 'V3', 'V4'].map((c) => by(out.results, c).score),
    [77, 73.75, 78.75, 45.5],
  );
  assert.deepEqual(
    ['V1', 'V2', 'V3', 'V4'].map((c) => by(out.results, c).rank),
    [2, 3, 1, 4],
  );
  assert.deepEqual(
    ['V1', 'V2', 'V3', 'V4'].map((c) => by(out.results, c).rankInTown),
    [1, 2, 1, 2],
  );
  assert.deepEqual(v3.flags, ['I2:zero_denominator', 'I3:zero_denominator']);
  const json = JSON.stringify(out);
  assert.ok(!json.includes('NaN') && !json.includes('Infinity'), "!json.includes('NaN') && !json.includes('Infinity')");
  for (const r of out.results) for (const i of r.indicators) if (i.status === 'included') assert.ok(Number.isFinite(i.normalised), `${r.divisionCode} ${i.id}`);
});

test('change since the previous period, computed with the same definition', () => {
  const out = run();
  const t1 = by(out.results, 'T1');
  // previous T1: I1 = 100·(10−6)/10 = 40 → (1200 + 1600 + 3750)/100 = 65.5, orange, rank 2
  assert.deepEqual(t1.change, { score: 12, rank: 0, color: 'better', previous: { score: 65.5, rank: 2, color: 'orange' } });
  assert.deepEqual(by(out.results, 'T2').change, { score: 0, rank: 0, color: 'same', previous: { score: 100, rank: 1, color: 'orange' } });
  assert.equal(run({ previous: null }).results[0].change, null);
});

test('geometric aggregation: weighted geometric mean with scores floored at 1', () => {
  const out = run({ method: { aggregation: 'geometric' } });
  // T1: 80^0.3 · 80^0.2 · 75^0.5 = √(80·75) = √6000 = 77.4597
  assert.equal(by(out.results, 'T1').score, 77.46);
  // T3: 1^0.3 · 90^0.2 · 50^0.5 = 2.45951 · 7.07107 = 17.3914
  assert.equal(by(out.results, 'T3').score, 17.39);
  // contributions still add up to the score
  const c = by(out.results, 'T1').indicators.reduce((s, i) => s + i.contribution, 0);
  assert.ok(Math.abs(c - 77.46) < 0.01, 'Math.abs(c - 77.46) < 0.01');
  // points lost: what the score gains if the indicator scored 100: √(80·75)·((100/75)^0.5 − 1) for I3
  assert.equal(ind(by(out.results, 'T1'), 'I3').pointsLost, Math.round(Math.sqrt(6000) * (Math.sqrt(100 / 75) - 1) * 1e4) / 1e4);
});

test('normalisations: goalposts clip, min-max, percentile rank with ties at mid-rank', () => {
  const lower = { direction: 'lower' as const, goalposts: { lower: 0, upper: 10 } };
  assert.deepEqual(normalise([2, 0, 12], lower, 'goalposts'), [80, 100, 0]);
  assert.deepEqual(
    normalise([2, 0, 12], lower, 'minmax').map((x) => Math.round(x * 1000) / 1000),
    [83.333, 100, 0],
  );
  assert.deepEqual(normalise([2, 0, 12], lower, 'percentile'), [50, 100, 0]);
  const higher = { direction: 'higher' as const, goalposts: { lower: 0, upper: 1 } };
  assert.deepEqual(normalise([1, 1, 3], higher, 'percentile'), [25, 25, 100]);
  assert.deepEqual(
    normalise([1, 1, 3, 0], higher, 'percentile').map((x) => Math.round(x * 1000) / 1000),
    [50, 50, 100, 0],
  );
  assert.deepEqual(normalise([4, 4], higher, 'minmax'), [100, 100]);
  const out = run({ method: { normalisation: 'minmax' } });
  // towns I1 min-max over 2, 0, 12: T1 = 100·10/12
  assert.equal(ind(by(out.results, 'T1'), 'I1').normalised, 83.33);
});

test('colour bands are half-open and configurable; quota mode grades by rank share', () => {
  const bands = def.grading.bands;
  const cases: [number, string][] = [
    [100, 'green'],
    [90, 'green'],
    [89.99, 'blue'],
    [80, 'blue'],
    [79.99, 'yellow'],
    [70, 'yellow'],
    [69.99, 'orange'],
    [60, 'orange'],
    [59.99, 'red'],
    [0, 'red'],
  ];
  for (const [s, c] of cases) assert.equal(bandColor(s, bands), c, `score ${s}`);
  assert.equal(bandColor(85, { green: 85, blue: 75, yellow: 65, orange: 55 }), 'green');
  const quota = { green: 0.2, blue: 0.2, yellow: 0.2, orange: 0.2, red: 0.2 };
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((r) => quotaColor(r, 10, quota)),
    ['green', 'green', 'blue', 'blue', 'yellow', 'yellow', 'orange', 'orange', 'red', 'red'],
  );
  const out = run({ definition: { ...def, grading: { ...def.grading, mode: 'quota', quota: { green: 1 / 3, blue: 1 / 3, yellow: 1 / 3, orange: 0, red: 0 } } } });
  // T2 rank 1 green but capped orange by the red line; T1 rank 2 blue; T3 rank 3 yellow
  assert.deepEqual(
    ['T1', 'T2', 'T3'].map((c) => by(out.results, c).color),
    ['blue', 'orange', 'yellow'],
  );
});

test('ranks: competition ranking, ties share a rank', () => {
  assert.deepEqual(Array.from(competitionRanks([50, 70, 70, 10])), [3, 1, 1, 4]);
  assert.equal(aggregate([80, 80, 75], [30, 20, 50], 'arithmetic'), 77.5);
  assert.equal(aggregate([100, 0], [0, 0], 'arithmetic'), 0);
});

test('Monte Carlo: reproducible from the seed; no spread, no uncertainty', () => {
  const a = run();
  const b = run();
  assert.deepEqual(a, b);
  // T2 scores 100 on every indicator: rank 1 under any weights
  assert.deepEqual(by(a.results, 'T2').rankInterval, { p5: 1, median: 1, p95: 1 });
  const still = run({ definition: { ...def, method: { ...def.method, monteCarlo: { draws: 200, weightSpread: 0, switchMethods: false } } } });
  for (const r of still.results) {
    assert.deepEqual(r.rankInterval, { p5: r.rank, median: r.rank, p95: r.rank });
    assert.equal(r.colorProbabilities![r.color], 1);
  }
  assert.equal(run({ method: { draws: 0 } }).results[0].rankInterval, null);
});

test('Monte Carlo against the analytic answer: two units that swap places with the weights', () => {
  // A scores (100, 0), B (0, 100), equal weights ±25 %: each is first half the time. A's score is
  // 100·u1/(u1+u2) with u ~ U(0.75, 1.25); P(score ≥ 60) = P(u1 ≥ 1.5·u2) = 4·∫[0.75, 5/6](1.25 − 1.5u)du = 1/48.
  const d2: IndexDefinition = {
    ...def,
    indicators: [
      { ...def.indicators[0], id: 'P', dimension: 'X', formula: 'open_count', direction: 'higher', goalposts: { lower: 0, upper: 1 }, weight: 50 },
      { ...def.indicators[1], id: 'Q', dimension: 'Y', formula: 'new_count', direction: 'higher', goalposts: { lower: 0, upper: 1 }, weight: 50 },
    ],
    redLines: [],
  };
  const units = [unit('A', 'town', null, { open_count: 1, new_count: 0 }), unit('B', 'town', null, { open_count: 0, new_count: 1 })];
  const out = computeIndex({ definition: d2, current: { units, measureStatus: {} }, seed: 7, method: { draws: 20000 } });
  const a = by(out.results, 'A');
  assert.deepEqual(a.rankInterval, { p5: 1, median: a.rankInterval!.median, p95: 2 });
  assert.ok(Math.abs(a.colorProbabilities!.orange - 1 / 48) < 0.005, `P(orange) = ${a.colorProbabilities!.orange}`);
  assert.equal(a.colorProbabilities!.red + a.colorProbabilities!.orange, 1);
  assert.ok(Math.abs(a.colorProbabilities!.green) === 0, 'Math.abs(a.colorProbabilities!.green) === 0');
});

test('percentiles by nearest rank; the PRNG is uniform enough', () => {
  const s = Int32Array.from({ length: 1000 }, (_, i) => i + 1);
  assert.equal(percentileSorted(s, 0.05), 50);
  assert.equal(percentileSorted(s, 0.5), 500);
  assert.equal(percentileSorted(s, 0.95), 950);
  const r = mulberry32(1);
  let sum = 0;
  for (let i = 0; i < 100000; i++) sum += r();
  assert.ok(Math.abs(sum / 100000 - 0.5) < 0.005, 'Math.abs(sum / 100000 - 0.5) < 0.005');
});

test('imputation "exclude": a rate with nothing to judge is left out of that unit, its weight shared within the dimension', () => {
  const d = JSON.parse(JSON.stringify(def)) as IndexDefinition;
  d.indicators[1].imputation = 'exclude'; // I2: stock closed / stock
  const out = run({ definition: d });
  const t3 = by(out.results, 'T3');
  // T3 has no stock: I2 out; I1 carries dimension X's 50 points: (50·0 + 50·50) / 100
  assert.equal(ind(t3, 'I2').normalised, null);
  assert.equal(ind(t3, 'I2').imputed, null);
  assert.equal(ind(t3, 'I2').missing, 'zero_denominator');
  assert.deepEqual(
    ['I1', 'I2', 'I3'].map((id) => ind(t3, id).weight),
    [50, 0, 50],
  );
  assert.equal(t3.score, 25);
  assert.deepEqual(t3.dimensions, [
    { id: 'X', score: 0, weight: 50 },
    { id: 'Y', score: 50, weight: 50 },
  ]);
  // the others are normalised among the units that have a value: T1 and T2 unchanged
  assert.equal(by(out.results, 'T1').score, 77.5);
  // V3: I2 out (I1 = 100 with 50 points); I3 imputed 77.5 (median, its own rule) → (5000 + 3875) / 100
  assert.equal(by(out.results, 'V3').score, 88.75);

  // a dimension left with nothing passes its weight to the others: I3 excluded too
  d.indicators[2].imputation = 'exclude';
  const out2 = run({ definition: d });
  // V3: dimension Y empty (I4 no source, I3 0/0) → I1 alone: 100
  assert.equal(by(out2.results, 'V3').score, 100);
  assert.deepEqual(
    by(out2.results, 'V3').dimensions.map((x) => x.weight),
    [100, 0],
  );
  // V2: no population → I3 out; X gets 100: I1 50 % of it at 50, I2 at 100 → (60·50 + 40·100) / 100
  assert.equal(by(out2.results, 'V2').score, 70);
  // robustness stays consistent: no spread, no uncertainty
  const still = run({ definition: { ...d, method: { ...d.method, monteCarlo: { draws: 50, weightSpread: 0, switchMethods: false } } } });
  for (const r of still.results) assert.deepEqual(r.rankInterval, { p5: r.rank, median: r.rank, p95: r.rank });
});
