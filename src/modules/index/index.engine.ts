// Over 400 lines: the index computation (raw values, normalisation, dimensions, rank, colour, Monte Carlo rank robustness) is one pure pipeline read top to bottom; its formula language and definition live beside it.
import { evaluate, parseFormula, formulaRefs, type Expr } from './index.expr.js';
import { mulberry32 } from '../../platform/random.js';
import { COLORS, type Aggregation, type Color, type IndexDefinition, type IndicatorDef, type Level, type Normalisation, type RedLineRule } from './index.definition.js';

/**
 * The governance index over plain numbers (OECD/JRC: normalise → weight → aggregate → test
 * robustness). Pure: no I/O, no clock, no global randomness — the same input and seed give the same
 * output. index.service.ts feeds it the measures the repo computed; docs/index.md explains the method.
 */

export interface UnitInput {
  code: string;
  name: string;
  level: Level;
  /** The town of a village (null for a town). */
  parentCode: string | null;
  measures: Record<string, number | null | undefined>;
}

/** Whether a measure can be used in this period (see index.measures.ts). */
export type MeasureStatus = 'ok' | 'no_source' | 'no_data_in_period';

export interface PeriodInput {
  units: UnitInput[];
  measureStatus: Record<string, MeasureStatus>;
}

/** Why an indicator takes no part in a level's score. */
export type IndicatorStatus = 'included' | 'no_source' | 'no_data_in_period' | 'not_applicable' | 'no_data';

export interface IndicatorResult {
  id: string;
  dimension: string;
  status: IndicatorStatus;
  /** The computed value; null when it could not be computed (see `missing`) or the indicator is left out. */
  raw: number | null;
  /** Why the value could not be computed for this unit. */
  missing: 'zero_denominator' | 'missing_measure' | null;
  /** The value used instead (flagged), when `missing`. */
  imputed: number | null;
  /** 0–100, after normalisation; null when left out. */
  normalised: number | null;
  /** Effective weight after renormalisation (0 when left out). */
  weight: number;
  /** Points of the total this indicator brings. */
  contribution: number;
  /** Points the total would gain if this indicator scored 100. */
  pointsLost: number;
}

export interface DimensionResult {
  id: string;
  score: number | null;
  weight: number;
}

export interface UnitResult {
  divisionCode: string;
  name: string;
  level: Level;
  parentCode: string | null;
  score: number;
  rank: number;
  /** Villages: rank among the villages of their town. */
  rankInTown: number | null;
  color: Color;
  /** The colour of the score alone, before red-line caps. */
  bandColor: Color;
  /** Red lines that fired, with the cap each imposes. */
  redLines: { id: string; cap: Color; value: number }[];
  dimensions: DimensionResult[];
  indicators: IndicatorResult[];
  rankInterval: { p5: number; median: number; p95: number } | null;
  colorProbabilities: Record<Color, number> | null;
  change: { score: number; rank: number; color: 'better' | 'worse' | 'same'; previous: { score: number; rank: number; color: Color } } | null;
  /** Data-quality flags for people: which indicators were imputed and why. */
  flags: string[];
}

export interface LevelSummary {
  units: number;
  colors: Record<Color, number>;
  indicators: { id: string; status: IndicatorStatus; weight: number; missingUnits: number }[];
  dimensions: { id: string; weight: number }[];
  redLines: { id: string; status: 'ok' | 'no_source' | 'no_data_in_period'; fired: number }[];
}

export interface RunOutput {
  method: { normalisation: Normalisation; aggregation: Aggregation; draws: number; weightSpread: number; switchMethods: boolean; seed: number };
  levels: Record<Level, LevelSummary>;
  results: UnitResult[];
}

