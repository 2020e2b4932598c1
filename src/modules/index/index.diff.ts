import { COLOR_LABELS, type Color, type IndexDefinition, type IndicatorDef, type RedLineRule } from './index.definition.js';

/**
 * What a new definition version changes against the one it replaces, one line per setting, in zh-CN: the
 * audit record of a save carries these lines (the audit view shows each as 原值 → 新值), so a discipline
 * inspector reads "指标 A1「用地违建密度」的底线值 由 650 改为 800" instead of two JSON documents. Pure.
 */
export interface DefinitionChange {
  /** Where, as a reader names it. */
  label: string;
  before: string | null;
  after: string | null;
}

const LEVEL: Record<string, string> = { town: '镇(街道)', village: '村(社区)', both: '镇和村' };
const DIRECTION: Record<string, string> = { higher: '越高越好', lower: '越低越好' };
const IMPUTATION: Record<string, string> = { median: '按中位数填补', best: '按最好值填补', worst: '按最差值填补', exclude: '不计分' };
const NORMALISATION: Record<string, string> = { goalposts: '阈值法', minmax: '极差法', percentile: '百分位排名' };
const AGGREGATION: Record<string, string> = { arithmetic: '加权算术平均', geometric: '加权几何平均' };
const MODE: Record<string, string> = { bands: '按分数段', quota: '按名次比例' };

const text = (v: unknown, labels?: Record<string, string>): string | null => {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  const s = String(v);
  return labels?.[s] ?? s;
};

/** The better end of an indicator's goalposts (目标值: 100 points) and the worse end (底线值: 0 points). */
export function targetAndBaseline(ind: Pick<IndicatorDef, 'direction' | 'goalposts'>): { target: number; baseline: number } {
  return ind.direction === 'lower' ? { target: ind.goalposts.lower, baseline: ind.goalposts.upper } : { target: ind.goalposts.upper, baseline: ind.goalposts.lower };
}

export function definitionChanges(before: IndexDefinition, after: IndexDefinition): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  const cmp = (label: string, b: unknown, a: unknown, labels?: Record<string, string>) => {
    const tb = text(b, labels);
    const ta = text(a, labels);
    if (tb !== ta) out.push({ label, before: tb, after: ta });
  };

  cmp('名称', before.label, after.label);
  cmp('权重总分', before.weightTotal, after.weightTotal);
  cmp('流量指标统计窗口(月)', before.params?.flowWindowMonths, after.params?.flowWindowMonths);
  cmp('即查即拆期限(天)', before.params?.quickRemovalDays, after.params?.quickRemovalDays);
  cmp('暂缓到期重新处置期限(天)', before.params?.redecisionDays, after.params?.redecisionDays);

  const dimName = (d: IndexDefinition, id: string) => d.dimensions.find((x) => x.id === id)?.name.zh ?? id;
  for (const d of after.dimensions) {
    const old = before.dimensions.find((x) => x.id === d.id);
    if (!old) out.push({ label: `维度 ${d.id}`, before: null, after: `新增:${d.name.zh}` });
    else {
      cmp(`维度 ${d.id} 的名称`, old.name.zh, d.name.zh);
      cmp(`维度 ${d.id} 的英文名称`, old.name.en, d.name.en);
    }
  }
  for (const d of before.dimensions) if (!after.dimensions.some((x) => x.id === d.id)) out.push({ label: `维度 ${d.id}`, before: d.name.zh, after: '删除' });

  const indLabel = (i: IndicatorDef) => `指标 ${i.id}「${i.name.zh}」`;
  for (const i of after.indicators) {
    const o = before.indicators.find((x) => x.id === i.id);
    if (!o) {
      const { target, baseline } = targetAndBaseline(i);
      out.push({ label: indLabel(i), before: null, after: `新增:${dimName(after, i.dimension)},权重 ${i.weight},目标值 ${target},底线值 ${baseline}` });
      continue;
    }
    const at = indLabel(i);
    cmp(`指标 ${i.id} 的名称`, o.name.zh, i.name.zh);
    cmp(`指标 ${i.id} 的英文名称`, o.name.en, i.name.en);
    cmp(`${at}的维度`, dimName(before, o.dimension), dimName(after, i.dimension));
    cmp(`${at}的适用层级`, o.level, i.level, LEVEL);
    cmp(`${at}的方向`, o.direction, i.direction, DIRECTION);
    const ob = targetAndBaseline(o);
    const nb = targetAndBaseline(i);
    cmp(`${at}的目标值`, ob.target, nb.target);
    cmp(`${at}的底线值`, ob.baseline, nb.baseline);
    cmp(`${at}的权重`, o.weight, i.weight);
    cmp(`${at}的缺失值处理`, o.imputation ?? 'median', i.imputation ?? 'median', IMPUTATION);
    cmp(`${at}的公式`, o.formula, i.formula);
    cmp(`${at}的单位`, o.unit, i.unit);
    cmp(`${at}的含义`, o.meaning, i.meaning);
  }
  for (const o of before.indicators) if (!after.indicators.some((x) => x.id === o.id)) out.push({ label: indLabel(o), before: `权重 ${o.weight}`, after: '删除' });

  const ruleText = (r: RedLineRule) => `${r.formula} ${r.op} ${r.threshold} 时至多为${COLOR_LABELS[r.cap as Color] ?? r.cap}(${LEVEL[r.level] ?? r.level})`;
  for (const r of after.redLines ?? []) {
    const o = (before.redLines ?? []).find((x) => x.id === r.id);
    const at = `红线 ${r.id}「${r.name.zh}」`;
    if (!o) {
      out.push({ label: at, before: null, after: `新增:${ruleText(r)}` });
      continue;
    }
    cmp(`红线 ${r.id} 的名称`, o.name.zh, r.name.zh);
    cmp(`红线 ${r.id} 的英文名称`, o.name.en, r.name.en);
    cmp(`${at}的条件`, `${o.formula} ${o.op} ${o.threshold}`, `${r.formula} ${r.op} ${r.threshold}`);
    cmp(`${at}的封顶颜色`, o.cap, r.cap, COLOR_LABELS);
    cmp(`${at}的适用层级`, o.level, r.level, LEVEL);
  }
  for (const o of before.redLines ?? [])
    if (!(after.redLines ?? []).some((x) => x.id === o.id)) out.push({ label: `红线 ${o.id}「${o.name.zh}」`, before: ruleText(o), after: '删除' });

  cmp('五色评定方式', before.grading?.mode, after.grading?.mode, MODE);
  for (const c of ['green', 'blue', 'yellow', 'orange'] as const) cmp(`${COLOR_LABELS[c]}色分数下限`, before.grading?.bands?.[c], after.grading?.bands?.[c]);
  for (const c of ['green', 'blue', 'yellow', 'orange', 'red'] as const) cmp(`${COLOR_LABELS[c]}色名次比例`, before.grading?.quota?.[c], after.grading?.quota?.[c]);

  cmp('标准化方法', before.method?.normalisation, after.method?.normalisation, NORMALISATION);
  cmp('汇总方法', before.method?.aggregation, after.method?.aggregation, AGGREGATION);
  cmp('稳健性抽样次数', before.method?.monteCarlo?.draws, after.method?.monteCarlo?.draws);
  cmp('权重扰动幅度', before.method?.monteCarlo?.weightSpread, after.method?.monteCarlo?.weightSpread);
  cmp('抽样时同时变换方法', before.method?.monteCarlo?.switchMethods, after.method?.monteCarlo?.switchMethods);
  return out;
}
