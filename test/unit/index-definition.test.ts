import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateDefinition, type IndexDefinition } from '../../src/modules/index/index.definition.js';
import { DEFAULT_DEFINITION } from '../../src/modules/index/index.default.js';
import { evaluate, FormulaError, formulaRefs, parseFormula } from '../../src/modules/index/index.expr.js';
import { COMPUTED_MEASURES, MEASURES } from '../../src/modules/index/index.measures.js';
import { flowWindowStart, monthOf, parsePeriod, previousPeriod } from '../../src/modules/index/index.period.js';

const clone = (): IndexDefinition => JSON.parse(JSON.stringify(DEFAULT_DEFINITION));

test('the shipped default: valid, 16 indicators in 4 dimensions, weights adding up to 100', () => {
  assert.deepEqual(validateDefinition(DEFAULT_DEFINITION), []);
  assert.equal(DEFAULT_DEFINITION.indicators.length, 16);
  assert.equal(DEFAULT_DEFINITION.dimensions.length, 4);
  for (const d of DEFAULT_DEFINITION.dimensions) assert.equal(DEFAULT_DEFINITION.indicators.filter((i) => i.dimension === d.id).length, 4);
  assert.equal(
    DEFAULT_DEFINITION.indicators.reduce((s, i) => s + i.weight, 0),
    100,
  );
  // the ones without a data source are exactly those whose measures the system does not record
  const noSource = DEFAULT_DEFINITION.indicators.filter((i) => formulaRefs(parseFormula(i.formula)).some((m) => !COMPUTED_MEASURES.includes(m))).map((i) => i.id);
  assert.deepEqual(noSource, ['A4']);
});

test('an unknown measure is refused with the reason', () => {
  const d = clone();
  d.indicators[0].formula = 'open_area_m2 / land_area';
  const p = validateDefinition(d);
  assert.equal(p.length, 1);
  assert.equal(p[0].path, 'indicators[0].formula');
  assert.match(p[0].message, /A1.*未知度量 “land_area”/);
});

test('reversed or equal goalposts are refused', () => {
  const d = clone();
  d.indicators[2].goalposts = { lower: 95, upper: 20 };
  d.indicators[3].goalposts = { lower: 5, upper: 5 };
  const p = validateDefinition(d);
  assert.deepEqual(
    p.map((x) => x.path),
    ['indicators[2].goalposts', 'indicators[3].goalposts'],
  );
  assert.match(p[0].message, /A3 的阈值颠倒/);
});

test('weights not adding up to the stated total are refused', () => {
  const d = clone();
  d.indicators[0].weight = 9;
  const p = validateDefinition(d);
  assert.equal(p.length, 1);
  assert.match(p[0].message, /权重之和为 101,与权重总分 100 不符/);
  d.indicators[0].weight = -1;
  assert.ok(
    validateDefinition(d).some((x) => x.path === 'indicators[0].weight'),
    "validateDefinition(d).some((x) => x.path === 'indicators[0].weight')",
  );
});

test('formula syntax errors, duplicates, unknown dimension, bad bands and quota, bad method', () => {
  const d = clone();
  d.indicators[0].formula = '100 * (open_count / ';
  d.indicators[1].id = 'A1';
  d.indicators[2].dimension = 'Z';
  d.indicators[3].direction = 'up' as never;
  d.grading.bands = { green: 80, blue: 90, yellow: 70, orange: 60 };
  d.grading.quota.red = 0.5;
  d.method.normalisation = 'zscore' as never;
  d.redLines[0].cap = 'purple' as never;
  const paths = validateDefinition(d).map((x) => x.path);
  for (const p of [
    'indicators[0].formula',
    'indicators[1].id',
    'indicators[2].dimension',
    'indicators[3].direction',
    'grading.bands',
    'grading.quota',
    'method.normalisation',
    'redLines[0].cap',
  ]) {
    assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
  }
  assert.deepEqual(validateDefinition(null), [{ path: '', message: '指标体系须为对象' }]);
});

test('formulas: precedence, parentheses, unary minus; zero and missing denominators are answers, not NaN', () => {
  const e = parseFormula('100 * a_b / (c - 2) + -1');
  assert.deepEqual(formulaRefs(e), ['a_b', 'c']);
  assert.deepEqual(evaluate(e, { a_b: 3, c: 5 }), { ok: true, value: 99 });
  assert.deepEqual(evaluate(e, { a_b: 3, c: 2 }), { ok: false, reason: 'zero_denominator' });
  assert.deepEqual(evaluate(e, { a_b: null, c: 2 }), { ok: false, reason: 'missing_measure', measure: 'a_b' });
  assert.deepEqual(evaluate(parseFormula('0 / 0'), {}), { ok: false, reason: 'zero_denominator' });
  assert.deepEqual(evaluate(parseFormula('2 * 3 - 4 / 2'), {}), { ok: true, value: 4 });
  for (const bad of ['', 'a +', '(a', 'a b', 'a $ b', ')']) assert.throws(() => parseFormula(bad), FormulaError, bad);
});

test('measures: unique ids, every computed one documented with a source', () => {
  assert.equal(new Set(MEASURES.map((m) => m.id)).size, MEASURES.length);
  for (const m of MEASURES) assert.ok(m.source.length > 4 && m.name.zh && m.name.en, m.id);
});

test('periods on China time: months, quarters, the one before, the flow window', () => {
  const oct = parsePeriod('2026-10')!;
  assert.equal(oct.start.toISOString(), '2026-09-30T16:00:00.000Z');
  assert.equal(oct.end.toISOString(), '2026-10-31T16:00:00.000Z');
  const q1 = parsePeriod('2026-Q1')!;
  assert.equal(q1.start.toISOString(), '2025-12-31T16:00:00.000Z');
  assert.equal(q1.end.toISOString(), '2026-03-31T16:00:00.000Z');
  assert.equal(previousPeriod(q1).key, '2025-Q4');
  assert.equal(previousPeriod(parsePeriod('2026-01')!).key, '2025-12');
  assert.equal(previousPeriod(oct).key, '2026-09');
  assert.equal(flowWindowStart(oct, 12).toISOString(), '2025-10-31T16:00:00.000Z');
  assert.equal(flowWindowStart(q1, 3).toISOString(), q1.start.toISOString());
  for (const bad of ['2026-13', '2026-00', '2026-Q5', '26-01', '2026-1', '1999-01']) assert.equal(parsePeriod(bad), null, bad);
  assert.equal(monthOf(new Date('2026-10-31T16:30:00Z')), '2026-11');
});