export interface RunInput {
  definition: IndexDefinition;
  current: PeriodInput;
  /** The previous period, computed with the same definition: for the change columns. */
  previous?: PeriodInput | null;
  /** Or its already computed results (a finished run of that period with the same definition and method). */
  previousResults?: Map<string, { score: number; rank: number; color: Color }> | null;
  seed: number;
  /** Overrides of the definition's method (e.g. a run with min-max normalisation). */
  method?: Partial<{ normalisation: Normalisation; aggregation: Aggregation; draws: number }>;
}

const LEVELS: Level[] = ['town', 'village'];
const round2 = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number) => Math.round(x * 10000) / 10000;
const colorIndex = (c: Color) => COLORS.indexOf(c);
/** The Monte Carlo draws come from mulberry32 (seedable, pure), so a stored seed reproduces them. */
export { mulberry32 };

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Nearest-rank percentile (p in 0..1) of an ascending array. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  return sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))];
}

const applies = (lvl: 'town' | 'village' | 'both', level: Level) => lvl === 'both' || lvl === level;

/**
 * Normalised 0–100 scores of one indicator over the units of a level (values already imputed).
 * goalposts: linear between the goalposts, clipped; minmax: linear between this level's worst and
 * best value (all equal → 100); percentile: the share of other units doing worse, ties counting half.
 */
export function normalise(values: number[], ind: Pick<IndicatorDef, 'direction' | 'goalposts'>, method: Normalisation): number[] {
  const higher = ind.direction === 'higher';
  if (method === 'goalposts') {
    const { lower, upper } = ind.goalposts;
    return values.map((v) => {
      const t = higher ? (v - lower) / (upper - lower) : (upper - v) / (upper - lower);
      return 100 * Math.min(1, Math.max(0, t));
    });
  }
  if (method === 'minmax') {
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (!(max > min)) return values.map(() => 100);
    return values.map((v) => 100 * (higher ? (v - min) / (max - min) : (max - v) / (max - min)));
  }
  // percentile rank with mid-ranks for ties
  const n = values.length;
  if (n === 1) return [100];
  const sorted = [...values].sort((a, b) => a - b);
  /** first index whose value is > x (strict) or >= x */
  const bound = (x: number, strict: boolean) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (strict ? sorted[m] <= x : sorted[m] < x) lo = m + 1;
      else hi = m;
    }
    return lo;
  };
  return values.map((v) => {
    const below = bound(v, false);
    const equal = bound(v, true) - below;
    const worse = higher ? below : n - below - equal;
    return (100 * (worse + (equal - 1) / 2)) / (n - 1);
  });
}

/** Aggregates scores with weights: weighted arithmetic mean, or weighted geometric mean (scores floored at 1). */
export function aggregate(scores: ArrayLike<number>, weights: ArrayLike<number>, how: Aggregation): number {
  let sw = 0;
  let acc = 0;
  for (let i = 0; i < scores.length; i++) {
    const w = weights[i];
    if (!(w > 0)) continue;
    sw += w;
    acc += how === 'arithmetic' ? w * scores[i] : w * Math.log(Math.max(1, scores[i]));
  }
  if (sw === 0) return 0;
  return how === 'arithmetic' ? acc / sw : Math.exp(acc / sw);
}

/** Competition ranks ("1224") by score, higher first; equal scores share a rank. */
export function competitionRanks(scores: ArrayLike<number>): Int32Array {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const ranks = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    ranks[i] = k > 0 && scores[i] === scores[order[k - 1]] ? ranks[order[k - 1]] : k + 1;
  }
  return ranks;
}

/** The colour of a score by half-open bands (the lower bound belongs to the better colour). */
export function bandColor(score: number, bands: IndexDefinition['grading']['bands']): Color {
  if (score >= bands.green) return 'green';
  if (score >= bands.blue) return 'blue';
  if (score >= bands.yellow) return 'yellow';
  if (score >= bands.orange) return 'orange';
  return 'red';
}

