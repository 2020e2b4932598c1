import { FormulaError, formulaRefs, parseFormula } from './index.expr.js';
import { MEASURE_BY_ID } from './index.measures.js';

/**
 * An index definition (指标体系): the configuration a run computes with. Stored as data (JSON) in
 * `index_definitions`, one row per version; `validateDefinition` is the gate at save time. Pure.
 */
export type Level = 'town' | 'village';
export type Direction = 'higher' | 'lower';
/** Best to worst. */
export const COLORS = ['green', 'blue', 'yellow', 'orange', 'red'] as const;
export type Color = (typeof COLORS)[number];
export const COLOR_LABELS: Record<Color, string> = { green: '绿', blue: '蓝', yellow: '黄', orange: '橙', red: '红' };
export const NORMALISATIONS = ['goalposts', 'minmax', 'percentile'] as const;
export type Normalisation = (typeof NORMALISATIONS)[number];
export const AGGREGATIONS = ['arithmetic', 'geometric'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
/** median/best/worst: fill with that value of the level; exclude: leave the indicator out of that unit's score. */
export type Imputation = 'median' | 'best' | 'worst' | 'exclude';

export interface Text2 {
  zh: string;
  en: string;
}

export interface DimensionDef {
  id: string;
  name: Text2;
}

export interface IndicatorDef {
  id: string;
  name: Text2;
  dimension: string;
  /** Which units it grades. */
  level: 'town' | 'village' | 'both';
  /** Over named measures (index.measures.ts), e.g. `1000 * open_count / population`. */
  formula: string;
  unit: string;
  direction: Direction;
  /** Normalisation bounds in the indicator's unit: the worse end scores 0, the better end 100. */
  goalposts: { lower: number; upper: number };
  weight: number;
  /**
   * A unit whose value cannot be computed (zero or missing denominator): filled with the level's median
   * (default), best or worst value, or left out of that unit's score with the weight shared within its
   * dimension (`exclude`: for a rate over cases when there is no case to judge). Flagged either way.
   */
  imputation?: Imputation;
  /** What it means and why its direction and goalposts (zh). */
  meaning: string;
}

export interface RedLineRule {
  id: string;
  name: Text2;
  /** Over named measures; the rule fires when `formula op threshold`. */
  formula: string;
  op: '>' | '>=' | '<' | '<=';
  threshold: number;
  /** The best colour a unit may have while the rule fires. */
  cap: Color;
  level: 'town' | 'village' | 'both';
}

export interface Grading {
  /** bands: by score (half-open, lower bound included); quota: by rank share. */
  mode: 'bands' | 'quota';
  /** Lower bounds, in score points: green ≥ green, blue ∈ [blue, green), … red < orange. */
  bands: { green: number; blue: number; yellow: number; orange: number };
  /** Shares of units per colour, best first (quota mode); they must sum to 1. */
  quota: { green: number; blue: number; yellow: number; orange: number; red: number };
}

export interface MethodDef {
  normalisation: Normalisation;
  aggregation: Aggregation;
  monteCarlo: { draws: number; weightSpread: number; switchMethods: boolean };
}

export interface IndexDefinition {
  label: string;
  /** What the weights must add up to (the index's full score). */
  weightTotal: number;
  params: { flowWindowMonths: number; quickRemovalDays: number; redecisionDays: number };
  dimensions: DimensionDef[];
  indicators: IndicatorDef[];
  redLines: RedLineRule[];
  grading: Grading;
  method: MethodDef;
}

export interface DefinitionProblem {
  path: string;
  message: string;
}

const ID = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isText2 = (x: unknown): x is Text2 => !!x && typeof (x as Text2).zh === 'string' && !!(x as Text2).zh.trim() && typeof (x as Text2).en === 'string';
const LEVELS = ['town', 'village', 'both'];

/**
 * Every problem of a definition, each with where it is and why (zh). Empty: the definition may be saved.
 * Checks: shape, unique ids, known dimensions, formulas that parse and use known measures, directions,
 * goalposts in order, weights ≥ 0 adding up to `weightTotal`, red lines, colour bands and quotas, method.
 */
export function validateDefinition(input: unknown): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  const bad = (path: string, message: string) => out.push({ path, message });
  const d = input as IndexDefinition;
  if (!d || typeof d !== 'object') return [{ path: '', message: '指标体系须为对象' }];
  if (typeof d.label !== 'string' || !d.label.trim()) bad('label', '须填写名称');
  if (!isNum(d.weightTotal) || d.weightTotal <= 0) bad('weightTotal', '权重总分须为正数');
  const p = d.params;
  if (!p || typeof p !== 'object') bad('params', '缺少参数');
  else {
    if (!Number.isInteger(p.flowWindowMonths) || p.flowWindowMonths < 1 || p.flowWindowMonths > 36) bad('params.flowWindowMonths', '统计窗口须为 1–36 个月的整数');
    if (!Number.isInteger(p.quickRemovalDays) || p.quickRemovalDays < 1 || p.quickRemovalDays > 365) bad('params.quickRemovalDays', '即查即拆期限须为 1–365 天的整数');
    if (!Number.isInteger(p.redecisionDays) || p.redecisionDays < 1 || p.redecisionDays > 365) bad('params.redecisionDays', '暂缓到期重新处置期限须为 1–365 天的整数');
  }

  const dims = Array.isArray(d.dimensions) ? d.dimensions : [];
  if (!Array.isArray(d.dimensions) || dims.length === 0) bad('dimensions', '至少须有一个维度');
  const dimIds = new Set<string>();
  dims.forEach((dim, i) => {
    if (!dim || typeof dim.id !== 'string' || !ID.test(dim.id)) bad(`dimensions[${i}].id`, '维度编号须为字母开头的字母数字');
    else if (dimIds.has(dim.id)) bad(`dimensions[${i}].id`, `维度编号 ${dim.id} 重复`);
    else dimIds.add(dim.id);
    if (!isText2(dim?.name)) bad(`dimensions[${i}].name`, '须有中英文名称');
  });

  const inds = Array.isArray(d.indicators) ? d.indicators : [];
  if (!Array.isArray(d.indicators) || inds.length === 0) bad('indicators', '至少须有一项指标');
  const indIds = new Set<string>();
  let weightSum = 0;
  const dimsUsed = new Map<string, Set<string>>();
  inds.forEach((ind, i) => {
    const at = `indicators[${i}]`;
    if (!ind || typeof ind !== 'object') return bad(at, '指标须为对象');
    const name = typeof ind.id === 'string' ? ind.id : `#${i + 1}`;
    if (typeof ind.id !== 'string' || !ID.test(ind.id)) bad(`${at}.id`, '指标编号须为字母开头的字母数字');
    else if (indIds.has(ind.id)) bad(`${at}.id`, `指标编号 ${ind.id} 重复`);
    else indIds.add(ind.id);
    if (!isText2(ind.name)) bad(`${at}.name`, `指标 ${name} 须有中英文名称`);
    if (!dimIds.has(ind.dimension)) bad(`${at}.dimension`, `指标 ${name} 的维度 “${ind.dimension}” 不存在`);
    if (!LEVELS.includes(ind.level)) bad(`${at}.level`, `指标 ${name} 的适用层级须为 town、village 或 both`);
    else
      for (const l of ind.level === 'both' ? ['town', 'village'] : [ind.level]) {
        if (!dimsUsed.has(l)) dimsUsed.set(l, new Set());
        dimsUsed.get(l)!.add(ind.dimension);
      }
    checkFormula(`${at}.formula`, `指标 ${name}`, ind.formula, bad);
    if (ind.direction !== 'higher' && ind.direction !== 'lower') bad(`${at}.direction`, `指标 ${name} 的方向须为 higher(越高越好)或 lower(越低越好)`);
    const g = ind.goalposts;
    if (!g || !isNum(g.lower) || !isNum(g.upper)) bad(`${at}.goalposts`, `指标 ${name} 须有数值型的上下阈值(goalposts)`);
    else if (!(g.lower < g.upper)) bad(`${at}.goalposts`, `指标 ${name} 的阈值颠倒或相等:下限 ${g.lower} 须小于上限 ${g.upper}`);
    if (!isNum(ind.weight) || ind.weight < 0) bad(`${at}.weight`, `指标 ${name} 的权重须为非负数`);
    else weightSum += ind.weight;
    if (ind.imputation !== undefined && !['median', 'best', 'worst', 'exclude'].includes(ind.imputation))
      bad(`${at}.imputation`, `指标 ${name} 的缺失值处理方式须为 median、best、worst 或 exclude`);
    if (typeof ind.meaning !== 'string' || !ind.meaning.trim()) bad(`${at}.meaning`, `指标 ${name} 须说明含义`);
  });
  if (isNum(d.weightTotal) && inds.length && Math.abs(weightSum - d.weightTotal) > 1e-6) {
    bad('indicators[].weight', `各指标权重之和为 ${round(weightSum)},与权重总分 ${d.weightTotal} 不符`);
  }
  for (const [level, used] of dimsUsed) if (used.size === 0) bad('indicators', `没有适用于${level === 'town' ? '镇' : '村'}级的指标`);

  const rules = Array.isArray(d.redLines) ? d.redLines : [];
  if (d.redLines !== undefined && !Array.isArray(d.redLines)) bad('redLines', '红线规则须为数组');
  const ruleIds = new Set<string>();
  rules.forEach((r, i) => {
    const at = `redLines[${i}]`;
    const name = typeof r?.id === 'string' ? r.id : `#${i + 1}`;
    if (typeof r?.id !== 'string' || !ID.test(r.id)) bad(`${at}.id`, '红线编号须为字母开头的字母数字');
    else if (ruleIds.has(r.id) || indIds.has(r.id)) bad(`${at}.id`, `红线编号 ${r.id} 重复`);
    else ruleIds.add(r.id);
    if (!isText2(r?.name)) bad(`${at}.name`, `红线 ${name} 须有中英文名称`);
    checkFormula(`${at}.formula`, `红线 ${name}`, r?.formula, bad);
    if (!['>', '>=', '<', '<='].includes(r?.op)) bad(`${at}.op`, `红线 ${name} 的比较符须为 >、>=、< 或 <=`);
    if (!isNum(r?.threshold)) bad(`${at}.threshold`, `红线 ${name} 须有数值阈值`);
    if (!(COLORS as readonly string[]).includes(r?.cap)) bad(`${at}.cap`, `红线 ${name} 的封顶颜色须为 ${COLORS.join('、')} 之一`);
    if (!LEVELS.includes(r?.level)) bad(`${at}.level`, `红线 ${name} 的适用层级须为 town、village 或 both`);
  });

  const g = d.grading;
  if (!g || typeof g !== 'object') bad('grading', '缺少五色评定规则');
  else {
    if (g.mode !== 'bands' && g.mode !== 'quota') bad('grading.mode', '评定方式须为 bands(分数段)或 quota(名次比例)');
    const b = g.bands;
    if (!b || ![b.green, b.blue, b.yellow, b.orange].every(isNum)) bad('grading.bands', '分数段须给出绿、蓝、黄、橙的下限');
    else if (!(b.green > b.blue && b.blue > b.yellow && b.yellow > b.orange && b.orange > 0 && b.green <= 100)) {
      bad('grading.bands', `分数段下限须满足 100 ≥ 绿 > 蓝 > 黄 > 橙 > 0(现为 ${b.green}/${b.blue}/${b.yellow}/${b.orange})`);
    }
    const q = g.quota;
    if (!q || !COLORS.every((c) => isNum(q[c]) && q[c] >= 0)) bad('grading.quota', '名次比例须为五个非负数');
    else if (Math.abs(COLORS.reduce((s, c) => s + q[c], 0) - 1) > 1e-6) bad('grading.quota', '五色名次比例之和须为 1');
  }

  const m = d.method;
  if (!m || typeof m !== 'object') bad('method', '缺少计算方法');
  else {
    if (!(NORMALISATIONS as readonly string[]).includes(m.normalisation)) bad('method.normalisation', `标准化方法须为 ${NORMALISATIONS.join('、')} 之一`);
    if (!(AGGREGATIONS as readonly string[]).includes(m.aggregation)) bad('method.aggregation', `汇总方法须为 ${AGGREGATIONS.join('、')} 之一`);
    const mc = m.monteCarlo;
    if (!mc || !Number.isInteger(mc.draws) || mc.draws < 0 || mc.draws > 20000) bad('method.monteCarlo.draws', '蒙特卡洛抽样次数须为 0–20000 的整数');
    if (!mc || !isNum(mc.weightSpread) || mc.weightSpread < 0 || mc.weightSpread >= 1) bad('method.monteCarlo.weightSpread', '权重扰动幅度须在 [0, 1) 之间');
    if (!mc || typeof mc.switchMethods !== 'boolean') bad('method.monteCarlo.switchMethods', '须为 true 或 false');
  }
  return out;
}

function checkFormula(path: string, who: string, src: unknown, bad: (p: string, m: string) => void) {
  if (typeof src !== 'string') return bad(path, `${who} 须有公式`);
  try {
    const refs = formulaRefs(parseFormula(src));
    if (refs.length === 0) bad(path, `${who} 的公式未引用任何度量`);
    for (const r of refs) if (!MEASURE_BY_ID.has(r)) bad(path, `${who} 的公式引用了未知度量 “${r}”`);
  } catch (e) {
    if (e instanceof FormulaError) bad(path, `${who} 的公式有误(第 ${e.at + 1} 个字符):${e.message}`);
    else throw e;
  }
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