/** The colour of a rank under rank quotas (shares of units per colour, best first). */
export function quotaColor(rank: number, n: number, quota: IndexDefinition['grading']['quota']): Color {
  let cum = 0;
  for (const c of COLORS) {
    cum += quota[c];
    if (rank <= Math.round(cum * n)) return c;
  }
  return 'red';
}

const worse = (a: Color, b: Color): Color => (colorIndex(a) >= colorIndex(b) ? a : b);

function fires(value: number, op: RedLineRule['op'], threshold: number) {
  return op === '>' ? value > threshold : op === '>=' ? value >= threshold : op === '<' ? value < threshold : value <= threshold;
}

interface Compiled {
  ind: IndicatorDef;
  expr: Expr;
  refs: string[];
}

/** What one level of one period yields before robustness: the basis for results and Monte Carlo. */
interface LevelComputation {
  level: Level;
  units: UnitInput[];
  indicators: {
    ind: IndicatorDef;
    status: IndicatorStatus;
    raw: (number | null)[];
    missing: ('zero_denominator' | 'missing_measure' | null)[];
    imputed: (number | null)[];
    /** values after imputation, for the normalisations */
    values: number[];
    weight: number;
  }[];
  /** indexes (into `indicators`) of the indicators taking part at this level */
  included: number[];
  /** per included indicator, the index of its dimension in def.dimensions */
  dimOf: number[];
  /** per included indicator and unit: has a value (false: left out for that unit, `imputation: exclude`) */
  has: boolean[][];
  /** per method, per included indicator, normalised scores per unit (NaN where the unit has no value) */
  normalised: Map<Normalisation, number[][]>;
  dimensionWeights: Map<string, number>;
  caps: { id: string; cap: Color; value: number }[][];
  ruleStatus: LevelSummary['redLines'];
}

function statusOf(refs: string[], ms: Record<string, MeasureStatus>): IndicatorStatus {
  if (refs.some((r) => ms[r] === 'no_source')) return 'no_source';
  if (refs.some((r) => ms[r] === 'no_data_in_period')) return 'no_data_in_period';
  return 'included';
}

function computeLevel(
  def: IndexDefinition,
  compiled: Compiled[],
  rules: { rule: RedLineRule; expr: Expr; refs: string[] }[],
  period: PeriodInput,
  level: Level,
  methods: Normalisation[],
): LevelComputation {
  const units = period.units.filter((u) => u.level === level).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const n = units.length;
  const indicators = compiled.map(({ ind, expr, refs }) => {
    let status: IndicatorStatus = applies(ind.level, level) ? statusOf(refs, period.measureStatus) : 'not_applicable';
    const raw: (number | null)[] = new Array(n).fill(null);
    const missing: ('zero_denominator' | 'missing_measure' | null)[] = new Array(n).fill(null);
    const imputed: (number | null)[] = new Array(n).fill(null);
    let values: number[] = [];
    if (status === 'included') {
      units.forEach((u, k) => {
        const r = evaluate(expr, u.measures);
        if (r.ok) raw[k] = r.value;
        else missing[k] = r.reason;
      });
      const have = raw.filter((x): x is number => x !== null);
      if (have.length === 0) status = 'no_data';
      else {
        const how = ind.imputation ?? 'median';
        const best = ind.direction === 'higher' ? Math.max(...have) : Math.min(...have);
        const worst = ind.direction === 'higher' ? Math.min(...have) : Math.max(...have);
        const fill = how === 'median' ? median(have) : how === 'best' ? best : how === 'worst' ? worst : NaN;
        values = raw.map((x, k) => {
          if (x !== null) return x;
          if (how !== 'exclude') imputed[k] = fill;
          return fill;
        });
      }
    }
    return { ind, status, raw, missing, imputed, values, weight: 0 };
  });

  // Effective weights: within a dimension the indicators taking part share the dimension's full weight;
  // a dimension with none taking part passes its weight to the others, in proportion.
  const dimBase = new Map<string, number>();
  const dimIncluded = new Map<string, number>();
  for (const x of indicators) {
    if (x.status === 'not_applicable') continue;
    dimBase.set(x.ind.dimension, (dimBase.get(x.ind.dimension) ?? 0) + x.ind.weight);
    if (x.status === 'included') dimIncluded.set(x.ind.dimension, (dimIncluded.get(x.ind.dimension) ?? 0) + x.ind.weight);
  }
  let liveBase = 0;
  for (const [dim, base] of dimBase) if ((dimIncluded.get(dim) ?? 0) > 0) liveBase += base;
  const scale = liveBase > 0 ? def.weightTotal / liveBase : 0;
  const dimensionWeights = new Map<string, number>();
  for (const dim of def.dimensions) {
    const inc = dimIncluded.get(dim.id) ?? 0;
    dimensionWeights.set(dim.id, inc > 0 ? (dimBase.get(dim.id) ?? 0) * scale : 0);
  }
  for (const x of indicators) {
    if (x.status !== 'included') continue;
    const inc = dimIncluded.get(x.ind.dimension)!;
    x.weight = (x.ind.weight / inc) * dimensionWeights.get(x.ind.dimension)!;
  }

  const included = indicators.map((x, i) => (x.status === 'included' ? i : -1)).filter((i) => i >= 0);
  const dimOf = included.map((i) => def.dimensions.findIndex((d) => d.id === indicators[i].ind.dimension));
  const has = included.map((i) => indicators[i].values.map((v) => !Number.isNaN(v)));
  const normalised = new Map<Normalisation, number[][]>();
  for (const m of methods) {
    normalised.set(
      m,
      included.map((i, j) => {
        // normalised among the units that have a value; the others stay NaN and take no part
        const ks = has[j].flatMap((h, k) => (h ? [k] : []));
        const sc = normalise(
          ks.map((k) => indicators[i].values[k]),
          indicators[i].ind,
          m,
        );
        const out = new Array<number>(n).fill(NaN);
        ks.forEach((k, q) => (out[k] = sc[q]));
        return out;
      }),
    );
  }

  const caps = units.map(() => [] as { id: string; cap: Color; value: number }[]);
  const ruleStatus: LevelSummary['redLines'] = [];
  for (const { rule, expr, refs } of rules) {
    if (!applies(rule.level, level)) continue;
    const st = statusOf(refs, period.measureStatus);
    let fired = 0;
    if (st === 'included') {
      units.forEach((u, k) => {
        const r = evaluate(expr, u.measures);
        if (r.ok && fires(r.value, rule.op, rule.threshold)) {
          caps[k].push({ id: rule.id, cap: rule.cap, value: r.value });
          fired++;
        }
      });
    }
    ruleStatus.push({ id: rule.id, status: st === 'included' ? 'ok' : (st as 'no_source' | 'no_data_in_period'), fired });
  }
  return { level, units, indicators, included, dimOf, has, normalised, dimensionWeights, caps, ruleStatus };
}

function capOf(caps: { cap: Color }[]): number {
  let c = -1;
  for (const x of caps) c = Math.max(c, colorIndex(x.cap));
  return c;
}

/**
 * One unit's weights: an indicator the unit has no value for (`imputation: exclude`) passes its weight to
 * the unit's other indicators of the same dimension; a dimension left with none passes its weight to
 * the other dimensions, in proportion. With every value present this is `base` itself.
 */
const SCRATCH = { full: new Float64Array(32), avail: new Float64Array(32) };
export function unitWeights(base: ArrayLike<number>, dimOf: ArrayLike<number>, has: (j: number) => boolean, out: Float64Array): Float64Array {
  const k = base.length;
  let all = true;
  let nd = 0;
  for (let j = 0; j < k; j++) {
    if (!has(j)) all = false;
    if (dimOf[j] + 1 > nd) nd = dimOf[j] + 1;
  }
  if (all) {
    for (let j = 0; j < k; j++) out[j] = base[j];
    return out;
  }
  const full = nd <= SCRATCH.full.length ? SCRATCH.full.fill(0, 0, nd) : new Float64Array(nd);
  const avail = nd <= SCRATCH.avail.length ? SCRATCH.avail.fill(0, 0, nd) : new Float64Array(nd);
  let total = 0;
  for (let j = 0; j < k; j++) {
    full[dimOf[j]] += base[j];
    if (has(j)) avail[dimOf[j]] += base[j];
    total += base[j];
  }
  let live = 0;
  for (let d = 0; d < nd; d++) if (avail[d] > 0) live += full[d];
  const scale = live > 0 ? total / live : 0;
  for (let j = 0; j < k; j++) out[j] = has(j) ? ((base[j] * full[dimOf[j]]) / avail[dimOf[j]]) * scale : 0;
  return out;
}

/** Scores, ranks and colours of one level under one method: the deterministic result. */
function scoreLevel(lc: LevelComputation, def: IndexDefinition, norm: Normalisation, agg: Aggregation) {
  const S = lc.normalised.get(norm)!;
  const base = lc.included.map((i) => lc.indicators[i].weight);
  const n = lc.units.length;
  const totals = new Float64Array(n);
  const col = new Float64Array(lc.included.length);
  /** per unit, its weights */
  const W = lc.units.map((_, k) => unitWeights(base, lc.dimOf, (j) => lc.has[j][k], new Float64Array(base.length)));
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < lc.included.length; j++) col[j] = lc.has[j][k] ? S[j][k] : 0;
    totals[k] = round2(aggregate(col, W[k], agg));
  }
  const ranks = competitionRanks(totals);
  const colors: Color[] = [];
  const bands: Color[] = [];
  for (let k = 0; k < n; k++) {
    const band = def.grading.mode === 'bands' ? bandColor(totals[k], def.grading.bands) : quotaColor(ranks[k], n, def.grading.quota);
    bands.push(band);
    const cap = capOf(lc.caps[k]);
    colors.push(cap >= 0 ? worse(band, COLORS[cap]) : band);
  }
  return { totals, ranks, colors, bands, S, W };
}

/** Monte Carlo over the weights (and optionally the methods): rank percentiles and colour shares per unit. */
function robustness(
  lc: LevelComputation,
  def: IndexDefinition,
  opts: { draws: number; spread: number; switchMethods: boolean; norm: Normalisation; agg: Aggregation; seed: number },
) {
  const n = lc.units.length;
  const k = lc.included.length;
  if (opts.draws === 0 || n === 0 || k === 0) return null;
  const rng = mulberry32(opts.seed);
  const base = lc.included.map((i) => lc.indicators[i].weight);
  const ranks = Array.from({ length: n }, () => new Int32Array(opts.draws));
  const colorCounts = Array.from({ length: n }, () => new Int32Array(COLORS.length));
  const caps = lc.caps.map(capOf);
  const w = new Float64Array(k);
  const wu = new Float64Array(k);
  const col = new Float64Array(k);
  const totals = new Float64Array(n);
  const norms = [...lc.normalised.keys()];
  const aggs: Aggregation[] = ['arithmetic', 'geometric'];
  for (let d = 0; d < opts.draws; d++) {
    for (let j = 0; j < k; j++) w[j] = base[j] * (1 + opts.spread * (2 * rng() - 1));
    const norm = opts.switchMethods ? norms[Math.floor(rng() * norms.length)] : opts.norm;
    const agg = opts.switchMethods ? aggs[Math.floor(rng() * aggs.length)] : opts.agg;
    const S = lc.normalised.get(norm)!;
    for (let u = 0; u < n; u++) {
      for (let j = 0; j < k; j++) col[j] = lc.has[j][u] ? S[j][u] : 0;
      totals[u] = round2(
        aggregate(
          col,
          unitWeights(w, lc.dimOf, (j) => lc.has[j][u], wu),
          agg,
        ),
      );
    }
    const r = competitionRanks(totals);
    for (let u = 0; u < n; u++) {
      ranks[u][d] = r[u];
      const band = def.grading.mode === 'bands' ? bandColor(totals[u], def.grading.bands) : quotaColor(r[u], n, def.grading.quota);
      const c = Math.max(colorIndex(band), caps[u]);
      colorCounts[u][c]++;
    }
  }
  return lc.units.map((_, u) => {
    const s = ranks[u].sort();
    const probs = {} as Record<Color, number>;
    COLORS.forEach((c, ci) => (probs[c] = round4(colorCounts[u][ci] / opts.draws)));
    return { rankInterval: { p5: percentileSorted(s, 0.05), median: percentileSorted(s, 0.5), p95: percentileSorted(s, 0.95) }, colorProbabilities: probs };
  });
}

function compile(def: IndexDefinition) {
  const compiled: Compiled[] = def.indicators.map((ind) => {
    const expr = parseFormula(ind.formula);
    return { ind, expr, refs: formulaRefs(expr) };
  });
  const rules = (def.redLines ?? []).map((rule) => {
    const expr = parseFormula(rule.formula);
    return { rule, expr, refs: formulaRefs(expr) };
  });
  return { compiled, rules };
}

/** The deterministic part of a period: scores, ranks, colours per unit, by level. */
function periodResults(def: IndexDefinition, period: PeriodInput, norm: Normalisation, agg: Aggregation, methods: Normalisation[]) {
  const { compiled, rules } = compile(def);
  return LEVELS.map((level) => {
    const lc = computeLevel(def, compiled, rules, period, level, methods);
    return { lc, scored: scoreLevel(lc, def, norm, agg) };
  });
}

/** Computes a run: every town and village of the current period, with change and robustness. */
export function computeIndex(input: RunInput): RunOutput {
  const def = input.definition;
  const norm = input.method?.normalisation ?? def.method.normalisation;
  const agg = input.method?.aggregation ?? def.method.aggregation;
  const draws = input.method?.draws ?? def.method.monteCarlo.draws;
  const { weightSpread, switchMethods } = def.method.monteCarlo;
  const methods: Normalisation[] = switchMethods ? ['goalposts', 'minmax', 'percentile'] : [norm];
  if (!methods.includes(norm)) methods.unshift(norm);

  const current = periodResults(def, input.current, norm, agg, methods);
  const previous = input.previous ? periodResults(def, input.previous, norm, agg, [norm]) : null;
  const prevBy = new Map<string, { score: number; rank: number; color: Color }>(input.previousResults ?? []);
  for (const p of previous ?? []) p.lc.units.forEach((u, k) => prevBy.set(u.code, { score: p.scored.totals[k], rank: p.scored.ranks[k], color: p.scored.colors[k] }));

  const results: UnitResult[] = [];
  const levels = {} as Record<Level, LevelSummary>;
  for (const [li, { lc, scored }] of current.entries()) {
    const level = lc.level;
    // the two levels draw from separate, fixed streams of the one stored seed
    const mc = robustness(lc, def, { draws, spread: weightSpread, switchMethods, norm, agg, seed: (input.seed + li * 0x9e3779b9) >>> 0 });
    // villages: rank among the villages of their town
    const inTown = new Map<number, number>();
    if (level === 'village') {
      const byTown = new Map<string, number[]>();
      lc.units.forEach((u, k) => {
        const key = u.parentCode ?? '';
        if (!byTown.has(key)) byTown.set(key, []);
        byTown.get(key)!.push(k);
      });
      for (const ks of byTown.values()) {
        const r = competitionRanks(ks.map((k) => scored.totals[k]));
        ks.forEach((k, j) => inTown.set(k, r[j]));
      }
    }
    const colors = Object.fromEntries(COLORS.map((c) => [c, 0])) as Record<Color, number>;
    lc.units.forEach((u, k) => {
      const total = scored.totals[k];
      const wk = scored.W[k];
      const W = wk.reduce((a, b) => a + b, 0) || 1;
      const indicators: IndicatorResult[] = lc.indicators.map((x) => ({
        id: x.ind.id,
        dimension: x.ind.dimension,
        status: x.status,
        raw: x.raw[k] === null ? null : x.raw[k],
        missing: x.status === 'included' ? x.missing[k] : null,
        imputed: x.status === 'included' ? x.imputed[k] : null,
        normalised: null,
        weight: 0,
        contribution: 0,
        pointsLost: 0,
      }));
      // contributions and points lost of the indicators this unit has a value for
      let logSum = 0;
      lc.included.forEach((_i, j) => {
        if (agg === 'geometric' && lc.has[j][k]) logSum += (wk[j] / W) * Math.log(Math.max(1, scored.S[j][k]));
      });
      const full = agg === 'geometric' ? Math.exp(logSum) : 0;
      lc.included.forEach((i, j) => {
        if (!lc.has[j][k]) return;
        const s = scored.S[j][k];
        const w = wk[j];
        const r = indicators[i];
        r.normalised = round2(s);
        r.weight = round4(w);
        if (agg === 'arithmetic') {
          r.contribution = round4((w * s) / W);
          r.pointsLost = round4((w * (100 - s)) / W);
        } else {
          r.contribution = round4(logSum > 0 ? (full * ((w / W) * Math.log(Math.max(1, s)))) / logSum : 0);
          r.pointsLost = round4(full * ((100 / Math.max(1, s)) ** (w / W) - 1));
        }
      });
      const dimensions: DimensionResult[] = def.dimensions.map((dim, di) => {
        const js = lc.included.map((_i, j) => j).filter((j) => lc.dimOf[j] === di && lc.has[j][k]);
        const dw = js.reduce((a, j) => a + wk[j], 0);
        if (!js.length) return { id: dim.id, score: null, weight: 0 };
        const sc = aggregate(
          js.map((j) => scored.S[j][k]),
          js.map((j) => wk[j]),
          agg,
        );
        return { id: dim.id, score: round2(sc), weight: round4(dw) };
      });
      const flags: string[] = [];
      for (const r of indicators) if (r.missing) flags.push(`${r.id}:${r.missing}`);
      const prev = prevBy.get(u.code);
      const color = scored.colors[k];
      colors[color]++;
      results.push({
        divisionCode: u.code,
        name: u.name,
        level,
        parentCode: u.parentCode,
        score: total,
        rank: scored.ranks[k],
        rankInTown: level === 'village' ? inTown.get(k)! : null,
        color,
        bandColor: scored.bands[k],
        redLines: lc.caps[k],
        dimensions,
        indicators,
        rankInterval: mc ? mc[k].rankInterval : null,
        colorProbabilities: mc ? mc[k].colorProbabilities : null,
        change: prev
          ? {
              score: round2(total - prev.score),
              rank: prev.rank - scored.ranks[k],
              color: colorIndex(color) < colorIndex(prev.color) ? 'better' : colorIndex(color) > colorIndex(prev.color) ? 'worse' : 'same',
              previous: prev,
            }
          : null,
        flags,
      });
    });
    levels[level] = {
      units: lc.units.length,
      colors,
      indicators: lc.indicators.map((x) => ({
        id: x.ind.id,
        status: x.status,
        weight: round4(x.weight),
        missingUnits: x.status === 'included' ? x.missing.filter((m) => m !== null).length : 0,
      })),
      dimensions: def.dimensions.map((d) => ({ id: d.id, weight: round4(lc.dimensionWeights.get(d.id) ?? 0) })),
      redLines: lc.ruleStatus,
    };
  }
  return { method: { normalisation: norm, aggregation: agg, draws, weightSpread, switchMethods, seed: input.seed }, levels, results };
}
